/**
 * The action: inputs in, the engine, then annotations, the job summary, outputs and the
 * step's verdict out. Failures of the tool itself fail the step with their own message,
 * never as findings.
 */
import { userlandSuite } from '../verdict/remedy.js'
import { jsonText, lineUrl, writeJsonOutput } from '../outputs/files.js'
import { failStep, writeJobSummary } from './step.js'
import { outcomePasses } from '../verdict/outcomes.js'
import { runScripts } from '../report/finding-place.js'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import * as core from '@actions/core'
import { imageStore, runY2038 } from '../engine.js'
import type { RunReport } from '../report/model.js'
import type { Logger } from '../host/log.js'
import { type RunOptions, snapshotsWanted, keptGuestsWanted, ramFileWanted } from '../config/options.js'
import type { CommandRunner } from '../host/proc.js'
import type { ImageStore } from '../image/store.js'
import { ImageCache, actionsCacheService } from './image-cache.js'
import { type SaveOutcomes, cacheSaves, cacheState } from './cache-state.js'
import { errorMessage } from '../config/errors.js'
import { firstFailingDate, formatTextReport, runResult, toJsonReport } from '../report/report.js'
import { lastLines, redactCredentials } from '../config/text.js'
import { VERSION } from '../config/version.js'
import { MAX_ERROR_ANNOTATIONS, auditAnnotations, buildAnnotations } from './annotations.js'
import { ActionsExecRunner } from './exec-runner.js'
import { envInputReader, getActionInputs } from './inputs.js'
import { ActionLogger } from './logger.js'
import { buildSummary } from './summary.js'
import { type ArtifactService, actionsArtifactService, artifactServiceMissing } from './artifacts.js'
import { INPUTS, OUTPUTS } from './names.js'
import {
  CONSOLE_FILE,
  REPORT_ARTIFACT_PREFIX,
  STARTED_ARTIFACT_PREFIX,
  STARTED_FILE,
  artifactIdentity,
  artifactKey,
} from '../report/artifact-name.js'
import type { StartedMarker } from '../report/merge.js'
import { toSarif } from '../report/sarif.js'
import { formatInstant } from '../config/dates.js'

const PREPARE_CHECK_DATE = new Date(Date.UTC(2038, 0, 1))

/**
 * Where archives are staged for the Actions cache. The cache client hashes the saved
 * paths into the entry's version, so this path must be the same in every job of a user:
 * one per user id (GitHub's runner user has the same one everywhere), never another's.
 */
export function cacheTransferDir(uid: number = process.getuid?.() ?? 0): string {
  return `/tmp/y2038-action-transfer-${uid}`
}

async function consoleTail(file: string, count: number): Promise<string[]> {
  return lastLines(await readFile(file, 'utf8').catch(() => ''), count)
}

/** Saves what cacheSaves says this run should, once each is known to work. */
async function saveBuilt(
  report: RunReport,
  imageCache: ImageCache,
  runner: CommandRunner,
  log: Logger,
  prepareOnly: boolean,
): Promise<SaveOutcomes> {
  const saves: SaveOutcomes = {}
  const store = imageStore(report.options.cacheDir, runner)
  for (const entry of cacheSaves(report, prepareOnly)) {
    if (entry.unverified) {
      log.warn(`${entry.key} was not saved to the Actions cache: ${entry.unverified}`)
      saves[entry.kind] = 'not-verified'
    } else {
      saves[entry.kind] = await imageCache.save(entry.key, store)
    }
  }
  return saves
}

/** One file with every date's console, for the `log` output. */
async function combinedConsole(report: RunReport, file: string): Promise<void> {
  const parts: string[] = []
  for (const date of [...(report.control ? [report.control] : []), ...report.dates]) {
    const role = date === report.control ? 'control, ' : ''
    parts.push(`===== ${date.date} (${role}clock ${date.clock}, RTC from ${date.bootDate}): ${date.outcome} =====\n`)
    parts.push(await readFile(date.consoleLog, 'utf8').catch(() => '(no console output)\n'))
  }
  await writeFile(file, parts.join(''))
}

