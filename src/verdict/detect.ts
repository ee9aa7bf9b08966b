/**
 * Turns what came back from a guest (its records and its console) into Year-2038 findings
 * and an outcome for the date. Pure.
 */
import { formatInstant, isAfterRollover } from '../config/dates.js'
import type { ClockMove, GuestReport, LineFailure, ProbeLine } from './guest-report.js'
import type { ClockMode } from '../config/options.js'
import { isUncheckedAndFailure } from './shell-list.js'
import { lastLines } from '../config/text.js'
import { type Outcome, RUN_OUTCOME_SIGNATURES, isJudged } from './outcomes.js'
import type { StageName } from '../protocol/run-config.js'

/** install: the user's .debs; setup: the user's setup script; both run before the clock moves. */
/** services: init systemd, a unit that failed after the clock moved. */
/** The scripts run before the probe, each judged like it. */
export type Stage = 'boot' | StageName | 'clock' | 'probe' | 'services' | 'timeout'

export interface Signature {
  id: string
  description: string
  pattern: RegExp
  /** Only a Year-2038 sign when the clock is past the rollover (a 1970 date is fine in 1970). */
  afterRolloverOnly?: boolean
}

/** Most specific first: a line is reported with the first signature it matches. */
export const SIGNATURES: Signature[] = [
  {
    id: 'systemd-clock-assertion',
    description: "systemd's now() could not read the clock",
    pattern: /Assertion 'clock_gettime\(.*\) == 0' failed/,
  },
  {
    id: 'sudo-time-of-day',
    description: 'sudo could not read the time of day',
    pattern: /unable to get time of day/,
  },
  {
    id: 'python-time-t-overflow',
    description: "Python's time_t conversion overflowed",
    pattern: /OverflowError.*(?:time_t|timestamp out of range)|timestamp out of range for platform time_t/,
  },
  {
    id: 'eoverflow',
    description: 'a 32-bit time_t could not hold a time (EOVERFLOW)',
    pattern: /Value too large for defined data type|\bEOVERFLOW\b/,
  },
  { id: 'errno-75', description: 'errno 75 (EOVERFLOW)', pattern: /\[Errno 75\]/ },
  {
    id: 'wrong-date',
    description: 'a program printed a date that is not the clock’s',
    pattern: /y2038: wrong date:/,
  },
  {
    id: 'epoch-date',
    description: 'a date printed as 1901-12-13 or 1970-01-01: a wrapped or failed time_t',
    pattern:
      /\b(?:1901-12-1[34]|1969-12-31|1970-01-01)\b|\b(?:Fri|Sat) Dec 1[34] [\d:]+ (?:UTC |GMT )?1901\b|\bThu Jan {1,2}1 [\d:]+ (?:UTC |GMT )?1970\b|\bWed Dec 31 [\d:]+ (?:UTC |GMT )?1969\b/,
    afterRolloverOnly: true,
  },
  { id: 'kernel-panic', description: 'the kernel panicked', pattern: /Kernel panic - not syncing/ },
  { id: 'initramfs-no-init', description: 'the initramfs found no init', pattern: /No init found/ },
  {
    id: 'initramfs-mount-root',
    description: 'the initramfs could not mount the root filesystem',
    pattern: /Failed to mount .*root|Failed to mount as root file system/,
  },
]

/** Lines that look like failures at any date and are not Year-2038 signs. */
export const NOISE: RegExp[] = [/unable to resolve host/]

export interface Finding {
  date: string
  clock: ClockMode
  arch: string
  suite: string
  stage: Stage
  line?: number
  command?: string
  /** The command as bash ran it, its words expanded, when that differs from `command`. */
  ranAs?: string
  check?: string
  program?: string
  message: string
  signature: { id: string; match: string }
  exitStatus?: number
  /** Console or output lines around the failure. */
  context?: string[]
  /** The guest's clock when it happened, where that is known (clock cross, services). */
  guestTime?: string
  /** clock cross: whether it happened before or after the clock crossed the date. */
  crossing?: 'before' | 'after'
}

