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
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { JsonReport } from '../src/report/report.js'

const CLI = new URL('../dist/cli/index.js', import.meta.url).pathname
const DATES = ['2030-01-01', '2038-01-18', '2038-01-20', '2040-01-01']
const PROBE = 'date -u\nsudo -n true\nbusybox ls -l /tmp >/dev/null'

function run(snapshot: boolean): { seconds: number; report: JsonReport; stderr: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-bench-snapshot-'))
  try {
    const json = path.join(dir, 'report.json')
    const args = [CLI, '--run', PROBE, '--control', 'none', '--output', path.join(dir, 'out'), '--json', json]
    for (const date of DATES) args.push('--date', date)
    const started = performance.now()
    const result = spawnSync(process.execPath, args, {
      encoding: 'utf8',
      env: { ...process.env, Y2038_SNAPSHOT: snapshot ? 'on' : 'off' },
    })
    const seconds = (performance.now() - started) / 1000
    if (result.status !== 0 && result.status !== 1)
      throw new Error(`the run failed (${result.status}): ${result.stderr}`)
    const report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport
    if (report.artifacts.userland.built || report.artifacts.kernel.built) {
      throw new Error('the guest was built in the benchmark: build it first (node dist/cli/index.js)')
    }
    for (const date of report.dates) {
      if (!['pass', 'fail'].includes(date.outcome)) throw new Error(`${date.date}: ${date.outcome}`)
    }
    return { seconds, report, stderr: result.stderr }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
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
