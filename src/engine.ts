/**
 * The pipeline, end to end: host tools, kernel and userland (built or reused), then one
 * boot per date, each turned into a verdict. Side effects come in through EngineDeps.
 */
import { existsSync, rmSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Accel, chooseAccel } from './vm/accel.js'
import { type OwnSource, type PackageAudit, type RootAudit, auditFindings, selectPackages } from './verdict/audit.js'
import { auditDeb, auditWorkdir } from './build/audit-scan.js'
import {
  type ArtifactRestorer,
  type ArtifactSource,
  type Built,
  type KernelDetails,
  type UserlandDetails,
  checkMirror,
  ensureKernel,
  ensureUserland,
  storedAudit,
} from './build/build.js'
import { bootDateFor, formatInstant, stepDateFor } from './config/dates.js'
import {
  type DateVerdict,
  type Finding,
  type IgnoredFinding,
  dropBaselineFailures,
  reconcile,
  evaluateBoot,
  matchSignature,
} from './verdict/detect.js'
import { DEFAULT_LIMITS, buildGuestReport } from './verdict/guest-report.js'
import { confirmAtControl, confirmDate, isComparable, needsConfirmation } from './verdict/confirm.js'
import { harnessImageArgs, probeText, setupText, workdirImageArgs, writeHarness } from './guest/harness.js'
import { OUT_LIMIT_BYTES, STAGES, type StageName, type StageTokens, stageTokens } from './protocol/run-config.js'
import { jobLine, newJob } from './protocol/job.js'
import { type DebPackage, inspectDebs, mirrorDependencies, mirrorShortfall } from './build/debs.js'
import { type PackagesIndex, fetchPackagesIndex } from './build/apt-index.js'
import {
  type OutFiles,
  type StageVerdict,
  evaluateStage,
  readOutFiles,
  stageForDate,
  withStages,
} from './verdict/stages.js'
import { ensureArchesRunnable, ensureHostTools } from './host/tools.js'
import type { Logger } from './host/log.js'
import type { RunOptions } from './config/options.js'
import { type CommandRunner, interruptSignal, isRoot, onInterrupt } from './host/proc.js'
import { type GuestSpec, GuestVm, qemuStartFailure, runGuest } from './vm/qemu.js'
import { QmpClient, saveGuestState } from './vm/qmp.js'
import { USERLAND_BASE_PACKAGES, kernelRecipe, userlandRecipe } from './build/recipe.js'
import type {
  ArtifactInfo,
  AuditReport,
  ControlResult,
  DateResult,
  OutResult,
  RunReport,
  StageResult,
} from './report/model.js'
import { type ParsedStream, parseRecords } from './protocol/records.js'
import { decodeRecord } from './protocol/events.js'
import { type ServiceState, evaluateServices } from './verdict/services.js'
import { ArtifactStore } from './build/store.js'
import { TIME32_CAPABLE, type Target, resolveTarget, withAvailableFirmware } from './config/targets.js'
import { lastLine, redactCredentials } from './config/text.js'
import { ToolError, errorMessage } from './config/errors.js'

export interface EngineDeps {
  runner: CommandRunner
  log: Logger
  /** Where console logs and results go for this run. */
  outputDir: string
  /** Called with console output while a guest runs. */
  onConsole?: (chunk: Buffer) => void
  /** Replaces the mirror's reachability check. */
  checkMirror?: (mirror: string, suite: string) => Promise<void>
  /** Where to look for an artifact missing from the local store before building it. */
  restorer?: (store: ArtifactStore) => ArtifactRestorer
  /** false: boot once per date even where one boot and a saved guest would do (benchmarks). */
  snapshots?: boolean
  /** Aborted when the run must stop: nothing new starts after it (default: the tool's signals). */
  signal?: AbortSignal
}

/** Throws the abort's reason (an InterruptedError) once the run has been told to stop. */
function stopIfAborted(deps: EngineDeps): void {
  const signal = deps.signal ?? interruptSignal
  signal.throwIfAborted()
}

/** `Y2038_SNAPSHOT=off` in the environment boots once per date: for benchmarks and comparisons. */
export function snapshotsWanted(env: NodeJS.ProcessEnv): boolean {
  return env.Y2038_SNAPSHOT !== 'off'
}

const SOURCE_VERB: Record<ArtifactSource, string> = {
  local: 'Reused',
  restored: 'Restored',
  built: 'Built',
}

function artifactInfo<D>(built: Built<D>): ArtifactInfo {
  return {
    key: built.artifact.key,
    dir: built.artifact.dir,
    source: built.source,
    built: built.source === 'built',
    buildSeconds: built.artifact.manifest.buildSeconds,
  }
}

export interface PreparedGuest {
  accel: Accel
  target: Target
  kernel: Built<KernelDetails>
  userland: Built<UserlandDetails>
  /** The user's .debs, read and checked; installed at each boot. */
  debs: DebPackage[]
}

