/**
 * The one place where what the user typed (command-line flags or action inputs, both as
 * strings) becomes a typed, validated RunOptions. Pure except for the probe checks (the
 * file, and bash -n on its text).
 */
import { homedir } from 'node:os'
import path from 'node:path'
import {
  EARLIEST_DATE,
  LATEST_DATE,
  LATEST_SET_DATE,
  rolloverDates,
  ROLLOVER,
  controlDateFor,
  formatInstant,
  isAfterRollover,
  parseInstant,
  SEARCH_DEFAULT_END,
  searchScanDates,
} from './dates.js'
import { InputError } from './errors.js'
import type { SyntaxCheck } from './probe-text.js'
import {
  type RepositoryFile,
  type SetupSource,
  checkScriptText,
  repositoryScript,
  parseDebs,
  parseSetup,
  parseWorkdir,
  type ScriptPlace,
} from './workspace.js'
import { BUILD_ONLY_INPUTS, type SystemImage, parseSystemImage } from './system-image.js'
import { ARCHES, type Arch, SUITES, type Suite, isArch, isSuite, unsupportedReason } from './targets.js'

export const CLOCK_MODES = ['step', 'boot', 'cross'] as const
export type ClockMode = (typeof CLOCK_MODES)[number]

/** sh: the harness is PID 1; systemd: the userland's systemd is, and boots to a target first. */
export const INIT_MODES = ['sh', 'systemd'] as const
export type InitMode = (typeof INIT_MODES)[number]

/** What `accel` accepts; vm/accel.ts turns it into KVM or TCG. */
export const ACCEL_MODES = ['auto', 'kvm', 'tcg'] as const
export type AccelMode = (typeof ACCEL_MODES)[number]

/** What `audit` accepts; audit/classify.ts selects the packages it reads. */
export const AUDIT_MODES = ['packages', 'all', 'none'] as const
export type AuditMode = (typeof AUDIT_MODES)[number]

/**
 * findings: a date that did not pass fails the run; audit: so does a static audit finding;
 * never: report only (the action's step does not fail).
 */
export const FAIL_ON = ['findings', 'audit', 'never'] as const
export type FailOn = (typeof FAIL_ON)[number]

/** `note`: what to tell the user of the script before it runs (a #! line naming sh). */
export type ProbeSource =
  | { kind: 'builtin' }
  /** `path` is absolute; `relativePath` is what annotations and reports show. */
  | { kind: 'file'; path: string; relativePath: string; note?: string }
  | { kind: 'inline'; script: string; note?: string }

export interface RunOptions {
  dates: Date[]
  arch: Arch
  suite: Suite
  /** Extra Debian packages for the userland, sorted and without duplicates. */
  packages: string[]
  probe: ProbeSource
  clock: ClockMode
  mirror: string
  timeoutSeconds: number
  cacheDir: string
  /** kvm, tcg, or auto: KVM when it is there and works, else TCG. */
  accel: AccelMode
  /** Which ELF files of a 32-bit userland the static time_t audit reads. */
  audit: AuditMode
  failOn: FailOn
  /**
   * The date before the rollover the probe also runs at, so that a line failing there too
   * is known not to be a Year-2038 failure; undefined with `control: none`.
   */
  control: Date | undefined
  /** The control date is `auto`'s: the host's clock when the run started. */
  controlIsHostClock?: boolean
  /** The user's .deb files, installed in the guest before the clock moves. */
  debs: RepositoryFile[]
  /** A directory of the repository that appears in the guest at /work. */
  workdir?: RepositoryFile
  /** Run once as root in the guest before the clock moves. */
  setup?: SetupSource
  init: InitMode
  /** The systemd target the guest boots to before the harness runs (init: systemd). */
  systemdTarget: string
  /** clock: cross: seconds the guest's clock starts before each date, which it then crosses. */
  crossMarginSeconds: number
  /**
   * Run a date with findings again from the saved guest (and the control, where a line
   * passed there) before reporting them: a line whose answer changes is flaky, not a finding.
   */
  confirm: boolean
  /**
   * How many dates run at once, each in a guest of its own; undefined: as many as the host's
   * cores and free memory take (host/capacity.ts).
   */
  parallel?: number
  /**
   * `dates: search`: find, for each probe line, the first second it fails in this range. The
   * scan's dates (searchScanDates) are among `dates`; the bisection runs after them.
   */
  search?: SearchRange
  /**
   * The user's own system as the userland (an OCI image or a root filesystem tarball) instead
   * of one built from Debian's archive; `suite` is then the kernel's.
   */
  image?: SystemImage
}

