/** The static time_t audit of a run: the guest's packages from its stored audit, and the user's own files. */
import type { RunOptions } from '../config/options.js'
import { TIME32_CAPABLE } from '../config/targets.js'
import { ToolError } from '../config/errors.js'
import {
  type AuditReport,
  type OwnSource,
  type PackageAudit,
  type RootAudit,
  auditFindings,
  selectPackages,
} from './classify.js'
import { auditDeb, auditWorkdir } from './scan.js'
import type { CommandRunner } from '../host/proc.js'

/** A probe finding, as much as the audit needs to tie it to a file it read. */
export type ProbeFindingRef = { date: string; line?: number; command?: string; program?: string }

/** Where the guest's own audit is, and what its base packages are: the image's to say. */
export interface GuestAudit {
  /** The packages every guest has, audited when the user named none. */
  basePackages: readonly string[]
  /** The audit of the guest's root taken when it was built; undefined when missing or damaged. */
  root: () => Promise<RootAudit | undefined>
  /** The stored userland's name and directory, for the message when its audit is missing. */
  rootName: string
  rootDir: string
  /** The user's own system (`image`): all of it is the user's, so every ELF file is read. */
  system?: { given: string; dpkg: boolean }
}

/**
 * The audit of the packages the options name (or of every ELF file), from the one taken
 * when the userland was built (the tree is gone: the image is what is kept), and of the
 * user's own files (each .deb of `debs`, the `workdir`), read on the host.
 */
export async function auditRun(
  options: RunOptions,
  probeFindings: ProbeFindingRef[],
  guest: GuestAudit,
  runner: CommandRunner,
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
  const own = await auditOwnFiles(options, runner)
  const severity = options.failOn === 'audit' ? 'error' : 'warning'
  const ownNote = [
    ...options.debs.map((deb) => deb.relativePath),
    ...(options.workdir ? [`workdir ${options.workdir.relativePath}`] : []),
  ].join(', ')
  if (mode === 'packages' && options.packages.length === 0 && own.packages.length > 0 && !guest.system) {
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
  const audited = mode === 'packages' && options.packages.length === 0 ? [...guest.basePackages] : options.packages
  const root = await guest.root()
  if (!root) {
    throw new ToolError(
      `the stored time_t audit of ${guest.rootName} is missing or damaged: remove ${guest.rootDir} to build it again`,
    )
  }
  const packages = [...own.packages, ...selectPackages(root, guest.system ? 'all' : mode, audited)]
  const what = guest.system
    ? `every ELF file of ${guest.system.given}${guest.system.dpkg ? ' (files no package lists grouped by directory)' : ' (no dpkg file lists: grouped by directory)'}`
    : mode === 'all'
      ? 'every ELF file'
      : options.packages.length > 0
        ? `the ELF files of ${options.packages.join(', ')}${followedNote(packages)}`
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

/** Which named packages hold no ELF file, and the packages of theirs that were audited instead. */
function followedNote(packages: readonly PackageAudit[]): string {
  const by = new Map<string, string[]>()
  for (const pkg of packages)
    if (pkg.followedFrom) by.set(pkg.followedFrom, [...(by.get(pkg.followedFrom) ?? []), pkg.package])
  if (by.size === 0) return ''
  const parts = [...by].map(([from, to]) => `${from} holds none: its dependencies ${to.join(', ')}`)
  return ` (${parts.join('; ')})`
}

/** The user's own ELF files (each .deb of `debs`, the `workdir`), audited on the host. */
async function auditOwnFiles(
  options: RunOptions,
  runner: CommandRunner,
): Promise<{ packages: PackageAudit[]; elfFiles: number; seconds: number }> {
  const packages: PackageAudit[] = []
  let elfFiles = 0
  let seconds = 0
  const add = (audit: RootAudit, source: OwnSource): void => {
    elfFiles += audit.elfFiles
    seconds += audit.seconds
    for (const pkg of selectPackages(audit, 'all', [])) packages.push({ ...pkg, source })
  }
  for (const deb of options.debs) add(await auditDeb(deb.path, runner), { kind: 'deb', path: deb.relativePath })
  if (options.workdir) {
    const { path: dir, relativePath } = options.workdir
    add(await auditWorkdir(dir, relativePath), { kind: 'workdir', path: relativePath })
  }
  return { packages, elfFiles, seconds: Math.round(seconds * 10) / 10 }
}
