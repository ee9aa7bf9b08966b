/**
 * Benchmark of confirming findings: the command line runs the same probe at the same dates
 * (i386 bookworm, clock step, four dates, the control on) with `--confirm false` and with
 * confirmation on, in one invocation, and prints the runs each made and the time, so that
 * the cost reads as a ratio on a shared, noisy machine. Two of the four dates have findings
 * (sudo past the rollover): confirmation should cost those two dates run again, plus the
 * control once, and nothing for the dates that passed. The guest must already be built.
 *
 *   npm run bench:confirm
 *
 * Exits non-zero if a run fails, a date did not run to its end, confirmation ran a date
 * without findings again, or the two runs disagree on the findings.
 */
import type { JsonReport } from '../src/report/report.js'
import { benchRun } from './cli-run.js'

const DATES = ['2030-01-01', '2038-01-18', '2038-01-20', '2040-01-01']
const PROBE = 'date -u\nsudo -n true\nbusybox ls -l /tmp >/dev/null'

function run(confirm: boolean): { seconds: number; report: JsonReport } {
  return benchRun('confirm', ['--run', PROBE, '--confirm', String(confirm), ...DATES.flatMap((d) => ['--date', d])])
}

const plain = run(false)
const confirmed = run(true)
const key = (r: JsonReport) => r.findings.map((f) => `${f.date} ${f.line} ${f.signature.id}`).join('\n')
if (key(plain.report) !== key(confirmed.report)) {
  throw new Error(`the two runs disagree:\n${key(plain.report)}\n---\n${key(confirmed.report)}`)
}
const withFindings = confirmed.report.dates.filter((d) => d.findings > 0).length
const again = confirmed.report.dates.filter((d) => d.confirmation).length
const controlAgain = confirmed.report.control?.confirmation ? 1 : 0
if (again !== withFindings) throw new Error(`${again} dates ran again, ${withFindings} had findings`)
// The first run: one boot and save, the control and each date, all restored but the boot.
const runs = (r: JsonReport, extra: number) => 1 + (r.control ? 1 : 0) + r.dates.length + extra
const line = (name: string, r: { seconds: number; report: JsonReport }, extra: number) =>
  `${name.padEnd(22)} ${r.seconds.toFixed(1).padStart(6)} s   ${String(runs(r.report, extra)).padStart(2)} guest runs`
console.log(`i386 bookworm, clock step, ${DATES.length} dates and the control, ${withFindings} dates with findings`)
console.log(line('confirm false', plain, 0))
console.log(line('confirm true', confirmed, again + controlAgain))
console.log(
  `runs again: ${again} date(s) (of ${withFindings} with findings) and the control ${controlAgain} time(s); ratio (whole run): ${(confirmed.seconds / plain.seconds).toFixed(2)}x`,
)
