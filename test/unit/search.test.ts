import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ROLLOVER_EPOCH, SEARCH_DEFAULT_END, searchScanDates } from '../../src/config/dates.js'
import { MAX_SEARCH_STEPS, searchLines } from '../../src/search/drive.js'
import { type Observed, observeLines, observeUnits } from '../../src/search/observe.js'
import type { GuestReport } from '../../src/verdict/guest-report.js'
import type { DateVerdict, Finding } from '../../src/verdict/detect.js'

const YEAR_AHEAD = ROLLOVER_EPOCH - 365 * 86400 // a time one year ahead overflows from here on

/**
 * A probe of lines, each starting `offset` seconds into the run, its program reading the
 * clock `read` seconds later (0.05 unless given) and failing when `fails` says so of what it
 * read; the line is last seen 0.1 s after the reading.
 */
interface SimLine {
  offset: number
  read?: number
  fails: (clock: number, run: number) => boolean
}

function simulate(lines: SimLine[]) {
  let runs = 0
  const runAt = async (dates: Date[]): Promise<Observed[]> =>
    dates.map((date) => {
      runs++
      // A run's lines start a little later or earlier each time, as a guest under TCG does.
      const jitter = (((runs * 37) % 10) - 5) / 20
      return {
        date,
        lines: lines.map((l, i) => {
          const instant = date.getTime() / 1000 + l.offset + jitter
          const clock = instant + (l.read ?? 0.05)
          const failed = l.fails(clock, runs)
          const message = failed ? { message: `line ${i + 1} failed` } : {}
          return { line: i + 1, command: `cmd${i + 1}`, instant, end: clock + 0.1, failed, ...message }
        }),
      }
    })
  return { runAt, runs: () => runs }
}

const range = { from: new Date('2026-12-05T00:00:00Z'), to: SEARCH_DEFAULT_END }
const log = { info: () => {} }

async function search(lines: SimLine[], batch = 2) {
  const sim = simulate(lines)
  const scan = await sim.runAt(searchScanDates(range.from, range.to))
  const report = await searchLines(range, scan, { runAt: sim.runAt, batch, maxSteps: MAX_SEARCH_STEPS, log })
  return { report, runs: sim.runs() }
}

