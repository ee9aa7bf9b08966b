/**
 * The date search: from what each run of the probe said about each line (its start on the
 * guest's clock, pass or fail), where each line changes its answer, narrowed to the second.
 * Which dates to run next, and what was found. Pure: the runs come in from the engine.
 */
import { ROLLOVER, ROLLOVERS, formatInstant } from '../config/dates.js'
import type { LineObservation, Observed } from './observe.js'

/** One answer of a line: when it started on the guest's clock, and from which run. */
interface Point {
  instant: number
  /** The line was last seen then: its program read the clock between `instant` and this. */
  end: number
  failed: boolean
  /** The run's date (seconds since the epoch, with milliseconds): the line started `instant - date` into it. */
  date: number
  message?: string
}

/** Everything seen of each line, by line number, and of systemd's units run by run. */
export class SearchState {
  readonly lines = new Map<number, { command: string; points: Point[] }>()
  /** The runs that watched systemd's units to their end: when the clock was set, and which failed when. */
  readonly unitRuns: Array<{ date: number; start: number; failed: Map<string, { at: number; message: string }> }> = []
  /** Dates already run, in seconds since the epoch (with milliseconds): the bisection never runs one twice. */
  readonly ran = new Set<number>()

  add(observed: Observed): void {
    const date = observed.date.getTime() / 1000
    this.ran.add(date)
    for (const o of observed.lines) this.addLine(o, date)
    if (observed.units) {
      const failed = new Map(observed.units.failed.map((f) => [f.unit, { at: f.at, message: f.message }]))
      this.unitRuns.push({ date, start: observed.units.start, failed })
    }
  }

  /**
   * Each unit that failed in some run, with its answer in every run that watched the units:
   * it lived through the run from the clock's setting on (a pass there), or failed at a time.
   */
  units(): Map<string, Point[]> {
    const names = new Set(this.unitRuns.flatMap((r) => [...r.failed.keys()]))
    const units = new Map<string, Point[]>()
    for (const unit of [...names].sort()) {
      const points = this.unitRuns.map((run): Point => {
        const failure = run.failed.get(unit)
        return failure
          ? {
              instant: run.start,
              end: Math.max(run.start, failure.at),
              failed: true,
              date: run.date,
              message: failure.message,
            }
          : { instant: run.start, end: run.start, failed: false, date: run.date }
      })
      units.set(
        unit,
        points.sort((a, b) => a.instant - b.instant),
      )
    }
    return units
  }

  private addLine(o: LineObservation, date: number): void {
    const entry = this.lines.get(o.line) ?? { command: o.command, points: [] }
    entry.points.push({
      instant: o.instant,
      end: o.end,
      failed: o.failed,
      date,
      ...(o.message !== undefined ? { message: o.message } : {}),
    })
    entry.points.sort((a, b) => a.instant - b.instant)
    this.lines.set(o.line, entry)
  }
}

/** A change of a line's answer between two neighbouring points, passing then failing or back. */
export interface Change {
  line: number
  before: Point
  after: Point
}

/** A line's answers that change more often than this in one range are called flaky. */
export const MAX_CHANGES = 4

/** Every pair of neighbouring points (by the line's start) that answered differently. */
function rawChanges(line: number, points: readonly Point[]): Change[] {
  const changes: Change[] = []
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.failed !== points[i - 1]!.failed) changes.push({ line, before: points[i - 1]!, after: points[i]! })
  }
  return changes
}

const second = (instant: number): number => Math.floor(instant)

/**
 * Changes no more than this apart go together. Near a change, a line's answer can go back
 * and forth over a second or so: its start moves a few tenths from run to run, and what it
 * answers may hang on an earlier line's time (a file made a second before). An odd number of
 * such changes is one change; an even number undoes itself: no rollover does that, a line
 * that answers at random does.
 */
export const BLIP_SECONDS = 2

/** The raw changes of a line in groups no more than BLIP_SECONDS apart, in order. */
function clusters(changes: readonly Change[]): Change[][] {
  const groups: Change[][] = []
  for (const change of changes) {
    const last = groups.at(-1)
    if (last && second(change.after.instant) - second(last.at(-1)!.before.instant) <= BLIP_SECONDS) last.push(change)
    else groups.push([change])
  }
  return groups
}

/** A line's changes as the search counts them: each group of raw changes that does not undo itself is one. */
export function changesOf(line: number, points: readonly Point[]): { changes: Change[]; undone?: Change[] } {
  const groups = clusters(rawChanges(line, points))
  const undone = groups.find((g) => g.length % 2 === 0)
  const changes = groups.map((g) => ({ line, before: g[0]!.before, after: g.at(-1)!.after }))
  return { changes, ...(undone ? { undone } : {}) }
}