/** Where a search looks: from the first instant to the last, both included. */
export interface SearchRange {
  from: Date
  to: Date
}

/** The inputs as the user gave them; an empty or missing value takes the default. */
export interface RawOptions {
  dates?: string | string[]
  arch?: string
  suite?: string
  packages?: string
  probe?: string
  run?: string
  clock?: string
  mirror?: string
  timeout?: string
  cacheDir?: string
  accel?: string
  audit?: string
  failOn?: string
  control?: string
  debs?: string
  workdir?: string
  setup?: string
  init?: string
  systemdTarget?: string
  crossMargin?: string
  confirm?: string
  parallel?: string
  search?: string
  image?: string
}

export interface OptionContext {
  /** The repository the probe must live in (GITHUB_WORKSPACE, or the current directory). */
  repositoryRoot: string
  /**
   * The probe and setup files may be outside the repository (the command line: a local user's
   * files); reports name such a file by its absolute path.
   */
  scriptsAnywhere?: boolean
  /** bash -n on the host (host/bash-syntax.ts): a script that does not parse is refused before anything boots. */
  syntaxError: SyntaxCheck
  env: NodeJS.ProcessEnv
  /** The host's clock, for `control: auto`. */
  now?: Date
}

export const DEFAULTS = {
  /** One date on each side of 2038-01-19T03:14:08Z, far enough that a probe does not cross it. */
  dates: ['2038-01-18T00:00:00Z', '2038-01-20T00:00:00Z'],
  arch: 'i386' as Arch,
  suite: 'bookworm' as Suite,
  clock: 'step' as ClockMode,
  mirror: 'http://deb.debian.org/debian',
  timeoutSeconds: 600,
  accel: 'auto' as AccelMode,
  audit: 'packages' as AuditMode,
  failOn: 'findings' as FailOn,
  control: 'auto',
  init: 'sh' as InitMode,
  systemdTarget: 'multi-user.target',
  crossMarginSeconds: 30,
  confirm: true,
  parallel: 'auto',
} as const

const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/
const MAX_TIMEOUT = 24 * 60 * 60
const MIN_TIMEOUT = 30

function blank(value: string | undefined): boolean {
  return value === undefined || value.trim() === ''
}

/** Splits a list given on several lines, by commas, or both. */
export function splitList(value: string | string[] | undefined, separators: RegExp): string[] {
  const parts = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return parts
    .flatMap((part) => part.split(separators))
    .map((item) => item.trim())
    .filter((item) => item !== '' && !item.startsWith('#'))
}

/** The dates when none are given: one on each side of the rollover, or with `cross` the rollover itself. */
export function defaultDates(clock: ClockMode): string[] {
  return clock === 'cross' ? [formatInstant(ROLLOVER)] : [...DEFAULTS.dates]
}

/** `search` among the dates: the search is on; its scan's dates come in with it. */
export const SEARCH_ITEM = 'search'

export function parseDates(
  value: string | string[] | undefined,
  clock: ClockMode = DEFAULTS.clock,
  search?: SearchRange,
): Date[] {
  const items = splitList(value, /[\n,]/).filter((item) => item !== SEARCH_ITEM)
  // `rollovers`: the well-known rollovers' edges, as dates of their own.
  const given = items.length > 0 || search ? items : defaultDates(clock)
  const texts = given.flatMap((item) => (item === 'rollovers' ? rolloverDates().map(formatInstant) : [item]))
  // A search's scan: each of its dates once, after those given that it does not repeat.
  if (search) {
    const named = new Set(texts.map((t) => parseInstant(t)?.getTime()))
    texts.push(
      ...searchScanDates(search.from, search.to)
        .filter((d) => !named.has(d.getTime()))
        .map(formatInstant),
    )
  }
  // The RTC holds the date the guest boots at (clock boot); once it runs, the kernel's clock.
  const latest = clock === 'boot' ? LATEST_DATE : LATEST_SET_DATE
  const dates: Date[] = []
  for (const text of texts) {
    const date = parseInstant(text)
    if (!date) {
      throw new InputError(
        'dates',
        `'${text}' is not an ISO-8601 date or UTC instant (valid: 2038-01-20, 2038-01-19T03:14:08Z)`,
      )
    }
    if (date < EARLIEST_DATE || date >= latest) {
      throw new InputError(
        'dates',
        `'${text}' is outside the range a guest clock can ${clock === 'boot' ? 'start at with clock boot (the RTC)' : 'be set to (the kernel)'}: ${formatInstant(EARLIEST_DATE)} to before ${formatInstant(latest)}`,
      )
    }
    const same = dates.findIndex((d) => d.getTime() === date.getTime())
    if (same >= 0) {
      const first = texts[same]!
      throw new InputError(
        'dates',
        first === text
          ? `'${text}' is given twice: give each date once`
          : `'${first}' and '${text}' are the same instant: give each date once`,
      )
    }
    dates.push(date)
  }
  return dates
}

