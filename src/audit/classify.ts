/**
 * The static time_t audit: which programs and libraries of a 32-bit userland use a 32-bit
 * time_t, read from what they import rather than from running them. Classification,
 * grouping by package and findings. Pure.
 */
import type { AuditMode } from '../config/options.js'
import { type ElfImports, ElfError, readElfImports } from './elf.js'
import { LFS_SYMBOLS, TIME_SYMBOLS, TIME_SYMBOLS_SOURCE } from './time-symbols.js'

/**
 * - time32: imports a 32-bit time function and none of the 64-bit ones (or only functions
 *   whose use of time depends on their arguments, ioctl and the like: lower confidence);
 * - time64: imports 64-bit time functions only;
 * - mixed: both (a static library built without _TIME_BITS=64, say);
 * - none: no time function at all;
 * - unknown: not readable this way (statically linked, Go, damaged), with the reason.
 */
export const TIME_CLASSES = ['time32', 'time64', 'mixed', 'none', 'unknown'] as const
export type TimeClass = (typeof TIME_CLASSES)[number]

export interface FileAudit {
  /** The file's path in the guest. */
  path: string
  /** The Debian package that ships it, when dpkg knows. */
  package?: string
  class: TimeClass
  /** The 32-bit and 64-bit time functions it imports (the ones that decided its class). */
  time32: string[]
  time64: string[]
  /** 32-bit entry points whose use of time depends on their arguments (ioctl, fcntl...). */
  low: string[]
  reason?: string
}

export interface PackageAudit {
  package: string
  class: TimeClass
  files: FileAudit[]
  /**
   * The user's own files, from the repository: a .deb given in `debs` (file paths are paths
   * in it) or the `workdir` (file paths are the repository's). Absent for the guest's packages.
   */
  source?: OwnSource
  /** The package named in `packages` that holds no ELF file and depends on this one, which does. */
  followedFrom?: string
}

export interface OwnSource {
  kind: 'deb' | 'workdir'
  /** The .deb or the directory, relative to the repository. */
  path: string
}

export interface RootAudit {
  /** Where the symbol lists come from. */
  symbols: string
  /** ELF files read, and the seconds reading every file of the tree took. */
  elfFiles: number
  seconds: number
  files: FileAudit[]
  /** What each installed package depends on (a root filesystem's audit, since audit rules 3). */
  depends?: Record<string, string[]>
}

const TIME64 = new Set(TIME_SYMBOLS.map((s) => s.time64))
const TIME32 = new Map<string, boolean>()
const NOTES = new Map<string, string>()
for (const symbol of TIME_SYMBOLS) {
  for (const name of symbol.time32) {
    TIME32.set(name, symbol.low === true)
    if (symbol.note) NOTES.set(name, symbol.note)
  }
}

/**
 * The class of a file from the glibc functions it imports, with a reason where the class
 * alone misleads (mixed for a known cause; time32 from low-confidence names alone).
 */
export function classifyImports(
  imports: readonly string[],
): Pick<FileAudit, 'class' | 'time32' | 'time64' | 'low' | 'reason'> {
  const time32: string[] = []
  const time64: string[] = []
  const low: string[] = []
  for (const name of imports) {
    if (TIME64.has(name)) time64.push(name)
    else if (TIME32.get(name) === true) low.push(name)
    else if (TIME32.has(name)) time32.push(name)
  }
  // glibc redirects every low name to its __*_time64 form under _TIME_BITS=64: importing one
  // with no 64-bit name at all shows a build without it, even if no call passes a time.
  const lowOnly = time32.length === 0 && time64.length === 0 && low.length > 0
  const cls: TimeClass =
    time32.length > 0 && time64.length > 0
      ? 'mixed'
      : time32.length > 0 || lowOnly
        ? 'time32'
        : time64.length > 0
          ? 'time64'
          : 'none'
  // Mixed only through names with a known cause: say it, so that the file is not taken for a half-converted build.
  const noted = cls === 'mixed' && time32.every((name) => NOTES.has(name))
  const main = noted
    ? `mixed only through ${time32.join(', ')}: ${[...new Set(time32.map((n) => NOTES.get(n)))].join('; ')}`
    : lowOnly
      ? `lower confidence: imports ${low.join(', ')} and no 64-bit time name, which glibc would have redirected under _TIME_BITS=64: built without it (whether a call passes a time depends on its arguments)`
      : undefined
  // Supporting evidence only: a build without large-file support cannot have had _TIME_BITS=64.
  const plainOffsets =
    cls === 'time32' || cls === 'mixed' ? imports.filter((name) => Object.hasOwn(LFS_SYMBOLS, name)) : []
  const support =
    plainOffsets.length > 0
      ? `built without _FILE_OFFSET_BITS=64 too (imports ${[...new Set(plainOffsets)].sort().join(', ')}, not their 64 names), which glibc requires for _TIME_BITS=64`
      : undefined
  const reason = [main, support].filter((part) => part !== undefined).join('; ')
  return { class: cls, time32, time64, low, ...(reason ? { reason } : {}) }
}

