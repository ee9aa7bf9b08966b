/**
 * The runner's side: makes sure mmdebstrap, QEMU and their helpers are installed, with
 * apt (through sudo when not root). Never prompts.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { ToolError } from '../config/errors.js'
import type { Logger } from './log.js'
import type { CommandRunner } from './proc.js'
import { ensureI386, forcedEmulation, i386Time32Problem } from './emulation.js'
import type { Target } from '../config/targets.js'
import type { SystemSource } from '../config/system-image.js'
import { lastLine } from '../config/text.js'

export interface HostRequirement {
  /** A file that must exist, or a program that must be on PATH. */
  check: { file: string } | { program: string }
  /** The Debian package that provides it. */
  package: string
  why: string
  /** A speed-up only: still missing after the install is not an error. */
  optional?: boolean
}

export function hostRequirements(target: Target): HostRequirement[] {
  return [
    { check: { program: 'mmdebstrap' }, package: 'mmdebstrap', why: 'builds the root filesystem' },
    { check: { program: 'mkfs.erofs' }, package: 'erofs-utils', why: 'makes the root filesystem image' },
    {
      check: { file: '/usr/share/keyrings/debian-archive-keyring.gpg' },
      package: 'debian-archive-keyring',
      why: "verifies Debian's archive",
    },
    { check: { program: target.machine.qemuBinary }, package: target.machine.qemuPackage, why: 'boots the guest' },
    ...(target.machine.firmware
      ? [
          {
            check: { file: target.machine.firmware.file },
            package: target.machine.firmware.package,
            why: 'firmware for a fast boot',
            optional: true,
          },
        ]
      : []),
  ]
}

export function onPath(program: string, envPath = process.env.PATH ?? ''): boolean {
  const dirs = [...envPath.split(':'), '/usr/sbin', '/sbin']
  return dirs.some((dir) => dir !== '' && existsSync(path.join(dir, program)))
}

export function isMet(requirement: HostRequirement): boolean {
  return 'file' in requirement.check ? existsSync(requirement.check.file) : onPath(requirement.check.program)
}

export async function ensureHostTools(target: Target, runner: CommandRunner, log: Logger): Promise<string[]> {
  return installMissing(hostRequirements(target), runner, log)
}

let aptUpdated = false

async function installMissing(requirements: HostRequirement[], runner: CommandRunner, log: Logger): Promise<string[]> {
  const missing = requirements.filter((r) => !isMet(r))
  const packages = [...new Set(missing.map((r) => r.package))]
  if (packages.length === 0) return []
  if (!onPath('apt-get')) {
    throw new ToolError(`missing ${packages.join(', ')} and there is no apt-get to install them: install them by hand`)
  }
  for (const requirement of missing) {
    log.info(`Installing ${requirement.package} (${requirement.why})`)
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  // Package lists once per run: the emulation packages may come after QEMU's.
  if (!aptUpdated) {
    aptUpdated = true
    const update = await runner.run('apt-get', ['-q', 'update'], { privileged: true, env })
    if (update.code !== 0) {
      log.warn(`apt-get update failed (going on with the package lists there are): ${lastLine(update.stderr)}`)
    }
  }
  const install = await runner.run('apt-get', ['-q', '-y', '--no-install-recommends', 'install', ...packages], {
    privileged: true,
    env,
  })
  if (install.code !== 0) {
    throw new ToolError(
      `could not install ${packages.join(', ')} with apt-get: ${lastLine(install.stderr || install.stdout)}`,
    )
  }
  const still = missing.filter((r) => !isMet(r) && !r.optional)
  if (still.length > 0) {
    throw new ToolError(
      `installed ${packages.join(', ')} but ${still.map((r) => r.package).join(', ')} is still missing`,
    )
  }
  return packages
}

const EMULATION: HostRequirement[] = [
  { check: { program: 'arch-test' }, package: 'arch-test', why: 'checks which architectures this machine can run' },
  {
    check: { program: 'qemu-arm-static' },
    package: 'qemu-user-static',
    why: 'runs foreign-architecture programs during the build',
  },
  { check: { program: 'update-binfmts' }, package: 'binfmt-support', why: 'registers qemu-user with the kernel' },
]

async function archRuns(arch: string, runner: CommandRunner): Promise<boolean> {
  const result = await runner.run('arch-test', [arch]).catch(() => undefined)
  return result?.code === 0 && /: ok/.test(result.stdout)
}

/**
 * mmdebstrap runs the guest's programs (maintainer scripts, depmod, update-initramfs)
 * while it builds: a foreign architecture needs qemu-user registered with binfmt_misc.
 * Sets that up when missing, then checks each architecture with arch-test.
 */
export async function ensureArchesRunnable(
  arches: string[],
  runner: CommandRunner,
  log: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<() => Promise<void>> {
  await installMissing(EMULATION.slice(0, 1), runner, log)
  let release = async (): Promise<void> => undefined
  let rest = arches
  // i386 on x86-64: natively where the kernel runs it whole (a program tells), else emulated.
  if (process.arch === 'x64' && arches.includes('i386')) {
    rest = arches.filter((arch) => arch !== 'i386')
    if (forcedEmulation(env).includes('i386') || (await i386Time32Problem(runner))) {
      await installMissing(EMULATION, runner, log)
      await mountBinfmt(runner)
      release = await ensureI386(runner, log, env)
    }
  }
  const foreign: string[] = []
  for (const arch of rest) if (!(await archRuns(arch, runner))) foreign.push(arch)
  if (foreign.length === 0) return release
  log.info(`Setting up qemu-user emulation for ${foreign.join(', ')}`)
  await installMissing(EMULATION, runner, log)
  await mountBinfmt(runner)
  await runner.run('update-binfmts', ['--enable'], { privileged: true })
  const still: string[] = []
  for (const arch of foreign) if (!(await archRuns(arch, runner))) still.push(arch)
  if (still.length > 0) {
    await release()
    throw new ToolError(
      `this machine cannot run ${still.join(', ')} programs even with qemu-user-static and binfmt_misc (arch-test ${still[0]} fails): the guest cannot be built here`,
    )
  }
  return release
}

/** On a bare machine binfmt_misc may not be mounted (seen on Debian 12 in a container). */
async function mountBinfmt(runner: CommandRunner): Promise<void> {
  if (!existsSync('/proc/sys/fs/binfmt_misc/status')) {
    await runner.run('mount', ['-t', 'binfmt_misc', 'binfmt_misc', '/proc/sys/fs/binfmt_misc'], { privileged: true })
  }
}

/** What reading the user's own system (`image`) takes: skopeo and umoci for an OCI image, patchelf for the harness's programs. */
export function systemRequirements(source: SystemSource): HostRequirement[] {
  return [
    ...(source.kind === 'oci'
      ? [
          { check: { program: 'skopeo' }, package: 'skopeo', why: 'reads and pulls the OCI image' },
          { check: { program: 'umoci' }, package: 'umoci', why: "unpacks the OCI image's layers" },
        ]
      : []),
    { check: { program: 'patchelf' }, package: 'patchelf', why: "links the harness's own programs to their place" },
  ]
}

export async function ensureSystemTools(source: SystemSource, runner: CommandRunner, log: Logger): Promise<string[]> {
  return installMissing(systemRequirements(source), runner, log)
}
