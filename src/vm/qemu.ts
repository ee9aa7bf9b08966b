/**
 * One guest boot: the QEMU command line (pure, in GuestVm.args) and running it, as the
 * invoking user, with a timeout, its console kept as a log, and no QEMU left behind.
 */
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { qemuRtcBase } from '../config/dates.js'
import {
  GUEST_HARNESS_DIR,
  HARNESS_DISK_SERIAL,
  JOB_PORT_NAME,
  RESULTS_PORT_NAME,
  WORKDIR_DISK_SERIAL,
  PROBE_DISK_SERIAL,
  harnessKernelParams,
} from '../protocol/names.js'
import { JobPort } from '../protocol/job-port.js'
import { type CommandRunner, onInterrupt } from '../host/proc.js'
import type { MachineProfile } from '../config/targets.js'
import { lastLine, shellQuote } from '../config/text.js'
import { qemuOptionValue } from './qemu-option.js'
import { type RamFile, ramFileArgs } from './ram-file.js'

/** The accelerator a guest runs under (chosen in accel.ts). */
export type Accel = 'kvm' | 'tcg'

export interface GuestSpec {
  machine: MachineProfile
  kernel: string
  initrd: string
  /** The userland: a read-only filesystem image. */
  rootImage: string
  /** PID 1: the userland's /bin/sh, or the harness's own shell on the user's own system. */
  init: string
  /** The run's harness disk: a small read-only erofs image. */
  harnessImage: string
  /** The user's directory as a read-only erofs image, when the run has one. */
  workdirImage?: string
  /** The probe's disk: a read-only erofs image of a fixed size, mounted by the guest once its job has come. */
  probeImage: string
  /** Unix socket (QEMU listens) of the job port: the host sends each date's job there. */
  jobSocket: string
  /** Host file the results port writes to. */
  resultsFile: string
  pidFile: string
  /** The date the guest's RTC starts at. */
  rtcBase: Date
  accel: Accel
  /** Unix socket for QMP, to save the guest's state. */
  qmpSocket?: string
  /**
   * A saved state to start from instead of booting: read through `exec:`, or, `deferred`,
   * loaded by the host over QMP once QEMU has started (a RAM file's clone).
   */
  incoming?: { state: string; deferred: boolean }
  /** The machine's RAM in a file (ram-file.ts), not in QEMU's own memory. */
  ram?: RamFile
  /** Do not start the guest's CPU (-S): a template only loads a state and saves it again. */
  paused?: boolean
}

/** Under KVM the guest runs on the host's CPU model, whatever the TCG default is. */
export function machineArgsFor(machine: MachineProfile, accel: Accel): string[] {
  const args = [...machine.machineArgs]
  const cpu = args.indexOf('-cpu')
  if (accel === 'kvm' && cpu >= 0) args[cpu + 1] = 'host'
  return args
}

export class GuestVm {
  constructor(readonly spec: GuestSpec) {}

  kernelCommandLine(): string {
    const { machine } = this.spec
    return [
      `console=${machine.console},115200`,
      // The image is mounted read-only; the initramfs lays a tmpfs overlay over it.
      'root=/dev/vda',
      'rootfstype=erofs',
      'ro',
      // A panic (a failed initramfs) ends QEMU at once instead of waiting for the timeout.
      'panic=-1',
      // Every line written to /dev/kmsg reaches the console (init: systemd logs there).
      'printk.devkmsg=on',
      ...harnessKernelParams(),
      // PID 1 is a shell (the userland's /bin/sh, or the harness's own) running the harness the initramfs put in /run/y2038.
      `init=${this.spec.init}`,
      '--',
      `${GUEST_HARNESS_DIR}/init.sh`,
    ].join(' ')
  }