export function artifactStore(cacheDir: string, runner: CommandRunner): ArtifactStore {
  return new ArtifactStore(path.join(cacheDir, 'artifacts'), runner)
}

/** mmdebstrap needs root: say so before a build rather than fail in it. QEMU does not. */
async function checkPrivilege(runner: CommandRunner): Promise<void> {
  if (isRoot()) return
  const probe = await runner.run('sudo', ['-n', 'true']).catch(() => undefined)
  if (probe?.code !== 0) {
    throw new ToolError(
      'building the guest (mmdebstrap) needs root: run y2038 as root or give this user passwordless sudo',
    )
  }
}

/**
 * Asks the mirror's package index, before a build of minutes, whether the user's packages
 * and the .debs' dependencies are there. When the index cannot be read (a proxy, which
 * Node's fetch does not use; a mirror without one) the build itself is the check.
 */
async function checkMirrorIndex(
  options: RunOptions,
  debs: DebPackage[],
  runner: CommandRunner,
  log: Logger,
): Promise<void> {
  if (options.packages.length === 0 && debs.length === 0) return
  if (['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY'].some((name) => process.env[name])) {
    log.info('A proxy is set: the packages are checked by the build, not against the index first')
    return
  }
  let index: PackagesIndex
  try {
    index = await fetchPackagesIndex(options.mirror, options.suite, options.arch, ['main'], {
      runner,
      timeoutMs: 60_000,
    })
  } catch (error) {
    log.warn(`could not read the mirror's package index (${errorMessage(error)}): the build checks the packages`)
    return
  }
  const shortfall = mirrorShortfall(index, options.packages, debs, {
    arch: options.arch,
    suite: options.suite,
    mirror: redactCredentials(options.mirror),
  })
  if (shortfall) throw shortfall
}

/** Installs what is missing on the host and builds (or finds) the kernel and the userland. */
export async function prepareGuest(options: RunOptions, deps: EngineDeps): Promise<PreparedGuest> {
  const { runner, log } = deps
  const resolved = resolveTarget(options.arch, options.suite)
  if (resolved.kernelNote) log.info(resolved.kernelNote)
  await log.group('Install host tools', async () => {
    const installed = await ensureHostTools(resolved, runner, log)
    if (installed.length === 0) log.info('mmdebstrap and QEMU are installed')
  })
  const target: Target = { ...resolved, machine: withAvailableFirmware(resolved.machine, existsSync) }
  const store = artifactStore(options.cacheDir, runner)
  const debs = await inspectDebs(options.debs, options.arch, runner)
  const kRecipe = kernelRecipe(target, options.mirror)
  const uRecipe = userlandRecipe(target, options.mirror, options.packages, mirrorDependencies(debs))
  // Checked once, and only when something has to be built; what it set up for the build
  // (qemu-user for i386 where the host needs it) is undone when the builds are over.
  let buildReady: Promise<void> | undefined
  let afterBuild = async (): Promise<void> => undefined
  const beforeBuild = (): Promise<void> =>
    (buildReady ??= (async () => {
      stopIfAborted(deps)
      await checkPrivilege(runner)
      await (deps.checkMirror ?? checkMirror)(options.mirror, options.suite)
      await checkMirrorIndex(options, debs, runner, log)
      afterBuild = await ensureArchesRunnable([...new Set([kRecipe.arch, uRecipe.arch])], runner, log)
    })())
  const restore = deps.restorer?.(store)
  try {
    return await buildBoth()
  } finally {
    await afterBuild()
  }

  async function buildBoth(): Promise<PreparedGuest> {
    const kernel = await log.group(
      `Kernel and initramfs (${target.kernelPackage}, ${target.kernelSuite})`,
      async () => {
        const built = await ensureKernel(store, kRecipe, runner, log, restore, beforeBuild)
        log.info(
          `${SOURCE_VERB[built.source]} ${built.artifact.key} (kernel ${built.artifact.manifest.details.release})`,
        )
        return built
      },
    )
    const userland = await log.group(`Root filesystem (${options.suite}/${options.arch})`, async () => {
      if (uRecipe.satisfy) log.info(`The .debs need from the mirror: ${uRecipe.satisfy.join(', ')}`)
      const built = await ensureUserland(store, uRecipe, runner, log, restore, beforeBuild)
      log.info(`${SOURCE_VERB[built.source]} ${built.artifact.key}`)
      return built
    })
    const accel = await chooseAccel(
      options.accel,
      target.machine,
      path.join(kernel.artifact.dir, kernel.artifact.manifest.details.kernel),
      runner,
      log,
      options.cacheDir,
    )
    return { accel, target, kernel, userland, debs }
  }
}

export interface BootOutcome {
  verdict: DateVerdict
  /** Findings set aside by this boot itself (clock cross: before the crossing). */
  ignored?: IgnoredFinding[]
  result: Omit<DateResult, 'outcome' | 'findings'>
}

