/**
 * Dates side by side (--parallel), on real i386 bookworm guests restored from one saved
 * boot: the same report as one date after another, in date order, each date's files its
 * own, and nothing one date wrote seen by another.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import type { JsonReport } from '../../src/report/report.js'
import { makeRepo, runCli } from './helpers.js'

// Line 1 fails if an earlier date's file is here; line 3 stats a new file (EOVERFLOW after the rollover).
const PROBE = [
  'if [ -e /root/y2038-mark ]; then echo "written at $(cat /root/y2038-mark)"; false; fi',
  'echo "$Y2038_DATE" > /root/y2038-mark',
  'busybox stat /root/y2038-mark',
  'echo "date $Y2038_DATE"',
  '',
].join('\n')
const DATES = ['2038-01-18', '2038-01-20', '2037-06-01', '2040-01-01']

/** What a report says, without what differs from run to run (times, directories). */
function verdicts(report: JsonReport) {
  return {
    dates: report.dates.map((d) => [d.date, d.outcome, d.guestClockAtProbe]),
    findings: report.findings.map((f) => [f.date, f.line, f.signature.id, f.command, f.message]),
  }
}

describe('dates side by side', () => {
  it('--parallel 3 gives the report of --parallel 1, in the order the dates were given, each in its own restored guest', async () => {
    const args = ['--probe', 'probe.sh', '--control', 'none', ...DATES.flatMap((d) => ['--date', d])]
    const serial = await runCli([...args, '--parallel', '1'], makeRepo({ 'probe.sh': PROBE }))
    const parallel = await runCli([...args, '--parallel', '3'], makeRepo({ 'probe.sh': PROBE }))
    for (const run of [serial, parallel]) assert.equal(run.code, 1, run.stderr)
    const expected = {
      dates: [
        ['2038-01-18T00:00:00Z', 'pass', '2038-01-18T00:00:00Z'],
        ['2038-01-20T00:00:00Z', 'fail', '2038-01-20T00:00:00Z'],
        ['2037-06-01T00:00:00Z', 'pass', '2037-06-01T00:00:00Z'],
        ['2040-01-01T00:00:00Z', 'fail', '2040-01-01T00:00:00Z'],
      ],
      findings: ['2038-01-20T00:00:00Z', '2040-01-01T00:00:00Z'].map((date) => [
        date,
        3,
        'eoverflow',
        'busybox stat /root/y2038-mark',
        "stat: can't stat '/root/y2038-mark': Value too large for defined data type",
      ]),
    }
    assert.deepEqual(verdicts(serial.report!), expected)
    assert.deepEqual(verdicts(parallel.report!), expected)
    for (const d of parallel.report!.dates) assert.equal(d.fromSnapshot, true, d.date)

    assert.doesNotMatch(serial.stderr, /at a time/)
    assert.match(parallel.stderr, /^4 dates, up to 3 at a time/m)
    // Each date's log is told whole, in the order the dates were given.
    const told = [...parallel.stderr.matchAll(/^==> Boot at (\S+)/gm)].map((m) => m[1])
    assert.deepEqual(
      told,
      expected.dates.map((d) => d[0]),
    )
    // Each date's results came from its own guest.
    for (const d of parallel.report!.dates) {
      const results = readFileSync(path.join(path.dirname(d.consoleLog), 'results.log'), 'latin1')
      assert.match(results, new RegExp(`date ${d.date}`), d.date)
      for (const other of expected.dates.map((e) => e[0]).filter((o) => o !== d.date))
        assert.doesNotMatch(results, new RegExp(`date ${other}`), `${other} in the results of ${d.date}`)
      assert.ok(existsSync(d.consoleLog), d.consoleLog)
    }
  })
})