/**
 * What a change says in whole seconds. The line's program read the clock at some moment
 * between the line's start and when it was last seen; a clock rollover is a whole second B
 * from which a reading gives the new answer. The side with the old answer read before B, so
 * B is after its start; the side with the new answer read at or after B, so B is no later
 * than its end. Narrowed: one whole second fits, B = lastBefore + 1 = firstAfter. (None
 * fits when the answer depends on more than the line's own reading, a file an earlier line
 * made, say: then the change is as narrow as the runs can make it.) Else `target`, the
 * second to start the line in next.
 */
export function bracket(change: Change): {
  lastBefore: number
  firstAfter: number
  narrowed: boolean
  target?: number
} {
  const lo = second(change.before.instant)
  const hi = second(change.after.end)
  if (hi - lo <= 1) return { lastBefore: lo, firstAfter: lo + 1, narrowed: true }
  return { lastBefore: lo, firstAfter: hi, narrowed: false, target: targetSecond(lo, hi) }
}

/**
 * Seconds where a change is likely, tried before plain bisection: each rollover, and the
 * moments a program that looks that far ahead (a second, a day, a year...) first reaches it.
 */
export const LOOKAHEADS: ReadonlyArray<readonly [seconds: number, words: string]> = [
  [1, '1 s'],
  [60, '1 minute'],
  [3600, '1 hour'],
  [86400, '1 day'],
  [30 * 86400, '30 days'],
  [365 * 86400, '365 days'],
  [366 * 86400, '366 days'],
]
export const LIKELY_SECONDS: readonly number[] = ROLLOVERS.flatMap((r) =>
  [0, ...LOOKAHEADS.map(([ahead]) => ahead)].map((ahead) => Math.floor(r.at.getTime() / 1000) - ahead),
).sort((a, b) => b - a)

/**
 * The second to try inside a change from second `lo` to second `hi` (hi - lo >= 2): the last
 * second before a likely change, then the likely second itself, so that a change there takes
 * two runs, the latest likely change first (a run that fails before it rules it out in one);
 * else the middle one.
 */
export function targetSecond(lo: number, hi: number): number {
  for (const likely of LIKELY_SECONDS) {
    if (likely - 1 > lo && likely - 1 < hi) return likely - 1
    if (likely > lo && likely < hi) return likely
  }
  return lo + Math.floor((hi - lo) / 2)
}

/**
 * How far into its target second a step aims to start the line: a run's lines start a few
 * tenths of a second earlier or later than the last run's did.
 */
export const LEAD_SECONDS = 0.3

/**
 * The dates to run next, at most `count`: for the widest changes still open, a date at which
 * the line should start in its change's target second (targetSecond). A change whose target
 * second a date already chosen reaches (another line's, at the same rollover) is not asked
 * for twice.
 */
export function nextDates(state: SearchState, count: number): Date[] {
  const open: Change[] = []
  for (const [line, { points }] of state.lines) {
    const { changes, undone } = changesOf(line, points)
    if (undone || changes.length > MAX_CHANGES) continue
    open.push(...changes.filter((c) => !bracket(c).narrowed))
  }
  open.sort(
    (a, b) =>
      second(b.after.instant) - second(b.before.instant) - (second(a.after.instant) - second(a.before.instant)) ||
      a.line - b.line,
  )
  const chosen: number[] = []
  for (const change of open) {
    if (chosen.length >= count) break
    // How far into a run the line started, as the two sides of its change measured it.
    const offset = (c: Change) => (c.before.instant - c.before.date + (c.after.instant - c.after.date)) / 2
    const target = bracket(change).target!
    if (chosen.some((date) => second(date + offset(change)) === target)) continue
    // Start the run that much earlier, so that the line starts inside the target second; a
    // date already run (its line started elsewhere than aimed) is moved on a little.
    const aimed = target + LEAD_SECONDS - offset(change)
    const date = [0, 0.2, -0.2, 0.4]
      .map((nudge) => Math.round((aimed + nudge) * 1000) / 1000)
      .find((d) => !state.ran.has(d) && !chosen.includes(d))
    if (date !== undefined) chosen.push(date)
  }
  return chosen.map((s) => new Date(Math.round(s * 1000)))
}

/** A change of a line's answer, narrowed as far as the search got. */
export interface LineChange {
  /** What the line does from `firstAfter` on. */
  to: 'fail' | 'pass'
  /** The last second the line was seen answering the other way, and the first it answered this way. */
  lastBefore: string
  firstAfter: string
  /** Narrowed to the second: the two are one second apart. */
  exact: boolean
  /** What the failure said at the failing side. */
  message?: string
}

export interface LineSearch {
  /** The probe's line, or for init: systemd a unit (`unit`, no line): what changes. */
  line?: number
  command?: string
  unit?: string
  /**
   * changes: its answer changes at the instants given; fails/passes: the same answer at every
   * date of the range; flaky: a change undone within BLIP_SECONDS (seen when a date ran again,
   * or by the bisection), or more than MAX_CHANGES changes.
   */
  verdict: 'changes' | 'fails' | 'passes' | 'flaky'
  changes: LineChange[]
  /** flaky: why. */
  reason?: string
  /** The first failing second is before 2038-01-19T03:14:08Z. */
  beforeRollover?: boolean
}

