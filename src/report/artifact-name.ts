/**
 * The names of the workflow artifacts a run publishes: its report (`y2038-report-<key>`) and
 * the marker it uploads when it starts (`y2038-started-<key>`), so that a job that started
 * and never published a report can be named. Pure.
 */
import { createHash } from 'node:crypto'
import { formatInstant } from '../config/dates.js'
import type { RunOptions } from '../config/options.js'
import { redactCredentials } from '../config/text.js'

export const REPORT_ARTIFACT_PREFIX = 'y2038-report-'
export const STARTED_ARTIFACT_PREFIX = 'y2038-started-'
/** The files inside those artifacts. */
export const REPORT_FILE = 'y2038-report.json'
export const CONSOLE_FILE = 'y2038-console.log'
export const STARTED_FILE = 'y2038-started.json'

/** What names a run: its target and dates, and a digest of everything else that makes it another run. */
export interface ArtifactIdentity {
  arch: string
  suite: string
  clock: string
  /** Absent for sh, the default, so that those names stay as they were. */
  init?: string
  packages: string[]
  /** ISO instants, as the report writes them. */
  dates: string[]
  /**
   * Every other input that makes two runs different (probe, setup, .debs, workdir, mirror,
   * control, timeout, audit, systemd target, ...), by name: two matrix cells that differ
   * only there still get different names.
   */
  rest: unknown
}

/** Characters GitHub refuses in an artifact name, as @actions/artifact checks them. */
export const INVALID_ARTIFACT_NAME_CHARACTERS = /[":<>|*?\r\n\\/]/

const MAX_PACKAGES_PART = 60

function datePart(date: string): string {
  // 2038-01-20T00:00:00Z -> 2038-01-20T000000Z: ':' is not allowed in an artifact name.
  return date.replace(/:/g, '')
}

/**
 * The key both artifact names share: `<arch>-<suite>-<clock>[-<init>]-<packages>-<dates>-<digest>`,
 * e.g. `i386-bookworm-step-base-2038-01-20T000000Z-1a2b3c4d`. Valid as an artifact name,
 * readable in the run's list of artifacts, at most about 150 characters, and different for
 * any two runs whose inputs differ.
 */
export function artifactKey(identity: ArtifactIdentity): string {
  let packages = identity.packages.length > 0 ? identity.packages.join('+') : 'base'
  if (packages.length > MAX_PACKAGES_PART) packages = `${packages.slice(0, MAX_PACKAGES_PART - 5)}+more`
  const dates = identity.dates.map(datePart)
  const datesPart =
    dates.length <= 3 ? dates.join('_') : `${dates[0]}_to_${dates[dates.length - 1]}_${dates.length}-dates`
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        identity.arch,
        identity.suite,
        identity.clock,
        identity.init ?? 'sh',
        identity.packages,
        identity.dates,
        identity.rest,
      ]),
    )
    .digest('hex')
    .slice(0, 8)
  const init = identity.init !== undefined ? `-${identity.init}` : ''
  return `${identity.arch}-${identity.suite}-${identity.clock}${init}-${packages}-${datesPart}-${digest}`
}

type Script = { kind: string; relativePath?: string; script?: string } | undefined

/** A probe or setup as a name sees it: the file of the repository, or a digest of the inline text. */
function scriptIdentity(s: Script): unknown {
  if (s === undefined) return null
  return [s.kind, s.relativePath ?? (s.script !== undefined ? createHash('sha256').update(s.script).digest('hex') : '')]
}

/**
 * How each option enters a run's name: `name` (shown in the name itself), `host` (where this
 * host keeps things, not what is run), or how it is written into the digest. Typed over
 * every option, so that a new one cannot be left out.
 */
const IDENTITY: { [K in keyof RunOptions]-?: 'name' | 'host' | ((value: RunOptions[K]) => unknown) } = {
  arch: 'name',
  suite: 'name',
  clock: 'name',
  init: 'name',
  packages: 'name',
  dates: 'name',
  cacheDir: 'host',
  parallel: 'host',
  probe: scriptIdentity,
  setup: scriptIdentity,
  debs: (debs) => debs.map((d) => d.relativePath),
  workdir: (workdir) => workdir?.relativePath ?? null,
  mirror: (mirror) => redactCredentials(mirror),
  control: (control) => (control ? formatInstant(control) : null),
  controlIsHostClock: (auto) => auto === true,
  timeoutSeconds: (seconds) => seconds,
  accel: (accel) => accel,
  audit: (audit) => audit,
  failOn: (failOn) => failOn,
  systemdTarget: (target) => target,
  crossMarginSeconds: (seconds) => seconds,
  confirm: (confirm) => confirm,
  search: (search) => (search ? [formatInstant(search.from), formatInstant(search.to)] : null),
  image: (image) => image?.given ?? null,
}

/** What names a run of these options: the target, the dates, and a digest of every other input. */
export function artifactIdentity(options: RunOptions): ArtifactIdentity {
  const rest: Record<string, unknown> = {}
  for (const key of Object.keys(IDENTITY).sort() as (keyof RunOptions)[]) {
    const how = IDENTITY[key] as 'name' | 'host' | ((value: unknown) => unknown)
    if (typeof how === 'function') rest[key] = how(options[key])
  }
  return {
    arch: options.arch,
    suite: options.suite,
    clock: options.clock,
    ...(options.init !== 'sh' ? { init: options.init } : {}),
    packages: options.packages,
    dates: options.dates.map(formatInstant),
    rest,
  }
}