export function parseArch(value: string | undefined): Arch {
  const arch = blank(value) ? DEFAULTS.arch : value!.trim()
  if (!isArch(arch)) {
    throw new InputError('arch', `'${arch}' is not a supported architecture (valid: ${ARCHES.join(', ')})`)
  }
  return arch
}

export function parseSuite(value: string | undefined): Suite {
  const suite = blank(value) ? DEFAULTS.suite : value!.trim()
  if (!isSuite(suite)) {
    throw new InputError('suite', `'${suite}' is not a supported Debian suite (valid: ${SUITES.join(', ')})`)
  }
  return suite
}

export function parsePackages(value: string | undefined): string[] {
  const names = splitList(value, /[\s,]+/)
  for (const name of names) {
    if (!PACKAGE_NAME.test(name)) {
      throw new InputError(
        'packages',
        `'${name}' is not a Debian package name (lower-case letters, digits, '+', '-', '.'; at least two characters)`,
      )
    }
  }
  return [...new Set(names)].sort()
}

export function parseClock(value: string | undefined): ClockMode {
  const clock = blank(value) ? DEFAULTS.clock : value!.trim()
  if (!(CLOCK_MODES as readonly string[]).includes(clock)) {
    throw new InputError('clock', `'${clock}' is not a clock mode (valid: ${CLOCK_MODES.join(', ')})`)
  }
  return clock as ClockMode
}

export function parseMirror(value: string | undefined): string {
  const mirror = blank(value) ? DEFAULTS.mirror : value!.trim()
  let url: URL
  try {
    url = new URL(mirror)
  } catch {
    throw new InputError(
      'mirror',
      `'${mirror}' is not a URL (valid: http://, https:// or file:// URL of a Debian archive)`,
    )
  }
  if (!['http:', 'https:', 'file:'].includes(url.protocol) || /\s/.test(mirror)) {
    throw new InputError('mirror', `'${mirror}' is not an http://, https:// or file:// URL of a Debian archive`)
  }
  return mirror.replace(/\/+$/, '')
}

/** One of `choices`, or `fallback` for a blank value; anything else names the input and the choices. */
function parseChoice<T extends string>(
  input: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  const text = blank(value) ? fallback : value!.trim()
  if (!(choices as readonly string[]).includes(text)) {
    throw new InputError(input, `'${text}' is not valid (valid: ${choices.join(', ')})`)
  }
  return text as T
}

export function parseInit(value: string | undefined): InitMode {
  return parseChoice('init', value, INIT_MODES, DEFAULTS.init)
}

export function parseSystemdTarget(value: string | undefined): string {
  const target = blank(value) ? DEFAULTS.systemdTarget : value!.trim()
  if (!/^[A-Za-z0-9@:._-]+\.target$/.test(target)) {
    throw new InputError(
      'systemd-target',
      `'${target}' is not a systemd target name (valid: multi-user.target, graphical.target, …)`,
    )
  }
  return target
}

const MAX_CROSS_MARGIN = 3600

export function parseCrossMargin(value: string | undefined): number {
  if (blank(value)) return DEFAULTS.crossMarginSeconds
  const text = value!.trim()
  const seconds = Number(text)
  if (!/^\d+$/.test(text) || seconds < 1 || seconds > MAX_CROSS_MARGIN) {
    throw new InputError('cross-margin', `'${text}' is not a whole number of seconds from 1 to ${MAX_CROSS_MARGIN}`)
  }
  return seconds
}

export function parseConfirm(value: string | undefined): boolean {
  return parseChoice('confirm', value, ['true', 'false'] as const, DEFAULTS.confirm ? 'true' : 'false') === 'true'
}

/** More guests at once than this is a typing error, whatever the host. */
export const MAX_PARALLEL = 32

/** `auto` (or nothing): undefined, for the host to decide; else a count of guests. */
export function parseParallel(value: string | undefined): number | undefined {
  if (blank(value) || value!.trim() === 'auto') return undefined
  const text = value!.trim()
  const count = Number(text)
  if (!/^\d+$/.test(text) || count < 1 || count > MAX_PARALLEL) {
    throw new InputError('parallel', `'${text}' is not auto or a whole number of guests from 1 to ${MAX_PARALLEL}`)
  }
  return count
}

export function parseAccel(value: string | undefined): AccelMode {
  return parseChoice('accel', value, ACCEL_MODES, DEFAULTS.accel)
}