describe('searchLines: the first failing second of each line', () => {
  test('lines failing at the rollover and a year before it, one passing, one failing throughout', async () => {
    const { report, runs } = await search([
      { offset: 0.2, fails: (t) => t >= ROLLOVER_EPOCH },
      { offset: 1.4, fails: (t) => t >= YEAR_AHEAD },
      { offset: 2.1, fails: () => false },
      { offset: 2.5, fails: () => true },
    ])
    assert.deepEqual(
      report.lines.map((l) => [
        l.line,
        l.verdict,
        l.changes.map((c) => [c.to, c.lastBefore, c.firstAfter, c.exact]),
        l.beforeRollover,
      ]),
      [
        [1, 'changes', [['fail', '2038-01-19T03:14:07Z', '2038-01-19T03:14:08Z', true]], false],
        [2, 'changes', [['fail', '2037-01-19T03:14:07Z', '2037-01-19T03:14:08Z', true]], true],
        [3, 'passes', [], undefined],
        [4, 'fails', [], undefined],
      ],
    )
    assert.equal(report.firstFailing, '2037-01-19T03:14:08Z')
    assert.equal(report.lines[1]!.changes[0]!.message, 'line 2 failed')
    assert.equal(report.stepsRanOut, false)
    assert.equal(runs, report.scanRuns + report.bisectionRuns + report.confirmationRuns)
  })

  test('nine lines, most at the rollover: at most 45 runs in all, scan included', async () => {
    const lines: SimLine[] = [
      ...Array.from({ length: 6 }, (_, i) => ({ offset: 0.3 + i * 0.4, fails: (t: number) => t >= ROLLOVER_EPOCH })),
      { offset: 3, fails: (t) => t >= YEAR_AHEAD },
      { offset: 3.2, fails: () => false },
      { offset: 3.5, fails: (t) => t >= 2 ** 32 - 86400 * 30 },
    ]
    const { report, runs } = await search(lines)
    assert.ok(
      report.lines.every((l) => l.verdict !== 'changes' || l.changes.every((c) => c.exact)),
      JSON.stringify(report.lines),
    )
    assert.equal(report.lines[8]!.changes[0]!.firstAfter, '2106-01-08T06:28:16Z')
    assert.ok(runs <= 45, `${runs} runs`)
  })

  test('a line whose program reads the clock 0.7 s after the line starts: its seconds are those of an early start', async () => {
    const { report } = await search([
      { offset: 0.6, read: 0.7, fails: (t) => t >= ROLLOVER_EPOCH },
      { offset: 2.9, read: 0.3, fails: (t) => t >= ROLLOVER_EPOCH },
    ])
    assert.deepEqual(
      report.lines.map((l) => l.changes.map((c) => [c.lastBefore, c.firstAfter, c.exact])),
      [
        [['2038-01-19T03:14:07Z', '2038-01-19T03:14:08Z', true]],
        [['2038-01-19T03:14:07Z', '2038-01-19T03:14:08Z', true]],
      ],
    )
    assert.equal(report.lines[0]!.beforeRollover, false)
  })

  test('a line that fails for a while and passes again: both changes', async () => {
    const start = Date.UTC(2045, 2, 1, 12, 0, 7) / 1000
    const end = Date.UTC(2052, 5, 1) / 1000
    const { report } = await search([{ offset: 0.5, fails: (t) => t >= start && t < end }])
    assert.deepEqual(
      report.lines[0]!.changes.map((c) => [c.to, c.lastBefore, c.firstAfter]),
      [
        ['fail', '2045-03-01T12:00:06Z', '2045-03-01T12:00:07Z'],
        ['pass', '2052-05-31T23:59:59Z', '2052-06-01T00:00:00Z'],
      ],
    )
  })

  test('a line whose answer changes when its date runs again is flaky, never given a date', async () => {
    // Fails after the rollover, but only on odd-numbered runs from the rollover on.
    const { report } = await search([{ offset: 0.5, fails: (t, run) => t >= ROLLOVER_EPOCH && run % 2 === 1 }])
    assert.equal(report.lines[0]!.verdict, 'flaky')
    assert.deepEqual(report.lines[0]!.changes, [])
    assert.equal(report.firstFailing, undefined)
  })

  test("a line whose answer hangs on an earlier line's time goes back and forth near its change: one change, not flaky", async () => {
    // Fails when a file made 1.1 s (give or take 0.4, run by run) before the line started is past the rollover.
    const made = (run: number) => 1.1 + (((run * 53) % 9) - 4) / 10
    const { report } = await search([{ offset: 2.5, fails: (t, run) => t - made(run) >= ROLLOVER_EPOCH }])
    assert.equal(report.lines[0]!.verdict, 'changes', JSON.stringify(report.lines[0]))
    assert.equal(report.lines[0]!.changes.length, 1)
    const [change] = report.lines[0]!.changes
    assert.equal(change!.to, 'fail')
    assert.ok(
      change!.firstAfter >= '2038-01-19T03:14:08Z' && change!.firstAfter <= '2038-01-19T03:14:10Z',
      JSON.stringify(change),
    )
  })

  test('a line that fails only when its date runs again, and there starts a second later, is flaky, never given a date', async () => {
    // As under load: the run made again is slower, so line 3 starts in the next second.
    const sim = simulate([
      { offset: 0.5, fails: (t) => t >= ROLLOVER_EPOCH },
      { offset: 0.7, fails: (t) => t >= ROLLOVER_EPOCH - 365 * 86400 },
      { offset: 0.9, fails: () => false },
    ])
    const scan = await sim.runAt(searchScanDates(range.from, range.to))
    const runAt = async (dates: Date[], rerun: boolean) =>
      (await sim.runAt(dates)).map((o) => ({
        ...o,
        lines: o.lines.map((l) => (l.line === 3 && rerun ? { ...l, instant: l.instant + 1, failed: true } : l)),
      }))
    const report = await searchLines(range, scan, { runAt, batch: 2, maxSteps: MAX_SEARCH_STEPS, log })
    assert.deepEqual(
      report.lines.map((l) => l.verdict),
      ['changes', 'changes', 'flaky'],
    )
    assert.deepEqual(report.lines[2]!.changes, [])
    assert.match(
      report.lines[2]!.reason!,
      /^passing at every date in the first runs, failing from 2037-01-19T03:14:\d\dZ, passing from .*, failing from 2038-01-19T03:14:\d\dZ, passing from .* once dates ran again to confirm$/,
    )
    assert.equal(report.firstFailing, '2037-01-19T03:14:08Z')
  })

  test('a line that fails only when its date runs again (a confirmation) is flaky', async () => {
    const sim = simulate([
      { offset: 0.5, fails: (t) => t >= ROLLOVER_EPOCH },
      { offset: 1, fails: () => false },
    ])
    const scan = await sim.runAt(searchScanDates(range.from, range.to))
    let again = false
    const runAt = async (dates: Date[], rerun: boolean) => {
      again = rerun
      const observed = await sim.runAt(dates)
      return observed.map((o) => ({
        ...o,
        lines: o.lines.map((l) => (l.line === 2 && again ? { ...l, failed: true } : l)),
      }))
    }
    const report = await searchLines(range, scan, { runAt, batch: 2, maxSteps: MAX_SEARCH_STEPS, log })
    assert.deepEqual(
      report.lines.map((l) => l.verdict),
      ['changes', 'flaky'],
    )
    assert.match(
      report.lines[1]!.reason!,
      /^it failed at 2038-01-19T03:14:0\dZ and passed again by 2038-01-19T03:14:\d\dZ$/,
    )
  })

  test("systemd's units: a unit that fails when it next reads the clock, as narrow as the lines' runs leave it", async () => {
    const sim = simulate([{ offset: 0.4, fails: (t) => t >= ROLLOVER_EPOCH }])
    // The unit reads the clock every 0.5 s while a run lasts (4 s from the clock's setting).
    const withUnits = async (dates: Date[]): Promise<Observed[]> =>
      (await sim.runAt(dates)).map((o) => {
        const start = o.date.getTime() / 1000
        const at = Math.max(start, ROLLOVER_EPOCH) + 0.5
        const failed =
          at < start + 4 ? [{ unit: 'journald.service', at, message: 'journald: time went backwards' }] : []
        return { ...o, units: { start, failed } }
      })
    const scan = await withUnits(searchScanDates(range.from, range.to))
    const report = await searchLines(range, scan, { runAt: withUnits, batch: 2, maxSteps: MAX_SEARCH_STEPS, log })
    const unit = report.lines.find((l) => l.unit === 'journald.service')!
    assert.equal(unit.line, undefined)
    assert.equal(unit.verdict, 'changes')
    const [change] = unit.changes
    assert.equal(change!.to, 'fail')
    assert.equal(change!.firstAfter, '2038-01-19T03:14:08Z')
    assert.ok(change!.lastBefore < '2038-01-19T03:14:05Z', change!.lastBefore)
    assert.equal(change!.message, 'journald: time went backwards')
    // The line's change is found as before, and the unit adds no run of its own.
    assert.deepEqual(
      report.lines[0]!.changes.map((c) => [c.lastBefore, c.firstAfter, c.exact]),
      [['2038-01-19T03:14:07Z', '2038-01-19T03:14:08Z', true]],
    )
  })

  test('the steps run out: the change is left as wide as it got, and said so', async () => {
    const sim = simulate([{ offset: 0.5, fails: (t) => t >= ROLLOVER_EPOCH - 1000 }])
    const scan = await sim.runAt(searchScanDates(range.from, range.to))
    const report = await searchLines(range, scan, { runAt: sim.runAt, batch: 1, maxSteps: 3, log })
    assert.equal(report.stepsRanOut, true)
    assert.equal(report.bisectionRuns, 3)
    assert.equal(report.lines[0]!.changes[0]!.exact, false)
  })
})

