/**
 * KVM or TCG. A /dev/kvm that exists is not a KVM that works: on some hosts the kernel
 * starts and QEMU then stops with "KVM internal error" and hangs, which QEMU's own accel
 * fallback does not catch. So `auto` boots the guest's kernel once under KVM without a
 * root filesystem, and uses KVM only if that kernel gets as far as looking for its root.
 * The verdict is kept per host boot.
 */
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { ToolError } from '../config/errors.js'
import type { AccelMode } from '../config/options.js'
import type { Logger } from '../host/log.js'
import type { CommandRunner } from '../host/proc.js'
import { type Accel, killByPidFile, precreateForQemu } from './qemu.js'

export type { Accel }
import type { MachineProfile } from '../config/targets.js'
import { lastLine } from '../config/text.js'

/** The kernel got far enough under KVM: it ran and looked for a root it was not given. */
const KERNEL_RAN = /Kernel panic - not syncing|Unable to mount root|Run \/init as init process|Freeing unused kernel/
const KVM_BROKE = /KVM internal error|failed to set MSR|Could not access KVM kernel module|failed to initialize kvm/i

/** Host architectures (node's process.arch) on which a machine can use KVM. */
export function kvmCapable(machine: MachineProfile, hostArch: string = process.arch): boolean {
  return machine.kernelArch === 'amd64' || machine.kernelArch === 'i386'
    ? hostArch === 'x64'
    : machine.kernelArch === 'arm64' && hostArch === 'arm64'
}

export function kvmTrialArgs(machine: MachineProfile, kernel: string): string[] {
  return [
    ...machine.machineArgs,
    '-accel',
    'kvm',
    '-m',
    '256',
    '-nodefaults',
    '-no-user-config',
    '-display',
    'none',
    '-no-reboot',
    '-kernel',
    kernel,
    '-append',
    `console=${machine.console} panic=-1`,
    '-serial',
    'stdio',
  ]
}

/** Judges a KVM trial boot's output: undefined while it is still undecided. */
export function judgeKvmTrial(consoleText: string, stderr: string): { ok: boolean; reason: string } | undefined {
  const broke = KVM_BROKE.exec(stderr)
  if (broke) return { ok: false, reason: broke[0] }
  if (KERNEL_RAN.test(consoleText)) return { ok: true, reason: 'the kernel ran under KVM' }
  return undefined
}

function hostBootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
  } catch {
    return 'unknown'
  }
}

async function trialBootKvm(
  machine: MachineProfile,
  kernel: string,
  runner: CommandRunner,
  workDir: string,
): Promise<{ ok: boolean; reason: string }> {
  const pidFile = path.join(workDir, `kvm-trial-${process.pid}.pid`)
  precreateForQemu(pidFile)
  const stop = (): void => {
    killByPidFile(pidFile, 'KILL')
    running.child.kill('SIGTERM')
  }
  let consoleText = ''
  let stderr = ''
  let verdict: { ok: boolean; reason: string } | undefined
  const running = runner.start(machine.qemuBinary, [...kvmTrialArgs(machine, kernel), '-pidfile', pidFile], {
    // As the invoking user, like the guest: a /dev/kvm this user cannot open is no KVM.
    onStdout: (chunk) => {
      consoleText += chunk.toString('utf8')
      verdict ??= judgeKvmTrial(consoleText, stderr)
      if (verdict) stop()
    },
    onStderr: (chunk) => {
      stderr += chunk.toString('utf8')
      verdict ??= judgeKvmTrial(consoleText, stderr)
      if (verdict) stop()
    },
  })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    stop()
  }, 20_000)
  try {
    const result = await running.done
    return (
      verdict ??
      judgeKvmTrial(consoleText, stderr) ?? {
        ok: false,
        reason: timedOut ? 'the kernel did not start within 20 s' : `QEMU exited (${result.code}): ${lastLine(stderr)}`,
      }
    )
  } finally {
    clearTimeout(timer)
    await rm(pidFile, { force: true })
  }
}

