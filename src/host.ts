/**
 * The runner's side: makes sure mmdebstrap, QEMU and their helpers are installed, with
 * apt (through sudo when not root). Never prompts.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { ToolError } from './errors.js'
import type { Logger } from './log.js'
import type { CommandRunner } from './proc.js'
import type { Target } from './targets.js'

export interface HostRequirement {
  /** A file that must exist, or a program that must be on PATH. */
  check: { file: string } | { program: string }
  /** The Debian package that provides it. */
  package: string
  why: string
}

export function hostRequirements(target: Target): HostRequirement[] {
  return [
    { check: { program: 'mmdebstrap' }, package: 'mmdebstrap', why: 'builds the root filesystem' },
    {
      check: { file: '/usr/share/keyrings/debian-archive-keyring.gpg' },
      package: 'debian-archive-keyring',
      why: "verifies Debian's archive",
    },
    { check: { program: target.machine.qemuBinary }, package: target.machine.qemuPackage, why: 'boots the guest' },
    { check: { file: '/usr/share/qemu/qboot.rom' }, package: 'qemu-system-data', why: 'firmware for a fast boot' },
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
  const missing = hostRequirements(target).filter((r) => !isMet(r))
  const packages = [...new Set(missing.map((r) => r.package))]
  if (packages.length === 0) return []
  if (!onPath('apt-get')) {
    throw new ToolError(`missing ${packages.join(', ')} and there is no apt-get to install them: install them by hand`)
  }
  for (const requirement of missing) {
    log.info(`Installing ${requirement.package} (${requirement.why})`)
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const update = await runner.run('apt-get', ['-q', 'update'], { privileged: true, env })
  if (update.code !== 0) {
    log.warn(`apt-get update failed (going on with the package lists there are): ${lastLine(update.stderr)}`)
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
  const still = missing.filter((r) => !isMet(r))
  if (still.length > 0) {
    throw new ToolError(
      `installed ${packages.join(', ')} but ${still.map((r) => r.package).join(', ')} is still missing`,
    )
  }
  return packages
}

export function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  return lines.at(-1) ?? '(no output)'
}