/** A file this audit cannot read for its imports, and why. */
export function unknownFile(path: string, reason: string): FileAudit {
  return { path, class: 'unknown', time32: [], time64: [], low: [], reason }
}

/** Audits one ELF file from its bytes; never throws: a damaged file is `unknown`, with why. */
export function auditElf(path: string, data: Buffer): FileAudit {
  let elf: ElfImports
  try {
    elf = readElfImports(data)
  } catch (error) {
    return unknownFile(path, error instanceof ElfError ? error.message : `unreadable ELF (${(error as Error).message})`)
  }
  if (elf.go) return unknownFile(path, 'a Go program: its runtime reads the clock itself')
  if (elf.type === 'exec' && !elf.interpreter) return unknownFile(path, 'statically linked: its C library is inside it')
  return { path, ...classifyImports(elf.glibcFunctions) }
}

/** "12 time32, 2 none": how many files of a package are of each class. */
export function classCounts(pkg: PackageAudit): string {
  const counts = new Map<TimeClass, number>()
  for (const f of pkg.files) counts.set(f.class, (counts.get(f.class) ?? 0) + 1)
  return [...counts].map(([cls, n]) => `${n} ${cls}`).join(', ')
}

const RANK: Record<TimeClass, number> = { time32: 0, mixed: 1, time64: 2, none: 3, unknown: 4 }

/** A package is as bad as its worst file, `unknown` only when nothing else is known. */
export function packageClass(files: readonly FileAudit[]): TimeClass {
  const known = files.filter((f) => f.class !== 'unknown')
  if (known.length === 0) return 'unknown'
  return known.map((f) => f.class).sort((a, b) => RANK[a] - RANK[b])[0]!
}

/** The files of `packages` (all of them with mode `all`), grouped by package, worst first. */
/** How many steps of dependencies a named package without ELF files is followed. */
export const FOLLOW_STEPS = 2

/**
 * The packages that answer for the names given: each name that holds ELF files itself, and
 * for one that holds none (a metapackage such as python3), the packages it depends on that
 * do, following dependencies that hold none up to `steps` steps. Each is mapped to the name
 * it was followed from (undefined: named itself).
 */
export function followToElf(
  audit: RootAudit,
  names: readonly string[],
  steps: number = FOLLOW_STEPS,
): Map<string, string | undefined> {
  const withElf = new Set(audit.files.map((f) => f.package).filter((p): p is string => p !== undefined))
  const answer = new Map<string, string | undefined>()
  for (const name of names) {
    if (withElf.has(name) || !audit.depends?.[name]) {
      answer.set(name, undefined)
      continue
    }
    const seen = new Set([name])
    let frontier = audit.depends[name]!
    for (let step = 0; step < steps && frontier.length > 0; step++) {
      const next: string[] = []
      for (const dep of frontier) {
        if (seen.has(dep)) continue
        seen.add(dep)
        if (withElf.has(dep)) {
          if (!answer.has(dep)) answer.set(dep, name)
        } else next.push(...(audit.depends[dep] ?? []))
      }
      frontier = next
    }
  }
  return answer
}

