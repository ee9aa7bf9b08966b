/**
 * What of the user's repository goes into the guest: .deb files (`debs`), a directory
 * (`workdir`) and a setup script (`setup`). Each is checked here, on the host, before
 * anything is built: it exists, it is inside the repository, and it is what the input
 * takes. Reads the file system; runs nothing.
 */
import { lstatSync, readFileSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import { globSync, isDynamicPattern } from 'tinyglobby'
import { InputError } from './errors.js'
import {
  emptyScriptProblem,
  probeTextProblem,
  scriptSizeProblem,
  shebangNote,
  shebangProblem,
  type SyntaxCheck,
} from './probe-text.js'

/** A file of the repository: `path` is absolute and real; `relativePath` is what reports show. */
export interface RepositoryFile {
  path: string
  relativePath: string
}

/** `note`: what to tell the user of the script before it runs (a #! line naming sh). */
export type SetupSource = (({ kind: 'file' } & RepositoryFile) | { kind: 'inline'; script: string }) & { note?: string }

/** The most a `workdir` may hold (apparent sizes): it becomes a disk image for every run. */
export const WORKDIR_LIMIT_BYTES = 512 * 2 ** 20

function blank(value: string | undefined): boolean {
  return value === undefined || value.trim() === ''
}

function relativeInside(root: string, real: string): string | undefined {
  const relative = path.relative(root, real)
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined
  return relative
}

/**
 * `given` resolved inside the repository, or an InputError naming `input`. `anywhere`: a
 * file outside it is taken too (the command line's scripts), named by its absolute path.
 */
function insideRepository(
  input: string,
  given: string,
  root: string,
  anywhere = false,
): { real: string; relative: string } {
  const candidate = path.resolve(root, given)
  let real: string
  try {
    real = realpathSync(candidate)
  } catch {
    throw new InputError(
      input,
      anywhere ? `'${given}' does not exist (from ${root})` : `'${given}' does not exist in the repository ${root}`,
    )
  }
  const relative = relativeInside(root, real) ?? (anywhere ? real : undefined)
  if (relative === undefined) {
    throw new InputError(input, `'${given}' is outside the repository ${root}: give a path inside it`)
  }
  return { real, relative }
}

const toPosix = (relative: string): string => relative.split(path.sep).join('/')

/**
 * The .deb files `value` names: paths or globs, separated by newlines or spaces, relative
 * to the repository. Every pattern must match at least one regular file ending in .deb.
 */
export function parseDebs(value: string | undefined, repositoryRoot: string): RepositoryFile[] {
  if (blank(value)) return []
  const root = realpathSync(repositoryRoot)
  const found = new Map<string, RepositoryFile>()
  for (const pattern of value!.split(/\s+/).filter((p) => p !== '' && !p.startsWith('#'))) {
    const names = isDynamicPattern(pattern)
      ? globSync(pattern, { cwd: root, dot: true, onlyFiles: true, expandDirectories: false })
      : [pattern]
    if (names.length === 0) throw new InputError('debs', `'${pattern}' matches no file in the repository ${root}`)
    for (const name of names) {
      const { real, relative } = insideRepository('debs', name, root)
      const stats = statSync(real)
      if (stats.isDirectory()) {
        throw new InputError('debs', `'${name}' is a directory: give .deb files (a path or a glob like dist/*.deb)`)
      }
      if (!stats.isFile() || !real.endsWith('.deb')) {
        throw new InputError('debs', `'${name}' is not a .deb file (give Debian binary packages, *.deb)`)
      }
      found.set(real, { path: real, relativePath: toPosix(relative) })
    }
  }
  return [...found.values()].sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1))
}

/**
 * Walks `dir` (already real and inside the repository) for what would break in the guest:
 * a symbolic link that leaves the directory, and a total size over the limit.
 */
function checkWorkdirTree(dir: string, given: string, limit: number): number {
  let bytes = 0
  const pending = [dir]
  while (pending.length > 0) {
    const current = pending.pop()!
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name)
      const shown = toPosix(path.join(given, path.relative(dir, full)))
      if (entry.isSymbolicLink()) {
        const target = readlinkSync(full)
        const resolved = path.resolve(current, target)
        if (path.isAbsolute(target) || relativeInside(dir, resolved) === undefined) {
          throw new InputError(
            'workdir',
            `'${shown}' is a symbolic link to '${target}', outside '${given}': the guest cannot follow it (make it relative and inside the directory, or remove it)`,
          )
        }
        continue
      }
      if (entry.isDirectory()) pending.push(full)
      else bytes += lstatSync(full).size
      if (bytes > limit) {
        throw new InputError(
          'workdir',
          `'${given}' holds more than ${limit / 2 ** 20} MiB: give a smaller directory (the build output or the tests the probe needs)`,
        )
      }
    }
  }
  return bytes
}

