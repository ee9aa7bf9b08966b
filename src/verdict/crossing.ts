/** clock cross: which side of the crossing a finding is on, and what failed before it. Pure. */
import { formatInstant } from '../config/dates.js'
import { type DateVerdict, type Finding, type IgnoredFinding, reconcile } from './detect.js'

export function sideOfCrossing(finding: Finding, crossing: Date): Finding {
  if (!finding.guestTime) return finding
  return { ...finding, crossing: Date.parse(finding.guestTime) >= crossing.getTime() ? 'after' : 'before' }
}

/**
 * What failed before the clock crossed the date is not a failure at the date; it is set
 * aside with the time it happened. A date whose findings all went is a pass.
 */
export function splitAtCrossing(
  verdict: DateVerdict,
  crossing: Date,
): { kept: DateVerdict; beforeCrossing: IgnoredFinding[] } {
  const before = verdict.findings.filter((f) => f.crossing === 'before')
  if (before.length === 0) return { kept: verdict, beforeCrossing: [] }
  const findings = verdict.findings.filter((f) => f.crossing !== 'before')
  return {
    kept: reconcile(verdict, findings),
    beforeCrossing: before.map((finding) => ({
      finding,
      reason: `it happened at ${finding.guestTime}, before the clock crossed ${formatInstant(crossing)}`,
    })),
  }
}
