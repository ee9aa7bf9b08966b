/**
 * One answer for a matrix of runs: the reports of many jobs (or files) read, checked and
 * merged into a grid of targets × dates, the failing lines each once with the first date
 * they fail at on each target, and the reports that could not be read or never came. Pure:
 * the texts come in as data.
 */
import type { Finding } from '../verdict/detect.js'
import type { JsonReport } from './report.js'
import { REPORT_SCHEMA_VERSION, firstFailingDate } from './report.js'
import { findingPlace } from './finding-place.js'
import { outcomeLine, outcomePasses } from '../verdict/outcomes.js'

/** The report versions the merge reads: version 5 only added `setup` to version 4. */
export const READABLE_SCHEMA_VERSIONS = [4, 5, 6, 7, REPORT_SCHEMA_VERSION] as const

/** What a job's start marker holds (STARTED_FILE in the `y2038-started-<key>` artifact). */
export interface StartedMarker {
  kind: 'y2038-started'
  /** The report artifact the job will publish when it finishes. */
  artifact: string
  startedAt: string
  target: { arch: string; suite: string; clock: string; packages: string[]; init?: string }
  dates: string[]
}

/** A report as the merge reads it: version 4 or 5, `target.init` when a run had one. */
export type ReadReport = JsonReport & { target: JsonReport['target'] & { init?: string } }

/** One file or artifact handed to the merge. */
export interface ReportInput {
  /** Where it came from: an artifact's name or a file's path. */
  source: string
  /** Its text; undefined when there is none. */
  text: string | undefined
  /** Why there is no text (a missing file, an artifact without a report), when there is none. */
  missing?: string
}

export type ReadInput =
  | { kind: 'report'; source: string; report: ReadReport }
  | { kind: 'started'; source: string; marker: StartedMarker }
  | { kind: 'problem'; source: string; problem: Problem['problem']; detail: string }

export interface Problem {
  source: string
  /** missing: no report where one was expected; unreadable: not a complete report; version: another schema version. */
  problem: 'missing' | 'unreadable' | 'version'
  detail: string
}

/** A row of the grid: what makes one guest another. */
export interface GridTarget {
  key: string
  arch: string
  suite: string
  packages: string[]
  clock: string
  /** Only when a report named it; a report without one ran sh. */
  init?: string
  label: string
  /** A search's first failing second, the earliest over the target's reports that searched. */
  searchFirstFailing?: string
}

export type Cell =
  { state: 'report'; outcome: string; findings: number; source: string } | { state: 'no-report'; source: string }

export interface FailingLine {
  /** `ci/probe.sh:4`, `built-in probe:6`, `run:3`, `setup:2`, or the stage (`boot`) for a finding without a line. */
  where: string
  stage: string
  /** The repository file, when the line is in one. */
  file?: string
  line?: number
  command?: string
  check?: string
  /** One per target it fails on: the first date, and the finding there. */
  targets: { target: string; label: string; date: string; message: string; signature: string }[]
}

export interface MergedReport {
  targets: GridTarget[]
  /** The grid's columns, earliest first. */
  dates: string[]
  /** cells[target key][date]: what the reports say for it, one entry per report (normally one). */
  cells: Record<string, Record<string, Cell[]>>
  lines: FailingLine[]
  problems: Problem[]
  reports: { source: string; report: ReadReport }[]
  /** Findings of every report read. */
  findings: number
  /**
   * pass: every cell passed and every report was read; fail: a cell did not pass;
   * incomplete: nothing failed, but a report is missing or unreadable, or there was none.
   */
  result: 'pass' | 'fail' | 'incomplete'
  /** The earliest date at which some target did not pass. */
  firstFailingDate?: string
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const isString = (v: unknown): v is string => typeof v === 'string'
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString)

/** The first field the merge needs that a report lacks, as a path (`dates[1].outcome`), or undefined. */
function missingField(r: Record<string, unknown>): string | undefined {
  const target = r.target
  if (!isRecord(target)) return 'target'
  for (const key of ['arch', 'suite', 'clock'] as const) if (!isString(target[key])) return `target.${key}`
  if (!isStringArray(target.packages)) return 'target.packages'
  if (target.init !== undefined && !isString(target.init)) return 'target.init'
  if (!isRecord(r.probe) || !isString(r.probe.kind)) return 'probe.kind'
  if (!Array.isArray(r.dates)) return 'dates'
  for (const [i, d] of r.dates.entries()) {
    if (!isRecord(d)) return `dates[${i}]`
    if (!isString(d.date)) return `dates[${i}].date`
    if (!isString(d.outcome)) return `dates[${i}].outcome`
    if (typeof d.findings !== 'number') return `dates[${i}].findings`
  }
  if (!Array.isArray(r.findings)) return 'findings'
  for (const [i, f] of r.findings.entries()) {
    if (!isRecord(f)) return `findings[${i}]`
    for (const key of ['date', 'stage', 'message'] as const) if (!isString(f[key])) return `findings[${i}].${key}`
    if (!isRecord(f.signature) || !isString(f.signature.id)) return `findings[${i}].signature.id`
  }
  return undefined
}