/** The directory `value` names, which appears in the guest at /work. */
export function parseWorkdir(
  value: string | undefined,
  repositoryRoot: string,
  limit = WORKDIR_LIMIT_BYTES,
): RepositoryFile | undefined {
  if (blank(value)) return undefined
  const given = value!.trim()
  const root = realpathSync(repositoryRoot)
  const { real, relative } = insideRepository('workdir', given, root)
  if (!statSync(real).isDirectory()) {
    throw new InputError('workdir', `'${given}' is not a directory (give a directory of the repository)`)
  }
  checkWorkdirTree(real, given, limit)
  return { path: real, relativePath: toPosix(relative) || '.' }
}

/** Where the probe and setup scripts are read: the repository, and bash's check of them. */
export interface ScriptPlace {
  repositoryRoot: string
  /** The scripts may be outside the repository (the command line: a local user's files). */
  anywhere?: boolean
  syntaxError: SyntaxCheck
}

/** A one-line value made of path characters that names a script file rather than being one. */
function looksLikePath(text: string): boolean {
  return /^[\w./+-]+$/.test(text) && (text.includes('/') || /\.(?:sh|bash)$/.test(text))
}

/**
 * Refuses a script that is not text bash can run as it is (it would stop in the guest), that
 * is too large, or that runs nothing. Returns what to tell the user of it, if anything.
 */
export function checkScriptText(
  input: string,
  label: string,
  text: Buffer,
  syntaxError: SyntaxCheck,
): string | undefined {
  const decoded = text.toString('utf8')
  const problem =
    probeTextProblem(text) ?? scriptSizeProblem(text.length) ?? emptyScriptProblem(decoded) ?? shebangProblem(decoded)
  if (problem) throw new InputError(input, `${label} ${problem}`)
  const syntax = syntaxError(decoded)
  if (syntax) throw new InputError(input, `${label} does not parse: ${syntax}`)
  const note = shebangNote(decoded)
  return note === undefined ? undefined : `${input}: ${label} ${note}`
}

/** Reads a script file of the repository, refusing one too large before reading it whole. */
export function readScriptFile(input: string, label: string, file: string): Buffer {
  const tooLarge = scriptSizeProblem(statSync(file).size)
  if (tooLarge) throw new InputError(input, `${label} ${tooLarge}`)
  return readFileSync(file)
}

/**
 * A script file of the repository (the probe, the setup): inside it, a regular file, text
 * bash can run; with what to tell the user of it.
 */
export function repositoryScript(input: string, given: string, place: ScriptPlace): RepositoryFile & { note?: string } {
  const anywhere = place.anywhere ?? false
  const root = realpathSync(place.repositoryRoot)
  const { real, relative } = insideRepository(input, given, root, anywhere)
  if (!statSync(real).isFile()) {
    throw new InputError(input, `'${given}' is not a regular file (a shell script${anywhere ? '' : ` inside ${root}`})`)
  }
  const note = checkScriptText(input, `'${given}'`, readScriptFile(input, `'${given}'`, real), place.syntaxError)
  return { path: real, relativePath: toPosix(relative), ...(note ? { note } : {}) }
}

/**
 * The setup script: a file of the repository when `value` is one line that names one (or
 * looks like a path: then it must exist), else the inline script itself.
 */
export function parseSetup(value: string | undefined, place: ScriptPlace): SetupSource | undefined {
  if (blank(value)) return undefined
  const text = value!
  const oneLine = text.trim()
  if (!oneLine.includes('\n') && looksLikePath(oneLine)) {
    return { kind: 'file', ...repositoryScript('setup', oneLine, place) }
  }
  const note = checkScriptText('setup', 'the inline setup script', Buffer.from(text, 'utf8'), place.syntaxError)
  return { kind: 'inline', script: text, ...(note ? { note } : {}) }
}
