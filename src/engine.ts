/**
 * The pipeline, end to end: host tools, kernel and userland (built or reused), then one
 * boot per date, each turned into a verdict. Side effects come in through EngineDeps.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { type Accel, chooseAccel } from './accel.js'
import { type AuditFinding, type PackageAudit, auditFindings, selectPackages } from './audit.js'
import { auditRoot } from './audit-scan.js'
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
} from './build.js'
import { bootDateFor, formatInstant } from './dates.js'
import {
  type DateVerdict,
  type Finding,
  type IgnoredFinding,
  dropBaselineFailures,
  evaluateBoot,
  matchSignature,
} from './detect.js'
import { DEFAULT_LIMITS, buildGuestReport } from './guest-report.js'
import { newToken, probeText, writeShare } from './harness.js'
import { ensureArchesRunnable, ensureHostTools } from './host.js'
import type { Logger } from './log.js'
import type { RunOptions } from './options.js'
import { type CommandRunner, isRoot } from './proc.js'
import { GuestVm, runGuest } from './qemu.js'
import { kernelRecipe, userlandRecipe } from './recipe.js'
import { Virtio9pRoot } from './root-transport.js'
import { parseRecords } from './serial.js'
import { ArtifactStore } from './store.js'
import { TIME32_CAPABLE, type Target, resolveTarget, withAvailableFirmware } from './targets.js'
import { lastLine } from './text.js'
import { ToolError } from './errors.js'

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
}

const SOURCE_VERB: Record<ArtifactSource, string> = {
  local: 'Reused',
  restored: 'Restored',
  built: 'Built',
}

export interface DateResult {
  date: string
  /** The date the guest's RTC started at. */
  bootDate: string
  clock: RunOptions['clock']
  outcome: DateVerdict['outcome']
  findings: Finding[]
  durationSeconds: number
  guestClockAtProbe?: string
  /** The harness reached the probe: the guest booted, whatever the probe found. */
  reachedProbe: boolean
  timeT?: 32 | 64
  /** Output lines of the probe not kept (over the per-line limits). */
  omittedOutputLines?: number
  consoleLog: string
}

export interface ArtifactInfo {
  key: string
  dir: string
  /** local: already in the cache directory; restored: from the Actions cache; built: by this run. */
  source: ArtifactSource
  built: boolean
  buildSeconds: number
}

/** The static time_t audit of the userland's ELF files. */
export interface AuditReport {
  mode: RunOptions['audit']
  /** False where time_t is 64-bit whatever a program does: nothing was read. */
  affected: boolean
  note: string
  /** Where the symbol lists come from; ELF files read when the userland was built, and how long it took. */
  symbols?: string
  elfFiles?: number
  seconds?: number
  packages: PackageAudit[]
  findings: AuditFinding[]
}

export interface RunReport {
  /** The accelerator the guests ran under. */
  accel: Accel
  target: Target
  options: RunOptions
  kernel: ArtifactInfo & { release: string }
  userland: ArtifactInfo
  dates: DateResult[]
  findings: Finding[]
  ignored: IgnoredFinding[]
  audit: AuditReport
  startedAt: string
  durationSeconds: number
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
}

export function artifactStore(cacheDir: string, runner: CommandRunner): ArtifactStore {
  return new ArtifactStore(path.join(cacheDir, 'artifacts'), runner)
}

/** mmdebstrap and QEMU's 9p passthrough need root: say so at once rather than fail later. */
async function checkPrivilege(runner: CommandRunner): Promise<void> {
  if (isRoot()) return
  const probe = await runner.run('sudo', ['-n', 'true']).catch(() => undefined)
  if (probe?.code !== 0) {
    throw new ToolError(
      'mmdebstrap and QEMU (9p passthrough) must run as root: run y2038 as root or give this user passwordless sudo',
    )
  }
}