function readMarker(source: string, value: Record<string, unknown>): ReadInput {
  const target = value.target
  if (
    !isString(value.artifact) ||
    !isString(value.startedAt) ||
    !isRecord(target) ||
    !isString(target.arch) ||
    !isString(target.suite) ||
    !isString(target.clock) ||
    !isStringArray(target.packages) ||
    !isStringArray(value.dates)
  ) {
    return { kind: 'problem', source, problem: 'unreadable', detail: 'a start marker without its target and dates' }
  }
  return { kind: 'started', source, marker: value as unknown as StartedMarker }
}

/** Reads one input: a report, a start marker, or the problem with it, named in one line. */
export function readInput(input: ReportInput): ReadInput {
  const { source, text } = input
  if (text === undefined) {
    return { kind: 'problem', source, problem: 'missing', detail: input.missing ?? 'no report' }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return {
      kind: 'problem',
      source,
      problem: 'unreadable',
      detail: `not complete JSON (${text.length === 0 ? 'empty' : `truncated or damaged: ${why}`})`,
    }
  }
  if (!isRecord(value)) return { kind: 'problem', source, problem: 'unreadable', detail: 'not a y2038 report' }
  if (value.kind === 'y2038-started') return readMarker(source, value)
  if (!isRecord(value.tool) || value.tool.name !== 'y2038-action' || value.schemaVersion === undefined) {
    return { kind: 'problem', source, problem: 'unreadable', detail: 'not a y2038 report' }
  }
  if (!(READABLE_SCHEMA_VERSIONS as readonly unknown[]).includes(value.schemaVersion)) {
    return {
      kind: 'problem',
      source,
      problem: 'version',
      detail: `schema version ${JSON.stringify(value.schemaVersion)} (from y2038-action ${String(value.tool.version)}); this version reads ${READABLE_SCHEMA_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_SCHEMA_VERSIONS.at(-1)}`,
    }
  }
  const missing = missingField(value)
  if (missing !== undefined) {
    return { kind: 'problem', source, problem: 'unreadable', detail: `a report without ${missing}` }
  }
  return { kind: 'report', source, report: value as unknown as ReadReport }
}

type TargetFields = Pick<GridTarget, 'arch' | 'suite' | 'packages' | 'clock' | 'init'>

export function targetKey(t: TargetFields): string {
  return [t.arch, t.suite, [...t.packages].sort().join(' '), t.clock, t.init ?? 'sh'].join('|')
}

/** `i386 bookworm, clock step`, with the packages when there are any and the init when it is not sh. */
export function targetLabel(t: TargetFields): string {
  const packages = t.packages.length > 0 ? ` (${[...t.packages].sort().join(' ')})` : ''
  const init = t.init !== undefined && t.init !== 'sh' ? `, init ${t.init}` : ''
  return `${t.arch} ${t.suite}${packages}, clock ${t.clock}${init}`
}

function gridTarget(t: TargetFields): GridTarget {
  const packages = [...t.packages].sort()
  const fields = { arch: t.arch, suite: t.suite, packages, clock: t.clock, ...(t.init ? { init: t.init } : {}) }
  return { key: targetKey(fields), ...fields, label: targetLabel(fields) }
}

/**
 * Where a finding is, and the file of the repository it is on, if any (a script outside the
 * repository, given on the command line by its absolute path, is named but is no such file).
 */
export function findingWhere(report: ReadReport, finding: Finding): { where: string; file?: string } {
  const place = findingPlace(finding, report)
  return { where: place.label, ...(place.file ? { file: place.file } : {}) }
}

function compareLines(a: FailingLine, b: FailingLine): number {
  const aLine = a.line === undefined ? 1 : 0
  const bLine = b.line === undefined ? 1 : 0
  if (aLine !== bLine) return aLine - bLine
  const where = (a.file ?? a.where.replace(/:\d+$/, '')).localeCompare(b.file ?? b.where.replace(/:\d+$/, ''))
  if (where !== 0) return where
  return (a.line ?? 0) - (b.line ?? 0) || a.where.localeCompare(b.where)
}

