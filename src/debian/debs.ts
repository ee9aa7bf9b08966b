/**
 * The user's .deb files: what their control data says (read with dpkg-deb), checked against
 * the guest's architecture, and the dependencies they need from the mirror. Those go into
 * the cached root filesystem; the .debs themselves are installed at each boot, so a new
 * build of the user's package does not build the root filesystem again.
 */
import { InputError } from '../config/errors.js'
import type { RepositoryFile } from '../config/workspace.js'
import type { CommandRunner } from '../host/proc.js'
import { lastLine } from '../config/text.js'
import { type PackagesIndex, missingPackages, unsatisfiable } from './apt-index.js'

export interface DebPackage extends RepositoryFile {
  package: string
  version: string
  architecture: string
  /** Depends and Pre-Depends, as written. */
  depends: string
  provides: string
}

const FIELDS = ['Package', 'Version', 'Architecture', 'Depends', 'Pre-Depends', 'Provides'] as const

/** `dpkg-deb --field` output (RFC 822, continuation lines folded) as a map. Pure. */
export function parseControlFields(text: string): Map<string, string> {
  const fields = new Map<string, string>()
  let current: string | undefined
  for (const line of text.split('\n')) {
    if (/^\s/.test(line) && current) {
      fields.set(current, `${fields.get(current)} ${line.trim()}`.trim())
      continue
    }
    const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line)
    if (!m) continue
    current = m[1]!
    fields.set(current, m[2]!.trim())
  }
  return fields
}

/** Splits a relation field into its AND groups, whitespace collapsed. Pure. */
export function relationGroups(field: string): string[] {
  return field
    .split(',')
    .map((group) => group.replace(/\s+/g, ' ').trim())
    .filter((group) => group !== '')
}

/** The package names a relation group's alternatives name: `a (>= 1) | b:any [i386]` → a, b. Pure. */
export function groupNames(group: string): string[] {
  return group
    .split('|')
    .map((alternative) => /^\s*([a-z0-9][a-z0-9+.-]*)/.exec(alternative)?.[1])
    .filter((name): name is string => name !== undefined)
}

/** The names a package answers to: its own and what it provides. Pure. */
export function namesOf(deb: Pick<DebPackage, 'package' | 'provides'>): string[] {
  return [deb.package, ...relationGroups(deb.provides).flatMap(groupNames)]
}

/**
 * The dependency groups of the .debs that none of them satisfies: what the root
 * filesystem must hold for them, sorted and without duplicates (apt-get satisfy's input). Pure.
 */
export function mirrorDependencies(debs: DebPackage[]): string[] {
  const local = new Set(debs.flatMap(namesOf))
  const groups = new Set<string>()
  for (const deb of debs) {
    for (const group of relationGroups(deb.depends)) {
      if (groupNames(group).some((name) => local.has(name))) continue
      groups.add(group)
    }
  }
  return [...groups].sort()
}

/** Reads each .deb's control data; refuses a broken one and one for another architecture. */
export async function inspectDebs(files: RepositoryFile[], arch: string, runner: CommandRunner): Promise<DebPackage[]> {
  const debs: DebPackage[] = []
  for (const file of files) {
    const shown = file.relativePath
    const read = await runner.run('dpkg-deb', ['--field', file.path, ...FIELDS])
    if (read.code !== 0) {
      throw new InputError(
        'debs',
        `'${shown}' is not a valid Debian package: ${lastLine(read.stderr || read.stdout) || `dpkg-deb exited with status ${read.code}`}`,
      )
    }
    const fields = parseControlFields(read.stdout)
    const deb: DebPackage = {
      ...file,
      package: fields.get('Package') ?? '',
      version: fields.get('Version') ?? '',
      architecture: fields.get('Architecture') ?? '',
      depends: relationGroups([fields.get('Pre-Depends'), fields.get('Depends')].filter(Boolean).join(', ')).join(', '),
      provides: fields.get('Provides') ?? '',
    }
    if (!deb.package || !deb.version || !deb.architecture) {
      throw new InputError(
        'debs',
        `'${shown}' has no Package, Version or Architecture field: not a valid Debian package`,
      )
    }
    if (deb.architecture !== arch && deb.architecture !== 'all') {
      throw new InputError(
        'debs',
        `'${shown}' is for ${deb.architecture} (Architecture: ${deb.architecture}), but the guest is ${arch}: build it for ${arch}, or set arch to ${deb.architecture}`,
      )
    }
    const twin = debs.find((d) => d.package === deb.package)
    if (twin) {
      throw new InputError(
        'debs',
        `'${shown}' and '${twin.relativePath}' are both the package ${deb.package}: give one`,
      )
    }
    debs.push(deb)
  }
  return debs
}

/**
 * What the mirror's index says cannot be built, before a build that would fail minutes
 * later: a user package it does not have, or a .deb dependency nothing in it (or among the
 * other .debs) satisfies. Undefined when everything is there. Pure.
 */
export function mirrorShortfall(
  index: PackagesIndex,
  packages: readonly string[],
  debs: readonly DebPackage[],
  context: { arch: string; suite: string; mirror: string },
): InputError | undefined {
  const where = `${context.suite}/${context.arch} at ${context.mirror}`
  const missing = missingPackages(packages, index)
  if (missing.length > 0) {
    return new InputError(
      'packages',
      `${missing.map((name) => `'${name}'`).join(', ')} ${missing.length > 1 ? 'are not packages' : 'is not a package'} in ${where}`,
    )
  }
  const present = debs.map((deb) => ({
    name: deb.package,
    version: deb.version,
    provides: deb.provides,
    architecture: deb.architecture,
  }))
  for (const deb of debs) {
    const unmet = unsatisfiable(deb.depends, index, { arch: context.arch, present })
    if (unmet.length > 0) {
      return new InputError(
        'debs',
        `'${deb.relativePath}' depends on ${unmet.map((g) => `'${g.text}'`).join(', ')}, which nothing in ${where} or among the .debs provides`,
      )
    }
  }
  return undefined
}
