/**
 * Benchmark of the date search: the built-in probe (12 lines) on i386 bookworm over the
 * default range (today to 2106-02-07T06:28:16Z), next to one plain date, in one invocation
 * so that the figures can be read as a ratio on a shared, noisy machine. Prints the runs the
 * search took (scan, bisection, confirmation) and what it found. The guest must already be
 * built (run the README's first command once).
 *
 *   npm run bench:search
 *
 * Exits non-zero if a run fails, or a line's change was not narrowed to the second.
 */
import { benchRun } from './cli-run.js'

const one = benchRun('search-one', ['--date', '2038-01-20', '--control', 'none'])
const search = benchRun('search', ['--date', 'search', '--control', 'none'])
const report = search.report.search
if (!report) throw new Error('the search run has no search in its report')
const open = report.lines.filter((l) => l.changes.some((c) => !c.exact))
if (open.length > 0 || report.stepsRanOut) throw new Error(`not narrowed: ${JSON.stringify(open)}`)
const runs = report.scanRuns + report.bisectionRuns + report.confirmationRuns
console.log(`i386 bookworm, built-in probe (${report.lines.length} lines), search ${report.from} to ${report.to}`)
console.log(`one date                 ${one.seconds.toFixed(1).padStart(6)} s`)
console.log(
  `search                   ${search.seconds.toFixed(1).padStart(6)} s   ${runs} dates: ${report.scanRuns} scan, ${report.bisectionRuns} bisection, ${report.confirmationRuns} confirmation`,
)
console.log(`ratio                    ${(search.seconds / one.seconds).toFixed(2).padStart(6)}x one date`)
for (const line of report.lines) {
  const what =
    line.verdict === 'changes'
      ? line.changes.map((c) => `${c.to === 'fail' ? 'fails' : 'passes'} from ${c.firstAfter}`).join(', ')
      : `${line.verdict}${line.reason ? ` (${line.reason})` : ''}`
  console.log(`  line ${String(line.line).padStart(2)}: ${what}`)
}
console.log(`first failing second: ${report.firstFailing ?? 'none'}`)
