/**
 * init: systemd. What happened to the guest's services once the clock moved, read from the
 * console: systemd logs to the kernel's ring buffer, so each of its lines (and every line a
 * service sent to kmsg) carries the seconds since boot, and the harness said how many had
 * passed when it set the clock. The units that had failed before that are not Year-2038
 * failures. Pure.
 */
import { formatInstant } from '../config/dates.js'
import type { ClockMode } from '../config/options.js'
import { type Finding, matchSignature } from './detect.js'

/** `[   99.833659] systemd-journald[194]: message` */
const KMSG_LINE = /^\[\s*(\d+\.\d+)\] ([^\s[\]]+)\[(\d+)\]: (.*)$/

export interface KmsgLine {
  uptime: number
  process: string
  pid: number
  message: string
  text: string
}

export function parseKmsgLines(console: string): KmsgLine[] {
  const lines: KmsgLine[] = []
  for (const raw of console.split('\n')) {
    const text = raw.replace(/\r$/, '')
    const m = KMSG_LINE.exec(text)
    if (!m) continue
    lines.push({ uptime: Number(m[1]), process: m[2]!, pid: Number(m[3]), message: m[4]!, text })
  }
  return lines
}

/**
 * The unit a line is about: PID 1's `unit: …` lines name it, and so do those of systemd's own
 * child before it execs the unit's program (named `(program)`, e.g. `(modprobe)[189]`); a
 * service's own lines are its process's.
 */
export function unitOf(line: Pick<KmsgLine, 'process' | 'pid' | 'message'>): string {
  if (line.pid === 1 || /^\(.+\)$/.test(line.process)) {
    const named = /^([\w@:.\\-]+\.(?:service|socket|mount|timer|target|device|path|scope|slice|swap)): /.exec(
      line.message,
    )
    if (named) return named[1]!
    if (line.pid === 1) return 'systemd (PID 1)'
  }
  return line.process.includes('.') ? line.process : `${line.process}.service`
}

const MAIN_EXIT = /Main process exited, code=(exited|killed|dumped), status=(\d+)\/(\S+)/
const FAILED_RESULT = /Failed with result '([^']+)'/

/** One unit's state after the clock moved, for the report's services table. */
export interface ServiceState {
  unit: string
  /** failed: after the clock moved; failed-at-boot: before it (not a Year-2038 failure). */
  state: 'failed' | 'failed-at-boot'
  /** The first line that showed it. */
  firstLine?: string
  /** The guest's time of that line. */
  guestTime?: string
}

export interface ServiceEvidence {
  console: string
  /** The date's identity, as on every finding. */
  base: { date: string; clock: ClockMode; arch: string; suite: string }
  /** Seconds since boot when the clock was set (and the probe started), and the clock then. */
  uptimeAtProbe?: number
  clockAtProbe?: number
  /** Units failed before the clock moved, and after the probe (when systemctl still worked). */
  bootFailed: string[]
  failedAfter: string[]
}

interface UnitTrouble {
  lines: KmsgLine[]
  signature?: { id: string; match: string; line: KmsgLine }
  exit?: { code: string; status: number; name: string; line: KmsgLine }
  result?: { value: string; line: KmsgLine }
}

/**
 * The units that failed after the clock moved: one finding each, at stage `services`, with
 * the unit, its Year-2038 line or its exit, and the guest time it happened at.
 */
export function evaluateServices(evidence: ServiceEvidence): { findings: Finding[]; services: ServiceState[] } {
  const since = evidence.base.clock === 'boot' ? 0 : (evidence.uptimeAtProbe ?? Number.POSITIVE_INFINITY)
  const timeOf = (uptime: number): string | undefined =>
    evidence.uptimeAtProbe !== undefined && evidence.clockAtProbe !== undefined
      ? formatInstant(new Date((evidence.clockAtProbe + (uptime - evidence.uptimeAtProbe)) * 1000))
      : undefined
  const troubles = new Map<string, UnitTrouble>()
  const trouble = (unit: string): UnitTrouble => {
    let found = troubles.get(unit)
    if (!found) troubles.set(unit, (found = { lines: [] }))
    return found
  }
  for (const line of parseKmsgLines(evidence.console)) {
    // Lines from the moment the clock was set; a little slack for the two clocks' rounding.
    if (line.uptime < since - 0.05) continue
    const unit = unitOf(line)
    const hit = matchSignature(line.message, true)
    const exit = line.pid === 1 ? MAIN_EXIT.exec(line.message) : null
    const result = line.pid === 1 ? FAILED_RESULT.exec(line.message) : null
    const failedExit = exit && !(exit[1] === 'exited' && exit[2] === '0')
    if (!hit && !failedExit && !result) continue
    const t = trouble(unit)
    t.lines.push(line)
    if (hit && !t.signature) t.signature = { id: hit.signature.id, match: hit.match, line }
    if (failedExit && !t.exit) t.exit = { code: exit[1]!, status: Number(exit[2]), name: exit[3]!, line }
    if (result && !t.result) t.result = { value: result[1]!, line }
  }
  const bootFailed = new Set(evidence.bootFailed)
  for (const unit of evidence.failedAfter) if (!bootFailed.has(unit) && !troubles.has(unit)) trouble(unit)

  const findings: Finding[] = []
  const services: ServiceState[] = []
  for (const [unit, t] of troubles) {
    const first = t.signature?.line ?? t.exit?.line ?? t.result?.line ?? t.lines[0]
    const guestTime = first ? timeOf(first.uptime) : undefined
    const exitText = t.exit ? `code=${t.exit.code}, status=${t.exit.status}/${t.exit.name}` : undefined
    const message = first
      ? first.message
      : `${unit} is listed as failed by systemctl after the probe (no console line said why)`
    findings.push({
      ...evidence.base,
      stage: 'services',
      program: unit,
      message: t.exit && first !== t.exit.line ? `${message} (${exitText})` : message,
      signature: t.signature
        ? { id: t.signature.id, match: t.signature.match }
        : { id: 'unit-failed', match: exitText ?? t.result?.value ?? 'failed' },
      ...(t.exit?.code === 'exited' ? { exitStatus: t.exit.status } : {}),
      ...(guestTime ? { guestTime } : {}),
      ...(t.lines.length > 0 ? { context: t.lines.slice(0, 20).map((l) => l.text) } : {}),
    })
    services.push({
      unit,
      state: 'failed',
      ...(first ? { firstLine: first.message } : {}),
      ...(guestTime ? { guestTime } : {}),
    })
  }
  for (const unit of evidence.bootFailed) services.push({ unit, state: 'failed-at-boot' })
  return { findings, services }
}
