/**
 * `--search` on real guests: the scan, the bisection from the saved guest and the
 * confirmation, each step a restored QEMU guest whose clock is set within a second.
 * i386 bookworm: sudo changes at the rollover itself, a program of the test's own that looks
 * a year ahead with a 32-bit time_t a year before it, a line that answers differently when
 * its date runs again is flaky; under init: systemd journald's unit changes too; amd64
 * (64-bit time_t) finds no change at all.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { makeRepo, runCli } from './helpers.js'

/**
 * Exits 1 when the clock one year from now does not fit a 32-bit time_t (timegm says -1), 2
 * when the clock itself does not (time says -1, from the rollover on).
 */
const YEAR_AHEAD_C = `#include <time.h>
int main(void) {
  time_t now = time(0);
  struct tm tm;
  if (now == (time_t)-1) return 2;
  gmtime_r(&now, &tm);
  tm.tm_year += 1;
  return timegm(&tm) == (time_t)-1;
}
`

const PROBE = ['sudo -n true', '/work/year-ahead', 'test "$Y2038_ATTEMPT" = 1', 'date -u'].join('\n')

describe('dates: search', () => {
  it('i386: each line to the second, a year-ahead program before 2038, a flaky line without a date', async () => {
    const repo = makeRepo()
    mkdirSync(path.join(repo, 'bin'))
    writeFileSync(path.join(repo, 'bin', 'year-ahead.c'), YEAR_AHEAD_C)
    execFileSync('gcc', [
      '-m32',
      '-O2',
      '-o',
      path.join(repo, 'bin', 'year-ahead'),
      path.join(repo, 'bin', 'year-ahead.c'),
    ])
    const run = await runCli(
      ['--workdir', 'bin', '--search', '2036-12-01..2038-02-01', '--control', 'none', '--run', PROBE],
      repo,
    )
    assert.equal(run.code, 1, run.stdout + run.stderr)
    const search = run.report!.search!
    assert.equal(run.report!.schemaVersion, 8)
    assert.deepEqual(
      search.lines.map((l) => [l.line, l.verdict, l.changes.map((c) => [c.to, c.lastBefore, c.firstAfter, c.exact])]),
      [
        [1, 'changes', [['fail', '2038-01-19T03:14:07Z', '2038-01-19T03:14:08Z', true]]],
        [2, 'changes', [['fail', '2037-01-19T03:14:07Z', '2037-01-19T03:14:08Z', true]]],
        [3, 'flaky', []],
        [4, 'passes', []],
      ],
      run.stdout,
    )
    assert.equal(search.lines[0]!.beforeRollover, false)
    assert.equal(search.lines[1]!.beforeRollover, true)
    assert.match(search.lines[0]!.changes[0]!.message!, /sudo: unable to get time of day/)
    assert.equal(search.firstFailing, '2037-01-19T03:14:08Z')
    // The scan's dates are the run's dates: both ends and both sides of the rollover.
    assert.deepEqual(
      run.report!.dates.map((d) => d.date),
      ['2036-12-01T00:00:00Z', '2038-01-19T03:14:07Z', '2038-01-19T03:14:08Z', '2038-02-01T00:00:00Z'],
    )
    assert.equal(search.scanRuns, 4)
    assert.equal(search.stepsRanOut, false)
    assert.ok(search.bisectionRuns + search.confirmationRuns <= 20, JSON.stringify(search))
    // The text report: each line with its timeline, the year-ahead line named and said to fail before 2038.
    assert.match(
      run.stdout,
      /^ {4}passes until 2037-01-19T03:14:07Z, fails from 2037-01-19T03:14:08Z \(365 days before the signed 32-bit time_t rollover\)$/m,
    )
    assert.match(run.stdout, /^ {2}run:2 {2}\/work\/year-ahead\n {4}2036 =+X+ 2038\n/m)
    assert.match(
      run.stdout,
      /^ {2}first failing second: 2037-01-19T03:14:08Z \(before the signed 32-bit time_t rollover\)$/m,
    )
  })

  it('i386, init: systemd: journald fails after the rollover too, as narrow as the runs for the lines leave it', async () => {
    const run = await runCli([
      '--init',
      'systemd',
      '--search',
      '2038-01-18..2038-01-20',
      '--control',
      'none',
      '--run',
      'sudo -n true',
    ])
    assert.equal(run.code, 1, run.stdout + run.stderr)
    const search = run.report!.search!
    assert.deepEqual(
      search.lines[0]!.changes.map((c) => [c.to, c.lastBefore, c.firstAfter, c.exact]),
      [['fail', '2038-01-19T03:14:07Z', '2038-01-19T03:14:08Z', true]],
    )
    const journald = search.lines.find((l) => l.unit === 'systemd-journald.service')
    assert.ok(journald, JSON.stringify(search.lines))
    assert.equal(journald.verdict, 'changes')
    const [change] = journald.changes
    assert.equal(change!.to, 'fail')
    // It fails when it next reads the clock, some seconds after it was set past the rollover.
    assert.ok(change!.lastBefore < '2038-01-19T03:14:08Z', change!.lastBefore)
    assert.ok(
      change!.firstAfter >= '2038-01-19T03:14:08Z' && change!.firstAfter <= '2038-01-19T03:14:30Z',
      change!.firstAfter,
    )
    assert.match(change!.message!, /^Assertion 'clock_gettime\(map_clock_id\(clock_id\), &ts\) == 0' failed/)
    assert.match(run.stdout, /^ {2}unit systemd-journald\.service$/m)
  })

  it('amd64: no line changes anywhere in the range', async () => {
    const run = await runCli([
      '--arch',
      'amd64',
      '--search',
      '2038-01-18..2038-01-20',
      '--control',
      'none',
      '--run',
      'sudo -n true\ndate -u',
    ])
    assert.equal(run.code, 0, run.stdout + run.stderr)
    const search = run.report!.search!
    assert.deepEqual(
      search.lines.map((l) => [l.line, l.verdict]),
      [
        [1, 'passes'],
        [2, 'passes'],
      ],
    )
    assert.equal(search.firstFailing, undefined)
    assert.equal(search.bisectionRuns, 0)
    assert.match(run.stdout, /^ {2}no line starts to fail in the range$/m)
  })
})