/** The dates to run again to confirm each change found: the date of each failing side, once. */
export function confirmDates(state: SearchState): Date[] {
  const dates = new Set<number>()
  for (const [line, { points }] of state.lines) {
    const { changes, undone } = changesOf(line, points)
    if (undone || changes.length > MAX_CHANGES) continue
    for (const c of changes) dates.add((c.after.failed ? c.after : c.before).date)
  }
  return [...dates].sort((a, b) => a - b).map((s) => new Date(Math.round(s * 1000)))
}

const at = (instant: number): string => formatInstant(new Date(second(instant) * 1000))

/** What the search found for one line or unit, from its points. */
function subjectResult(base: Pick<LineSearch, 'line' | 'command' | 'unit'>, points: readonly Point[]): LineSearch {
  const { changes, undone } = changesOf(base.line ?? 0, points)
  if (undone) {
    const [first, last] = [undone[0]!, undone.at(-1)!]
    return {
      ...base,
      verdict: 'flaky',
      changes: [],
      reason: `it ${first.after.failed ? 'failed' : 'passed'} at ${at(first.after.instant)} and ${last.after.failed ? 'failed' : 'passed'} again by ${at(last.after.instant)}`,
    }
  }
  if (changes.length > MAX_CHANGES) {
    return {
      ...base,
      verdict: 'flaky',
      changes: [],
      reason: `its answer changed ${changes.length} times in ${points.length} runs`,
    }
  }
  if (changes.length === 0) return { ...base, verdict: points[0]!.failed ? 'fails' : 'passes', changes: [] }
  const found = changes.map((c): LineChange => {
    const failing = c.after.failed ? c.after : c.before
    const { lastBefore, firstAfter, narrowed } = bracket(c)
    return {
      to: c.after.failed ? 'fail' : 'pass',
      lastBefore: at(lastBefore),
      firstAfter: at(firstAfter),
      exact: narrowed,
      ...(failing.message !== undefined ? { message: failing.message } : {}),
    }
  })
  const firstFail = found.find((c) => c.to === 'fail')
  return {
    ...base,
    verdict: 'changes',
    changes: found,
    ...(firstFail ? { beforeRollover: new Date(firstFail.firstAfter) < ROLLOVER } : {}),
  }
}

/**
 * What the search found for each line, in line order, then for each systemd unit that failed
 * in some run. A unit is not steered to (its failure comes when it next reads the clock):
 * its change is as narrow as the runs made for the lines leave it.
 */
export function lineResults(state: SearchState): LineSearch[] {
  const lines = [...state.lines]
    .sort((a, b) => a[0] - b[0])
    .map(([line, { command, points }]) => subjectResult({ line, command }, points))
  const units = [...state.units()].map(([unit, points]) => subjectResult({ unit }, points))
  return [...lines, ...units]
}

/**
 * The results once the changes found were confirmed (`after`, with the runs made again),
 * against the results before (`before`): a line whose changes the runs made again altered
 * (a change where the first runs saw none, or one the other way) is flaky. A line whose
 * answer truly changes at an instant only ever answers one way on each side of it, so a
 * run made again can narrow its change, never add one; a line that answers otherwise when
 * its date runs again (another second, as its start moves a few tenths, or the same) can.
 */
export function confirmedResults(before: readonly LineSearch[], after: readonly LineSearch[]): LineSearch[] {
  const key = (l: LineSearch) => (l.unit !== undefined ? `unit ${l.unit}` : `line ${l.line}`)
  const earlier = new Map(before.map((l) => [key(l), l]))
  const turns = (l: LineSearch) => l.changes.map((c) => c.to).join(' ')
  const told = (l: LineSearch | undefined): string =>
    l === undefined
      ? 'not seen'
      : l.verdict === 'changes'
        ? l.changes.map((c) => `${c.to === 'fail' ? 'failing' : 'passing'} from ${c.firstAfter}`).join(', ')
        : `${l.verdict === 'fails' ? 'failing' : 'passing'} at every date`
  return after.map((result) => {
    const first = earlier.get(key(result))
    if (result.verdict !== 'changes' || first?.verdict === 'flaky') return result
    if (first && first.verdict === 'changes' && turns(first) === turns(result)) return result
    return {
      ...(result.line !== undefined ? { line: result.line } : {}),
      ...(result.command !== undefined ? { command: result.command } : {}),
      ...(result.unit !== undefined ? { unit: result.unit } : {}),
      verdict: 'flaky',
      changes: [],
      reason: `${told(first)} in the first runs, ${told(result)} once dates ran again to confirm`,
    }
  })
}

/** The earliest second at which any line starts to fail, over every line that changes. */
export function firstFailing(lines: readonly LineSearch[]): string | undefined {
  const seconds = lines
    .filter((l) => l.verdict === 'changes')
    .flatMap((l) => l.changes.filter((c) => c.to === 'fail').map((c) => c.firstAfter))
    .sort()
  return seconds[0]
}
