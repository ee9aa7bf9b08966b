/**
 * `y2038 report FILE...`: the reports of many runs (files, or directories of downloaded
 * artifacts) merged into one grid of targets × dates, printed as text; optionally the merged
 * JSON and SARIF written. The same merge as the report action.
 * Exit status: 0 every cell passed, 1 a cell did not pass or a report is missing or
 * unreadable, 2 bad usage.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { InputError, errorMessage } from '../config/errors.js'
import { VERSION } from '../config/version.js'
import { readReportPaths } from '../outputs/report-files.js'
import { formatMergedText, mergeReports, readInput, toMergedJson } from '../report/merge.js'
import { toSarif } from '../report/sarif.js'
import { type CliIo, exitWithFailure } from './io.js'
import { checkWritableFile } from '../outputs/paths.js'
import { writeJsonOutput } from '../outputs/files.js'
import { classifyFailure } from '../outputs/failure.js'

export const REPORT_HELP = `Usage: y2038 report [options] FILE|DIR...

Merges the JSON reports of many runs (y2038 --json, or the action's report artifacts)
into one grid: a row per target (arch, suite, packages, clock), a column per date, each
cell pass, the number of findings, or another outcome. Below it, each failing line once
with the first date it fails at on each target, and the reports that could not be read.
A directory is searched for y2038-report.json (and y2038-started.json) files, as
actions/download-artifact leaves them.

Options:
  --json FILE        also write the merged report as JSON
  --sarif FILE       also write SARIF 2.1.0 for code scanning: one result per finding
                     on its probe (or setup) line
  --category NAME    the SARIF's code scanning category (default: y2038/report)
  --help             print this help

Exit status: 0 every cell passed, 1 a cell did not pass or a report is missing or
unreadable, 2 bad usage.
`

export const DEFAULT_REPORT_CATEGORY = 'y2038/report'

function checkOutputFile(flag: string, given: string, cwd: string): string {
  if (given.trim() === '') throw new InputError(flag, 'is empty: give a file name')
  checkWritableFile(flag, given, cwd)
  return path.resolve(cwd, given)
}

export async function reportMain(argv: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        json: { type: 'string' },
        sarif: { type: 'string' },
        category: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    io.stderr(`y2038 report: ${errorMessage(error).split('\n')[0]} (see y2038 report --help)\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    io.stdout(REPORT_HELP)
    return 0
  }
  try {
    if (positionals.length === 0) throw new InputError('FILE', 'give one or more reports or directories of reports')
    const jsonFile = values.json !== undefined ? checkOutputFile('json', values.json, io.cwd) : undefined
    const sarifFile = values.sarif !== undefined ? checkOutputFile('sarif', values.sarif, io.cwd) : undefined
    const category = values.category ?? DEFAULT_REPORT_CATEGORY
    if (category.trim() === '') throw new InputError('category', 'is empty: give a name, or leave the flag out')
    const inputs = await readReportPaths(positionals, io.cwd)
    const merged = mergeReports(inputs.map(readInput))
    io.stdout(formatMergedText(merged))
    if (jsonFile) {
      await writeJsonOutput('json', jsonFile, toMergedJson(merged, VERSION))
      io.stderr(`merged JSON report: ${jsonFile}\n`)
    }
    if (sarifFile) {
      const reports = merged.reports.map((r) => r.report)
      await writeJsonOutput('sarif', sarifFile, toSarif(reports, { toolVersion: VERSION, category }))
      io.stderr(`SARIF: ${sarifFile}\n`)
    }
    return merged.result === 'pass' ? 0 : 1
  } catch (error) {
    return exitWithFailure(io, 'y2038 report', classifyFailure(error))
  }
}
