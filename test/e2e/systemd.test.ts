/**
 * The seed's whole guest: systemd as PID 1 on real i386 and amd64 bookworm guests, the clock
 * crossing the rollover while services run. Known answers measured on these guests.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { makeRepo, runCli } from './helpers.js'
import type { JsonReport } from '../../src/report/report.js'

const ROLLOVER = '2038-01-19T03:14:08Z'

/** The built-in probe's lines that fail on i386 bookworm after the rollover (known-answers.test.ts). */
const I386_BOOKWORM_PROBE_LINES = [6, 7, 8, 9, 10, 11, 12]

function services(report: JsonReport) {
  return report.findings.filter((f) => f.stage === 'services')
}

describe('init: systemd', () => {
  it('i386 bookworm, clock cross: journald breaks after the crossing, with the seed message; exit 1', async () => {
    const run = await runCli(['--init', 'systemd', '--clock', 'cross'])
    assert.equal(run.code, 1, run.stderr)
    const report = run.report!
    assert.deepEqual(
      report.dates.map((d) => [d.date, d.outcome, d.crossing]),
      [[ROLLOVER, 'fail', ROLLOVER]],
    )
    const date = report.dates[0]!
    // The clock started 30 s before the rollover.
    assert.equal(date.guestClockAtProbe, '2038-01-19T03:13:38Z')
    assert.equal(date.init?.kind, 'systemd')
    assert.equal(date.init?.target, 'multi-user.target')
    assert.ok(date.init!.seconds! > 0, `systemd took ${date.init?.seconds} s`)
    const journald = services(report)
    assert.deepEqual(
      journald.map((f) => [f.program, f.signature.id, f.crossing]),
      [['systemd-journald.service', 'systemd-clock-assertion', 'after']],
    )
    assert.equal(
      journald[0]!.message,
      "Assertion 'clock_gettime(map_clock_id(clock_id), &ts) == 0' failed at src/basic/time-util.c:54, function now(). Aborting.",
    )
    assert.ok(journald[0]!.guestTime! >= ROLLOVER, journald[0]!.guestTime)
    // The built-in probe waited for the crossing: its lines fail after it, as at a date past it.
    assert.deepEqual(
      report.findings.filter((f) => f.stage === 'probe').map((f) => [f.line, f.crossing]),
      I386_BOOKWORM_PROBE_LINES.map((line) => [line, 'after']),
    )
    assert.deepEqual(date.services, [
      {
        unit: 'systemd-journald.service',
        state: 'failed',
        firstLine: journald[0]!.message,
        guestTime: journald[0]!.guestTime,
      },
    ])
    // At the control date the same crossing happened, and nothing failed.
    assert.equal(report.control?.outcome, 'pass')
    assert.match(
      run.stdout,
      /^ {2}services {2}systemd-journald\.service \(at 2038-01-19T03:14:\d\dZ, after the crossing\)$/m,
    )
  })

  it('i386 bookworm a day before the rollover: exit 0; a unit that fails at every date is failed at boot, not a finding', async () => {
    const repo = makeRepo({
      'ci/setup.sh': [
        "printf '[Service]\\nExecStart=/bin/false\\n' > /etc/systemd/system/always-fails.service",
        'systemctl start always-fails.service || true',
        '',
      ].join('\n'),
    })
    const run = await runCli(['--init', 'systemd', '--date', '2038-01-18', '--setup', 'ci/setup.sh'], repo)
    assert.equal(run.code, 0, run.stderr)
    const report = run.report!
    assert.deepEqual(
      report.dates.map((d) => [d.date, d.outcome]),
      [['2038-01-18T00:00:00Z', 'pass']],
    )
    assert.deepEqual(report.findings, [])
    assert.deepEqual(report.dates[0]!.services, [{ unit: 'always-fails.service', state: 'failed-at-boot' }])
    assert.match(
      run.stdout,
      /^ {2}always-fails\.service: failed at boot, before the clock moved \(not a Year-2038 failure\)$/m,
    )
  })

  it('amd64 bookworm, clock cross: nothing fails; exit 0', async () => {
    const run = await runCli(['--init', 'systemd', '--clock', 'cross', '--arch', 'amd64'])
    assert.equal(run.code, 0, run.stderr)
    const report = run.report!
    assert.deepEqual(
      report.dates.map((d) => [d.date, d.outcome, d.timeT]),
      [[ROLLOVER, 'pass', 64]],
    )
    assert.deepEqual(report.findings, [])
    assert.deepEqual(report.dates[0]!.services, [])
  })
})