/** What the boots of one run share: the harness disk, the sockets, and a saved guest if there is one. */
export interface RunSession {
  /** Private, short (unix socket paths are limited to 108 bytes), removed at the end of the run. */
  tmpDir: string
  harnessImage: string
  /** The user's directory as a disk image, when the run has a workdir. */
  workdirImage?: string
  /** The tokens of the stages each boot runs before its job (the .debs, the setup script). */
  stages: StageTokens
  snapshot?: Snapshot
  /** Removes the run's temporary files (a saved guest is tens of MiB); also done on an interruption. */
  close(): Promise<void>
}

/** A guest booted once and saved where it waits for its job. */
export interface Snapshot {
  state: string
  bootDate: Date
  bytes: number
  /** How the stages went in the boot that was saved: every date starts after them. */
  stages: StageVerdict[]
}

/**
 * Makes the run's disks: the harness (an erofs image with the guest scripts, the probe, the
 * config, the .debs and the setup script) and the user's workdir when there is one.
 */
export async function startRunSession(options: RunOptions, deps: EngineDeps): Promise<RunSession> {
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'y2038-run-'))
  const forget = onInterrupt(() => rmSync(tmpDir, { recursive: true, force: true }))
  const close = async (): Promise<void> => {
    forget()
    await rm(tmpDir, { recursive: true, force: true })
  }
  try {
    const files = path.join(tmpDir, 'harness')
    const stages = stageTokens({ debs: options.debs.length > 0, setup: options.setup !== undefined })
    await writeHarness(files, {
      probe: options.probe,
      config: {
        clock: options.clock,
        arch: options.arch,
        suite: options.suite,
        workdir: options.workdir !== undefined,
        stages,
        init: options.init,
        systemdTarget: options.systemdTarget,
      },
      debs: options.debs,
      ...(options.setup ? { setup: options.setup } : {}),
    })
    const harnessImage = path.join(tmpDir, 'harness.erofs')
    const epoch = Math.floor(Date.now() / 1000)
    const made = await deps.runner.run('mkfs.erofs', harnessImageArgs(files, harnessImage, epoch))
    if (made.code !== 0)
      throw new ToolError(`mkfs.erofs could not make the harness disk: ${lastLine(made.stderr || made.stdout)}`)
    let workdirImage: string | undefined
    if (options.workdir) {
      workdirImage = path.join(tmpDir, 'workdir.erofs')
      const work = await deps.runner.run('mkfs.erofs', workdirImageArgs(options.workdir.path, workdirImage))
      if (work.code !== 0) {
        throw new ToolError(
          `mkfs.erofs could not make a disk of workdir '${options.workdir.relativePath}': ${lastLine(work.stderr || work.stdout)}`,
        )
      }
    }
    return { tmpDir, harnessImage, ...(workdirImage ? { workdirImage } : {}), stages, close }
  } catch (error) {
    await close()
    throw error
  }
}

function guestSpec(
  prepared: PreparedGuest,
  session: RunSession,
  dir: string,
  rtcBase: Date,
  extra: Partial<GuestSpec> = {},
): GuestSpec {
  const { kernel, userland, target } = prepared
  return {
    machine: target.machine,
    kernel: path.join(kernel.artifact.dir, kernel.artifact.manifest.details.kernel),
    initrd: path.join(kernel.artifact.dir, kernel.artifact.manifest.details.initrd),
    rootImage: path.join(userland.artifact.dir, userland.artifact.manifest.details.image),
    harnessImage: session.harnessImage,
    ...(session.workdirImage ? { workdirImage: session.workdirImage } : {}),
    jobSocket: path.join(session.tmpDir, 'job.sock'),
    resultsFile: path.join(dir, 'results.log'),
    pidFile: path.join(dir, 'qemu.pid'),
    rtcBase,
    accel: prepared.accel,
    ...extra,
  }
}

interface StageContext {
  date: Date
  timedOut: boolean
  console: string
}

/** The verdicts of the stages that ran before the job, from a boot's results. */
export function judgeStages(
  data: Buffer,
  tokens: StageTokens,
  options: RunOptions,
  context: StageContext,
): StageVerdict[] {
  return STAGES.filter((name: StageName) => tokens[name] !== undefined).map((name) =>
    evaluateStage({
      stage: name,
      guest: buildGuestReport(parseRecords(data, tokens[name]!), {
        ...DEFAULT_LIMITS,
        isSign: (line) => matchSignature(line, true) !== undefined,
      }),
      ...(name === 'setup' && options.setup ? { source: setupText(options.setup).split('\n') } : {}),
      date: context.date,
      clock: options.clock,
      arch: options.arch,
      suite: options.suite,
      timedOut: context.timedOut,
      timeoutSeconds: options.timeoutSeconds,
      console: context.console,
    }),
  )
}

