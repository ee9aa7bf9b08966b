/**
 * What a date's run came to, and the words for it: one table keyed by outcome, so that an
 * outcome added without its text does not compile. The text report and the job summary draw
 * from it (docs/report.schema.json's enum and description are checked against it); so do the verdict (which outcomes a finding can
 * turn to pass or fail), the run's result and exit status, SARIF and the annotations.
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

/** How a date's outcome weighs, as the annotations and SARIF name it: a pass is none. */
export type Severity = 'none' | 'error'

export interface OutcomeEntry {
  /** The text report's line for a date: its mark (PASS or FAIL) and what happened. */
  report: string
  /** The job summary's table cell, after its mark. */
  summary: string
  /** The mark of the job summary and the report action's grid. */
  mark: '✅' | '❌'
  severity: Severity
  /** The date passes: a run's result is pass (exit status 0) when every date's outcome does. */
  passes: boolean
  /** The probe ran to its end at the date, so its findings decide pass or fail (reconcile); a run that can be compared with another. */
  judged: boolean
  /**
   * For an outcome whose own finding carries its name as the signature (the run did not test
   * what it was asked): the SARIF rule's text and the annotation's title. Undefined for an
   * outcome whose findings have signatures of their own.
   */
  finding: { rule: string; title: string } | undefined
}

const FAILED = { mark: '❌', severity: 'error', passes: false } as const
const CUT_SHORT = { ...FAILED, judged: false } as const

export const OUTCOME_TABLE: Record<Outcome, OutcomeEntry> = {
  pass: {
    report: 'PASS  no Year-2038 failures',
    summary: 'pass',
    mark: '✅',
    severity: 'none',
    passes: true,
    judged: true,
    finding: undefined,
  },
  fail: {
    ...FAILED,
    report: 'FAIL  Year-2038 failures found',
    summary: 'Year-2038 failures',
    judged: true,
    finding: undefined,
  },
  'boot-failure': { ...CUT_SHORT, report: 'FAIL  the guest did not boot', summary: 'did not boot', finding: undefined },
  'wrong-date': {
    ...CUT_SHORT,
    report: 'FAIL  the guest did not run at the requested date',
    summary: 'not at the requested date',
    finding: undefined,
  },
  'clock-moved': {
    ...CUT_SHORT,
    report: "FAIL  the guest's clock was set while the probe ran",
    summary: 'clock set during the probe',
    finding: { rule: "Something set the guest's clock while the probe ran", title: 'Guest clock set during the probe' },
  },
  timeout: {
    ...CUT_SHORT,
    report: 'FAIL  the guest timed out',
    summary: 'timed out',
    finding: { rule: 'The guest did not finish in time', title: 'Guest timed out' },
  },
  incomplete: {
    ...CUT_SHORT,
    report: 'FAIL  the probe did not finish',
    summary: 'probe did not finish',
    finding: { rule: "The probe's results stopped before its end", title: 'Probe results incomplete' },
  },
  'probe-stopped': {
    ...CUT_SHORT,
    report: 'FAIL  the probe stopped before its end',
    summary: 'probe stopped early',
    finding: { rule: 'The probe stopped before its end', title: 'Probe stopped before its end' },
  },
  tampered: {
    ...CUT_SHORT,
    report: 'FAIL  the results were tampered with',
    summary: 'results tampered with',
    finding: {
      rule: 'Records the harness did not write reached the results port',
      title: 'Probe results tampered with',
    },
  },
  'setup-failed': {
    ...CUT_SHORT,
    report: 'FAIL  setup failed: the probe did not run',
    summary: 'setup failed, probe not run',
    finding: { rule: 'Installing the .debs or the setup script failed: the probe did not run', title: 'Setup failed' },
  },
}

/** The entry of an outcome read from a report (any string), or undefined for one this version does not know. */
export function outcomeEntry(outcome: string): OutcomeEntry | undefined {
  return Object.hasOwn(OUTCOME_TABLE, outcome) ? OUTCOME_TABLE[outcome as Outcome] : undefined
}

/** The text report's line for an outcome read from a report (any string): `FAIL  the guest timed out`. */
export function outcomeLine(outcome: string): string {
  return outcomeEntry(outcome)?.report ?? outcome
}

/** What happened, without the PASS or FAIL mark: `the guest timed out`. */
export function outcomeWhat(outcome: string): string {
  return outcomeLine(outcome).replace(/^(?:PASS|FAIL)\s+/, '')
}

/** The job summary's cell for an outcome: `❌ timed out`. */
export function outcomeCell(outcome: string): string {
  const entry = outcomeEntry(outcome)
  return entry ? `${entry.mark} ${entry.summary}` : outcome
}

/** The date passed; an outcome this version does not know did not. */
export function outcomePasses(outcome: string): boolean {
  return outcomeEntry(outcome)?.passes ?? false
}

/** The probe ran to its end at the date: its findings decide, and it can be compared with another run. */
export function isJudged(outcome: string): boolean {
  return outcomeEntry(outcome)?.judged ?? false
}

/**
 * The outcomes whose own finding carries their name as its signature: findings about the run
 * as a whole (it did not test what it was asked), never a line's Year-2038 failure.
 */
export const RUN_OUTCOME_SIGNATURES: readonly Outcome[] = OUTCOMES.filter((o) => OUTCOME_TABLE[o].finding)

/** The outcome a finding's signature names, when it is such a finding about the run. */
export function runOutcomeOf(signatureId: string): OutcomeEntry['finding'] {
  return outcomeEntry(signatureId)?.finding
}

/**
 * The severity of a finding with this signature: that of the outcome it is the finding of,
 * else that of a fail (a line's failure).
 */
export function findingSeverity(signatureId: string): Severity {
  const entry = outcomeEntry(signatureId)
  return (entry?.finding ? entry : OUTCOME_TABLE.fail).severity
}