export function parseAudit(value: string | undefined): AuditMode {
  return parseChoice('audit', value, AUDIT_MODES, DEFAULTS.audit)
}

export function parseFailOn(value: string | undefined): FailOn {
  return parseChoice('fail-on', value, FAIL_ON, DEFAULTS.failOn)
}

/** The control as written, the default for none. */
function controlText(value: string | undefined): string {
  return blank(value) ? DEFAULTS.control : value!.trim()
}

/** `auto` (a date before the rollover chosen for every target), `none`, or a date before the rollover. */
export function parseControl(value: string | undefined, now: Date): Date | undefined {
  const text = controlText(value)
  if (text === 'none') return undefined
  if (text === 'auto') return controlDateFor(now)
  const date = parseInstant(text)
  if (!date) {
    throw new InputError(
      'control',
      `'${text}' is not valid (valid: auto, none, or a date before ${formatInstant(ROLLOVER)})`,
    )
  }
  if (isAfterRollover(date) || date < EARLIEST_DATE) {
    throw new InputError(
      'control',
      `'${text}' is not a control date: it must be from ${formatInstant(EARLIEST_DATE)} to before ${formatInstant(ROLLOVER)}`,
    )
  }
  return date
}

export function parseTimeout(value: string | undefined): number {
  if (blank(value)) return DEFAULTS.timeoutSeconds
  const text = value!.trim()
  const seconds = Number(text)
  if (!/^\d+$/.test(text) || seconds < MIN_TIMEOUT || seconds > MAX_TIMEOUT) {
    throw new InputError('timeout', `'${text}' is not a whole number of seconds from ${MIN_TIMEOUT} to ${MAX_TIMEOUT}`)
  }
  return seconds
}

export function parseProbe(probe: string | undefined, run: string | undefined, place: ScriptPlace): ProbeSource {
  const hasProbe = !blank(probe)
  const hasRun = !blank(run)
  if (hasProbe && hasRun) {
    throw new InputError('probe', 'give either probe (a script file) or run (an inline script), not both')
  }
  if (hasRun) {
    const note = checkScriptText('run', 'the inline script', Buffer.from(run!, 'utf8'), place.syntaxError)
    return { kind: 'inline', script: run!, ...(note ? { note } : {}) }
  }
  if (!hasProbe) return { kind: 'builtin' }
  return { kind: 'file', ...repositoryScript('probe', probe!.trim(), place) }
}

/** `Y2038_SNAPSHOT=off` in the environment boots once per date: for benchmarks and comparisons. */
export function snapshotsWanted(env: NodeJS.ProcessEnv): boolean {
  return env.Y2038_SNAPSHOT !== 'off'
}

/**
 * Whether a run starts from a guest kept by an earlier run, and keeps the one it saves.
 * `Y2038_SNAPSHOT=fresh` boots and saves as if for the first time: for benchmarks.
 */
export function keptGuestsWanted(env: NodeJS.ProcessEnv): boolean {
  return env.Y2038_SNAPSHOT !== 'fresh' && snapshotsWanted(env)
}

/**
 * `Y2038_RAM_FILE=on`: restored dates map the saved guest's RAM from a file (vm/ram-file.ts)
 * instead of reading the whole saved state back. Off by default: on the host measured (QEMU
 * 7.2, TCG) a date is no faster, though lighter in memory (README, bench:dates).
 */
export function ramFileWanted(env: NodeJS.ProcessEnv): boolean {
  const value = env.Y2038_RAM_FILE
  if (value === undefined || value === '' || value === 'off') return false
  if (value === 'on') return true
  throw new InputError('Y2038_RAM_FILE', `'${value}' is not valid (valid: on, off)`)
}

/** What to tell the user of the probe and setup scripts before they run. */
export function scriptNotes(options: Pick<RunOptions, 'probe' | 'setup'>): string[] {
  const probeNote = options.probe.kind === 'builtin' ? undefined : options.probe.note
  return [probeNote, options.setup?.note].filter((note): note is string => note !== undefined)
}

export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const base = !blank(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME! : path.join(env.HOME || homedir(), '.cache')
  return path.join(base, 'y2038-action')
}

export function parseCacheDir(value: string | undefined, env: NodeJS.ProcessEnv): string {
  return blank(value) ? defaultCacheDir(env) : path.resolve(value!.trim())
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}