/**
 * What GitHub documents for its hosted runners: /dev/kvm for every user. Applied after QEMU's
 * packages are installed, since their own rule would otherwise win.
 */
export const KVM_UDEV_RULE = 'KERNEL=="kvm", GROUP="kvm", MODE="0666", OPTIONS+="static_node=kvm"'
export const KVM_UDEV_RULE_FILE = '/etc/udev/rules.d/99-y2038-kvm.rules'

export function kvmUdevScript(): string {
  return `printf '%s\\n' '${KVM_UDEV_RULE}' > ${KVM_UDEV_RULE_FILE} && udevadm control --reload-rules && udevadm trigger --name-match=kvm`
}

function canOpenKvm(): boolean {
  try {
    closeSync(openSync('/dev/kvm', 'r+'))
    return true
  } catch {
    return false
  }
}

/**
 * QEMU runs as this user: /dev/kvm must open for it. On a GitHub-hosted runner, where
 * changing the machine is expected, the udev rule GitHub documents is applied; elsewhere
 * the reason is returned and the guest runs under TCG. Checked by opening the device.
 */
export async function ensureKvmAccess(
  runner: CommandRunner,
  log: Logger,
  env: NodeJS.ProcessEnv = process.env,
  opens: () => boolean = canOpenKvm,
): Promise<string | undefined> {
  if (opens()) return undefined
  if (env.GITHUB_ACTIONS !== 'true') {
    return 'this user cannot open /dev/kvm (add it to the kvm group, or run as root)'
  }
  log.info(`Opening /dev/kvm to this user with a udev rule (${KVM_UDEV_RULE_FILE})`)
  const result = await runner.run('sh', ['-c', kvmUdevScript()], { privileged: true }).catch(() => undefined)
  if (result?.code !== 0) return `could not apply the udev rule for /dev/kvm: ${lastLine(result?.stderr ?? '')}`
  // udev applies the rule asynchronously.
  for (let i = 0; i < 20 && !opens(); i++) await sleep(100)
  return opens() ? undefined : 'this user still cannot open /dev/kvm after the udev rule'
}

/** Decides between KVM and TCG for this machine, probing KVM at most once per host boot. */
export async function chooseAccel(
  mode: AccelMode,
  machine: MachineProfile,
  kernel: string,
  runner: CommandRunner,
  log: Logger,
  cacheDir: string,
): Promise<Accel> {
  if (mode === 'tcg') return 'tcg'
  const capable = kvmCapable(machine) && existsSync('/dev/kvm')
  if (!capable) {
    if (mode === 'kvm') {
      throw new ToolError(
        `accel: kvm was asked for, but ${machine.qemuBinary} cannot use KVM on this ${process.arch} host${existsSync('/dev/kvm') ? '' : ' (no /dev/kvm)'}`,
      )
    }
    return 'tcg'
  }
  const denied = await ensureKvmAccess(runner, log)
  if (denied) {
    if (mode === 'kvm') throw new ToolError(`accel: kvm was asked for, but ${denied}`)
    log.info(`KVM is not usable here (${denied}): using TCG`)
    return 'tcg'
  }
  const verdictFile = path.join(
    cacheDir,
    'accel',
    `${machine.qemuBinary}-${hostBootId()}-uid${process.getuid?.() ?? 0}.json`,
  )
  let verdict: { ok: boolean; reason: string } | undefined
  try {
    verdict = JSON.parse(await readFile(verdictFile, 'utf8')) as { ok: boolean; reason: string }
  } catch {
    await mkdir(path.dirname(verdictFile), { recursive: true })
    verdict = await trialBootKvm(machine, kernel, runner, path.dirname(verdictFile))
    await writeFile(verdictFile, `${JSON.stringify(verdict)}\n`)
  }
  if (verdict.ok) {
    log.info(`Using KVM (${verdict.reason})`)
    return 'kvm'
  }
  if (mode === 'kvm') throw new ToolError(`accel: kvm was asked for, but KVM does not work here: ${verdict.reason}`)
  log.info(`KVM is not usable here (${verdict.reason}): using TCG`)
  return 'tcg'
}