function stageResults(stages: StageVerdict[], fromSnapshot: boolean): { stages?: StageResult[] } {
  const ran = stages.filter((s) => s.ran)
  if (ran.length === 0) return {}
  return {
    stages: ran.map((s) => ({
      stage: s.stage,
      outcome: s.outcome,
      ...(s.clockAtStart ? { clockAtStart: s.clockAtStart } : {}),
      ...(fromSnapshot ? { fromSnapshot: true } : {}),
    })),
  }
}

/** What the boot that was to be saved did: saved, or stopped by a stage that failed, or neither. */
export interface SnapshotAttempt {
  snapshot?: Snapshot
  /** A stage before the job failed: no date can run; every one is reported with this. */
  failed?: { stages: StageVerdict[]; bootDate: Date; durationSeconds: number; consoleLog: string }
}

/**
 * Boots the guest once, at the earliest boot date of the run, to where the harness waits for
 * its job (after the stages: the .debs, the setup script), and saves its state. Without a
 * snapshot, with a warning, when that does not work: then every date boots on its own.
 */
export async function saveSnapshot(
  dates: Date[],
  options: RunOptions,
  prepared: PreparedGuest,
  session: RunSession,
  deps: EngineDeps,
): Promise<SnapshotAttempt> {
  const bootDate = new Date(
    Math.min(
      ...dates.map((d) =>
        bootDateFor(d, options.clock === 'cross' ? 'cross' : 'step', options.crossMarginSeconds).getTime(),
      ),
    ),
  )
  const dir = path.join(deps.outputDir, `${options.arch}-${options.suite}-snapshot`)
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const state = path.join(session.tmpDir, 'guest.state')
  const qmpSocket = path.join(session.tmpDir, 'qmp.sock')
  const vm = new GuestVm(guestSpec(prepared, session, dir, bootDate, { qmpSocket }))
  const consoleLog = path.join(dir, 'console.log')
  const started = Date.now()
  const run = await runGuest(vm, deps.runner, {
    timeoutSeconds: options.timeoutSeconds,
    consoleLog,
    onConsole: deps.onConsole,
    onJobPort: async (port) => {
      await port.ready()
      const qmp = await QmpClient.connect(qmpSocket)
      try {
        await saveGuestState(qmp, state)
        await qmp.execute('quit').catch(() => undefined)
      } finally {
        qmp.close()
      }
    },
  })
  // A guest stopped by an interruption proves nothing, and its state is not saved: no warning, no verdict.
  stopIfAborted(deps)
  const resultsData = await readFile(vm.spec.resultsFile).catch(() => Buffer.alloc(0))
  const consoleText = await readFile(consoleLog, 'utf8').catch(() => '')
  const stages = judgeStages(resultsData, session.stages, options, {
    date: bootDate,
    timedOut: run.timedOut,
    console: consoleText,
  })
  if (stages.some((s) => s.outcome !== 'ok')) {
    await rm(state, { force: true })
    return {
      failed: { stages, bootDate, durationSeconds: Math.round(run.durationMs / 100) / 10, consoleLog },
    }
  }
  const bytes = await stat(state).then(
    (s) => s.size,
    () => 0,
  )
  if (run.jobError || bytes === 0 || run.timedOut) {
    const why = run.jobError?.message ?? (run.timedOut ? 'timed out' : 'no state was written')
    deps.log.warn(`could not save the booted guest (${why}): booting it once per date`)
    await rm(state, { force: true })
    return {}
  }
  deps.log.info(
    `Booted the guest at ${formatInstant(bootDate)} and saved it (${(bytes / 2 ** 20).toFixed(0)} MiB) in ${((Date.now() - started) / 1000).toFixed(1)} s: each date starts from there`,
  )
  return { snapshot: { state, bootDate, bytes, stages } }
}

/** Writes the files the probe left in $Y2038_OUT under `dir`/out, and says what did not come back. */
async function keepOutFiles(out: OutFiles, dir: string, date: Date, deps: EngineDeps): Promise<OutResult | undefined> {
  if (out.files.length === 0 && out.skipped.length === 0 && out.complete) return undefined
  const outDir = path.join(dir, 'out')
  for (const file of out.files) {
    const target = path.join(outDir, ...file.name.split('/'))
    await mkdir(path.dirname(target), { recursive: true })
    await writeFile(target, file.data, { mode: 0o644 })
  }
  const overLimit = out.filesNotSent > 0 || out.cut
  const limit = `${OUT_LIMIT_BYTES / 2 ** 20} MiB`
  if (overLimit) {
    deps.log.warn(
      `the probe left more than ${limit} in $Y2038_OUT at ${formatInstant(date)}: ${out.filesNotSent} file(s) were not brought back${out.cut ? ' and the last one kept is cut short' : ''}`,
    )
  }
  if (!out.complete) {
    deps.log.warn(
      `the files from $Y2038_OUT at ${formatInstant(date)} did not all arrive: the guest stopped while sending them`,
    )
  }
  return {
    dir: outDir,
    files: out.files.length,
    bytes: out.bytes,
    notBroughtBack: out.skipped.map((s) => `${s.name}: ${s.why}`),
    overLimit,
  }
}

