/**
 * What a date's run came to, and the words for it: one table keyed by outcome, so that an
 * outcome added without its text does not compile. The text report, the job summary and the
 * JSON schema's description all draw from it.
 */

/**
 * - pass: the probe ran at the requested date and nothing failed.
 * - fail: the probe ran at the requested date and found failures.
 * - boot-failure: the guest never reached the probe.
 * - wrong-date: the probe ran, but not at the requested date.
 * - clock-moved: something set the guest's clock while the probe ran, so what ran after it
 *   did not run at the requested date.
 * - timeout: the guest did not finish in time.
 * - incomplete: the probe started but its results stopped before the end.
 * - probe-stopped: the probe did not run to its end (exit, set -e, a signal, a syntax error).
 * - tampered: records reached the results port that the harness did not write in order.
 * - setup-failed: installing the user's .debs or their setup script failed, so the probe
 *   never ran (not a Year-2038 finding by itself).
 */
export const OUTCOMES = [
  'pass',
  'fail',
  'boot-failure',
  'wrong-date',
  'clock-moved',
  'timeout',
  'incomplete',
  'probe-stopped',
  'tampered',
  'setup-failed',
] as const
export type Outcome = (typeof OUTCOMES)[number]

interface OutcomeWords {
  /** The text report's line for a date: its mark (PASS or FAIL) and what happened. */
  report: string
  /** The job summary's table cell. */
  summary: string
}

export const OUTCOME_WORDS: Record<Outcome, OutcomeWords> = {
  pass: { report: 'PASS  no Year-2038 failures', summary: '✅ pass' },
  fail: { report: 'FAIL  Year-2038 failures found', summary: '❌ Year-2038 failures' },
  'boot-failure': { report: 'FAIL  the guest did not boot', summary: '❌ did not boot' },
  'wrong-date': {
    report: 'FAIL  the guest did not run at the requested date',
    summary: '❌ not at the requested date',
  },
  'clock-moved': {
    report: "FAIL  the guest's clock was set while the probe ran",
    summary: '❌ clock set during the probe',
  },
  timeout: { report: 'FAIL  the guest timed out', summary: '❌ timed out' },
  incomplete: { report: 'FAIL  the probe did not finish', summary: '❌ probe did not finish' },
  'probe-stopped': { report: 'FAIL  the probe stopped before its end', summary: '❌ probe stopped early' },
  tampered: { report: 'FAIL  the results were tampered with', summary: '❌ results tampered with' },
  'setup-failed': { report: 'FAIL  setup failed: the probe did not run', summary: '❌ setup failed, probe not run' },
}

function wordsFor(outcome: string): OutcomeWords | undefined {
  return (OUTCOME_WORDS as Record<string, OutcomeWords | undefined>)[outcome]
}

/** The text report's line for an outcome read from a report (any string): `FAIL  the guest timed out`. */
export function outcomeLine(outcome: string): string {
  return wordsFor(outcome)?.report ?? outcome
}

/** What happened, without the PASS or FAIL mark: `the guest timed out`. */
export function outcomeWhat(outcome: string): string {
  return outcomeLine(outcome).replace(/^(?:PASS|FAIL)\s+/, '')
}

/** The job summary's cell for an outcome. */
export function outcomeCell(outcome: string): string {
  return wordsFor(outcome)?.summary ?? outcome
}
