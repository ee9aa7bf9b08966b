/**
 * The report action's job summary: the grid of targets × dates, each failing line once with
 * the first date it fails at on each target, and the reports not read. Markdown, escaped and
 * capped as the check action's summary is. Pure.
 */
import { type Cell, type MergedReport, cellText } from '../report/merge.js'
import { cell, code } from './summary.js'
import { OUTCOME_TABLE } from '../verdict/outcomes.js'

const CELL_MARK: Record<string, string> = { pass: OUTCOME_TABLE.pass.mark, 'no report': '⚠️', '-': '' }

/** A grid cell in Markdown: pass, the number of findings, another outcome, no report, or a dash (not run). */
export function markdownCell(cells: Cell[] | undefined): string {
  const text = cellText(cells)
  if (text === '-') return '—'
  const mark = CELL_MARK[text] ?? OUTCOME_TABLE.fail.mark
  return `${mark} ${cell(text)}`
}

const PROBLEM: Record<string, string> = {
  missing: 'no report',
  unreadable: 'not readable',
  version: 'another schema version',
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

export interface ReportSummaryContext {
  /** Makes a link to a line of a file of the repository, when the repository is known. */
  lineUrl?: (path: string, line: number) => string
}

export function buildReportSummary(merged: MergedReport, context: ReportSummaryContext = {}): string {
  const out: string[] = []
  out.push(`## Year-2038 report: ${plural(merged.targets.length, 'target')} × ${plural(merged.dates.length, 'date')}`)
  out.push('')
  const reports = plural(merged.reports.length, 'report')
  const notRead = merged.problems.length > 0 ? `; ${plural(merged.problems.length, 'report')} missing or not read` : ''
  switch (merged.result) {
    case 'fail':
      out.push(
        `**${OUTCOME_TABLE.fail.mark} ${plural(merged.findings, 'finding')}** in ${reports}; first failing date ${merged.firstFailingDate}${notRead}`,
      )
      break
    case 'pass':
      out.push(`**${OUTCOME_TABLE.pass.mark} No Year-2038 failures** in ${reports}`)
      break
    case 'incomplete':
      out.push(
        merged.reports.length === 0
          ? `**⚠️ No report could be read**${notRead}`
          : `**⚠️ Incomplete**: nothing failed in ${reports}${notRead}`,
      )
  }
  if (merged.targets.length > 0) {
    out.push('')
    out.push(`| Target | ${merged.dates.map(cell).join(' | ')} |`)
    out.push(`| --- |${' --- |'.repeat(merged.dates.length)}`)
    for (const target of merged.targets) {
      const cells = merged.dates.map((date) => markdownCell(merged.cells[target.key]?.[date]))
      out.push(`| ${cell(target.label)} | ${cells.join(' | ')} |`)
    }
  }
  const searched = merged.targets.filter((t) => t.searchFirstFailing)
  if (searched.length > 0) {
    out.push('')
    out.push(
      `First failing second (search): ${searched.map((t) => `${cell(t.label)} ${t.searchFirstFailing}`).join(' · ')}`,
    )
  }
  if (merged.lines.length > 0) {
    out.push('')
    out.push('### Failing lines')
    out.push('')
    out.push('Each line once, with the first date it fails at on each target and its message there.')
    out.push('')
    out.push('| Line | Command | Target | First fails at | Message |')
    out.push('| --- | --- | --- | --- | --- |')
    for (const line of merged.lines) {
      const url = line.file && line.line !== undefined ? context.lineUrl?.(line.file, line.line) : undefined
      const where = url ? `[${cell(line.where)}](${url})` : cell(line.where)
      const command = `${line.command ? code(line.command) : ''}${line.check ? ` (${cell(line.check)})` : ''}`
      line.targets.forEach((t, i) => {
        const head = i === 0 ? `${where} | ${command}` : ' | '
        out.push(`| ${head} | ${cell(t.label)} | ${t.date} | ${cell(t.message)} |`)
      })
    }
  }
  if (merged.problems.length > 0) {
    out.push('')
    out.push('### Reports not read')
    out.push('')
    out.push('| Report | Problem | Why |')
    out.push('| --- | --- | --- |')
    for (const p of merged.problems) {
      out.push(`| ${code(p.source)} | ${PROBLEM[p.problem] ?? p.problem} | ${cell(p.detail)} |`)
    }
  }
  out.push('')
  return `${out.join('\n')}\n`
}