export interface BootEvidence {
  date: Date
  clock: ClockMode
  arch: string
  suite: string
  guest: GuestReport
  /** The probe's text, one entry per line, to read how a failing command was written. */
  probeSource?: string[]
  console: string
  timedOut: boolean
  timeoutSeconds: number
  durationMs: number
  /** Where the clock was set before the probe, when not at `date` (clock cross: the margin before it). */
  stepTo?: Date
  /** clock cross: findings get the guest time they happened at, and which side of `date` that was. */
  crossing?: boolean
}

export interface DateVerdict {
  outcome: Outcome
  findings: Finding[]
  /**
   * At a date just before the rollover: the failure keys (failureKey) of the lines that
   * failed after the guest's clock had passed it, so that they are not taken for failures
   * "before the rollover".
   */
  failedPastRollover?: string[]
}

/**
 * A verdict with its findings changed (some set aside, some added): a run that tested what
 * it was asked passes exactly when no finding is left; any other outcome stays as it is.
 */
export function reconcile(verdict: DateVerdict, findings: Finding[]): DateVerdict {
  return {
    ...verdict,
    outcome: isJudged(verdict.outcome) ? (findings.length > 0 ? 'fail' : 'pass') : verdict.outcome,
    findings,
  }
}

export function isNoise(line: string): boolean {
  return NOISE.some((pattern) => pattern.test(line))
}

export function matchSignature(
  text: string,
  afterRollover: boolean,
): { signature: Signature; match: string } | undefined {
  for (const signature of SIGNATURES) {
    if (signature.afterRolloverOnly && !afterRollover) continue
    const m = signature.pattern.exec(text)
    if (m) return { signature, match: m[0] }
  }
  return undefined
}

const WRAPPERS = new Set(['!', 'command', 'env', 'exec', 'time', 'nohup', 'expect_year'])

/**
 * The first line of the command that bash reports at `line`: bash gives a command continued
 * with a backslash over several lines the number of its second line.
 */
export function continuedFrom(source: string[] | undefined, line: number): number {
  let start = line
  while (start > 1 && /(?:^|[^\\])(?:\\\\)*\\$/.test(source?.[start - 2] ?? '')) start--
  return start
}

