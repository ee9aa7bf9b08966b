/**
 * Reads reports from the filesystem for the merge: files as given, directories searched for
 * the report and start-marker files of y2038 artifacts (as actions/download-artifact or this
 * action's own download leave them). A path that is not there, or a directory without a
 * report, is an input with no text and the reason, never an error.
 */
import { readFile, readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { REPORT_FILE, STARTED_FILE } from '../report/artifact-name.js'
import type { ReportInput } from '../report/merge.js'

async function readText(file: string, source: string): Promise<ReportInput> {
  try {
    return { source, text: await readFile(file, 'utf8') }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return { source, text: undefined, missing: code === 'ENOENT' ? 'no such file' : `not readable (${code ?? error})` }
  }
}

/** Every report or start marker under `dir`, in name order. */
async function walk(dir: string): Promise<string[]> {
  const found: string[] = []
  const entries = await readdir(dir, { withFileTypes: true })
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) found.push(...(await walk(full)))
    else if (entry.isFile() && (entry.name === REPORT_FILE || entry.name === STARTED_FILE)) found.push(full)
  }
  return found
}

/**
 * The inputs for these paths (relative to `cwd`): a file is read as it is; a directory gives
 * each y2038-report.json and y2038-started.json under it, named by its path relative to the
 * directory given.
 */
export async function readReportPaths(paths: string[], cwd: string): Promise<ReportInput[]> {
  const inputs: ReportInput[] = []
  for (const given of paths) {
    const full = path.resolve(cwd, given)
    const info = await stat(full).catch(() => undefined)
    if (!info) {
      inputs.push({ source: given, text: undefined, missing: 'no such file or directory' })
    } else if (info.isDirectory()) {
      const files = await walk(full)
      if (files.length === 0) {
        inputs.push({ source: given, text: undefined, missing: `a directory without ${REPORT_FILE}` })
      }
      for (const file of files) inputs.push(await readText(file, path.join(given, path.relative(full, file))))
    } else {
      inputs.push(await readText(full, given))
    }
  }
  return inputs
}

/**
 * The input for one downloaded artifact, named by the artifact: its report, else its start
 * marker, else the reason there is neither.
 */
export async function readArtifactDirectory(name: string, dir: string): Promise<ReportInput> {
  const report = await readText(path.join(dir, REPORT_FILE), name)
  if (report.text !== undefined) return report
  const started = await readText(path.join(dir, STARTED_FILE), name)
  if (started.text !== undefined) return started
  return { source: name, text: undefined, missing: `the artifact has no ${REPORT_FILE}` }
}
