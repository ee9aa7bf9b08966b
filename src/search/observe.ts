/**
 * What one run of the probe says for the search: each line that ran, the guest's clock when
 * it started, and whether it failed. Pure.
 */
import { type DateVerdict, guestTimeAt } from '../verdict/detect.js'
import type { GuestReport } from '../verdict/guest-report.js'

export interface LineObservation {
  line: number
  /** The line's first command, as bash saw it. */
  command: string
  /** The guest's clock when a command of the line first started, in seconds since the epoch. */
  instant: number
  /**
   * The guest's clock when the line was last seen (its failure, or its last command's start):
   * whatever clock its program read, it read it between `instant` and this.
   */
  end: number
  failed: boolean
  /** What the failure said, when it failed. */
  message?: string
}

/**
 * systemd's units through one run (init: systemd, a run that reached its end): when the
 * clock was set, and each unit that failed after it, with when it failed. A unit not listed
 * lived through the run.
 */
export interface UnitsObserved {
  /** The guest's clock when it was set (the probe's start), seconds since the epoch. */
  start: number
  failed: Array<{ unit: string; at: number; message: string }>
}

/** One run of the probe at a date, as the search reads it. */
export interface Observed {
  date: Date
  lines: LineObservation[]
  /** Only when the run watched systemd's units to its end. */
  units?: UnitsObserved
}

/**
 * The lines of the probe that ran, each with its start on the guest's clock and its answer:
 * failed when the date's verdict has a probe finding on it. A line whose start cannot be put
 * on the clock (no clock or uptime read at probe start) is left out, and so is every line of
 * a run whose records were tampered with or whose clock the probe moved.
 */
export function observeLines(guest: GuestReport, verdict: DateVerdict): LineObservation[] {
  if (verdict.outcome === 'tampered' || verdict.outcome === 'clock-moved') return []
  const findings = verdict.findings
  const observed: LineObservation[] = []
  for (const line of guest.lines) {
    const instant = line.firstUptime === undefined ? undefined : guestTimeAt(guest, line.firstUptime)
    if (instant === undefined) continue
    const lastSeen = line.failures.at(-1)?.uptime ?? line.lastUptime
    const end = lastSeen === undefined ? instant : (guestTimeAt(guest, lastSeen) ?? instant)
    const finding = findings.find((f) => f.stage === 'probe' && f.line === line.line)
    observed.push({
      line: line.line,
      command: line.command,
      instant,
      end: Math.max(end, instant),
      failed: finding !== undefined,
      ...(finding ? { message: finding.message } : {}),
    })
  }
  return observed
}

/**
 * The units of a run under init: systemd that failed after the clock was set, each at the
 * guest time of its first telling console line; undefined when the run did not watch them to
 * the end (another init, a run cut short) or could not tell the time. A unit whose failure
 * has no time (systemctl listed it, no console line said when) is left out.
 */
export function observeUnits(guest: GuestReport, verdict: DateVerdict, systemd: boolean): UnitsObserved | undefined {
  if (!systemd || (verdict.outcome !== 'pass' && verdict.outcome !== 'fail')) return undefined
  if (guest.clockAtProbe === undefined) return undefined
  const failed = verdict.findings
    .filter((f) => f.stage === 'services' && f.program !== undefined && f.guestTime !== undefined)
    .map((f) => ({ unit: f.program!, at: Date.parse(f.guestTime!) / 1000, message: f.message }))
  return { start: guest.clockAtProbe, failed }
}
