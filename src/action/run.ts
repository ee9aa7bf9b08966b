/**
 * The action: inputs in, the engine, then annotations, the job summary, outputs and the
 * step's verdict out. Failures of the tool itself fail the step with their own message,
 * never as findings.
 */
import { readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import * as core from '@actions/core'
import { type RunReport, runY2038 } from '../engine.js'
import { InputError, ToolError, errorMessage } from '../errors.js'
import { formatTextReport, runResult, toJsonReport } from '../report.js'
import { VERSION } from '../version.js'
import { MAX_ERROR_ANNOTATIONS, buildAnnotations } from './annotations.js'
import { ActionsExecRunner } from './exec-runner.js'
import { envInputReader, getActionInputs } from './inputs.js'
import { ActionLogger } from './logger.js'
import { type CacheState, buildSummary } from './summary.js'

function lineUrl(env: NodeJS.ProcessEnv): ((file: string, line: number) => string) | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env
  if (!server || !repo || !sha) return undefined
  return (file, line) => `${server}/${repo}/blob/${sha}/${file.split('/').map(encodeURIComponent).join('/')}#L${line}`
}

async function consoleTail(file: string, count: number): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '')
  return text
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '')
    .slice(-count)
}

function cacheState(report: RunReport): CacheState {
  const describe = (a: RunReport['userland']): string =>
    a.built ? `built in ${a.buildSeconds} s` : 'found in the local cache directory'
  return { kernel: describe(report.kernel), userland: describe(report.userland) }
}

/** One file with every date's console, for the `log` output. */
async function combinedConsole(report: RunReport, file: string): Promise<void> {
  const parts: string[] = []
  for (const date of report.dates) {
    parts.push(`===== ${date.date} (clock ${date.clock}, RTC from ${date.bootDate}): ${date.outcome} =====\n`)
    parts.push(await readFile(date.consoleLog, 'utf8').catch(() => '(no console output)\n'))
  }
  await writeFile(file, parts.join(''))
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const inputs = getActionInputs(envInputReader(env), env)
    const { options } = inputs
    const outputDir = path.join(env.RUNNER_TEMP || os.tmpdir(), `y2038-${options.arch}-${options.suite}-${Date.now()}`)
    const report = await runY2038(options, {
      runner: new ActionsExecRunner(),
      log: new ActionLogger(),
      outputDir,
    })

    const reportFile = path.join(outputDir, 'y2038-report.json')
    await writeFile(reportFile, `${JSON.stringify(toJsonReport(report, VERSION), null, 2)}\n`)
    const logFile = path.join(outputDir, 'y2038-console.log')
    await combinedConsole(report, logFile)
    core.info(formatTextReport(report))

    const result = runResult(report)
    const willFail = inputs.failOn === 'findings' && result === 'fail'
    const probePath = options.probe.kind === 'file' ? options.probe.relativePath : undefined
    // setFailed adds an error annotation of its own: leave room for it.
    const limit = willFail ? MAX_ERROR_ANNOTATIONS - 1 : MAX_ERROR_ANNOTATIONS
    for (const annotation of buildAnnotations(report.findings, probePath, limit)) {
      core.error(annotation.message, {
        title: annotation.title,
        ...(annotation.file ? { file: annotation.file, startLine: annotation.startLine } : {}),
      })
    }

    const consoleTails: Record<string, string[]> = {}
    for (const date of report.dates) {
      if (date.outcome !== 'pass') consoleTails[date.date] = await consoleTail(date.consoleLog, 30)
    }
    await core.summary
      .addRaw(buildSummary(report, { consoleTails, cache: cacheState(report), lineUrl: lineUrl(env) }))
      .write()

    core.setOutput('result', result)
    core.setOutput('findings', String(report.findings.length))
    core.setOutput('report', reportFile)
    core.setOutput('log', logFile)
    core.setOutput('cache-hit', String(!report.kernel.built && !report.userland.built))

    if (willFail) {
      const failedDates = report.dates.filter((d) => d.outcome !== 'pass').map((d) => d.date)
      core.setFailed(
        `${report.findings.length} Year-2038 finding${report.findings.length === 1 ? '' : 's'} on ${options.arch} ${options.suite} at ${failedDates.join(', ')}: see the annotations and the job summary`,
      )
    }
  } catch (error) {
    if (error instanceof InputError || error instanceof ToolError) {
      core.setFailed(error.message)
    } else {
      core.setFailed(`y2038-action failed: ${errorMessage(error)}`)
      if (error instanceof Error && error.stack) core.debug(error.stack)
    }
  }
}