/** Runs the probe at `date`: from the saved guest when there is one, else from a boot. */
export async function bootAt(
  date: Date,
  options: RunOptions,
  prepared: PreparedGuest,
  session: RunSession,
  deps: EngineDeps,
  attempt = 1,
): Promise<BootOutcome> {
  const stamp = formatInstant(date).replace(/[:]/g, '')
  const again = attempt > 1 ? '-again' : ''
  const dir = path.join(deps.outputDir, `${options.arch}-${options.suite}-${options.clock}-${stamp}${again}`)
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const job = newJob(date, stepDateFor(date, options.clock, options.crossMarginSeconds), attempt)
  const snapshot = session.snapshot
  const rtcBase = snapshot ? snapshot.bootDate : bootDateFor(date, options.clock, options.crossMarginSeconds)
  const vm = new GuestVm(guestSpec(prepared, session, dir, rtcBase, snapshot ? { incomingState: snapshot.state } : {}))
  const consoleLog = path.join(dir, 'console.log')
  const run = await runGuest(vm, deps.runner, {
    timeoutSeconds: options.timeoutSeconds,
    consoleLog,
    onConsole: deps.onConsole,
    // A booted guest takes its job once it says it is ready (data sent to a port before the
    // guest opens it is lost); a restored one said so before it was saved.
    onJobPort: async (port) => {
      if (!snapshot) await port.ready()
      port.send(jobLine(job))
    },
  })
  stopIfAborted(deps)
  if (
    run.exitCode !== 0 &&
    !run.timedOut &&
    run.qemuStderr.trim() !== '' &&
    !/terminating on signal/.test(run.qemuStderr)
  ) {
    deps.log.warn(`QEMU exited with status ${run.exitCode}: ${lastLine(run.qemuStderr)}`)
  }
  const resultsData = await readFile(vm.spec.resultsFile).catch(() => Buffer.alloc(0))
  const consoleText = await readFile(consoleLog, 'utf8').catch(() => '')
  const records = parseRecords(resultsData, job.token)
  if (snapshot && records.records.length === 0 && run.exitCode !== 0 && !run.timedOut) {
    throw new RestoreError(lastLine(run.qemuStderr) || `QEMU exited with status ${run.exitCode}`)
  }
  const notStarted = qemuStartFailure(run, consoleText)
  if (notStarted) throw new ToolError(notStarted)
  const stages = snapshot
    ? snapshot.stages.map((s) => stageForDate(s, date))
    : judgeStages(resultsData, session.stages, options, { date, timedOut: run.timedOut, console: consoleText })
  const guest = buildGuestReport(records, {
    ...DEFAULT_LIMITS,
    isSign: (line) => matchSignature(line, true) !== undefined,
  })
  const outRecords = parseRecords(resultsData, job.outToken)
  let services: ServiceState[] | undefined
  const verdict = withStages(stages, () => {
    const probed = evaluateBoot({
      date,
      clock: options.clock,
      arch: options.arch,
      suite: options.suite,
      guest,
      probeSource: probeText(options.probe).split('\n'),
      console: consoleText,
      timedOut: run.timedOut,
      timeoutSeconds: options.timeoutSeconds,
      durationMs: run.durationMs,
      stepTo: job.stepTo,
      crossing: job.crossing,
    })
    if (options.init !== 'systemd' || guest.clockAtProbe === undefined) return probed
    const judged = evaluateServices({
      console: consoleText,
      base: { date: formatInstant(date), clock: options.clock, arch: options.arch, suite: options.suite },
      ...(guest.uptimeAtProbe !== undefined ? { uptimeAtProbe: guest.uptimeAtProbe } : {}),
      clockAtProbe: guest.clockAtProbe,
      bootFailed: guest.bootFailedUnits ?? [],
      failedAfter: failedUnitsAfter(outRecords),
    })
    services = judged.services
    const serviceFindings = judged.findings.map((f) => (job.crossing ? sideOfCrossing(f, date) : f))
    const findings = [...probed.findings, ...serviceFindings]
    return reconcile(probed, findings)
  })
  const { kept, beforeCrossing } = splitAtCrossing(verdict, date)
  const out =
    guest.clockAtProbe !== undefined ? await keepOutFiles(readOutFiles(outRecords), dir, date, deps) : undefined
  const omitted = guest.lines.reduce((sum, line) => sum + line.omittedOutput, 0)
  return {
    verdict: kept,
    ...(beforeCrossing.length > 0 ? { ignored: beforeCrossing } : {}),
    result: {
      date: formatInstant(date),
      bootDate: formatInstant(rtcBase),
      clock: options.clock,
      ...(snapshot ? { fromSnapshot: true } : {}),
      durationSeconds: Math.round(run.durationMs / 100) / 10,
      reachedProbe: guest.clockAtProbe !== undefined,
      ...(guest.clockAtProbe !== undefined
        ? { guestClockAtProbe: formatInstant(new Date(guest.clockAtProbe * 1000)) }
        : {}),
      ...(guest.timeT ? { timeT: guest.timeT } : {}),
      ...(omitted > 0 ? { omittedOutputLines: omitted } : {}),
      consoleLog,
      ...stageResults(stages, snapshot !== undefined),
      ...(out ? { out } : {}),
      ...(guest.init ? { init: guest.init } : {}),
      ...(services ? { services } : {}),
      ...(job.crossing ? { crossing: formatInstant(date) } : {}),
    },
  }
}

