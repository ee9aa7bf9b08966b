import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { SearchReport } from '../../src/search/drive.js'
import {
  changeText,
  instantName,
  rolloverMarks,
  searchSummary,
  searchTextLines,
  timeline,
} from '../../src/report/search-text.js'

const SEARCH: SearchReport = {
  from: '2026-12-05T00:00:00Z',
  to: '2106-02-07T06:28:16Z',
  scanRuns: 18,
  bisectionRuns: 9,
  confirmationRuns: 2,
  stepsRanOut: false,
  firstFailing: '2037-01-19T03:14:08Z',
  lines: [
    {
      line: 1,
      command: 'sudo -n true',
      verdict: 'changes',
      changes: [
        {
          to: 'fail',
          lastBefore: '2038-01-19T03:14:07Z',
          firstAfter: '2038-01-19T03:14:08Z',
          exact: true,
          message: 'sudo: unable to get time of day',
        },
      ],
      beforeRollover: false,
    },
    {
      line: 2,
      command: './renew --days 365',
      verdict: 'changes',
      changes: [{ to: 'fail', lastBefore: '2037-01-19T03:14:07Z', firstAfter: '2037-01-19T03:14:08Z', exact: true }],
      beforeRollover: true,
    },
    { line: 3, command: 'date -u', verdict: 'passes', changes: [] },
    { line: 4, command: 'flip', verdict: 'flaky', changes: [], reason: 'run twice at 2038-01-19T03:14:08Z, …' },
    {
      unit: 'systemd-journald.service',
      verdict: 'changes',
      changes: [{ to: 'fail', lastBefore: '2038-01-19T03:14:03Z', firstAfter: '2038-01-19T03:14:09Z', exact: false }],
      beforeRollover: false,
    },
  ],
}

describe('the search in words', () => {
  test('instants are named by their rollover, or how long before one', () => {
    assert.equal(instantName('2038-01-19T03:14:08Z'), 'the signed 32-bit time_t rollover')
    assert.equal(instantName('2037-01-19T03:14:08Z'), '365 days before the signed 32-bit time_t rollover')
    assert.equal(instantName('2038-01-19T03:14:07Z'), '1 s before the signed 32-bit time_t rollover')
    assert.equal(instantName('2106-02-07T06:28:16Z'), 'the unsigned 32-bit seconds rollover')
    assert.equal(instantName('2045-03-01T12:00:07Z'), undefined)
  })

  test('a change reads "passes until, fails from", and says when it was not narrowed', () => {
    assert.equal(
      changeText(SEARCH.lines[0]!.changes[0]!),
      'passes until 2038-01-19T03:14:07Z, fails from 2038-01-19T03:14:08Z (the signed 32-bit time_t rollover)',
    )
    assert.equal(
      changeText({ to: 'pass', lastBefore: '2045-01-01T00:00:00Z', firstAfter: '2046-01-01T00:00:00Z', exact: false }),
      'fails until 2045-01-01T00:00:00Z, passes from 2046-01-01T00:00:00Z (not narrowed to the second)',
    )
  })

  test('the timeline: = passing, X failing, ? flaky, the change where it falls in the range', () => {
    const bar = timeline(SEARCH, SEARCH.lines[0]!, 80)
    // 2038-01-19 is 11.1 years into a range of 79.2: column 11 of 80 is the first failing one.
    assert.equal(bar, '='.repeat(11) + 'X'.repeat(69))
    assert.equal(timeline(SEARCH, SEARCH.lines[2]!, 10), '==========')
    assert.equal(timeline(SEARCH, SEARCH.lines[3]!, 10), '??????????')
    // A line failing for a while and passing again.
    const window = {
      line: 5,
      command: 'w',
      verdict: 'changes' as const,
      changes: [
        { to: 'fail' as const, lastBefore: '2046-08-15T00:00:00Z', firstAfter: '2046-08-15T00:00:01Z', exact: true },
        { to: 'pass' as const, lastBefore: '2086-05-01T00:00:00Z', firstAfter: '2086-05-01T00:00:01Z', exact: true },
      ],
    }
    assert.equal(timeline(SEARCH, window, 4), '=XX=')
  })

  test('rollover marks under the bars', () => {
    assert.equal(rolloverMarks({ from: '2030-01-01T00:00:00Z', to: '2040-01-01T00:00:00Z' }, 10), '      ^ ^')
  })

  test('the text section and the summary section', () => {
    const text = searchTextLines(SEARCH, { probe: { kind: 'file', path: 'ci/probe.sh' } }).join('\n')
    assert.match(
      text,
      /^When each line changes \(search 2026-12-05T00:00:00Z to 2106-02-07T06:28:16Z; 18 scan date\(s\), 9 bisection run\(s\), 2 confirmation run\(s\)\):$/m,
    )
    assert.match(
      text,
      /^ {2}ci\/probe\.sh:2 {2}\.\/renew --days 365\n {4}2026 =+X+ 2106\n {4}passes until 2037-01-19T03:14:07Z, fails from 2037-01-19T03:14:08Z \(365 days before the signed 32-bit time_t rollover\)\n {4}fails before 2038-01-19T03:14:08Z$/m,
    )
    assert.match(text, /^ {4}flaky: run twice at 2038-01-19T03:14:08Z, … \(no date given\)$/m)
    assert.match(
      text,
      /^ {2}unit systemd-journald\.service\n {4}2026 =+X+ 2106\n {4}passes until 2038-01-19T03:14:03Z, fails from 2038-01-19T03:14:09Z \(not narrowed to the second\)$/m,
    )
    assert.match(text, /^ {2}first failing second: 2037-01-19T03:14:08Z \(before the signed 32-bit time_t rollover\)$/m)
    const { head, timelines } = searchSummary(SEARCH, { probe: { kind: 'builtin' } })
    assert.ok(
      head.includes('**First failing second: 2037-01-19T03:14:08Z (before the signed 32-bit time_t rollover)**'),
    )
    assert.ok(timelines.includes('built-in probe:1  sudo -n true'))
    assert.ok(timelines.includes('  passes at every date of the range'))
    // No run reached the probe: said so, never "no line fails".
    const untimed = { ...SEARCH, lines: [], firstFailing: undefined }
    assert.ok(
      searchTextLines(untimed, { probe: { kind: 'builtin' } }).includes(
        '  no probe line was timed: no run of the search reached the probe',
      ),
    )
    assert.ok(
      searchSummary(untimed, { probe: { kind: 'builtin' } }).head.includes(
        'No probe line was timed: no run of the search reached the probe.',
      ),
    )
  })
})