/** Installs what is missing on the host and builds (or finds) the kernel and the userland. */
export async function prepareGuest(options: RunOptions, deps: EngineDeps): Promise<PreparedGuest> {
  const { runner, log } = deps
  const resolved = resolveTarget(options.arch, options.suite)
  if (resolved.kernelNote) log.info(resolved.kernelNote)
  await checkPrivilege(runner)
  await log.group('Install host tools', async () => {
    const installed = await ensureHostTools(resolved, runner, log)
    if (installed.length === 0) log.info('mmdebstrap and QEMU are installed')
  })
  const target: Target = { ...resolved, machine: withAvailableFirmware(resolved.machine, existsSync) }
  const store = artifactStore(options.cacheDir, runner)
  const kRecipe = kernelRecipe(target, options.mirror)
  const uRecipe = userlandRecipe(target, options.mirror, options.packages)
  // Checked once, and only when something has to be built.
  let buildReady: Promise<void> | undefined
  const beforeBuild = (): Promise<void> =>
    (buildReady ??= (async () => {
      await (deps.checkMirror ?? checkMirror)(options.mirror, options.suite)
      await ensureArchesRunnable([...new Set([kRecipe.arch, uRecipe.arch])], runner, log)
    })())
  const restore = deps.restorer?.(store)
  const kernel = await log.group(`Kernel and initramfs (${target.kernelPackage}, ${target.kernelSuite})`, async () => {
    const built = await ensureKernel(store, kRecipe, runner, log, restore, beforeBuild)
    log.info(`${SOURCE_VERB[built.source]} ${built.artifact.key} (kernel ${built.artifact.manifest.details.release})`)
    return built
  })
  const userland = await log.group(`Root filesystem (${options.suite}/${options.arch})`, async () => {
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
  return { accel, target, kernel, userland }
}

export interface BootOutcome {
  verdict: DateVerdict
  result: Omit<DateResult, 'outcome' | 'findings'>
}

/** Boots the guest once at `date` and turns what came back into a verdict. */
export async function bootAt(
  date: Date,
  options: RunOptions,
  prepared: PreparedGuest,
  deps: EngineDeps,
): Promise<BootOutcome> {
  const stamp = formatInstant(date).replace(/[:]/g, '')
  const dir = path.join(deps.outputDir, `${options.arch}-${options.suite}-${options.clock}-${stamp}`)
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const shareDir = path.join(dir, 'share')
  const token = newToken()
  await writeShare(shareDir, options.probe, {
    token,
    clock: options.clock,
    date,
    arch: options.arch,
    suite: options.suite,
  })
  const { kernel, userland, target } = prepared
  const rtcBase = bootDateFor(date, options.clock)
  const vm = new GuestVm({
    machine: target.machine,
    kernel: path.join(kernel.artifact.dir, kernel.artifact.manifest.details.kernel),
    initrd: path.join(kernel.artifact.dir, kernel.artifact.manifest.details.initrd),
    root: new Virtio9pRoot(path.join(userland.artifact.dir, userland.artifact.manifest.details.root)),
    shareDir,
    resultsFile: path.join(dir, 'results.log'),
    pidFile: path.join(dir, 'qemu.pid'),
    rtcBase,
    accel: prepared.accel,
  })
  const consoleLog = path.join(dir, 'console.log')
  const run = await runGuest(vm, deps.runner, {
    timeoutSeconds: options.timeoutSeconds,
    consoleLog,
    onConsole: deps.onConsole,
  })
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
  const guest = buildGuestReport(parseRecords(resultsData, token), {
    ...DEFAULT_LIMITS,
    isSign: (line) => matchSignature(line, true) !== undefined,
  })
  const verdict = evaluateBoot({
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
  })
  const omitted = guest.lines.reduce((sum, line) => sum + line.omittedOutput, 0)
  return {
    verdict,
    result: {
      date: formatInstant(date),
      bootDate: formatInstant(rtcBase),
      clock: options.clock,
      durationSeconds: Math.round(run.durationMs / 100) / 10,
      reachedProbe: guest.clockAtProbe !== undefined,
      ...(guest.clockAtProbe !== undefined
        ? { guestClockAtProbe: formatInstant(new Date(guest.clockAtProbe * 1000)) }
        : {}),
      ...(guest.timeT ? { timeT: guest.timeT } : {}),
      ...(omitted > 0 ? { omittedOutputLines: omitted } : {}),
      consoleLog,
    },
  }
}

/**
 * The audit of the packages the options name (or of every ELF file), from the one taken
 * when the userland was built; read again from the tree if that one is missing or damaged.
 */
export async function auditUserland(
  options: RunOptions,
  prepared: PreparedGuest,
  probeFindings: Finding[],
  deps: Pick<EngineDeps, 'log'>,
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
  if (mode === 'packages' && options.packages.length === 0) {
    return {
      mode,
      affected: true,
      note: 'no packages given: give packages to audit them, or audit: all for every ELF file',
      packages: [],
      findings: [],
    }
  }
  const artifact = prepared.userland.artifact
  let root = await storedAudit(artifact)
  if (!root) {
    deps.log.warn(`the stored time_t audit of ${artifact.key} is missing or damaged: reading the tree again`)
    root = await auditRoot(path.join(artifact.dir, artifact.manifest.details.root))
  }
  const packages = selectPackages(root, mode, options.packages)
  const severity = options.failOn === 'audit' ? 'error' : 'warning'
  const what = mode === 'all' ? 'every ELF file' : `the ELF files of ${options.packages.join(', ')}`
  return {
    mode,
    affected: true,
    note: `${what}, read for the glibc time functions they import`,
    symbols: root.symbols,
    elfFiles: root.elfFiles,
    seconds: root.seconds,
    packages,
    findings: auditFindings(packages, severity, probeFindings),
  }
}

/**
 * The dates of a run from its boots: failures that happen the same way before the
 * rollover are set aside (with the reason), and what is left is each date's verdict. Pure.
 */
export function settleDates(boots: { date: Date; verdict: DateVerdict; result: BootOutcome['result'] }[]): {
  dates: DateResult[]
  findings: Finding[]
  ignored: IgnoredFinding[]
} {
  const { verdicts, ignored } = dropBaselineFailures(boots.map(({ date, verdict }) => ({ date, verdict })))
  const dates: DateResult[] = boots.map((boot, i) => ({
    ...boot.result,
    outcome: verdicts[i]!.verdict.outcome,
    findings: verdicts[i]!.verdict.findings,
  }))
  return { dates, findings: dates.flatMap((d) => d.findings), ignored }
}

export async function runY2038(options: RunOptions, deps: EngineDeps): Promise<RunReport> {
  const started = Date.now()
  await mkdir(deps.outputDir, { recursive: true })
  const prepared = await prepareGuest(options, deps)
  const boots: { date: Date; verdict: DateVerdict; result: BootOutcome['result'] }[] = []
  for (const date of options.dates) {
    const outcome = await deps.log.group(`Boot at ${formatInstant(date)} (clock ${options.clock})`, async () => {
      const boot = await bootAt(date, options, prepared, deps)
      deps.log.info(
        `${boot.verdict.outcome}: ${boot.verdict.findings.length} finding(s) in ${boot.result.durationSeconds} s` +
          (boot.result.guestClockAtProbe ? `, guest clock ${boot.result.guestClockAtProbe} at probe start` : ''),
      )
      return boot
    })
    boots.push({ date, verdict: outcome.verdict, result: outcome.result })
  }
  const { dates, findings, ignored } = settleDates(boots)
  const audit = await auditUserland(options, prepared, findings, deps)
  return {
    accel: prepared.accel,
    target: prepared.target,
    options,
    kernel: { ...artifactInfo(prepared.kernel), release: prepared.kernel.artifact.manifest.details.release },
    userland: artifactInfo(prepared.userland),
    dates,
    findings,
    ignored,
    audit,
    startedAt: new Date(started).toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 100) / 10,
  }
}
