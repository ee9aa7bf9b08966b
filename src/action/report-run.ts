/**
 * The report action (report/action.yml): every y2038 report of the workflow run (its
 * artifacts, or a directory) merged into one grid in the job summary, the merged JSON, SARIF
 * if asked, and the outputs. Side effects here; the merge, the grid and SARIF are pure
 * (src/report/merge.ts, src/report/sarif.ts, ./report-summary.ts).
 */
import { existsSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import * as core from '@actions/core'
import { InputError, ToolError, errorMessage } from '../config/errors.js'
import { VERSION } from '../config/version.js'
import { readArtifactDirectory, readReportPaths } from '../outputs/report-files.js'
import { REPORT_ARTIFACT_PREFIX, STARTED_ARTIFACT_PREFIX } from '../report/artifact-name.js'
import { type ReportInput, formatMergedText, mergeReports, readInput, toMergedJson } from '../report/merge.js'
import { toSarif } from '../report/sarif.js'
import { type ArtifactService, actionsArtifactService, artifactServiceMissing } from './artifacts.js'
import { envInputReader } from './inputs.js'
import { outputFileInput } from '../outputs/paths.js'
import { jsonText, lineUrl, writeJsonOutput } from '../outputs/files.js'
import { failStep, writeJobSummary } from './step.js'
import { REPORT_INPUTS, REPORT_OUTPUTS, type ReportInputName } from './names.js'
import { buildReportSummary } from './report-summary.js'

export const REPORT_CATEGORY = 'y2038/report'
const FAIL_ON = ['findings', 'never'] as const

/** Downloads every y2038 report and start marker of the run, each into its own directory. */
async function downloadReports(service: ArtifactService, dir: string): Promise<ReportInput[]> {
  let listed
  try {
    listed = await service.list()
  } catch (error) {
    throw new ToolError(`could not list the artifacts of this workflow run: ${errorMessage(error)}`)
  }
  const ours = listed
    .filter((a) => a.name.startsWith(REPORT_ARTIFACT_PREFIX) || a.name.startsWith(STARTED_ARTIFACT_PREFIX))
    .sort((a, b) => a.name.localeCompare(b.name))
  core.info(`${ours.length} y2038 artifact(s) of ${listed.length} in this workflow run`)
  const inputs: ReportInput[] = []
  for (const artifact of ours) {
    const into = path.join(dir, artifact.name)
    try {
      await mkdir(into, { recursive: true })
      await service.download(artifact.id, into)
    } catch (error) {
      inputs.push({ source: artifact.name, text: undefined, missing: `the download failed: ${errorMessage(error)}` })
      continue
    }
    inputs.push(await readArtifactDirectory(artifact.name, into))
  }
  return inputs
}

export async function runReport(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const read = envInputReader<ReportInputName>(env)
    const workspace = env.GITHUB_WORKSPACE || process.cwd()
    const failOn = read(REPORT_INPUTS.failOn) || 'findings'
    if (!(FAIL_ON as readonly string[]).includes(failOn)) {
      throw new InputError(REPORT_INPUTS.failOn, `'${failOn}' is not valid (valid: ${FAIL_ON.join(', ')})`)
    }
    const sarifFile = outputFileInput(REPORT_INPUTS.sarif, read(REPORT_INPUTS.sarif), workspace)
    const given = read(REPORT_INPUTS.path)
    const tempDir = await mkdtemp(path.join(env.RUNNER_TEMP || os.tmpdir(), 'y2038-report-'))
    let inputs: ReportInput[]
    if (given) {
      const dir = path.resolve(workspace, given)
      if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        throw new InputError(REPORT_INPUTS.path, `'${given}' is not a directory (of the workspace ${workspace})`)
      }
      inputs = await readReportPaths([given], workspace)
    } else {
      const missing = artifactServiceMissing(env)
      if (missing) {
        throw new InputError(
          REPORT_INPUTS.path,
          `the artifacts of this workflow run cannot be read (${missing}): give path, a directory of reports`,
        )
      }
      inputs = await core.group('Download the y2038 reports of this workflow run', () =>
        downloadReports(actionsArtifactService(), path.join(tempDir, 'artifacts')),
      )
    }
    const merged = mergeReports(inputs.map(readInput))
    core.info(formatMergedText(merged))

    const reportFile = path.join(tempDir, 'y2038-merged-report.json')
    await writeFile(reportFile, jsonText(toMergedJson(merged, VERSION)))
    core.setOutput(REPORT_OUTPUTS.result, merged.result)
    core.setOutput(REPORT_OUTPUTS.findings, String(merged.findings))
    core.setOutput(REPORT_OUTPUTS.firstFailingDate, merged.firstFailingDate ?? '')
    core.setOutput(REPORT_OUTPUTS.report, reportFile)
    if (sarifFile) {
      const sarif = toSarif(
        merged.reports.map((r) => r.report),
        { toolVersion: VERSION, category: REPORT_CATEGORY },
      )
      await writeJsonOutput(REPORT_INPUTS.sarif, sarifFile, sarif)
      core.setOutput(REPORT_OUTPUTS.sarif, sarifFile)
    }
    await writeJobSummary(buildReportSummary(merged, { lineUrl: lineUrl(env) }))
    if (failOn === 'findings' && merged.result !== 'pass') {
      core.setFailed(
        merged.result === 'fail'
          ? `${merged.findings} Year-2038 finding${merged.findings === 1 ? '' : 's'}; the first failing date is ${merged.firstFailingDate}: see the job summary`
          : merged.reports.length === 0
            ? 'no y2038 report could be read: see the job summary'
            : `${merged.problems.length} report${merged.problems.length === 1 ? ' is' : 's are'} missing or unreadable: see the job summary`,
      )
    }
  } catch (error) {
    failStep('y2038-action report', error)
  }
}