  args(): string[] {
    const spec = this.spec
    const machine = spec.machine
    const virtio = (name: string) => (machine.virtioBus === 'pci' ? `${name}-pci` : `${name}-device`)
    return [
      ...machineArgsFor(machine, spec.accel),
      '-m',
      String(machine.memoryMiB),
      ...(spec.ram ? ramFileArgs(spec.ram, machine) : []),
      '-smp',
      '1',
      '-nodefaults',
      '-no-user-config',
      '-display',
      'none',
      '-no-reboot',
      '-accel',
      spec.accel,
      '-rtc',
      `base=${qemuRtcBase(spec.rtcBase)},clock=vm`,
      '-kernel',
      spec.kernel,
      '-initrd',
      spec.initrd,
      '-append',
      this.kernelCommandLine(),
      '-chardev',
      'stdio,id=console,signal=off',
      '-serial',
      'chardev:console',
      // read-only: nothing the guest does reaches the cached image.
      '-drive',
      `file=${qemuOptionValue(spec.rootImage)},if=none,id=root,format=raw,readonly=on`,
      '-device',
      `${virtio('virtio-blk')},drive=root`,
      '-drive',
      `file=${qemuOptionValue(spec.harnessImage)},if=none,id=harness,format=raw,readonly=on`,
      '-device',
      `${virtio('virtio-blk')},drive=harness,serial=${HARNESS_DISK_SERIAL}`,
      ...(spec.workdirImage
        ? [
            '-drive',
            `file=${qemuOptionValue(spec.workdirImage)},if=none,id=work,format=raw,readonly=on`,
            '-device',
            `${virtio('virtio-blk')},drive=work,serial=${WORKDIR_DISK_SERIAL}`,
          ]
        : []),
      '-drive',
      `file=${qemuOptionValue(spec.probeImage)},if=none,id=probe,format=raw,readonly=on`,
      '-device',
      `${virtio('virtio-blk')},drive=probe,serial=${PROBE_DISK_SERIAL}`,
      '-device',
      virtio('virtio-serial'),
      '-chardev',
      `file,id=results,path=${qemuOptionValue(spec.resultsFile)}`,
      '-device',
      `virtserialport,chardev=results,name=${RESULTS_PORT_NAME}`,
      '-chardev',
      `socket,id=job,path=${qemuOptionValue(spec.jobSocket)},server=on,wait=off`,
      '-device',
      `virtserialport,chardev=job,name=${JOB_PORT_NAME}`,
      '-pidfile',
      spec.pidFile,
      ...(spec.qmpSocket ? ['-qmp', `unix:${qemuOptionValue(spec.qmpSocket)},server=on,wait=off`] : []),
      ...(spec.incoming
        ? ['-incoming', spec.incoming.deferred ? 'defer' : `exec:cat ${shellQuote(spec.incoming.state)}`]
        : []),
      ...(spec.paused ? ['-S'] : []),
    ]
  }
}

export interface GuestRunOptions {
  timeoutSeconds: number
  consoleLog: string
  /** Each console chunk as it arrives (progress). */
  onConsole?: (chunk: Buffer) => void
  /** What the host does on the job port while the guest runs: send a job, or save the guest. */
  onJobPort: (port: JobPort) => Promise<void>
}

export interface GuestRunResult {
  exitCode: number | null
  signal: string | null
  timedOut: boolean
  durationMs: number
  /** What QEMU itself printed on standard error. */
  qemuStderr: string
  /** Why the host's part on the job port failed, if it did. */
  jobError?: Error
}

/**
 * QEMU that stopped before the guest printed anything, saying why on standard error (a file
 * it cannot open, an option it does not know): a failure of the host, not of the guest.
 */
export function qemuStartFailure(
  run: Pick<GuestRunResult, 'exitCode' | 'timedOut' | 'qemuStderr'>,
  consoleText: string,
): string | undefined {
  if (run.exitCode === 0 || run.exitCode === null || run.timedOut) return undefined
  if (consoleText.trim() !== '' || run.qemuStderr.trim() === '') return undefined
  return `QEMU could not start the guest (exit status ${run.exitCode}): ${lastLine(run.qemuStderr)}`
}

/** QEMU's complaint when it ended with an error of its own (not a timeout, not our signal), or undefined. */
export function qemuExitWarning(run: Pick<GuestRunResult, 'exitCode' | 'timedOut' | 'qemuStderr'>): string | undefined {
  if (run.exitCode === 0 || run.timedOut || run.qemuStderr.trim() === '') return undefined
  if (/terminating on signal/.test(run.qemuStderr)) return undefined
  return `QEMU exited with status ${run.exitCode}: ${lastLine(run.qemuStderr)}`
}

/** QEMU's own complaint on standard error (its last line), not the line of the signal we sent it. */
export function qemuComplaint(run: Pick<GuestRunResult, 'qemuStderr'>): string | undefined {
  if (run.qemuStderr.trim() === '' || /terminating on signal/.test(run.qemuStderr)) return undefined
  return lastLine(run.qemuStderr)
}