describe('observeLines: what one run says for the search', () => {
  const guest = {
    clockAtProbe: 2147483640.25,
    uptimeAtProbe: 100,
    lines: [
      {
        line: 1,
        command: 'date -u',
        output: [],
        omittedOutput: 0,
        failures: [],
        firstUptime: 100.5,
        lastUptime: 100.5,
      },
      {
        line: 2,
        command: 'sudo -n true',
        output: [],
        omittedOutput: 0,
        failures: [{ status: 1, command: 'sudo -n true', how: 'error', uptime: 102 }],
        firstUptime: 101.25,
        lastUptime: 101.25,
      },
      { line: 3, command: 'never timed', output: [], omittedOutput: 0, failures: [] },
    ],
  } as unknown as GuestReport
  const finding = { stage: 'probe', line: 2, message: 'sudo: unable to get time of day' } as Finding
  const verdict = (outcome: DateVerdict['outcome']): DateVerdict => ({ outcome, findings: [finding] })

  test("each timed line with its start and end on the guest's clock, failed where the verdict has a finding", () => {
    assert.deepEqual(observeLines(guest, verdict('fail')), [
      { line: 1, command: 'date -u', instant: 2147483640.75, end: 2147483640.75, failed: false },
      {
        line: 2,
        command: 'sudo -n true',
        instant: 2147483641.5,
        end: 2147483642.25,
        failed: true,
        message: 'sudo: unable to get time of day',
      },
    ])
  })

  test('nothing from a run whose records were tampered with or whose clock the probe moved', () => {
    assert.deepEqual(observeLines(guest, verdict('tampered')), [])
    assert.deepEqual(observeLines(guest, verdict('clock-moved')), [])
    assert.equal(observeLines(guest, verdict('incomplete')).length, 2)
  })
})

describe('observeUnits: the units of a run under init: systemd', () => {
  const guest = { clockAtProbe: 2147483640, uptimeAtProbe: 50, lines: [] } as unknown as GuestReport
  const failed = {
    stage: 'services',
    program: 'systemd-journald.service',
    message: 'Time jumped backwards, rotating.',
    guestTime: '2038-01-19T03:14:09Z',
  } as Finding
  const untimed = { stage: 'services', program: 'cron.service', message: 'listed as failed' } as Finding

  test('each unit that failed after the clock was set, at its guest time; one without a time is left out', () => {
    assert.deepEqual(observeUnits(guest, { outcome: 'fail', findings: [failed, untimed] }, true), {
      start: 2147483640,
      failed: [{ unit: 'systemd-journald.service', at: 2147483649, message: 'Time jumped backwards, rotating.' }],
    })
    assert.deepEqual(observeUnits(guest, { outcome: 'pass', findings: [] }, true), { start: 2147483640, failed: [] })
  })

  test('nothing under another init, or from a run that did not reach its end', () => {
    assert.equal(observeUnits(guest, { outcome: 'fail', findings: [failed] }, false), undefined)
    assert.equal(observeUnits(guest, { outcome: 'timeout', findings: [failed] }, true), undefined)
    assert.equal(observeUnits(guest, { outcome: 'incomplete', findings: [failed] }, true), undefined)
  })
})
