/**
 * The pipeline, end to end: the guest's images (built or reused), the run's harness, one
 * boot saved where it waits for its job, then each date from there (or from a boot of its
 * own), confirmed where it found something, settled against the control, and the audit.
 * Orchestration only: what each step means lives in its stage. Side effects come in
 * through EngineDeps.
 */
import { existsSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { removeEmptyDirs } from './host/files.js'
import path from 'node:path'
import { type Accel, chooseAccel } from './vm/accel.js'
import { auditRun } from './audit/run.js'
import { type ImageRestorer, type ImageSource, storedAudit } from './image/build.js'
import { recipeKey } from './image/recipe.js'
import { bootDateFor, earliestBootDate, formatInstant, stepDateFor } from './config/dates.js'
import type { DateVerdict, IgnoredFinding } from './verdict/detect.js'
import { confirmFindings } from './verdict/confirm.js'
import { userlandSuite } from './verdict/remedy.js'
import { isJudged } from './verdict/outcomes.js'
import { judgeDate, judgeStages, readGuest, runStagesContext } from './verdict/judge.js'
import { readOutFiles, stageForDate } from './verdict/stages.js'
import { probeText, setupText } from './guest/harness.js'
import {
  type BootImages,
  type MappedState,
  type RunSession,
  type Snapshot,
  startRunSession,
} from './guest/run-session.js'
import { type RestoreFrom, bootAndSave, mapSavedGuest, runJob } from './guest/boot.js'
import {
  adoptSavedGuest,
  findSavedGuest,
  imageIdentity,
  keepSavedGuest,
  leaveSavedGuest,
  qemuIdentity,
  type SavedGuestDetails,
  savedGuestBootKey,
  savedGuestRecipe,
  startsInTime,
} from './guest/saved-guest.js'
import { keepOutFiles } from './guest/out-files.js'
import { newJob } from './protocol/job.js'
import { parseRecords } from './protocol/records.js'
import { failedUnitsAfter } from './protocol/events.js'
import type { Logger } from './host/log.js'
import { guestSlots, hostCapacity } from './host/capacity.js'
import { runTold } from './host/in-order.js'
import { type RunOptions, scriptNotes } from './config/options.js'
import { type CommandRunner, interruptSignal } from './host/proc.js'
import { qemuExitWarning, qemuStartFailure, qemuVersion, restoreFailure } from './vm/qemu.js'
import { ramFileSupport } from './vm/ram-file.js'
import { USERLAND_BASE_PACKAGES } from './image/recipe.js'
import type { RunReport } from './report/model.js'
import { type DateRun, type FailedStages, dateRun, settleDates, stoppedByStage } from './report/settle.js'
import { type PreparedImages, imageInfo, imageStore, imagePaths, prepareImages } from './image/prepare.js'
import type { ImageStore } from './image/store.js'
import { ToolError } from './config/errors.js'
import { MAX_SEARCH_STEPS, type SearchReport, searchLines } from './search/drive.js'
import type { Observed } from './search/observe.js'

export { imageStore }

export interface EngineDeps {
  runner: CommandRunner
  log: Logger
  /** Where console logs and results go for this run. */
  outputDir: string
  /** Called with console output while a guest runs. */
  onConsole?: (chunk: Buffer) => void
  /** Replaces the mirror's reachability check. */
  checkMirror?: (mirror: string, suite: string) => Promise<void>
  /** Where to look for an image missing from the local store before building it. */
  restorer?: (store: ImageStore) => ImageRestorer
  /** false: boot once per date even where one boot and a saved guest would do (benchmarks). */
  snapshots?: boolean
  /** Start from a guest kept by an earlier run, and keep the one saved (saved-guest.ts); default true. */
  keptGuests?: boolean
  /** Restore dates from the saved guest's RAM kept in a file (vm/ram-file.ts); default false. */
  ramFile?: boolean
  /** Aborted when the run must stop: nothing new starts after it (default: the tool's signals). */
  signal?: AbortSignal
}

/** Throws the abort's reason (an InterruptedError) once the run has been told to stop. */
function stopIfAborted(deps: EngineDeps): void {
  const signal = deps.signal ?? interruptSignal
  signal.throwIfAborted()
}

export interface PreparedGuest extends PreparedImages {
  accel: Accel
}

/** The images built or found, and the accelerator they run under. */
export async function prepareGuest(options: RunOptions, deps: EngineDeps): Promise<PreparedGuest> {
  const images = await prepareImages(options, { ...deps, stopIfAborted: () => stopIfAborted(deps) })
  const { kernel } = imagePaths(images)
  const accel = await chooseAccel(options.accel, images.target.machine, kernel, deps.runner, deps.log, options.cacheDir)
  return { ...images, accel }
}

function bootImages(prepared: PreparedGuest): BootImages {
  return { machine: prepared.target.machine, accel: prepared.accel, ...imagePaths(prepared) }
}

/** What the boot that was to be saved did: saved, or stopped by a stage that failed, or neither. */
export interface SnapshotAttempt {
  snapshot?: RunSession['snapshot']
  /** A stage before the job failed: no date can run; every one is reported with this. */
  failed?: FailedStages
  /** The kept guest the dates start from, or the one this run kept. */
  kept?: { key: string; source: ImageSource }
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
  const bootDate = earliestBootDate(dates, options.clock, options.crossMarginSeconds)
  const state = path.join(session.tmpDir, 'guest.state')
  const started = Date.now()
  const where = { outputDir: deps.outputDir, name: `${options.arch}-${options.suite}-snapshot` }
  const guest = { timeoutSeconds: options.timeoutSeconds, onConsole: deps.onConsole }
  const { run, results, console, consoleLog, bytes } = await bootAndSave(
    bootImages(prepared),
    session,
    where,
    bootDate,
    state,
    guest,
    deps.runner,
  )
  // A guest stopped by an interruption proves nothing, and its state is not saved: no warning, no verdict.
  stopIfAborted(deps)
  const stages = judgeStages(results, session.stages, {
    ...stagesContext(options),
    date: bootDate,
    timedOut: run.timedOut,
    console,
  })
  if (stages.some((s) => s.outcome !== 'ok')) {
    await rm(state, { force: true })
    return { failed: { stages, bootDate, durationSeconds: Math.round(run.durationMs / 100) / 10, consoleLog } }
  }
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

/**
 * The guest kept from an earlier run with the same key (saved-guest.ts): its dates boot
 * nothing. Otherwise boots and saves as saveSnapshot does, and keeps what it saved for later
 * runs. Keeping it is no part of the run: a failure there is a warning.
 */
async function savedOrSaveSnapshot(
  dates: Date[],
  options: RunOptions,
  prepared: PreparedGuest,
  session: RunSession,
  deps: EngineDeps,
): Promise<SnapshotAttempt> {
  if (deps.keptGuests === false) return saveSnapshot(dates, options, prepared, session, deps)
  const store = imageStore(options.cacheDir, deps.runner)
  const images = {
    ...bootImages(prepared),
    // By content: an image rebuilt under the same key (a cache entry evicted, then built again) is not the one the guest read.
    kernelKey: imageIdentity(prepared.kernel.image),
    userlandKey: imageIdentity(prepared.userland.image),
  }
  const bootDate = earliestBootDate(dates, options.clock, options.crossMarginSeconds)
  let qemu: string
  try {
    qemu = await qemuIdentity(images, deps.runner)
  } catch (error) {
    deps.log.warn(`not keeping the saved guest: ${(error as Error).message}`)
    return saveSnapshot(dates, options, prepared, session, deps)
  }
  const recipe = savedGuestRecipe(options, images, session, qemu, savedGuestBootKey(options, bootDate))
  const key = recipeKey(recipe)
  const local = await findSavedGuest(store, recipe)
  const restored = local ? undefined : await deps.restorer?.(store)<SavedGuestDetails>('saved-guest', key)
  const stored = local ?? restored
  if (stored && !startsInTime(stored, bootDate)) {
    // Saved by a host whose clock was ahead of this one's: its clock would have to go back.
    deps.log.warn(
      `not starting from the guest kept as ${stored.key}: it booted at ${stored.manifest.details.bootDate}, after this run's ${formatInstant(bootDate)}`,
    )
    return saveSnapshot(dates, options, prepared, session, deps)
  }
  if (stored) {
    const from = local ? 'saved' : 'restored from the Actions cache, saved'
    deps.log.info(
      `Started from the guest ${from} ${stored.manifest.builtAt} (${stored.key}): nothing to boot, each date starts from there`,
    )
    return { snapshot: adoptSavedGuest(session, stored), kept: { key, source: local ? 'local' : 'restored' } }
  }
  const attempt = await saveSnapshot(dates, options, prepared, session, deps)
  if (attempt.snapshot) {
    try {
      const kept = await keepSavedGuest(store, recipe, session, attempt.snapshot, deps.runner)
      deps.log.info(`Kept the saved guest for later runs: ${kept.key}`)
      return { ...attempt, kept: { key, source: 'built' } }
    } catch (error) {
      // Stopped while it kept the guest: an interruption, not a warning.
      stopIfAborted(deps)
      deps.log.warn(`could not keep the saved guest for later runs: ${(error as Error).message}`)
    }
  }
  return attempt
}

function stagesContext(options: RunOptions) {
  return runStagesContext(options, options.setup && setupText(options.setup))
}

/** A saved guest that QEMU could not start from: its RAM file (`mapped`), or the whole state. */
export class RestoreError extends Error {
  constructor(
    message: string,
    readonly mapped?: MappedState,
  ) {
    super(message)
  }
}

/**
 * Keeps the saved guest's RAM in a file that each date's guest maps privately (vm/ram-file.ts),
 * when the host's QEMU can. When that fails, with a warning, every date reads the whole saved
 * state back, as without it.
 */
async function mapSnapshot(
  snapshot: Snapshot,
  options: RunOptions,
  prepared: PreparedGuest,
  session: RunSession,
  deps: EngineDeps,
): Promise<void> {
  const started = Date.now()
  try {
    const support = ramFileSupport(await qemuVersion(prepared.target.machine.qemuBinary, deps.runner))
    if ('why' in support) {
      deps.log.info(`Each date reads the whole saved guest back: ${support.why}`)
      return
    }
    const mapped: MappedState = {
      ram: path.join(session.tmpDir, 'guest.ram'),
      devices: path.join(session.tmpDir, 'guest.devices'),
      readOnlyOpen: support.readOnlyOpen,
    }
    const guest = { timeoutSeconds: options.timeoutSeconds }
    await mapSavedGuest(bootImages(prepared), session, snapshot.state, snapshot.bootDate, mapped, guest, deps.runner)
    snapshot.mapped = mapped
    deps.log.info(
      `Kept the saved guest's RAM in a file in ${((Date.now() - started) / 1000).toFixed(1)} s: each date maps it privately and reads only the device state`,
    )
  } catch (error) {
    stopIfAborted(deps)
    deps.log.warn(
      `could not keep the saved guest's RAM in a file (${(error as Error).message}): each date reads the whole saved guest back (exec:)`,
    )
  }
}

/**
 * After a RestoreError: the next way to run the date. A RAM file that did not load leaves the
 * whole saved state; a saved state that did not load leaves a boot of each date.
 */
function fallBack(error: RestoreError, session: RunSession, deps: EngineDeps): void {
  const snapshot = session.snapshot
  if (error.mapped) {
    // Dates side by side may each have failed on it: the first to come back says so.
    if (snapshot?.mapped === error.mapped) {
      snapshot.mapped = undefined
      deps.log.warn(
        `could not start from the saved guest's RAM file (${error.message}): each date reads the whole saved guest back (exec:)`,
      )
    }
    return
  }
  if (!snapshot) return
  deps.log.warn(`could not start from the saved guest (${error.message}): booting it once per date`)
  const kept = snapshot.storeKey
  session.snapshot = undefined
  if (kept && session.discardKept !== kept) {
    leaveSavedGuest(session, kept)
    deps.log.warn(`discarding the kept guest ${kept}: a later run boots and saves it again`)
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
): Promise<DateRun> {
  // A search's step may start within a second: its milliseconds keep its name its own.
  const ms = date.getTime() % 1000
  const stamp = formatInstant(date).replace(/[:]/g, '') + (ms !== 0 ? `-${String(ms).padStart(3, '0')}` : '')
  const name = `${options.arch}-${options.suite}-${options.clock}-${stamp}${attempt > 1 ? '-again' : ''}`
  const job = newJob(date, stepDateFor(date, options.clock, options.crossMarginSeconds), attempt)
  const snapshot = session.snapshot
  // A kept guest another run on this cache directory removed meanwhile: as one that does not load.
  if (snapshot?.storeKey && !existsSync(snapshot.state)) throw new RestoreError('the kept guest is gone')
  const rtcBase = snapshot ? snapshot.bootDate : bootDateFor(date, options.clock, options.crossMarginSeconds)
  const guestOptions = { timeoutSeconds: options.timeoutSeconds, onConsole: deps.onConsole }
  const from: RestoreFrom | undefined =
    snapshot && (snapshot.mapped ? { mapped: snapshot.mapped } : { stream: snapshot.state })
  const { run, results, console, dir, consoleLog } = await runJob(
    bootImages(prepared),
    session,
    { outputDir: deps.outputDir, name },
    rtcBase,
    job,
    from,
    guestOptions,
    deps.runner,
  )
  stopIfAborted(deps)
  const records = parseRecords(results, job.token)
  // Said once, by the fallback, not here for each date too.
  const restoreFailed = snapshot && restoreFailure(run, records.records.length)
  if (restoreFailed) throw new RestoreError(restoreFailed, from && 'mapped' in from ? from.mapped : undefined)
  const warning = qemuExitWarning(run)
  if (warning) deps.log.warn(warning)
  const notStarted = qemuStartFailure(run, console)
  if (notStarted) throw new ToolError(notStarted)
  const stages = snapshot
    ? snapshot.stages.map((s) => stageForDate(s, date))
    : judgeStages(results, session.stages, { ...stagesContext(options), date, timedOut: run.timedOut, console })
  const guest = readGuest(records)
  const outRecords = parseRecords(results, job.outToken)
  const judged = judgeDate({
    date,
    clock: options.clock,
    arch: options.arch,
    suite: userlandSuite(options.suite, options.image),
    guest,
    probeSource: probeText(options.probe).split('\n'),
    console,
    timedOut: run.timedOut,
    timeoutSeconds: options.timeoutSeconds,
    durationMs: run.durationMs,
    stepTo: job.stepTo,
    crossing: job.crossing,
    stages,
    init: options.init,
    failedAfter: failedUnitsAfter(outRecords),
  })
  const reached = guest.clockAtProbe !== undefined
  const out = reached ? await keepOutFiles(readOutFiles(outRecords), dir, date, deps.log) : undefined
  const facts = { date, rtcBase, clock: options.clock, durationMs: run.durationMs, guest, consoleLog, stages }
  return dateRun(
    { ...facts, fromSnapshot: snapshot !== undefined, crossing: job.crossing, ...(out ? { out } : {}) },
    judged,
  )
}

async function bootLogged(
  date: Date,
  label: string | { label: string; of: string },
  options: RunOptions,
  prepared: PreparedGuest,
  session: RunSession,
  deps: EngineDeps,
  attempt = 1,
): Promise<DateRun> {
  const how = session.snapshot ? 'from the saved guest' : `clock ${options.clock}`
  const [name, of] = typeof label === 'string' ? [label, ''] : [label.label, `, ${label.of}`]
  return deps.log.group(`${name} ${formatInstant(date)} (${how})${of}`, async () => {
    stopIfAborted(deps)
    let boot: DateRun | undefined
    // Each failure to restore leaves one way fewer (fallBack): the RAM file, the whole state, a boot.
    while (!boot) {
      try {
        boot = await bootAt(date, options, prepared, session, deps, attempt)
      } catch (error) {
        if (!(error instanceof RestoreError)) throw error
        fallBack(error, session, deps)
      }
    }
    deps.log.info(
      `${boot.verdict.outcome}: ${boot.verdict.findings.length} finding(s) in ${boot.result.durationSeconds} s` +
        (boot.result.guestClockAtProbe ? `, guest clock ${boot.result.guestClockAtProbe} at probe start` : ''),
    )
    return boot
  })
}

/** How many guests run side by side: as asked, or as many as the host takes. */
function guestsAtOnce(options: RunOptions, prepared: PreparedGuest): number {
  return options.parallel ?? guestSlots(prepared.target.machine.memoryMiB, hostCapacity())
}

/**
 * dates: search: from the scan's runs (dates of the run like any other), the bisection
 * that narrows each line's change to the second, each step a guest restored from the saved one.
 */
async function searchDates(
  boots: DateRun[],
  options: RunOptions,
  prepared: PreparedGuest,
  session: RunSession,
  deps: EngineDeps,
): Promise<SearchReport> {
  const range = options.search!
  const inRange = (date: Date) => date >= range.from && date <= range.to
  const observed = (run: DateRun): Observed => ({
    date: run.date,
    lines: run.observed ?? [],
    ...(run.observedUnits ? { units: run.observedUnits } : {}),
  })
  const scan = boots.filter((b) => inRange(b.date)).map(observed)
  const slots = guestsAtOnce(options, prepared)
  const runAt = async (dates: Date[], again: boolean) => {
    const runs = await runTold(dates, Math.min(slots, dates.length), deps, (date, _i, telling) =>
      bootLogged(
        date,
        again ? 'Search again at' : 'Search at',
        options,
        prepared,
        session,
        { ...deps, ...telling },
        again ? 2 : 1,
      ),
    )
    return runs.map(observed)
  }
  return searchLines(range, scan, { runAt, batch: slots, maxSteps: MAX_SEARCH_STEPS, log: deps.log })
}

/**
 * The requested dates, side by side where the host takes more than one guest at a time
 * (each restored from the saved guest, or booted on its own), told and returned in date order.
 */
async function bootDates(
  options: RunOptions,
  prepared: PreparedGuest,
  session: RunSession,
  deps: EngineDeps,
): Promise<DateRun[]> {
  const dates = options.dates
  const slots = Math.min(dates.length, guestsAtOnce(options, prepared))
  // "Boot at" and the date, then which of how many: a long matrix says how far it is.
  const label = (i: number) => (dates.length > 1 ? { label: 'Boot at', of: `${i + 1} of ${dates.length}` } : 'Boot at')
  if (slots > 1)
    deps.log.info(`${dates.length} dates, up to ${slots} at a time: each told when it and those before it are done`)
  return runTold(dates, slots, deps, (date, i, telling) =>
    bootLogged(date, label(i), options, prepared, session, { ...deps, ...telling }),
  )
}

/** The dates of the run, each a DateRun; the control first; confirmed when asked. */
async function runDates(
  options: RunOptions,
  prepared: PreparedGuest,
  session: RunSession,
  deps: EngineDeps,
): Promise<{ boots: DateRun[]; control?: DateRun; flaky: IgnoredFinding[]; kept?: SnapshotAttempt['kept'] }> {
  const all = [...(options.control ? [options.control] : []), ...options.dates]
  let kept: SnapshotAttempt['kept']
  // One boot, then each date from its saved state: worth it from two dates on.
  if (options.clock !== 'boot' && all.length > 1 && deps.snapshots !== false) {
    const attempt = await deps.log.group('Boot once and save the guest', async () => {
      const saved = await savedOrSaveSnapshot(all, options, prepared, session, deps)
      if (saved.snapshot && deps.ramFile) await mapSnapshot(saved.snapshot, options, prepared, session, deps)
      return saved
    })
    session.snapshot = attempt.snapshot
    kept = attempt.kept
    const failed = attempt.failed
    if (failed) {
      const why = failed.stages.find((s) => s.outcome !== 'ok')!
      deps.log.warn(
        `${why.stage === 'install' ? 'installing the .debs' : 'the setup script'} failed at ${formatInstant(failed.bootDate)} (${why.outcome}): the probe runs at no date`,
      )
      const stopped = (date: Date) => stoppedByStage(date, failed, options.clock)
      return {
        boots: options.dates.map(stopped),
        ...(options.control ? { control: stopped(options.control) } : {}),
        flaky: [],
      }
    }
  }
  const boot = (date: Date, label: string, attempt = 1) =>
    bootLogged(date, label, options, prepared, session, deps, attempt)
  // The control first: a guest that cannot run the probe at an ordinary date says so early.
  const control = options.control && (await boot(options.control, 'Control at'))
  if (control && !isJudged(control.verdict.outcome)) {
    deps.log.warn(
      `the control run at ${formatInstant(control.date)} did not complete (${control.verdict.outcome}): failures at the requested dates cannot be compared with it`,
    )
  }
  const boots = await bootDates(options, prepared, session, deps)
  // Each run again is recorded with the date it confirms.
  const runAgain = async (run: DateRun, label: string): Promise<DateVerdict> => {
    const again = await boot(run.date, label, 2)
    const { durationSeconds, consoleLog } = again.result
    run.result = { ...run.result, confirmation: { outcome: again.verdict.outcome, durationSeconds, consoleLog } }
    return again.verdict
  }
  const flaky = options.confirm
    ? await confirmFindings(boots, control, { runAgain, hasSnapshot: !!session.snapshot, log: deps.log })
    : []
  return { boots, ...(control ? { control } : {}), flaky, ...(kept ? { kept } : {}) }
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
    // The user's own system says its architecture (an OCI image's config).
    options = { ...options, arch: prepared.target.arch }
    stopIfAborted(deps)
    session = await startRunSession(options, deps.runner, prepared.runtime)
  } catch (error) {
    // Refused before any guest ran (a package the mirror lacks, a bad .deb): no empty output directory left.
    if (madeOutput !== undefined) await removeEmptyDirs(deps.outputDir, madeOutput)
    throw error
  }
  let ran: Awaited<ReturnType<typeof runDates>>
  let search: SearchReport | undefined
  try {
    ran = await runDates(options, prepared, session, deps)
    if (options.search) search = await searchDates(ran.boots, options, prepared, session, deps)
  } finally {
    await session.close()
    if (session.discardKept) await imageStore(options.cacheDir, deps.runner).discard(session.discardKept)
  }
  // An interruption is not a verdict: whatever the guests said, no report.
  stopIfAborted(deps)
  const { dates, findings, ignored, control } = settleDates(ran.boots, ran.control)
  const userland = prepared.userland.image
  const guestAudit = {
    basePackages: USERLAND_BASE_PACKAGES,
    root: () => storedAudit(userland),
    rootName: userland.key,
    rootDir: userland.dir,
    ...(userland.manifest.details.system ? { system: userland.manifest.details.system } : {}),
  }
  const audit = await auditRun(options, findings, guestAudit, deps.runner)
  return {
    accel: prepared.accel,
    target: prepared.target,
    options,
    kernel: { ...imageInfo(prepared.kernel), release: prepared.kernel.image.manifest.details.release },
    userland: imageInfo(prepared.userland),
    ...(userland.manifest.details.system ? { system: userland.manifest.details.system } : {}),
    dates,
    ...(control ? { control } : {}),
    findings,
    ignored,
    flaky: ran.flaky,
    audit,
    ...(search ? { search } : {}),
    ...(ran.kept
      ? { savedGuest: { ...ran.kept, ...(session.discardKept === ran.kept.key ? { discarded: true } : {}) } }
      : {}),
    startedAt: new Date(started).toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 100) / 10,
  }
}