/** Merges what was read: the grid, the failing lines, the problems and the overall result. */
export function mergeReports(inputs: ReadInput[]): MergedReport {
  const targets = new Map<string, GridTarget>()
  const dates = new Set<string>()
  const cells: Record<string, Record<string, Cell[]>> = {}
  const problems: Problem[] = []
  const reports: { source: string; report: ReadReport }[] = []
  const lines = new Map<string, FailingLine>()
  const addCell = (target: GridTarget, date: string, cell: Cell) => {
    const row = targets.get(target.key) ?? { ...target }
    targets.set(target.key, row)
    // A row shows its init when one of its reports named it.
    if (target.init !== undefined && row.init === undefined) {
      row.init = target.init
      row.label = targetLabel(row)
    }
    dates.add(date)
    ;((cells[target.key] ??= {})[date] ??= []).push(cell)
  }

  for (const input of inputs) {
    if (input.kind === 'problem') {
      problems.push({ source: input.source, problem: input.problem, detail: input.detail })
    } else if (input.kind === 'report') {
      const { report, source } = input
      reports.push({ source, report })
      const target = gridTarget(report.target)
      for (const d of report.dates) {
        addCell(target, d.date, { state: 'report', outcome: d.outcome, findings: d.findings, source })
      }
      const searched = report.search?.firstFailing
      const row = targets.get(target.key)
      if (searched && row && (row.searchFirstFailing === undefined || searched < row.searchFirstFailing))
        row.searchFirstFailing = searched
      for (const finding of report.findings) {
        const { where, file } = findingWhere(report, finding)
        const groupKey =
          finding.line !== undefined
            ? `${where}\u0000${finding.command ?? ''}`
            : `${finding.stage}\u0000${finding.signature.id}`
        const line: FailingLine = lines.get(groupKey) ?? {
          where,
          stage: finding.stage,
          ...(file ? { file } : {}),
          ...(finding.line !== undefined ? { line: finding.line } : {}),
          ...(finding.command !== undefined ? { command: finding.command } : {}),
          ...(finding.check !== undefined ? { check: finding.check } : {}),
          targets: [],
        }
        lines.set(groupKey, line)
        const first = { date: finding.date, message: finding.message, signature: finding.signature.id }
        const seen = line.targets.find((t) => t.target === target.key)
        if (!seen) line.targets.push({ target: target.key, label: target.label, ...first })
        else if (finding.date < seen.date) Object.assign(seen, first)
      }
    }
  }
  // A job that started and published no report: a start marker whose report artifact is not
  // among the reports read (by name: the artifact's, or a directory of that name). Its cells
  // that no other report covers show it.
  const published = new Set(reports.flatMap((r) => r.source.split('/')))
  for (const input of inputs) {
    if (input.kind !== 'started' || published.has(input.marker.artifact)) continue
    const target = gridTarget(input.marker.target)
    const uncovered = input.marker.dates.filter(
      (date) => !(cells[target.key]?.[date] ?? []).some((c) => c.state === 'report'),
    )
    for (const date of uncovered) addCell(target, date, { state: 'no-report', source: input.marker.artifact })
    problems.push({
      source: input.marker.artifact,
      problem: 'missing',
      detail: `the job for ${target.label} at ${input.marker.dates.join(', ')} started at ${input.marker.startedAt} and published no report: cancelled, timed out or failed before its end`,
    })
  }

  const sortedTargets = [...targets.values()].sort((a, b) => a.key.localeCompare(b.key))
  for (const t of sortedTargets) {
    for (const line of lines.values()) {
      for (const entry of line.targets) if (entry.target === t.key) entry.label = t.label
    }
  }
  const sortedDates = [...dates].sort()
  const failing = Object.values(cells)
    .flatMap((row) => Object.entries(row))
    .filter(([, list]) => list.some((c) => c.state === 'report' && !outcomePasses(c.outcome)))
    .map(([date]) => date)
    .sort()
  const firstFailing = reports
    .map((r) => firstFailingDate(r.report))
    .filter(isString)
    .sort()[0]
  const findings = reports.reduce((n, r) => n + r.report.findings.length, 0)
  const result =
    failing.length > 0 ? 'fail' : problems.length > 0 || reports.length === 0 ? 'incomplete' : ('pass' as const)
  const sortedLines = [...lines.values()].sort(compareLines)
  for (const line of sortedLines) {
    line.targets.sort(
      (a, b) => sortedTargets.findIndex((t) => t.key === a.target) - sortedTargets.findIndex((t) => t.key === b.target),
    )
  }
  return {
    targets: sortedTargets,
    dates: sortedDates,
    cells,
    lines: sortedLines,
    problems,
    reports,
    findings,
    result,
    ...(firstFailing !== undefined ? { firstFailingDate: firstFailing } : {}),
  }
}

