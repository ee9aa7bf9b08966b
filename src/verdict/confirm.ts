/**
 * Findings confirmed: a date with findings runs again from the same saved guest, and a line
 * whose answer changes between the two runs (or that fails at the control the second time
 * it runs there) is flaky, listed apart, never a Year-2038 finding. Pure, but for the runs
 * confirmFindings is handed.
 */
import { formatInstant } from '../config/dates.js'
import type { Logger } from '../host/log.js'
import { type DateVerdict, type Finding, type IgnoredFinding, failureKey, reconcile } from './detect.js'
import { isJudged } from './outcomes.js'

/** The runs that can be compared: both ran the probe to its end at the date. */
export function isComparable(verdict: DateVerdict): boolean {
  return isJudged(verdict.outcome)
}

/** A date whose findings are worth confirming: it failed on lines of the probe, setup or services. */
export function needsConfirmation(verdict: DateVerdict): boolean {
  return verdict.outcome === 'fail' && verdict.findings.some((f) => failureKey(f) !== undefined)
}

/** The line (or the unit) a finding is about. */
function whereKey(finding: Finding): string {
  return [finding.stage, finding.line ?? finding.program ?? ''].join('\u0000')
}

/**
 * A line's answer in one run: how it failed (its signature and exit status), not the words
 * it printed, which hold times, PIDs and weekdays that differ from run to run (busybox's
 * wrapped date is another day each time). Undefined for findings about the run itself.
 */
function answerKey(finding: Finding): string | undefined {
  if (!failureKey(finding)) return undefined
  return [whereKey(finding), finding.signature.id, finding.exitStatus ?? ''].join('\u0000')
}

/** How each line failed in one run: its answers, by line. */
function answers(verdict: DateVerdict): Map<string, Set<string>> {
  const byLine = new Map<string, Set<string>>()
  for (const finding of verdict.findings) {
    const key = answerKey(finding)
    if (!key) continue
    const where = whereKey(finding)
    byLine.set(where, (byLine.get(where) ?? new Set()).add(key))
  }
  return byLine
}

const sameSet = (a: Set<string> | undefined, b: Set<string> | undefined): boolean =>
  (a?.size ?? 0) === (b?.size ?? 0) && [...(a ?? [])].every((k) => b?.has(k))

/**
 * The first run's verdict with the lines whose answer changed in the second run taken out:
 * each of their failures, from either run, is flaky.
 */
export function confirmDate(first: DateVerdict, again: DateVerdict): { verdict: DateVerdict; flaky: IgnoredFinding[] } {
  const before = answers(first)
  const after = answers(again)
  const changed = new Set(
    [...before.keys(), ...after.keys()].filter((where) => !sameSet(before.get(where), after.get(where))),
  )
  const flaky: IgnoredFinding[] = []
  const kept = first.findings.filter((finding) => {
    if (!failureKey(finding) || !changed.has(whereKey(finding))) return true
    flaky.push({
      finding,
      reason: after.has(whereKey(finding))
        ? 'flaky: it failed another way when the date ran again from the same saved guest'
        : 'flaky: it passed when the date ran again from the same saved guest',
    })
    return false
  })
  for (const finding of again.findings) {
    if (failureKey(finding) && changed.has(whereKey(finding)) && !before.has(whereKey(finding)))
      flaky.push({ finding, reason: 'flaky: it passed at first and failed when the date ran again' })
  }
  return { verdict: reconcile(first, kept), flaky }
}

/**
 * The date's verdict without the findings whose line failed the same way at the control
 * when it ran there again, having passed there the first time: flaky. (A line that failed
 * the same way at the control both times is set aside as failing at the control, later.)
 */
export function confirmAtControl(
  verdict: DateVerdict,
  controlFirst: DateVerdict,
  controlAgain: DateVerdict,
  controlDate: string,
): { verdict: DateVerdict; flaky: IgnoredFinding[] } {
  const keys = (v: DateVerdict): Set<string> => new Set(v.findings.map(answerKey).filter((k): k is string => !!k))
  const first = keys(controlFirst)
  const again = keys(controlAgain)
  const flaky: IgnoredFinding[] = []
  const kept = verdict.findings.filter((finding) => {
    const key = answerKey(finding)
    if (!key || first.has(key) || !again.has(key)) return true
    flaky.push({
      finding,
      reason: `flaky: it passed at the control date (${controlDate}) once and failed there the same way when it ran again`,
    })
    return false
  })
  return { verdict: reconcile(verdict, kept), flaky }
}

/** A date's run as confirmation sees it; its verdict is replaced by the confirmed one. */
export interface ConfirmableRun {
  date: Date
  verdict: DateVerdict
}

export interface ConfirmRuns<R extends ConfirmableRun> {
  /** Runs the date of `run` again from the saved guest; `label` names it in the log. */
  runAgain: (run: R, label: string) => Promise<DateVerdict>
  hasSnapshot: boolean
  log: Logger
}

/**
 * Each date with findings runs again from the saved guest, then the control once if a line
 * still fails: a line whose answer changes is flaky (returned), not a finding. Replaces the
 * runs' verdicts with the confirmed ones.
 */
export async function confirmFindings<R extends ConfirmableRun>(
  runs: R[],
  control: R | undefined,
  how: ConfirmRuns<R>,
): Promise<IgnoredFinding[]> {
  const flaky: IgnoredFinding[] = []
  const comparableAgain = async (run: R, label: string): Promise<DateVerdict | undefined> => {
    const again = await how.runAgain(run, label)
    if (isComparable(again)) return again
    how.log.warn(
      `the run again at ${formatInstant(run.date)} did not complete (${again.outcome}): nothing is confirmed by it`,
    )
    return undefined
  }
  if (!runs.some((r) => needsConfirmation(r.verdict))) return flaky
  if (!how.hasSnapshot) {
    how.log.info('findings not confirmed: there is no saved guest to run the dates again from')
    return flaky
  }
  for (const run of runs.filter((r) => needsConfirmation(r.verdict))) {
    const again = await comparableAgain(run, 'Confirm at')
    if (!again) continue
    const confirmed = confirmDate(run.verdict, again)
    run.verdict = confirmed.verdict
    flaky.push(...confirmed.flaky)
  }
  const failing = runs.filter((r) => needsConfirmation(r.verdict))
  if (!control || !isComparable(control.verdict) || failing.length === 0) return flaky
  const again = await comparableAgain(control, 'Confirm the control at')
  if (!again) return flaky
  for (const run of failing) {
    const confirmed = confirmAtControl(run.verdict, control.verdict, again, formatInstant(control.date))
    run.verdict = confirmed.verdict
    flaky.push(...confirmed.flaky)
  }
  return flaky
}