/** The units systemctl listed as failed after the probe, if it could. */
function failedUnitsAfter(records: ParsedStream): string[] {
  for (const event of records.records.map(decodeRecord)) if (event?.kind === 'failedunits') return event.units
  return []
}

function sideOfCrossing(finding: Finding, crossing: Date): Finding {
  if (!finding.guestTime) return finding
  return { ...finding, crossing: Date.parse(finding.guestTime) >= crossing.getTime() ? 'after' : 'before' }
}

/**
 * clock cross: what failed before the clock crossed the date is not a failure at the date;
 * it is set aside with the time it happened. A date whose findings all went is a pass.
 */
export function splitAtCrossing(
  verdict: DateVerdict,
  crossing: Date,
): { kept: DateVerdict; beforeCrossing: IgnoredFinding[] } {
  const before = verdict.findings.filter((f) => f.crossing === 'before')
  if (before.length === 0) return { kept: verdict, beforeCrossing: [] }
  const findings = verdict.findings.filter((f) => f.crossing !== 'before')
  return {
    kept: reconcile(verdict, findings),
    beforeCrossing: before.map((finding) => ({
      finding,
      reason: `it happened at ${finding.guestTime}, before the clock crossed ${formatInstant(crossing)}`,
    })),
  }
}

/**
 * The audit of the packages the options name (or of every ELF file), from the one taken
 * when the userland was built (the tree is gone: the image is what is kept).
 */
export async function auditUserland(
  options: RunOptions,
  prepared: PreparedGuest,
  probeFindings: Finding[],
): Promise<AuditReport> {
  const mode = options.audit
  if (!TIME32_CAPABLE.includes(options.arch)) {
    return {
      mode,
      affected: false,
      note: `${options.arch} has a 64-bit time_t whatever a program does: nothing to read`,
      packages: [],
      findings: [],
    }
  }
  if (mode === 'none') return { mode, affected: true, note: 'not run (audit: none)', packages: [], findings: [] }
  const own = await auditOwnFiles(options)
  const severity = options.failOn === 'audit' ? 'error' : 'warning'
  const ownNote = [
    ...options.debs.map((deb) => deb.relativePath),
    ...(options.workdir ? [`workdir ${options.workdir.relativePath}`] : []),
  ].join(', ')
  if (mode === 'packages' && options.packages.length === 0 && own.packages.length > 0) {
    return {
      mode,
      affected: true,
      note: `the ELF files of ${ownNote}, read for the glibc time functions they import`,
      elfFiles: own.elfFiles,
      seconds: own.seconds,
      packages: own.packages,
      findings: auditFindings(own.packages, severity, probeFindings),
    }
  }
  // Nothing of the user's named: the guest's own base packages, so that a first run shows what the audit finds.
  const audited = mode === 'packages' && options.packages.length === 0 ? [...USERLAND_BASE_PACKAGES] : options.packages
  const artifact = prepared.userland.artifact
  const root = await storedAudit(artifact)
  if (!root) {
    throw new ToolError(
      `the stored time_t audit of ${artifact.key} is missing or damaged: remove ${artifact.dir} to build it again`,
    )
  }
  const packages = [...own.packages, ...selectPackages(root, mode, audited)]
  const what =
    mode === 'all'
      ? 'every ELF file'
      : options.packages.length > 0
        ? `the ELF files of ${options.packages.join(', ')}`
        : `the ELF files of the guest's base packages ${audited.join(', ')} (give packages to audit yours)`
  return {
    mode,
    affected: true,
    note: `${what}${ownNote ? ` and of ${ownNote}` : ''}, read for the glibc time functions they import`,
    symbols: root.symbols,
    elfFiles: root.elfFiles + own.elfFiles,
    seconds: root.seconds,
    packages,
    findings: auditFindings(packages, severity, probeFindings),
  }
}