/** A cell's text: `pass`, `2 findings`, another outcome (`boot-failure`), `no report`, or `-` (not run). */
export function cellText(cells: Cell[] | undefined): string {
  if (!cells || cells.length === 0) return '-'
  const texts = cells.map((c) => {
    if (c.state === 'no-report') return 'no report'
    if (outcomePasses(c.outcome)) return 'pass'
    if (c.outcome === 'fail') return `${c.findings} finding${c.findings === 1 ? '' : 's'}`
    return c.outcome
  })
  return [...new Set(texts)].join(' / ')
}

const RESULT_TEXT: Record<MergedReport['result'], string> = {
  pass: outcomeLine('pass'),
  fail: outcomeLine('fail'),
  incomplete: 'INCOMPLETE  nothing failed, but reports are missing or unreadable',
}

/** The merged report as text: the grid, the failing lines, the reports not read. */
export function formatMergedText(merged: MergedReport): string {
  const out: string[] = []
  const header = ['target', ...merged.dates]
  const rows = merged.targets.map((t) => [t.label, ...merged.dates.map((d) => cellText(merged.cells[t.key]?.[d]))])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const format = (row: string[]) =>
    row
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  out.push(
    `y2038 report: ${merged.reports.length} report(s), ${merged.targets.length} target(s) × ${merged.dates.length} date(s)`,
  )
  out.push('')
  if (merged.targets.length > 0) {
    out.push(format(header))
    for (const row of rows) out.push(format(row))
  } else {
    out.push('(no report could be read)')
  }
  const searched = merged.targets.filter((t) => t.searchFirstFailing)
  if (searched.length > 0) {
    out.push('')
    out.push('First failing second, per target that searched:')
    for (const t of searched) out.push(`  ${t.label}: ${t.searchFirstFailing}`)
  }
  if (merged.lines.length > 0) {
    out.push('')
    out.push('Failing lines (the first date each fails at, per target):')
    for (const line of merged.lines) {
      const what = line.check ? `[${line.check}] ` : ''
      out.push(`  ${line.where}  ${what}${line.command ?? ''}`.trimEnd())
      for (const t of line.targets) out.push(`      ${t.label}: from ${t.date}: ${t.message}`)
    }
  }
  if (merged.problems.length > 0) {
    out.push('')
    out.push('Reports not read:')
    for (const p of merged.problems) out.push(`  ${p.source}: ${p.problem}: ${p.detail}`)
  }
  out.push('')
  out.push(
    `${RESULT_TEXT[merged.result]}: ${merged.findings} finding(s)` +
      (merged.firstFailingDate ? `; first failing date ${merged.firstFailingDate}` : ''),
  )
  return `${out.join('\n')}\n`
}

/** The merged report for programs (`y2038 report --json`, the report action's `report` output). */
export interface MergedJson {
  kind: 'y2038-merged-report'
  schemaVersion: number
  tool: { name: 'y2038-action'; version: string }
  result: MergedReport['result']
  findings: number
  firstFailingDate?: string
  dates: string[]
  targets: (Omit<GridTarget, 'key'> & { cells: { date: string; text: string; cells: Cell[] }[] })[]
  lines: FailingLine[]
  problems: Problem[]
  /** Every report read, whole, with where it came from. */
  reports: { source: string; report: ReadReport }[]
}

export function toMergedJson(merged: MergedReport, toolVersion: string): MergedJson {
  return {
    kind: 'y2038-merged-report',
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'y2038-action', version: toolVersion },
    result: merged.result,
    findings: merged.findings,
    ...(merged.firstFailingDate ? { firstFailingDate: merged.firstFailingDate } : {}),
    dates: merged.dates,
    targets: merged.targets.map(({ key, ...t }) => ({
      ...t,
      cells: merged.dates.map((date) => ({
        date,
        text: cellText(merged.cells[key]?.[date]),
        cells: merged.cells[key]?.[date] ?? [],
      })),
    })),
    lines: merged.lines.map(({ targets, ...line }) => ({ ...line, targets })),
    problems: merged.problems,
    reports: merged.reports,
  }
}
