/** The report action's job summary (src/action/report-summary.ts): the grid's cells and its escaping. */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { buildReportSummary, markdownCell } from '../../src/action/report-summary.js'
import { mergeReports } from '../../src/report/merge.js'

describe('the report summary', () => {
  test('cells: pass, findings, other outcomes, no report, not run', () => {
    assert.equal(markdownCell([{ state: 'report', outcome: 'pass', findings: 0, source: 'a' }]), '✅ pass')
    assert.equal(markdownCell([{ state: 'report', outcome: 'fail', findings: 1, source: 'a' }]), '❌ 1 finding')
    assert.equal(
      markdownCell([{ state: 'report', outcome: 'boot-failure', findings: 1, source: 'a' }]),
      '❌ boot-failure',
    )
    assert.equal(markdownCell([{ state: 'no-report', source: 'a' }]), '⚠️ no report')
    assert.equal(markdownCell(undefined), '—')
    assert.equal(
      markdownCell([
        { state: 'report', outcome: 'pass', findings: 0, source: 'a' },
        { state: 'report', outcome: 'fail', findings: 2, source: 'b' },
      ]),
      '❌ pass / 2 findings',
    )
  })

  test('no report at all, and a source with Markdown in it, escaped', () => {
    const summary = buildReportSummary(
      mergeReports([{ kind: 'problem', source: 'a|b<c>.json', problem: 'unreadable', detail: 'not | complete' }]),
    )
    assert.equal(
      summary,
      [
        '## Year-2038 report: 0 targets × 0 dates',
        '',
        '**⚠️ No report could be read**; 1 report missing or not read',
        '',
        '### Reports not read',
        '',
        '| Report | Problem | Why |',
        '| --- | --- | --- |',
        '| `a\\|b<c>.json` | not readable | not \\| complete |',
        '',
        '',
      ].join('\n'),
    )
  })

  test("each target's first failing second from a search, on one line", () => {
    const target = {
      key: 'k',
      arch: 'i386',
      suite: 'bookworm',
      packages: [],
      clock: 'step',
      label: 'i386 bookworm, clock step',
    }
    const merged = {
      targets: [
        { ...target, searchFirstFailing: '2037-01-19T03:14:08Z' },
        { ...target, key: 'k2', arch: 'amd64', label: 'amd64 bookworm, clock step' },
      ],
      dates: [],
      cells: {},
      lines: [],
      problems: [],
      reports: [],
      findings: 0,
      result: 'pass' as const,
    }
    const summary = buildReportSummary(merged)
    assert.ok(
      summary.includes('\nFirst failing second (search): i386 bookworm, clock step 2037-01-19T03:14:08Z\n'),
      summary,
    )
    assert.equal(buildReportSummary({ ...merged, targets: [target] }).includes('First failing second'), false)
  })
})