/** `image`, refused with the inputs that only describe a userland built here. */
function parseImageInput(raw: RawOptions, base: string): SystemImage | undefined {
  const image = parseSystemImage(raw.image, base, !blank(raw.arch))
  if (!image) return undefined
  for (const input of BUILD_ONLY_INPUTS) {
    if (!blank(raw[input])) {
      throw new InputError(input, `does not apply with image (the userland is ${image.given}): leave ${input} out`)
    }
  }
  if (!blank(raw.init) && raw.init!.trim() !== 'sh') {
    throw new InputError('init', `'${raw.init!.trim()}' is not available with image: the harness is PID 1 (valid: sh)`)
  }
  return image
}

export function parseOptions(raw: RawOptions, context: OptionContext): RunOptions {
  const image = parseImageInput(raw, context.repositoryRoot)
  const arch = parseArch(raw.arch)
  const suite = parseSuite(raw.suite)
  const unsupported = unsupportedReason(arch, suite)
  if (unsupported) throw new InputError('suite', `${arch} ${suite} cannot boot: ${unsupported}`)
  const clock = parseClock(raw.clock)
  const scripts: ScriptPlace = {
    repositoryRoot: context.repositoryRoot,
    anywhere: context.scriptsAnywhere ?? false,
    syntaxError: context.syntaxError,
  }
  const control = parseControl(raw.control, context.now ?? new Date())
  const search = parseSearch(raw.search, raw.dates, clock, control, context.now ?? new Date())
  return {
    dates: parseDates(raw.dates, clock, search),
    arch,
    suite,
    packages: parsePackages(raw.packages),
    probe: parseProbe(raw.probe, raw.run, scripts),
    clock,
    mirror: parseMirror(raw.mirror),
    timeoutSeconds: parseTimeout(raw.timeout),
    cacheDir: parseCacheDir(raw.cacheDir, context.env),
    accel: parseAccel(raw.accel),
    audit: parseAudit(raw.audit),
    failOn: parseFailOn(raw.failOn),
    control,
    ...(control && controlText(raw.control) === 'auto' ? { controlIsHostClock: true as const } : {}),
    debs: parseDebs(raw.debs, context.repositoryRoot),
    ...optional('workdir', parseWorkdir(raw.workdir, context.repositoryRoot)),
    ...optional('setup', parseSetup(raw.setup, scripts)),
    init: parseInit(raw.init),
    systemdTarget: parseSystemdTarget(raw.systemdTarget),
    crossMarginSeconds: parseCrossMargin(raw.crossMargin),
    // A search confirms each change it finds; the scan's dates are not run again unless asked.
    confirm: search && blank(raw.confirm) ? false : parseConfirm(raw.confirm),
    ...optional('parallel', parseParallel(raw.parallel)),
    ...optional('search', search),
    ...optional('image', image),
  }
}

/**
 * The search's range: `search: FROM..TO` (either end may be left out), or `search` among the
 * dates for the default, from the control date (or, with `control: none`, the one `auto`
 * would take) to the first second unsigned 32-bit seconds cannot hold. Undefined: no search.
 * The search steps the clock: it needs `clock: step`.
 */
export function parseSearch(
  value: string | undefined,
  dates: string | string[] | undefined,
  clock: ClockMode,
  control: Date | undefined,
  now: Date,
): SearchRange | undefined {
  const asked = splitList(dates, /[\n,]/).includes(SEARCH_ITEM)
  if (blank(value) && !asked) return undefined
  const text = blank(value) ? '' : value!.trim()
  const valid = `valid: FROM..TO, two ISO-8601 dates or UTC instants, either left out for its default, e.g. 2030-01-01..2040-01-01`
  const [fromText, toText, ...rest] = text === '' ? ['', ''] : text.split('..')
  if (toText === undefined || rest.length > 0) throw new InputError('search', `'${text}' is not a range (${valid})`)
  const end = (part: string, fallback: Date): Date => {
    if (part.trim() === '') return fallback
    const date = parseInstant(part)
    if (!date) throw new InputError('search', `'${part.trim()}' in '${text}' is not a date (${valid})`)
    return date
  }
  const from = end(fromText!, control ?? controlDateFor(now))
  const to = end(toText, SEARCH_DEFAULT_END)
  if (clock !== 'step') {
    throw new InputError('clock', `'${clock}' cannot run a search, which sets the clock at each step (valid: step)`)
  }
  if (from >= to) {
    throw new InputError(
      'search',
      `'${text}' ends at or before it starts: ${formatInstant(from)} to ${formatInstant(to)}`,
    )
  }
  if (from < EARLIEST_DATE || to >= LATEST_SET_DATE) {
    throw new InputError(
      'search',
      `'${text}' reaches outside the range a guest clock can be set to (the kernel): ${formatInstant(EARLIEST_DATE)} to before ${formatInstant(LATEST_SET_DATE)}`,
    )
  }
  return { from, to }
}
