/**
 * Benchmark of dates side by side: the command line runs the same probe at the same six
 * dates (i386 bookworm, clock step, no control, no confirmation, one boot saved and each date restored)
 * twice in one invocation, one date at a time (--parallel 1) and as many at a time as the
 * host takes (--parallel auto), so that the figures read as a ratio on a shared, noisy
 * machine. The guest must already be built (run the README's first command once).
 *
 *   npm run bench:parallel
 *
 * Exits non-zero if a run fails or the two runs disagree on any date's findings.
 */
import type { JsonReport } from '../src/report/report.js'
import { guestSlots, hostCapacity } from '../src/host/capacity.js'
import { benchRun } from './cli-run.js'

const DATES = ['2030-01-01', '2037-01-01', '2038-01-18', '2038-01-20', '2040-01-01', '2050-01-01']
const PROBE = 'date -u\nsudo -n true\nbusybox ls -l /tmp >/dev/null\nsleep 1'

function run(parallel: string): { seconds: number; report: JsonReport; stderr: string } {
  return benchRun('parallel', [
    '--run',
    PROBE,
    '--control',
    'none',
    '--confirm',
    'false',
    '--parallel',
    parallel,
    ...DATES.flatMap((d) => ['--date', d]),
  ])
}

const serial = run('1')
const side = run('auto')
const key = (r: JsonReport) => r.findings.map((f) => `${f.date} ${f.line} ${f.signature.id}`).join('\n')
if (key(serial.report) !== key(side.report)) {
  throw new Error(`the two runs disagree:\n${key(serial.report)}\n---\n${key(side.report)}`)
}
const slots = /^\d+ dates, up to (\d+) at a time/m.exec(side.stderr)?.[1] ?? '1'
const save = (r: { stderr: string }) => Number(/and saved it \(\d+ MiB\) in ([\d.]+) s/.exec(r.stderr)?.[1] ?? NaN)
const line = (name: string, r: { seconds: number; stderr: string }) =>
  `${name.padEnd(28)} ${r.seconds.toFixed(1).padStart(6)} s   ${((r.seconds - save(r)) / DATES.length).toFixed(1).padStart(5)} s per date after the boot`
const host = hostCapacity()
console.log(
  `i386 bookworm, clock step, ${DATES.length} dates; host: ${host.cores} cores, ${host.freeMiB} MiB free (auto: ${guestSlots(512, host)} at a time)`,
)
console.log(line('one date at a time', serial))
console.log(line(`up to ${slots} at a time`, side))
console.log(`ratio (whole run): ${(serial.seconds / side.seconds).toFixed(2)}x`)