/** The user's own ELF files (each .deb of `debs`, the `workdir`), audited on the host. */
async function auditOwnFiles(
  options: RunOptions,
): Promise<{ packages: PackageAudit[]; elfFiles: number; seconds: number }> {
  const packages: PackageAudit[] = []
  let elfFiles = 0
  let seconds = 0
  const add = (audit: RootAudit, source: OwnSource): void => {
    elfFiles += audit.elfFiles
    seconds += audit.seconds
    for (const pkg of selectPackages(audit, 'all', [])) packages.push({ ...pkg, source })
  }
  for (const deb of options.debs) add(await auditDeb(deb.path), { kind: 'deb', path: deb.relativePath })
  if (options.workdir) {
    const { path: dir, relativePath } = options.workdir
    add(await auditWorkdir(dir, relativePath), { kind: 'workdir', path: relativePath })
  }
  return { packages, elfFiles, seconds: Math.round(seconds * 10) / 10 }
}

type Boot = { date: Date; verdict: DateVerdict; result: BootOutcome['result']; ignored?: IgnoredFinding[] }

/**
 * The dates of a run from its boots: failures that happen the same way at the control date
 * or before the rollover are set aside (with the reason), and what is left is each date's
 * verdict. The control's own outcome and failures are reported apart. Pure.
 */
export function settleDates(
  boots: Boot[],
  control?: Boot,
): {
  dates: DateResult[]
  findings: Finding[]
  ignored: IgnoredFinding[]
  control?: ControlResult
} {
  const { verdicts, ignored } = dropBaselineFailures(
    boots.map(({ date, verdict }) => ({ date, verdict })),
    control && { date: control.date, verdict: control.verdict },
  )
  const dates: DateResult[] = boots.map((boot, i) => ({
    ...boot.result,
    outcome: verdicts[i]!.verdict.outcome,
    findings: verdicts[i]!.verdict.findings,
  }))
  return {
    dates,
    findings: dates.flatMap((d) => d.findings),
    ignored: [...boots.flatMap((b) => b.ignored ?? []), ...ignored],
    ...(control
      ? { control: { ...control.result, outcome: control.verdict.outcome, findings: control.verdict.findings } }
      : {}),
  }
}

/** A saved guest that QEMU could not start from. */
export class RestoreError extends Error {}

async function bootLogged(
  date: Date,
  label: string,
  options: RunOptions,
  prepared: PreparedGuest,
  session: RunSession,
  deps: EngineDeps,
  attempt = 1,
): Promise<Boot> {
  const how = session.snapshot ? 'from the saved guest' : `clock ${options.clock}`
  return deps.log.group(`${label} ${formatInstant(date)} (${how})`, async () => {
    stopIfAborted(deps)
    let boot: BootOutcome
    try {
      boot = await bootAt(date, options, prepared, session, deps, attempt)
    } catch (error) {
      if (!(error instanceof RestoreError)) throw error
      deps.log.warn(`could not start from the saved guest (${error.message}): booting it once per date`)
      session.snapshot = undefined
      boot = await bootAt(date, options, prepared, session, deps, attempt)
    }
    deps.log.info(
      `${boot.verdict.outcome}: ${boot.verdict.findings.length} finding(s) in ${boot.result.durationSeconds} s` +
        (boot.result.guestClockAtProbe ? `, guest clock ${boot.result.guestClockAtProbe} at probe start` : ''),
    )
    return { date, verdict: boot.verdict, result: boot.result, ...(boot.ignored ? { ignored: boot.ignored } : {}) }
  })
}

/**
 * Each date with findings runs again from the saved guest, then the control once if a line
 * still fails: a line whose answer changes is flaky (returned), not a finding. Changes the
 * boots' verdicts and records each run again in its result.
 */
async function confirmFindings(
  boots: Boot[],
  control: Boot | undefined,
  options: RunOptions,
  prepared: PreparedGuest,
  session: RunSession,
  deps: EngineDeps,
): Promise<IgnoredFinding[]> {
  const flaky: IgnoredFinding[] = []
  const runAgain = async (boot: Boot, label: string): Promise<DateVerdict | undefined> => {
    const again = await bootLogged(boot.date, label, options, prepared, session, deps, 2)
    const { outcome } = again.verdict
    boot.result = {
      ...boot.result,
      confirmation: { outcome, durationSeconds: again.result.durationSeconds, consoleLog: again.result.consoleLog },
    }
    if (isComparable(again.verdict)) return again.verdict
    deps.log.warn(
      `the run again at ${formatInstant(boot.date)} did not complete (${outcome}): nothing is confirmed by it`,
    )
    return undefined
  }
  if (!boots.some((b) => needsConfirmation(b.verdict))) return flaky
  if (!session.snapshot) {
    deps.log.info('findings not confirmed: there is no saved guest to run the dates again from')
    return flaky
  }
  for (const boot of boots.filter((b) => needsConfirmation(b.verdict))) {
    const again = await runAgain(boot, 'Confirm at')
    if (!again) continue
    const confirmed = confirmDate(boot.verdict, again)
    boot.verdict = confirmed.verdict
    flaky.push(...confirmed.flaky)
  }
  const failing = boots.filter((b) => needsConfirmation(b.verdict))
  if (!control || !isComparable(control.verdict) || failing.length === 0) return flaky
  const again = await runAgain(control, 'Confirm the control at')
  if (!again) return flaky
  for (const boot of failing) {
    const confirmed = confirmAtControl(boot.verdict, control.verdict, again, formatInstant(control.date))
    boot.verdict = confirmed.verdict
    flaky.push(...confirmed.flaky)
  }
  return flaky
}

