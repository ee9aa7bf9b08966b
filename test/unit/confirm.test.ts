import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { confirmAtControl, confirmDate, needsConfirmation } from '../../src/verdict/confirm.js'
import type { DateVerdict, Finding } from '../../src/verdict/detect.js'

const BASE = { date: '2038-01-20T00:00:00Z', clock: 'step', arch: 'i386', suite: 'bookworm' } as const

/** A probe line's failure: exit status 1, or sudo's message. */
function failed(line: number, message = 'exited with status 1'): Finding {
  return {
    ...BASE,
    stage: 'probe',
    line,
    command: `cmd${line}`,
    message,
    signature: message.includes('time of day')
      ? { id: 'sudo-time-of-day', match: 'unable to get time of day' }
      : { id: 'exit-status', match: 'exit status 1' },
    exitStatus: 1,
  }
}

const verdict = (...findings: Finding[]): DateVerdict => ({ outcome: findings.length ? 'fail' : 'pass', findings })

describe('needsConfirmation', () => {
  test('a fail with line findings does; a pass, or a run that stopped, does not', () => {
    assert.equal(needsConfirmation(verdict(failed(3))), true)
    assert.equal(needsConfirmation(verdict()), false)
    const stopped: Finding = {
      ...BASE,
      stage: 'probe',
      line: 2,
      message: 'x',
      signature: { id: 'probe-stopped', match: '' },
    }
    assert.equal(needsConfirmation({ outcome: 'probe-stopped', findings: [failed(1), stopped] }), false)
  })
})

describe('confirmDate', () => {
  test('the same answers in both runs: every finding stands, nothing is flaky', () => {
    const first = verdict(failed(3), failed(5, 'sudo: unable to get time of day'))
    const again = verdict(failed(3), failed(5, 'sudo: unable to get time of day'))
    assert.deepEqual(confirmDate(first, again), { verdict: first, flaky: [] })
  })

  test('the same signature and status with other words is the same answer (a PID, a wrapped weekday)', () => {
    const first = verdict(failed(3, 'process 123 failed'))
    assert.deepEqual(confirmDate(first, verdict(failed(3, 'process 456 failed'))).flaky, [])
    const tue = verdict(failed(6, 'busybox printed "Tue Sep 15 12:56:20 UTC 1931"'))
    assert.deepEqual(confirmDate(tue, verdict(failed(6, 'busybox printed "Wed Sep 16 01:02:03 UTC 1931"'))).flaky, [])
  })

  test('a line that passes the second time is flaky; the others stand', () => {
    const first = verdict(failed(3), failed(5, 'sudo: unable to get time of day'))
    const { verdict: confirmed, flaky } = confirmDate(first, verdict(failed(5, 'sudo: unable to get time of day')))
    assert.deepEqual(confirmed, verdict(failed(5, 'sudo: unable to get time of day')))
    assert.deepEqual(
      flaky.map((f) => [f.finding.line, f.reason]),
      [[3, 'flaky: it passed when the date ran again from the same saved guest']],
    )
  })

  test('only flaky lines: the date passes', () => {
    const { verdict: confirmed, flaky } = confirmDate(verdict(failed(3)), verdict())
    assert.deepEqual(confirmed, { outcome: 'pass', findings: [] })
    assert.equal(flaky.length, 1)
  })

  test('a line failing another way, or failing only the second time, is flaky, from either run', () => {
    const first = verdict(failed(3), failed(4))
    const again = verdict(failed(3, 'sudo: unable to get time of day'), failed(4), failed(7))
    const { verdict: confirmed, flaky } = confirmDate(first, again)
    assert.deepEqual(confirmed, verdict(failed(4)))
    assert.deepEqual(
      flaky.map((f) => [f.finding.line, f.finding.signature.id, f.reason]),
      [
        [3, 'exit-status', 'flaky: it failed another way when the date ran again from the same saved guest'],
        [7, 'exit-status', 'flaky: it passed at first and failed when the date ran again'],
      ],
    )
  })
})

describe('confirmAtControl', () => {
  test('a finding whose line fails the same way when the control runs again is flaky', () => {
    const date = verdict(failed(3), failed(5, 'sudo: unable to get time of day'))
    const controlAgain = verdict(failed(3), failed(9))
    const { verdict: confirmed, flaky } = confirmAtControl(date, verdict(), controlAgain, '2026-12-05T00:00:00Z')
    assert.deepEqual(confirmed, verdict(failed(5, 'sudo: unable to get time of day')))
    assert.deepEqual(
      flaky.map((f) => [f.finding.line, f.reason]),
      [
        [
          3,
          'flaky: it passed at the control date (2026-12-05T00:00:00Z) once and failed there the same way when it ran again',
        ],
      ],
    )
  })

  test('the control passing again confirms every finding', () => {
    const date = verdict(failed(3))
    assert.deepEqual(confirmAtControl(date, verdict(), verdict(), '2026-12-05T00:00:00Z'), { verdict: date, flaky: [] })
  })

  test('a line that failed the same way at the control both times is not flaky (it fails at the control)', () => {
    const date = verdict(failed(6), failed(5, 'sudo: unable to get time of day'))
    const control = verdict(failed(6))
    assert.deepEqual(confirmAtControl(date, control, control, '2026-12-05T00:00:00Z'), { verdict: date, flaky: [] })
  })
})