/** The program a probe command runs: `check sudo sudo -n true` → sudo. */
export function programOf(command: string): string | undefined {
  const words = command.trim().split(/\s+/)
  let i = 0
  while (i < words.length) {
    const word = words[i]!
    if (word === 'check') {
      i += 2
    } else if (WRAPPERS.has(word) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
      i += 1
    } else {
      break
    }
  }
  const word = words[i]?.replace(/^['"]|['"]$/g, '')
  if (!word) return undefined
  return word.split('/').at(-1)
}

/**
 * The failures of a line that count: every one bash's ERR trap saw, and a command that
 * exited non-zero where bash checks nothing when the probe's text shows it as a step of an
 * `&&` list (not a condition).
 */
export function countedFailures(line: ProbeLine, sourceLine: string | undefined): LineFailure[] {
  return line.failures.filter(
    (f) => f.how === 'error' || (sourceLine !== undefined && isUncheckedAndFailure(sourceLine, f.command)),
  )
}

export function probeLineFinding(
  line: ProbeLine,
  base: Omit<Finding, 'stage' | 'message' | 'signature'>,
  afterRollover: boolean,
  sourceLine: string | undefined,
  stage: 'probe' | 'setup' = 'probe',
): Finding | undefined {
  const output = line.output.filter((l) => !isNoise(l))
  const failures = countedFailures(line, sourceLine)
  const failure = failures.at(-1)
  let hit: { signature: Signature; match: string; line: string } | undefined
  for (const text of output) {
    const m = matchSignature(text, afterRollover)
    if (m && (!hit || SIGNATURES.indexOf(m.signature) < SIGNATURES.indexOf(hit.signature))) hit = { ...m, line: text }
  }
  if (!hit && !failure) return undefined
  const exitStatus = failure?.status ?? 0
  const command = failure?.command ?? line.command
  const program = programOf(command)
  const message = hit?.line ?? output.at(-1) ?? `exited with status ${exitStatus}`
  return {
    ...base,
    stage,
    line: line.line,
    command,
    ...(failure?.ranAs !== undefined ? { ranAs: failure.ranAs } : {}),
    ...(line.check ? { check: line.check } : {}),
    ...(program ? { program } : {}),
    message: message.trim(),
    signature: hit
      ? { id: hit.signature.id, match: hit.match }
      : { id: 'exit-status', match: `exit status ${exitStatus}` },
    exitStatus,
    ...(output.length > 1 ? { context: output.slice(0, 20) } : {}),
  }
}

/**
 * The guest's time of a moment given in seconds since boot, from the clock and the uptime
 * the harness read together when the probe started; undefined when either is missing.
 */
export function guestTimeAt(
  guest: Pick<GuestReport, 'clockAtProbe' | 'uptimeAtProbe'>,
  uptime: number,
): number | undefined {
  if (guest.clockAtProbe === undefined || guest.uptimeAtProbe === undefined) return undefined
  return guest.clockAtProbe + (uptime - guest.uptimeAtProbe)
}

/** Seconds since boot when a line failed (its last failure), or its last command started. */
function failureUptime(line: ProbeLine): number | undefined {
  return line.failures.at(-1)?.uptime ?? line.lastUptime
}

/** clock cross: the finding with the guest time of its line's failure, and the side of the crossing. */
function timed(finding: Finding, line: ProbeLine, guest: GuestReport, crossing: Date): Finding {
  const uptime = failureUptime(line)
  const time = uptime === undefined ? undefined : guestTimeAt(guest, uptime)
  if (time === undefined) return finding
  return {
    ...finding,
    guestTime: formatInstant(new Date(time * 1000)),
    crossing: time * 1000 >= crossing.getTime() ? 'after' : 'before',
  }
}

/** " at line 3 (`sleep 1000`)": where the probe was, for outcomes that cut it short. */
function whereProbeWas(guest: GuestReport): string {
  const last = guest.lastCommand
  return last ? ` at line ${last.line} (\`${last.command}\`)` : ' before its first command'
}

function lineOf(guest: GuestReport): Pick<Finding, 'line' | 'command'> {
  const last = guest.lastCommand
  return last ? { line: last.line, command: last.command } : {}
}

/**
 * Why the probe did not run to its end, or undefined when it did: bash read the whole probe
 * and ran the harness's end line after it with the harness still watching, or the probe ran
 * `exit` with status 0 (an end on purpose). How much bash read is seen from outside its
 * shell (unreadBytes); a guest whose harness did not say so (before version 7) is judged by
 * the marks alone.
 */
/** The harness version from which run-script.pl reports how much of the script bash read. */
const SEEN_FROM_OUTSIDE = 7

export function probeStop(guest: GuestReport, script = 'the probe'): { message: string; line?: number } | undefined {
  if (guest.syntaxError !== undefined) {
    const at = /line (\d+): (.*)$/.exec(guest.syntaxError)
    return {
      message: `${script} does not parse, so none of it ran: ${at ? `line ${at[1]}: ${at[2]}` : guest.syntaxError}`,
      ...(at ? { line: Number(at[1]) } : {}),
    }
  }
  const where = whereProbeWas(guest)
  if (guest.unreadBytes === undefined) {
    // A harness that sees from outside did not say: its runner was killed or failed, and the
    // marks, which the probe's shell could write, decide nothing.
    if ((guest.harnessVersion ?? 0) >= SEEN_FROM_OUTSIDE) {
      return {
        message: `${script}'s end could not be seen from outside its shell: the harness's runner did not report${where}`,
      }
    }
    if (guest.doneStatus !== undefined || guest.exitStatus === 0) return undefined
  } else if (guest.unreadBytes === 0) {
    if (guest.doneStatus === undefined) {
      return {
        message: `${script}'s shell read all of it but did not run the harness's end line after it${where} (\`set -n\`, an alias of a harness name, or a here-document left open at the end?)`,
      }
    }
    if (!guest.endWatched) {
      return {
        message: `${script} removed the harness's DEBUG trap (\`builtin trap\`), so its commands were not all seen and a failure may be missing: use \`trap\`, which keeps the harness's handler`,
      }
    }
    return undefined
  } else if (guest.exitStatus === 0 && guest.processStatus === 0 && guest.lastCommand) {
    return undefined
  }
  const said = guest.lastCommand
    ? guest.lines
        .find((l) => l.line === guest.lastCommand!.line)
        ?.output.filter((l) => !isNoise(l))
        .at(-1)
    : undefined
  const because = said ? `: ${said.trim()}` : ''
  if (guest.exitStatus !== undefined) {
    return { message: `${script} stopped${where} with status ${guest.exitStatus}, before its end${because}` }
  }
  const status = guest.processStatus
  if (status !== undefined && status > 128) {
    return { message: `${script}'s shell was killed by signal ${status - 128}${where}, before its end${because}` }
  }
  return {
    message: `${script}'s shell ended${where}${status !== undefined ? ` with status ${status}` : ''} without reaching its end (exec?)${because}`,
  }
}

/**
 * How a script's run was cut short, the first rung that applies, in this order: its records
 * were tampered with, the guest timed out while it ran, its record stream is incomplete
 * (lost or dropped), it stopped before its end (probeStop). Undefined when none does. Each
 * caller words the rung and maps it to its own outcome.
 */
export type CutShort =
  | { rung: 'tampered'; records: number[] }
  | { rung: 'timeout' }
  | { rung: 'incomplete'; droppedBytes: number; missingRecords: number }
  | { rung: 'stopped'; message: string; line?: number }

export function cutShort(
  guest: GuestReport,
  /** timedOut: the timeout cut this script's run (the caller knows what counts as that). */
  how: { script?: string; timedOut: boolean },
): CutShort | undefined {
  if (guest.outOfOrderRecords.length > 0) return { rung: 'tampered', records: guest.outOfOrderRecords }
  if (how.timedOut) return { rung: 'timeout' }
  if (!guest.complete || guest.droppedBytes > 0) {
    return { rung: 'incomplete', droppedBytes: guest.droppedBytes, missingRecords: guest.missingRecords }
  }
  const stop = probeStop(guest, how.script)
  return stop ? { rung: 'stopped', ...stop } : undefined
}

/** The console's failure lines when the guest never reached the probe. */
function bootFailure(evidence: BootEvidence, base: Omit<Finding, 'stage' | 'message' | 'signature'>): Finding {
  const afterRollover = isAfterRollover(evidence.date)
  const lines = evidence.console.split('\n').map((l) => l.replace(/\r$/, ''))
  const failing: string[] = []
  let best: { signature: Signature; match: string; line: string } | undefined
  for (const text of lines) {
    if (isNoise(text)) continue
    const m = matchSignature(text, afterRollover)
    if (!m) continue
    failing.push(text.trim())
    if (!best || SIGNATURES.indexOf(m.signature) < SIGNATURES.indexOf(best.signature))
      best = { ...m, line: text.trim() }
  }
  if (!best) {
    return {
      ...base,
      stage: 'boot',
      message: 'the guest stopped before the probe started',
      signature: { id: 'no-probe', match: '' },
      context: lastLines(evidence.console, 25),
    }
  }
  const initramfs = failing.filter((l) => /^\/init:/.test(l))
  const panic = failing.find((l) => /Kernel panic/.test(l))
  const first = initramfs[0] ?? best.line
  const more = failing.length > 1 ? ` (and ${failing.length - 1} more failing lines)` : ''
  return {
    ...base,
    stage: 'boot',
    program: initramfs.length > 0 ? 'initramfs' : 'kernel',
    message: `the guest did not boot: ${first}${more}${panic && panic !== first ? `; ${panic.replace(/^\[[\s\d.]+\]\s*/, '')}` : ''}`,
    signature: { id: best.signature.id, match: best.match },
    context: failing.slice(0, 40),
  }
}

/**
 * An instant known to within a second or two (btime is whole seconds of a boot that began
 * at some fraction of one), to the nearest minute: `2030-01-01T00:00Z`.
 */
function toTheMinute(seconds: number): string {
  return formatInstant(new Date(Math.round(seconds / 60) * 60_000)).replace(/:00Z$/, 'Z')
}

/** What moved the guest's clock while the probe ran, and from where to where. */
export function clockMovedMessage(guest: GuestReport, move: ClockMove): string {
  const command = move.by && `line ${move.by.line} (\`${move.by.command}\`)`
  const where = !command ? '' : move.by!.exact ? ` at ${command}` : ` after ${command} started`
  const more = guest.clockMoves.length - 1
  const moves = more > 0 ? ` (and ${more} more time${more > 1 ? 's' : ''})` : ''
  const jump = move.btime - move.was
  const then = move.uptime === undefined ? undefined : guestTimeAt(guest, move.uptime)
  let how = `, by ${jump} s`
  if (Math.abs(jump) <= 1) how = ', to within a second of where it was'
  else if (then !== undefined && move.uptime !== undefined)
    how = `: it went from about ${toTheMinute(then)} to about ${toTheMinute(move.btime + move.uptime)}`
  return `the guest's clock was set while the probe ran${where}${how}${moves}; what ran after that did not run at the requested date (the harness sets the clock: a probe must not)`
}

/** The slack allowed between the requested date and the guest's clock at probe start. */
export function clockWindow(
  evidence: Pick<BootEvidence, 'date' | 'clock' | 'durationMs' | 'stepTo'>,
): [number, number] {
  const expected = Math.floor((evidence.stepTo ?? evidence.date).getTime() / 1000)
  // step, cross: set just before the probe starts. boot: the clock ran through the whole boot.
  const late = evidence.clock === 'boot' ? Math.ceil(evidence.durationMs / 1000) + 120 : 60
  return [expected - 2, expected + late]
}

export function evaluateBoot(evidence: BootEvidence): DateVerdict {
  const base = {
    date: formatInstant(evidence.date),
    clock: evidence.clock,
    arch: evidence.arch,
    suite: evidence.suite,
  }
  const guest = evidence.guest
  const afterRollover = isAfterRollover(evidence.date)
  const findings: Finding[] = []
  const started = guest.clockAtProbe !== undefined

  if (!started) {
    if (evidence.timedOut) {
      findings.push({
        ...base,
        stage: 'timeout',
        message: `the guest did not reach the probe within ${evidence.timeoutSeconds} s`,
        signature: { id: 'timeout', match: '' },
        context: lastLines(evidence.console, 25),
      })
      return { outcome: 'timeout', findings }
    }
    findings.push(bootFailure(evidence, base))
    return { outcome: 'boot-failure', findings }
  }

  const [earliest, latest] = clockWindow(evidence)
  const clock = guest.clockAtProbe!
  if (guest.step && !guest.step.ok) {
    findings.push({
      ...base,
      stage: 'clock',
      program: 'date',
      message: `the guest could not set its clock to ${base.date}: ${guest.step.message}`,
      signature: { id: 'clock-step-failed', match: guest.step.message },
    })
    return { outcome: 'wrong-date', findings }
  }
  if (clock < earliest || clock > latest) {
    findings.push({
      ...base,
      stage: 'clock',
      message: `the guest did not run at the requested date: its clock read ${formatInstant(new Date(clock * 1000))} when the probe started, not ${base.date}`,
      signature: { id: 'wrong-date', match: String(clock) },
    })
    return { outcome: 'wrong-date', findings }
  }

  // Tampered records decide before anything the records say; the other rungs after a clock that moved.
  const cut = cutShort(guest, { timedOut: evidence.timedOut })
  if (cut?.rung === 'tampered') {
    findings.push({
      ...base,
      stage: 'probe',
      message: `the results were tampered with: record${cut.records.length > 1 ? 's' : ''} ${cut.records.slice(0, 5).join(', ')} arrived out of sequence, written by something other than the harness`,
      signature: { id: 'tampered', match: '' },
    })
    return { outcome: 'tampered', findings }
  }

  // When each line's finding happened (its reported line may be the first of a continued command).
  const failedAt = new Map<Finding, number | undefined>()
  for (const line of guest.lines) {
    const start = continuedFrom(evidence.probeSource, line.line)
    const text = evidence.probeSource?.slice(start - 1, line.line).join(' ')
    const found = probeLineFinding({ ...line, line: start }, base, afterRollover, text)
    if (!found) continue
    const finding = evidence.crossing ? timed(found, line, guest, evidence.date) : found
    failedAt.set(finding, failureUptime(line))
    findings.push(finding)
  }
  const moved = guest.clockMoves[0]
  if (moved) {
    // What failed before the clock moved ran at the date; what ran after did not.
    const before = findings.filter((finding) => {
      const uptime = failedAt.get(finding)
      return moved.uptime !== undefined && uptime !== undefined && uptime < moved.uptime
    })
    return {
      outcome: 'clock-moved',
      findings: [
        ...before,
        {
          ...base,
          stage: 'probe',
          ...(moved.by ? { line: moved.by.line, command: moved.by.command } : {}),
          message: clockMovedMessage(guest, moved),
          signature: { id: 'clock-moved', match: '' },
        },
      ],
    }
  }
  if (cut?.rung === 'timeout') {
    findings.push({
      ...base,
      stage: 'timeout',
      ...lineOf(guest),
      message: `the probe did not finish within ${evidence.timeoutSeconds} s; it was running${whereProbeWas(guest)}`,
      signature: { id: 'timeout', match: '' },
      context: lastLines(evidence.console, 25),
    })
    return { outcome: 'timeout', findings }
  }
  if (cut?.rung === 'incomplete') {
    const consoleHits = lastLines(evidence.console, 400).filter((l) => matchSignature(l, afterRollover))
    const why =
      cut.droppedBytes > 0
        ? `the probe printed more than the guest sends; ${cut.droppedBytes} bytes after that were not sent, so its later results are unknown`
        : `the guest stopped before the probe finished${cut.missingRecords ? ` (${cut.missingRecords} records lost)` : ''}; it was running${whereProbeWas(guest)}`
    findings.push({
      ...base,
      stage: 'probe',
      ...lineOf(guest),
      message: why,
      signature: { id: 'incomplete', match: '' },
      context: consoleHits.length > 0 ? consoleHits.slice(-25) : lastLines(evidence.console, 25),
    })
    return { outcome: 'incomplete', findings }
  }
  if (cut?.rung === 'stopped') {
    findings.push({
      ...base,
      stage: 'probe',
      ...(cut.line !== undefined ? { line: cut.line } : lineOf(guest)),
      message: cut.message,
      signature: { id: 'probe-stopped', match: '' },
    })
    return { outcome: 'probe-stopped', findings }
  }
  if (evidence.crossing && !ranPastCrossing(guest, evidence.date)) {
    findings.push({
      ...base,
      stage: 'probe',
      ...lineOf(guest),
      message: `the probe ended before the guest's clock crossed ${base.date}: nothing ran after it (call y2038_wait_crossing before the checks that should run after it)`,
      signature: { id: 'not-crossed', match: '' },
    })
    return { outcome: 'incomplete', findings }
  }
  const failedPastRollover = afterRollover ? [] : failuresPastRollover(failedAt, guest)
  return reconcile(
    { outcome: 'pass', findings: [], ...(failedPastRollover.length > 0 ? { failedPastRollover } : {}) },
    findings,
  )
}

/**
 * The keys of the line findings whose failure came when the guest's clock was surely past the
 * rollover. Both ways of telling the time at an uptime fall short of the clock (the clock read
 * in whole seconds, btime in whole seconds of a boot that began at a fraction of one): the
 * later of the two is still no later than the clock was.
 */
function failuresPastRollover(failedAt: Map<Finding, number | undefined>, guest: GuestReport): string[] {
  const keys: string[] = []
  for (const [finding, uptime] of failedAt) {
    const key = failureKey(finding)
    if (!key || uptime === undefined) continue
    const times = [guestTimeAt(guest, uptime), guest.clockWatch && guest.clockWatch.btime + uptime]
    const latest = Math.max(...times.filter((t): t is number => t !== undefined))
    if (Number.isFinite(latest) && isAfterRollover(new Date(latest * 1000))) keys.push(key)
  }
  return keys
}

/** clock cross: a command of the probe started, or failed, after the clock crossed `crossing`. */
export function ranPastCrossing(guest: GuestReport, crossing: Date): boolean {
  const uptimes = guest.lines.flatMap((l) => [l.lastUptime, ...l.failures.map((f) => f.uptime)])
  const latest = Math.max(...uptimes.filter((u): u is number => u !== undefined))
  const time = Number.isFinite(latest) ? guestTimeAt(guest, latest) : undefined
  return time !== undefined && time * 1000 >= crossing.getTime()
}

export interface IgnoredFinding {
  finding: Finding
  reason: string
}

/** Findings about the run as a whole (it did not test what it was asked): never set aside. */
export const RUN_SIGNATURES: ReadonlySet<string> = new Set<string>([...RUN_OUTCOME_SIGNATURES, 'not-crossed'])

/** What makes two failures of a line "the same way": where, how it ended, and what it said, digits aside. */
export function failureKey(finding: Finding): string | undefined {
  if (finding.stage === 'services' && finding.program && !RUN_SIGNATURES.has(finding.signature.id)) {
    return [finding.stage, finding.program, finding.signature.id, finding.message.replace(/\d+/g, '#')].join('\u0000')
  }
  if (
    (finding.stage !== 'probe' && finding.stage !== 'setup') ||
    finding.line === undefined ||
    RUN_SIGNATURES.has(finding.signature.id)
  )
    return undefined
  return [
    finding.stage,
    finding.line,
    finding.signature.id,
    finding.exitStatus ?? '',
    finding.message.replace(/\d+/g, '#'),
  ].join('\u0000')
}

/**
 * A probe line that fails the same way at the control date, or on both sides of the
 * rollover in one run, is not a Year-2038 failure: it is dropped from the findings at every
 * date, with the reason kept. The control's own findings are never findings.
 */
export function dropBaselineFailures(
  verdicts: { date: Date; verdict: DateVerdict }[],
  control?: { date: Date; verdict: DateVerdict },
): {
  verdicts: { date: Date; verdict: DateVerdict }[]
  ignored: IgnoredFinding[]
} {
  const atControl = new Set<string>()
  for (const finding of control?.verdict.findings ?? []) {
    const key = failureKey(finding)
    if (key) atControl.add(key)
  }
  const before = new Map<string, string>()
  const after = new Set<string>()
  for (const { date, verdict } of verdicts) {
    for (const finding of verdict.findings) {
      const key = failureKey(finding)
      if (!key) continue
      if (isAfterRollover(date) || verdict.failedPastRollover?.includes(key)) after.add(key)
      else if (!before.has(key)) before.set(key, finding.date)
    }
  }
  const ignored: IgnoredFinding[] = []
  const kept = verdicts.map(({ date, verdict }) => {
    const findings = verdict.findings.filter((finding) => {
      const key = failureKey(finding)
      if (key && atControl.has(key)) {
        ignored.push({ finding, reason: `fails the same way at the control date (${formatInstant(control!.date)})` })
        return false
      }
      if (key && before.has(key) && after.has(key)) {
        ignored.push({ finding, reason: `fails the same way before the rollover (${before.get(key)})` })
        return false
      }
      return true
    })
    return { date, verdict: reconcile(verdict, findings) }
  })
  return { verdicts: kept, ignored }
}
