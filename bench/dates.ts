/**
 * What a date costs, side by side in one invocation (issue 24's benchmark): a warm run of
 * one date with no control (one plain boot, nothing saved) as the unit, then runs of 4, 16
 * and 32 dates (no control, no confirmation) from one saved boot, one at a time and as many
 * at a time as the host takes. Printed as seconds and as multiples of the one plain boot, so
 * that the figures read as ratios on a shared, noisy machine. Last, a warm run of one date
 * with its control: booted and saved, and started from the guest an earlier run kept. The
 * guest must already be built (run the README's first command once). Each run of many dates
 * twice: every date reading the whole saved state back (`exec:`, the default), and
 * every date mapping the saved guest's RAM from a file (Y2038_RAM_FILE=on, made once a run).
 * The restore alone (QEMU's start to a loaded guest, both ways) is bench:restore's measurement.
 *
 *   npm run bench:dates
 *
 * Exits non-zero if a run fails or a date's probe did not run to its end.
 */
import { formatInstant } from '../src/config/dates.js'
import { benchRun } from './cli-run.js'
import { measureRestore } from './restore.js'

const PROBE = 'date -u\nsudo -n true\nbusybox ls -l /tmp >/dev/null'
const COUNTS = [4, 16, 32]

/** `count` dates spread over 2030..2045, the rollover among them. */
function dates(count: number): string[] {
  const from = Date.UTC(2030, 0, 1)
  const to = Date.UTC(2045, 0, 1)
  return Array.from({ length: count }, (_, i) =>
    formatInstant(new Date(from + Math.round(((to - from) * i) / Math.max(1, count - 1)))),
  )
}

type RamFile = 'off' | 'on'

function run(name: string, dateList: string[], extra: string[], ramFile: RamFile = 'off') {
  const args = ['--run', PROBE, '--control', 'none', '--confirm', 'false', ...extra]
  return benchRun(name, [...args, ...dateList.flatMap((d) => ['--date', d])], {
    ...process.env,
    Y2038_RAM_FILE: ramFile,
  })
}

/** One date with its control, as a user's warm run has it. */
function withControl(name: string, snapshot: 'fresh' | 'on') {
  const args = ['--run', PROBE, '--date', '2038-01-20', '--control', '2038-01-18', '--confirm', 'false']
  return benchRun(name, args, { ...process.env, Y2038_SNAPSHOT: snapshot })
}

const boot = run('dates-one', ['2038-01-20'], [])
const unit = boot.seconds
const saveOf = (stderr: string) => Number(/and saved it \(\d+ MiB\) in ([\d.]+) s/.exec(stderr)?.[1] ?? NaN)
const mapOf = (stderr: string) => Number(/RAM in a file in ([\d.]+) s/.exec(stderr)?.[1] ?? NaN)
const row = (label: string, seconds: number, extra = '') =>
  console.log(
    `${label.padEnd(40)} ${seconds.toFixed(seconds < 1 ? 2 : 1).padStart(6)} s  ${(seconds / unit).toFixed(2).padStart(6)}x${extra}`,
  )

console.log('i386 bookworm, clock step, no control, no confirmation; x: multiples of one plain boot')
row('one date, one plain boot', unit)
const restore = await measureRestore()
row('the restore alone, exec:', restore.exec.seconds, `  (${restore.exec.mib.toFixed(1)} MiB of state)`)
row('the restore alone, RAM file', restore.file.seconds, `  (${restore.file.mib.toFixed(1)} MiB of state)`)
const LABEL: Record<RamFile, string> = { off: 'exec:', on: 'RAM file' }
for (const count of COUNTS) {
  const list = dates(count)
  for (const ramFile of ['off', 'on'] as const) {
    const serial = run(`dates-${count}-serial`, list, ['--parallel', '1'], ramFile)
    const side = run(`dates-${count}-parallel`, list, ['--parallel', 'auto'], ramFile)
    if (ramFile === 'on' && Number.isNaN(mapOf(serial.stderr)))
      throw new Error(`the run made no RAM file: ${serial.stderr}`)
    const at = /^\d+ dates, up to (\d+) at a time/m.exec(side.stderr)?.[1] ?? '1'
    const save = saveOf(serial.stderr) + (ramFile === 'on' ? mapOf(serial.stderr) : 0)
    const made = ramFile === 'on' ? ` and RAM file ${mapOf(serial.stderr).toFixed(1)} s` : ''
    const after = Number.isNaN(save)
      ? ''
      : `  (boot and save ${saveOf(serial.stderr).toFixed(1)} s${made}, then ${((serial.seconds - save) / count).toFixed(2)} s a date)`
    row(`${count} dates, one at a time, ${LABEL[ramFile]}`, serial.seconds, after)
    row(`${count} dates, up to ${at} at a time, ${LABEL[ramFile]}`, side.seconds)
  }
}

// One date and its control: two restored guests after a boot and save, or after none.
const fresh = withControl('control-fresh', 'fresh')
row('one date and its control, boot and save', fresh.seconds)
withControl('control-keep', 'on')
const kept = withControl('control-kept', 'on')
if (!/Started from the guest saved/.test(kept.stderr)) throw new Error('the run did not start from the kept guest')
row('one date and its control, kept guest', kept.seconds)
