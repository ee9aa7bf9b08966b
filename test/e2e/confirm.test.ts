/**
 * Findings confirmed, on real i386 bookworm guests: a date with findings runs again from the
 * saved guest (and the control, where a line passed there), and a line whose answer changes
 * is flaky, listed apart, never a Year-2038 finding. The probes tell the runs apart by
 * $Y2038_ATTEMPT (1, or 2 when a date runs again), so that each case is the same every time.
 */
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import type { JsonReport } from '../../src/report/report.js'
import { type CliRun, makeRepo, runCli } from './helpers.js'

async function runProbe(name: string, args: string[]): Promise<CliRun> {
  const repo = makeRepo()
  writeFileSync(`${repo}/probe.sh`, readFileSync(new URL(`./probes/${name}`, import.meta.url)))
  return runCli(['--probe', 'probe.sh', ...args], repo)
}

const lines = (report: JsonReport, list: 'findings' | 'flaky'): Array<[string, number | undefined, string]> =>
  (list === 'findings' ? report.findings : report.flaky.map((f) => f.finding)).map((f) => [
    f.date,
    f.line,
    f.signature.id,
  ])

const TWO_DATES = ['--date', '2038-01-20', '--date', '2038-02-01', '--control', 'none']

describe('findings are confirmed before they are reported', () => {
  it('a line that fails only the first time a date runs is flaky at both dates; sudo stands', async () => {
    const run = await runProbe('flaky-first-run.sh', TWO_DATES)
    assert.equal(run.code, 1, run.stderr)
    const report = run.report!
    assert.deepEqual(
      report.dates.map((d) => [d.date, d.outcome, d.confirmation?.outcome]),
      [
        ['2038-01-20T00:00:00Z', 'fail', 'fail'],
        ['2038-02-01T00:00:00Z', 'fail', 'fail'],
      ],
    )
    assert.deepEqual(lines(report, 'findings'), [
      ['2038-01-20T00:00:00Z', 3, 'sudo-time-of-day'],
      ['2038-02-01T00:00:00Z', 3, 'sudo-time-of-day'],
    ])
    assert.deepEqual(lines(report, 'flaky'), [
      ['2038-01-20T00:00:00Z', 2, 'exit-status'],
      ['2038-02-01T00:00:00Z', 2, 'exit-status'],
    ])
    assert.equal(report.flaky[0]!.reason, 'flaky: it passed when the date ran again from the same saved guest')
    // The run again has a console log of its own, next to the first one's.
    assert.match(report.dates[0]!.confirmation!.consoleLog, /-2038-01-20T000000Z-again\/console\.log$/)
    assert.notEqual(report.dates[0]!.confirmation!.consoleLog, report.dates[0]!.consoleLog)
    assert.match(run.stdout, /^Flaky, not Year-2038 failures/m)
  })

  it('confirm false: the same probe reports the line as a finding at both dates, and runs nothing again', async () => {
    const run = await runProbe('flaky-first-run.sh', [...TWO_DATES, '--confirm', 'false'])
    assert.equal(run.code, 1, run.stderr)
    const report = run.report!
    assert.deepEqual(
      report.dates.map((d) => [d.outcome, d.confirmation]),
      [
        ['fail', undefined],
        ['fail', undefined],
      ],
    )
    assert.deepEqual(lines(report, 'findings'), [
      ['2038-01-20T00:00:00Z', 2, 'exit-status'],
      ['2038-01-20T00:00:00Z', 3, 'sudo-time-of-day'],
      ['2038-02-01T00:00:00Z', 2, 'exit-status'],
      ['2038-02-01T00:00:00Z', 3, 'sudo-time-of-day'],
    ])
    assert.deepEqual(report.flaky, [])
  })

  it('a line that passed at the control once and fails there the second time is flaky: the date passes', async () => {
    const run = await runProbe('flaky-at-control.sh', ['--date', '2038-01-20'])
    assert.equal(run.code, 0, run.stdout + run.stderr)
    const report = run.report!
    assert.deepEqual(
      report.dates.map((d) => [d.outcome, d.confirmation?.outcome]),
      [['pass', 'fail']],
    )
    assert.equal(report.control?.confirmation?.outcome, 'fail')
    assert.deepEqual(report.findings, [])
    assert.deepEqual(lines(report, 'flaky'), [['2038-01-20T00:00:00Z', 2, 'exit-status']])
    assert.match(report.flaky[0]!.reason, /^flaky: it passed at the control date \(\d{4}-.*\) once and failed there/)
  })
})