/** What to tell the user of the probe and setup scripts before they run. */
function scriptNotes(options: RunOptions): string[] {
  const probeNote = options.probe.kind === 'builtin' ? undefined : options.probe.note
  return [probeNote, options.setup?.note].filter((note): note is string => note !== undefined)
}

/** Removes `dir` and its parents up to `top` (the first one mkdir made), each only if empty. */
async function removeEmptyDirs(dir: string, top: string): Promise<void> {
  for (let at = dir; ; at = path.dirname(at)) {
    if (
      !(await rmdir(at).then(
        () => true,
        () => false,
      )) ||
      at === top ||
      at === path.dirname(at)
    )
      return
  }
}

export async function runY2038(options: RunOptions, deps: EngineDeps): Promise<RunReport> {
  const started = Date.now()
  stopIfAborted(deps)
  for (const note of scriptNotes(options)) deps.log.warn(note)
  const madeOutput = await mkdir(deps.outputDir, { recursive: true })
  let prepared: PreparedGuest
  let session: RunSession
  try {
    prepared = await prepareGuest(options, deps)
    stopIfAborted(deps)
    session = await startRunSession(options, deps)
  } catch (error) {
    // Refused before any guest ran (a package the mirror lacks, a bad .deb): no empty output directory left.
    if (madeOutput !== undefined) await removeEmptyDirs(deps.outputDir, madeOutput)
    throw error
  }
  let controlBoot: Boot | undefined
  const boots: Boot[] = []
  const flaky: IgnoredFinding[] = []
  try {
    const all = [...(options.control ? [options.control] : []), ...options.dates]
    // One boot, then each date from its saved state: worth it from two dates on.
    if (options.clock !== 'boot' && all.length > 1 && deps.snapshots !== false) {
      const attempt = await deps.log.group('Boot once and save the guest', () =>
        saveSnapshot(all, options, prepared, session, deps),
      )
      session.snapshot = attempt.snapshot
      if (attempt.failed) {
        const failed = attempt.failed
        const why = failed.stages.find((s) => s.outcome !== 'ok')!
        deps.log.warn(
          `${why.stage === 'install' ? 'installing the .debs' : 'the setup script'} failed at ${formatInstant(failed.bootDate)} (${why.outcome}): the probe runs at no date`,
        )
        const stopped = (date: Date): Boot => {
          const stages = failed.stages.map((s) => stageForDate(s, date))
          return {
            date,
            verdict: withStages(stages, () => {
              throw new Error('unreachable: a stage failed')
            }),
            result: {
              date: formatInstant(date),
              bootDate: formatInstant(failed.bootDate),
              clock: options.clock,
              durationSeconds: failed.durationSeconds,
              reachedProbe: false,
              consoleLog: failed.consoleLog,
              ...stageResults(stages, true),
            },
          }
        }
        controlBoot = options.control && stopped(options.control)
        boots.push(...options.dates.map(stopped))
      }
    }
    if (boots.length > 0) {
      // A stage failed in the saved boot: nothing more to run.
    } else {
      // The control first: a guest that cannot run the probe at an ordinary date says so early.
      controlBoot =
        options.control && (await bootLogged(options.control, 'Control at', options, prepared, session, deps))
      if (controlBoot && !['pass', 'fail'].includes(controlBoot.verdict.outcome)) {
        deps.log.warn(
          `the control run at ${formatInstant(options.control!)} did not complete (${controlBoot.verdict.outcome}): failures at the requested dates cannot be compared with it`,
        )
      }
      for (const date of options.dates) boots.push(await bootLogged(date, 'Boot at', options, prepared, session, deps))
      if (options.confirm) flaky.push(...(await confirmFindings(boots, controlBoot, options, prepared, session, deps)))
    }
  } finally {
    await session.close()
  }
  // An interruption is not a verdict: whatever the guests said, no report.
  stopIfAborted(deps)
  const { dates, findings, ignored, control } = settleDates(boots, controlBoot || undefined)
  const audit = await auditUserland(options, prepared, findings)
  return {
    accel: prepared.accel,
    target: prepared.target,
    options,
    kernel: { ...artifactInfo(prepared.kernel), release: prepared.kernel.artifact.manifest.details.release },
    userland: artifactInfo(prepared.userland),
    dates,
    ...(control ? { control } : {}),
    findings,
    ignored,
    flaky,
    audit,
    startedAt: new Date(started).toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 100) / 10,
  }
}