/**
 * Why QEMU could not start from a saved guest: it ended with an error, or the host could not
 * load the state into it, before the guest sent a single record. Undefined when the restored
 * guest ran.
 */
export function restoreFailure(
  run: Pick<GuestRunResult, 'exitCode' | 'timedOut' | 'qemuStderr' | 'jobError'>,
  recordsReceived: number,
): string | undefined {
  if (recordsReceived > 0 || run.timedOut) return undefined
  if (!run.jobError && run.exitCode === 0) return undefined
  return qemuComplaint(run) ?? run.jobError?.message ?? `QEMU exited with status ${run.exitCode}`
}

/** The first line of `<qemu> --version`. */
export async function qemuVersion(binary: string, runner: CommandRunner): Promise<string> {
  const version = await runner.run(binary, ['--version'])
  const first = version.stdout.split('\n')[0]?.trim() ?? ''
  if (version.code !== 0 || !first) throw new Error(`${binary} --version failed`)
  return first
}

/** Signals the QEMU whose pid is in `pidFile`; never throws (it runs from event handlers). */
export function killByPidFile(pidFile: string, signal: 'TERM' | 'KILL'): void {
  if (!existsSync(pidFile)) return
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim())
    if (Number.isInteger(pid) && pid > 1) process.kill(pid, `SIG${signal}`)
  } catch {
    // Already gone.
  }
}

/** Makes the files QEMU writes empty, so that a stale pid or old results are never read. */
export function precreateForQemu(...files: string[]): void {
  for (const file of files) writeFileSync(file, '')
}

export async function runGuest(vm: GuestVm, runner: CommandRunner, options: GuestRunOptions): Promise<GuestRunResult> {
  precreateForQemu(vm.spec.resultsFile, vm.spec.pidFile)
  const console = createWriteStream(options.consoleLog)
  const started = Date.now()
  const running = runner.start(vm.spec.machine.qemuBinary, vm.args(), {
    maxCapture: 64 * 1024,
    onStdout: (chunk) => {
      console.write(chunk)
      options.onConsole?.(chunk)
    },
  })
  const stop = (): void => {
    killByPidFile(vm.spec.pidFile, 'TERM')
    running.child.kill('SIGTERM')
  }
  const forget = onInterrupt(() => {
    killByPidFile(vm.spec.pidFile, 'KILL')
    running.child.kill('SIGKILL')
  })
  let exited = false
  let jobError: Error | undefined
  let port: JobPort | undefined
  const job = JobPort.connect(vm.spec.jobSocket, () => !exited)
    .then(async (connected) => {
      port = connected
      await options.onJobPort(connected)
    })
    .catch((error: unknown) => {
      jobError = error as Error
      // The guest cannot go on without its job: do not wait for the timeout.
      if (!exited) stop()
    })
  let timedOut = false
  let escalate: NodeJS.Timeout | undefined
  const timer = setTimeout(() => {
    timedOut = true
    stop()
    escalate = setTimeout(() => {
      killByPidFile(vm.spec.pidFile, 'KILL')
      running.child.kill('SIGKILL')
    }, 5000)
  }, options.timeoutSeconds * 1000)
  try {
    const result = await running.done
    exited = true
    port?.close()
    await job
    return {
      exitCode: result.code,
      signal: result.signal,
      timedOut,
      durationMs: Date.now() - started,
      qemuStderr: result.stderr,
      ...(jobError ? { jobError } : {}),
    }
  } finally {
    clearTimeout(timer)
    if (escalate) clearTimeout(escalate)
    forget()
    await new Promise<void>((resolve) => console.end(resolve))
  }
}

/** A guest that ran, with what it left: the bytes of its results port and its console. */
export interface FinishedGuest {
  run: GuestRunResult
  results: Buffer
  console: string
}

export async function runGuestToEnd(
  vm: GuestVm,
  runner: CommandRunner,
  options: GuestRunOptions,
): Promise<FinishedGuest> {
  const run = await runGuest(vm, runner, options)
  const results = await readFile(vm.spec.resultsFile).catch(() => Buffer.alloc(0))
  const console = await readFile(options.consoleLog, 'utf8').catch(() => '')
  return { run, results, console }
}
