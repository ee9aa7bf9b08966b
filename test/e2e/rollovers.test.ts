/**
 * `dates: rollovers` on a real i386 bookworm guest: each well-known rollover's last second
 * and first second is a date of the run, named in the report, and the guest's clock is set
 * to it (up to 2106, past the RTC's 2099: the clock is set once the guest runs).
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runCli } from './helpers.js'

describe('dates: rollovers', () => {
  it('runs each edge at its instant, named; sudo passes in 2036 and fails from 2038-01-19T03:14:08Z to 2106', async () => {
    const run = await runCli([
      '--date',
      'rollovers',
      '--run',
      'sudo -n true',
      '--control',
      'none',
      '--confirm',
      'false',
    ])
    assert.equal(run.code, 1, run.stderr)
    const dates = run.report!.dates
    assert.deepEqual(
      dates.map((d) => [d.date, d.rollover]),
      [
        ['2036-02-07T06:28:15Z', 'NTP era 1, 1 s before'],
        ['2036-02-07T06:28:16Z', 'NTP era 1'],
        ['2038-01-19T03:14:07Z', 'signed 32-bit time_t, 1 s before'],
        ['2038-01-19T03:14:08Z', 'signed 32-bit time_t'],
        ['2038-11-20T23:59:41Z', 'GPS week number (10-bit), 1 s before'],
        ['2038-11-20T23:59:42Z', 'GPS week number (10-bit)'],
        ['2049-12-31T23:59:59Z', 'X.509 UTCTime ends, 1 s before'],
        ['2050-01-01T00:00:00Z', 'X.509 UTCTime ends'],
        ['2068-12-31T23:59:59Z', 'two-digit year (%y) reads 19xx, 1 s before'],
        ['2069-01-01T00:00:00Z', 'two-digit year (%y) reads 19xx'],
        ['2100-02-28T23:59:59Z', '2100 is not a leap year, 1 s before'],
        ['2100-03-01T00:00:00Z', '2100 is not a leap year'],
        ['2106-02-07T06:28:15Z', 'unsigned 32-bit seconds, 1 s before'],
        ['2106-02-07T06:28:16Z', 'unsigned 32-bit seconds'],
      ],
    )
    // The clock was set to each (read back when the probe started, a second or two later at most).
    for (const d of dates) {
      const late = (Date.parse(d.guestClockAtProbe!) - Date.parse(d.date)) / 1000
      assert.ok(late >= 0 && late <= 2, `${d.date}: the guest's clock read ${d.guestClockAtProbe}`)
    }
    // sudo runs a second or more after the clock is set: the outcome at 03:14:07 depends on
    // how long that took, so it is not asserted here (issue 21's search times each line).
    assert.deepEqual(
      dates.filter((d) => d.date !== '2038-01-19T03:14:07Z').map((d) => [d.date, d.outcome]),
      dates
        .filter((d) => d.date !== '2038-01-19T03:14:07Z')
        .map((d) => [d.date, d.date < '2038-01-19T03:14:08Z' ? 'pass' : 'fail']),
    )
    assert.match(run.stdout, /^2106-02-07T06:28:16Z \[unsigned 32-bit seconds\] {2}FAIL /m)
  })
})
