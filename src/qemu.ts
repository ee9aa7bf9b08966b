/**
 * One guest boot: the QEMU command line (pure, in GuestVm.args) and running it with a
 * timeout, its console kept as a log, and no QEMU left behind whatever happens.
 */
import { execFileSync } from 'node:child_process'
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs'
import type { Accel } from './accel.js'
import { qemuRtcBase } from './dates.js'
import { type CommandRunner, onInterrupt, privilegedArgv } from './proc.js'
import type { RootTransport } from './root-transport.js'
import type { MachineProfile } from './targets.js'

export const SHARE_MOUNT_TAG = 'y2038'
export const SHARE_GUEST_DIR = '/run/y2038'
export const RESULTS_PORT_NAME = 'y2038'

export interface GuestSpec {
  machine: MachineProfile
  kernel: string
  initrd: string
  root: RootTransport
  /** Host directory with the harness and the probe, shared read-only. */
  shareDir: string
  /** Host file the results port writes to. */
  resultsFile: string
  pidFile: string
  /** The date the guest's RTC starts at. */
  rtcBase: Date
  accel: Accel
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

  /**
   * PID 1 is /bin/sh from the userland, told to mount the share and run the harness from
   * it, so the cached root holds nothing of ours and a harness change needs no rebuild.
   */
  initCommand(): string {
    return [
      `mkdir -p ${SHARE_GUEST_DIR}`,
      `mount -t 9p -o trans=virtio,version=9p2000.L,ro ${SHARE_MOUNT_TAG} ${SHARE_GUEST_DIR}`,
      `exec /bin/sh ${SHARE_GUEST_DIR}/init.sh`,
    ].join(' && ')
  }

  kernelCommandLine(): string {
    const { machine, root } = this.spec
    return [
      `console=${machine.console},115200`,
      ...root.kernelArgs(),
      // A panic (a failed initramfs) ends QEMU at once instead of waiting for the timeout.
      'panic=-1',
      'init=/bin/sh',
      '--',
      '-c',
      `"${this.initCommand()}"`,
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
      ...spec.root.qemuArgs(machine),
      '-fsdev',
      `local,id=share,path=${spec.shareDir},security_model=none,readonly=on`,
      '-device',
      `${virtio('virtio-9p')},fsdev=share,mount_tag=${SHARE_MOUNT_TAG}`,
      '-device',
      virtio('virtio-serial'),
      '-chardev',
      `file,id=results,path=${spec.resultsFile}`,
      '-device',
      `virtserialport,chardev=results,name=${RESULTS_PORT_NAME}`,
      '-pidfile',
      spec.pidFile,
    ]
  }
}

export interface GuestRunOptions {
  timeoutSeconds: number
  consoleLog: string
  /** Each console chunk as it arrives (progress). */
  onConsole?: (chunk: Buffer) => void
}

export interface GuestRunResult {
  exitCode: number | null
  signal: string | null
  timedOut: boolean
  durationMs: number
  /** What QEMU itself printed on standard error. */
  qemuStderr: string
}

/**
 * The pid QEMU wrote to `pidFile`, or undefined. QEMU run through sudo writes it as root,
 * readable by root only: then it is read through sudo too.
 */
function readPidFile(pidFile: string): string | undefined {
  if (!existsSync(pidFile)) return undefined
  try {
    return readFileSync(pidFile, 'utf8').trim()
  } catch {
    try {
      const [file, args] = privilegedArgv('cat', [pidFile])
      return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    } catch {
      return undefined
    }
  }
}

/** Signals the QEMU whose pid is in `pidFile`; never throws (it runs from event handlers). */
export function killByPidFile(pidFile: string, signal: 'TERM' | 'KILL'): void {
  const pid = readPidFile(pidFile)
  if (!pid || !/^\d+$/.test(pid)) return
  const [file, args] = privilegedArgv('kill', [`-${signal}`, pid])
  try {
    execFileSync(file, args, { stdio: 'ignore' })
  } catch {
    // Already gone.
  }
}

/**
 * Makes the files QEMU writes as this user first: QEMU run as root through sudo then
 * writes into them instead of leaving root-owned files in the user's directories.
 */
export function precreateForQemu(...files: string[]): void {
  for (const file of files) writeFileSync(file, '')
}

export async function runGuest(vm: GuestVm, runner: CommandRunner, options: GuestRunOptions): Promise<GuestRunResult> {
  precreateForQemu(vm.spec.resultsFile, vm.spec.pidFile)
  const console = createWriteStream(options.consoleLog)
  const started = Date.now()
  const running = runner.start(vm.spec.machine.qemuBinary, vm.args(), {
    privileged: vm.spec.root.needsRoot !== undefined,
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
    return {
      exitCode: result.code,
      signal: result.signal,
      timedOut,
      durationMs: Date.now() - started,
      qemuStderr: result.stderr,
    }
  } finally {
    clearTimeout(timer)
    if (escalate) clearTimeout(escalate)
    forget()
    await new Promise<void>((resolve) => console.end(resolve))
  }
}
