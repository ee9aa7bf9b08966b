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
  /** Absent until an init other than sh can be chosen. */
  init?: string
  packages: string[]
  /** ISO instants, as the report writes them. */
  dates: string[]
  /**
   * Every other input that makes two runs different (probe, setup, .debs, workdir, mirror,
   * control, timeout, audit), in a fixed order: two matrix cells that differ only there
   * still get different names.
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

/** What names a run of these options: the target, the dates, and a digest of the other inputs. */
export function artifactIdentity(options: RunOptions): ArtifactIdentity {
  const script = (s: { kind: string; relativePath?: string; script?: string } | undefined) =>
    s === undefined
      ? null
      : [s.kind, s.relativePath ?? (s.script !== undefined ? createHash('sha256').update(s.script).digest('hex') : '')]
  return {
    arch: options.arch,
    suite: options.suite,
    clock: options.clock,
    packages: options.packages,
    dates: options.dates.map(formatInstant),
    rest: {
      probe: script(options.probe),
      setup: script(options.setup),
      debs: options.debs.map((d) => d.relativePath),
      workdir: options.workdir?.relativePath ?? null,
      mirror: redactCredentials(options.mirror),
      control: options.control ? formatInstant(options.control) : null,
      timeout: options.timeoutSeconds,
      audit: options.audit,
    },
  }
}
