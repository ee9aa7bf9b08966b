/**
 * Benchmark of one boot and a saved guest against one boot per date: the command line runs
 * the same probe at the same dates (i386 bookworm, clock step, four dates, no control)
 * twice in one invocation, once as it does by default and once with Y2038_SNAPSHOT=off,
 * so that the figures can be read as a ratio on a shared, noisy machine. The guest must
 * already be built (run the README's first command once), so no build is timed.
 *
 *   npm run bench:snapshot
 *
 * Exits non-zero if a run fails, a date's probe did not run to its end, or the two runs
 * disagree on any date's findings.
 */
import type { JsonReport } from '../src/report/report.js'
import { benchRun } from './cli-run.js'

const DATES = ['2030-01-01', '2038-01-18', '2038-01-20', '2040-01-01']
const PROBE = 'date -u\nsudo -n true\nbusybox ls -l /tmp >/dev/null'

function run(snapshot: boolean): { seconds: number; report: JsonReport; stderr: string } {
  return benchRun('snapshot', ['--run', PROBE, '--control', 'none', ...DATES.flatMap((d) => ['--date', d])], {
    ...process.env,
    Y2038_SNAPSHOT: snapshot ? 'fresh' : 'off',
  })
}

const perDate = run(false)
const saved = run(true)
const key = (r: JsonReport) => r.findings.map((f) => `${f.date} ${f.line} ${f.signature.id}`).join('\n')
if (key(perDate.report) !== key(saved.report)) {
  throw new Error(`the two runs disagree:\n${key(perDate.report)}\n---\n${key(saved.report)}`)
}
if (!saved.report.dates.every((d) => d.fromSnapshot))
  throw new Error('the default run did not start from a saved guest')
const guest = (r: JsonReport) => r.dates.reduce((sum, d) => sum + d.durationSeconds, 0)
const line = (name: string, r: { seconds: number; report: JsonReport }) =>
  `${name.padEnd(26)} ${r.seconds.toFixed(1).padStart(6)} s   ${(guest(r.report) / DATES.length).toFixed(1).padStart(5)} s per date`
console.log(`i386 bookworm, clock step, ${DATES.length} dates, TCG or KVM as the host has it`)
console.log(line('one boot per date', perDate))
console.log(line('one boot, saved, restored', saved))
const save = /Booted the guest at \S+ and saved it \((\d+) MiB\) in ([\d.]+) s/.exec(saved.stderr)
if (save) console.log(`boot and save: ${save[2]} s, ${save[1]} MiB of state`)
console.log(`ratio (whole run): ${(perDate.seconds / saved.seconds).toFixed(2)}x`)
