/**
 * The search after its scan: rounds of bisection until every change of every line is
 * narrowed to the second (or the steps run out), then each change's failing side run once
 * more to confirm it. The runs come in through `runAt`; everything else is bisect.ts.
 */
import { formatInstant } from '../config/dates.js'
import type { SearchRange } from '../config/options.js'
import {
  type LineSearch,
  SearchState,
  confirmDates,
  confirmedResults,
  firstFailing,
  lineResults,
  nextDates,
} from './bisect.js'
import type { Observed } from './observe.js'

export interface SearchDeps {
  /**
   * Runs the probe at each date (side by side where the host can), answering in the same
   * order; `again`: the dates ran before, and run again to confirm what they found.
   */
  runAt: (dates: Date[], again: boolean) => Promise<Observed[]>
  /** How many dates one round asks for. */
  batch: number
  /** The most runs of the bisection, the confirmations aside. */
  maxSteps: number
  log: { info(message: string): void }
}

/** The most runs a search bisects with, whatever it has left open. */
export const MAX_SEARCH_STEPS = 64

export interface SearchReport {
  from: string
  to: string
  /** Runs: the scan's dates (reported as the run's dates), the bisection's, and the confirmations. */
  scanRuns: number
  bisectionRuns: number
  confirmationRuns: number
  /** Some change was still wider than a second when the bisection's runs ran out. */
  stepsRanOut: boolean
  lines: LineSearch[]
  /** The earliest second at which any line starts to fail. */
  firstFailing?: string
}

export async function searchLines(
  range: SearchRange,
  scan: readonly Observed[],
  deps: SearchDeps,
): Promise<SearchReport> {
  const state = new SearchState()
  for (const observed of scan) state.add(observed)
  let steps = 0
  for (let round = 1; ; round++) {
    const dates = nextDates(state, Math.min(deps.batch, deps.maxSteps - steps))
    if (dates.length === 0) break
    deps.log.info(`Search round ${round}: ${dates.map(formatInstant).join(', ')}`)
    for (const observed of await deps.runAt(dates, false)) state.add(observed)
    steps += dates.length
  }
  const stepsRanOut = nextDates(state, 1).length > 0
  const again = confirmDates(state)
  const unconfirmed = lineResults(state)
  if (again.length > 0) {
    deps.log.info(`Search: running ${again.length} date(s) again to confirm the changes found`)
    for (const observed of await deps.runAt(again, true)) state.add(observed)
  }
  const lines = confirmedResults(unconfirmed, lineResults(state))
  const first = firstFailing(lines)
  return {
    from: formatInstant(range.from),
    to: formatInstant(range.to),
    scanRuns: scan.length,
    bisectionRuns: steps,
    confirmationRuns: again.length,
    stepsRanOut,
    lines,
    ...(first ? { firstFailing: first } : {}),
  }
}