/** prepare-only: one boot before the rollover that proves the guest boots and sudo keeps its setuid bit. */
export function verificationOptions(options: RunOptions): RunOptions {
  // One check date, no search: the dates and the search are the jobs' that use the guest.
  const rest = { ...options }
  delete rest.search
  return {
    ...rest,
    dates: [PREPARE_CHECK_DATE],
    clock: 'step',
    probe: { kind: 'inline', script: 'test "$(sudo -n id -u)" = 0\n' },
    control: undefined,
  }
}

/** Uploads an artifact; a failure is a warning, never the step's failure. True when it was published. */
async function publishArtifact(
  service: ArtifactService,
  name: string,
  files: string[],
  root: string,
  log: ActionLogger,
): Promise<boolean> {
  try {
    await log.group(`Publish the artifact ${name}`, () => service.upload(name, files, root))
    return true
  } catch (error) {
    core.warning(`The artifact ${name} was not published: ${redactCredentials(errorMessage(error))}`)
    return false
  }
}

/**
 * The start marker, published before anything is built: a job that never publishes its
 * report (cancelled, timed out, failed) is then named by the report action.
 */
async function publishStartMarker(
  service: ArtifactService,
  options: RunOptions,
  key: string,
  tempDir: string,
  log: ActionLogger,
): Promise<void> {
  const marker: StartedMarker = {
    kind: 'y2038-started',
    artifact: `${REPORT_ARTIFACT_PREFIX}${key}`,
    startedAt: new Date().toISOString(),
    target: { arch: options.arch, suite: options.suite, clock: options.clock, packages: options.packages },
    dates: options.dates.map(formatInstant),
  }
  const dir = path.join(tempDir, `${STARTED_ARTIFACT_PREFIX}${key}`)
  await mkdir(dir, { recursive: true })
  await writeFile(path.join(dir, STARTED_FILE), `${JSON.stringify(marker, null, 2)}\n`)
  await publishArtifact(service, `${STARTED_ARTIFACT_PREFIX}${key}`, [path.join(dir, STARTED_FILE)], dir, log)
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const inputs = getActionInputs(envInputReader(env), env)
    const options = inputs.prepareOnly ? verificationOptions(inputs.options) : inputs.options
    const outputDir = path.join(env.RUNNER_TEMP || os.tmpdir(), `y2038-${options.arch}-${options.suite}-${Date.now()}`)
    const runner = new ActionsExecRunner()
    const log = new ActionLogger()
    const imageCache = inputs.cache ? new ImageCache(actionsCacheService, log, env, cacheTransferDir()) : undefined
    const key = artifactKey(artifactIdentity(options))
    let artifacts: ArtifactService | undefined
    if (inputs.upload && !inputs.prepareOnly) {
      const missing = artifactServiceMissing(env)
      if (missing) {
        core.info(`The report will not be published as an artifact: ${missing}`)
      } else {
        artifacts = actionsArtifactService()
        await publishStartMarker(artifacts, options, key, env.RUNNER_TEMP || os.tmpdir(), log)
      }
    }
    const report = await runY2038(options, {
      runner,
      log,
      outputDir,
      snapshots: snapshotsWanted(process.env),
      keptGuests: keptGuestsWanted(process.env),
      ramFile: ramFileWanted(process.env),
      ...(imageCache ? { restorer: (store: ImageStore) => imageCache.restorer(store) } : {}),
    })
    const saves = imageCache
      ? await log.group('Save the guest to the Actions cache', () =>
          saveBuilt(report, imageCache, runner, log, inputs.prepareOnly),
        )
      : {}
    core.setOutput(OUTPUTS.cacheHit, String(report.kernel.source !== 'built' && report.userland.source !== 'built'))
    core.setOutput(OUTPUTS.kernelCacheKey, imageCache?.key(report.kernel.key) ?? report.kernel.key)
    core.setOutput(OUTPUTS.rootfsCacheKey, imageCache?.key(report.userland.key) ?? report.userland.key)
    const kept = report.savedGuest?.discarded ? undefined : report.savedGuest?.key
    core.setOutput(OUTPUTS.savedGuestCacheKey, kept ? (imageCache?.key(kept) ?? kept) : '')

    if (inputs.prepareOnly) {
      const [check] = report.dates
      const passed = check !== undefined && outcomePasses(check.outcome)
      core.setOutput(OUTPUTS.result, passed ? 'pass' : 'fail')
      if (!passed) {
        core.setFailed(
          `the prepared ${options.arch} ${options.suite} guest did not pass its check boot (${check?.outcome}): ${check?.findings[0]?.message ?? ''}`,
        )
      } else {
        core.info(`Prepared ${options.arch} ${options.suite}: the guest boots and sudo works`)
      }
      await writeJobSummary(
        buildSummary(report, {
          consoleTails: {},
          cache: cacheState(report, inputs.cache, saves),
          lineUrl: lineUrl(env),
        }),
      )
      return
    }

    const reportFile = path.join(outputDir, 'y2038-report.json')
    const json = toJsonReport(report, VERSION)
    await writeFile(reportFile, jsonText(json))
    const logFile = path.join(outputDir, CONSOLE_FILE)
    await combinedConsole(report, logFile)
    core.info(formatTextReport(report))

    const result = runResult(report)
    // Outputs first: nothing after this (annotations, the summary) can lose them.
    core.setOutput(OUTPUTS.result, result)
    core.setOutput(OUTPUTS.findings, String(report.findings.length))
    core.setOutput(OUTPUTS.auditFindings, String(report.audit.findings.length))
    core.setOutput(OUTPUTS.report, reportFile)
    core.setOutput(OUTPUTS.log, logFile)
    core.setOutput(OUTPUTS.outputDir, outputDir)
    core.setOutput(OUTPUTS.firstFailingDate, firstFailingDate(json) ?? '')
    if (inputs.sarif) {
      const sarif = toSarif([json], { toolVersion: VERSION, category: `y2038/${key}` })
      await writeJsonOutput(INPUTS.sarif, inputs.sarif, sarif)
      core.setOutput(OUTPUTS.sarif, inputs.sarif)
    }
    const artifactName = `${REPORT_ARTIFACT_PREFIX}${key}`
    const published =
      artifacts !== undefined && (await publishArtifact(artifacts, artifactName, [reportFile, logFile], outputDir, log))
    if (published) core.setOutput(OUTPUTS.artifact, artifactName)
    const willFail = options.failOn !== 'never' && result === 'fail'
    // setFailed adds an error annotation of its own: leave room for it.
    const limit = willFail ? MAX_ERROR_ANNOTATIONS - 1 : MAX_ERROR_ANNOTATIONS
    for (const annotation of buildAnnotations(report.findings, runScripts(options), limit)) {
      core.error(annotation.message, {
        title: annotation.title,
        ...(annotation.file ? { file: annotation.file, startLine: annotation.startLine } : {}),
      })
    }
    const userland = { arch: report.target.arch, suite: userlandSuite(report.target.suite, report.system) }
    for (const annotation of auditAnnotations(report.audit.findings, userland)) {
      const emit = annotation.severity === 'error' ? core.error : core.warning
      emit(annotation.message, { title: annotation.title, ...(annotation.file ? { file: annotation.file } : {}) })
    }

    const consoleTails: Record<string, string[]> = {}
    for (const date of report.dates) {
      if (!outcomePasses(date.outcome)) consoleTails[date.date] = await consoleTail(date.consoleLog, 30)
    }
    await writeJobSummary(
      buildSummary(report, {
        consoleTails,
        cache: cacheState(report, inputs.cache, saves),
        lineUrl: lineUrl(env),
        ...(published ? { artifact: artifactName } : {}),
      }),
    )

    if (willFail) {
      const failedDates = report.dates.filter((d) => !outcomePasses(d.outcome)).map((d) => d.date)
      core.setFailed(
        `${report.findings.length} Year-2038 finding${report.findings.length === 1 ? '' : 's'} on ${options.arch} ${options.suite} at ${failedDates.join(', ')}: see the annotations and the job summary`,
      )
    }
  } catch (error) {
    failStep('y2038-action', error)
  }
}