export function selectPackages(audit: RootAudit, mode: AuditMode, packages: readonly string[]): PackageAudit[] {
  if (mode === 'none') return []
  const followed = followToElf(
    audit,
    packages.map((p) => p.replace(/:.*$/, '')),
  )
  const wanted = new Set(followed.keys())
  const byPackage = new Map<string, FileAudit[]>()
  for (const file of audit.files) {
    const name = file.package ?? '(no package)'
    if (mode === 'packages' && !wanted.has(name)) continue
    const list = byPackage.get(name) ?? []
    list.push(file)
    byPackage.set(name, list)
  }
  return [...byPackage.entries()]
    .map(([name, files]) => {
      const from = mode === 'packages' ? followed.get(name) : undefined
      return {
        package: name,
        class: packageClass(files),
        files: files.sort((a, b) => a.path.localeCompare(b.path)),
        ...(from ? { followedFrom: from } : {}),
      }
    })
    .sort((a, b) => RANK[a.class] - RANK[b.class] || a.package.localeCompare(b.package))
}

export interface AuditFinding {
  stage: 'audit'
  severity: 'warning' | 'error'
  package: string
  class: TimeClass
  /** The time32 and mixed files, with the symbols that decided them. */
  files: Array<{ path: string; class: TimeClass; symbols: string[] }>
  message: string
  /** Probe findings whose program is one of these files: the probe saw it fail. */
  probeFindings?: Array<{ date: string; line?: number; command?: string }>
  /** The user's own files: where they are in the repository. */
  source?: OwnSource
}

/**
 * Where a finding on the user's own files is in the repository: each file of the workdir on
 * its own, or the .deb that holds them (its files named in it). None for the guest's packages.
 */
export function ownFileLocations(finding: AuditFinding): Array<{ file: string; files: AuditFinding['files'] }> {
  const source = finding.source
  if (!source) return []
  if (source.kind === 'workdir') return finding.files.map((f) => ({ file: f.path, files: [f] }))
  return [{ file: source.path, files: finding.files }]
}

/** One finding per package with time32 or mixed files. */
export function auditFindings(
  packages: readonly PackageAudit[],
  severity: AuditFinding['severity'],
  probeFindings: ReadonlyArray<{ date: string; line?: number; command?: string; program?: string }> = [],
): AuditFinding[] {
  const findings: AuditFinding[] = []
  for (const pkg of packages) {
    const bad = pkg.files.filter((f) => f.class === 'time32' || f.class === 'mixed')
    if (bad.length === 0) continue
    // A file time32 on the lower-confidence evidence alone (ioctl, fcntl...) is shown with it.
    const decided = (f: FileAudit): string[] => (f.time32.length > 0 ? f.time32 : f.low)
    const files = bad.map((f) => ({ path: f.path, class: f.class, symbols: decided(f) }))
    const symbols = [...new Set(bad.flatMap(decided))].sort()
    const shown = bad.slice(0, 5).map((f) => f.path)
    const more = bad.length > shown.length ? ` and ${bad.length - shown.length} more` : ''
    const names = new Set(bad.map((f) => f.path.split('/').at(-1)!))
    const seen = probeFindings
      .filter((f) => f.program !== undefined && names.has(f.program))
      .map((f) => ({
        date: f.date,
        ...(f.line !== undefined ? { line: f.line } : {}),
        ...(f.command ? { command: f.command } : {}),
      }))
    findings.push({
      stage: 'audit',
      severity,
      package: pkg.package,
      class: pkg.class,
      files,
      message:
        `${pkg.package}: ${bad.length} of ${pkg.files.length} ELF file(s) use a 32-bit time_t: ${shown.join(', ')}${more} ` +
        `(${symbols.slice(0, 8).join(', ')}${symbols.length > 8 ? ', …' : ''})` +
        (seen.length > 0 ? `; the probe saw it fail` : ''),
      ...(seen.length > 0 ? { probeFindings: seen } : {}),
      ...(pkg.source ? { source: pkg.source } : {}),
    })
  }
  return findings
}

export { TIME_SYMBOLS_SOURCE }

/** The audit of a run, as the report holds it. */
export interface AuditReport {
  mode: AuditMode
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
