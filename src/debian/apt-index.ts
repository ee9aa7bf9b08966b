/**
 * What a Debian mirror can install, read from its Packages indexes before a long build:
 * relation fields (Depends syntax), Packages stanzas, dpkg's version order, and which
 * relations no package of the index (or of the user's own .deb files) can satisfy.
 * Everything is pure but `fetchPackagesIndex`, the edge that downloads and decompresses.
 */
import { describeError, fetchRefusedPort, isTimeout, mirrorRequest } from './mirror.js'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { fileURLToPath } from 'node:url'
import { createGunzip } from 'node:zlib'
import { lastLine, redactCredentials } from '../config/text.js'
import { type CommandResult, type CommandRunner, ProcessRunner } from '../host/proc.js'

// ---------------------------------------------------------------------------------------
// Versions

/**
 * dpkg's order of two versions (`[epoch:]upstream[-revision]`): negative, zero or positive.
 * Epochs compare as numbers; upstream and revision alternate non-digit runs (letters before
 * other characters, `~` before everything, even the end) and digit runs (as numbers).
 * A missing epoch is 0, a missing revision compares equal to "0".
 */
export function compareVersions(a: string, b: string): number {
  const left = splitVersion(a)
  const right = splitVersion(b)
  if (left.epoch !== right.epoch) return left.epoch < right.epoch ? -1 : 1
  return Math.sign(verrevcmp(left.upstream, right.upstream) || verrevcmp(left.revision, right.revision))
}

function splitVersion(version: string): { epoch: number; upstream: string; revision: string } {
  const text = version.trim()
  const colon = text.indexOf(':')
  const epoch = colon > 0 ? Number(text.slice(0, colon)) || 0 : 0
  const rest = text.slice(colon + 1)
  const dash = rest.lastIndexOf('-')
  return dash < 0
    ? { epoch, upstream: rest, revision: '' }
    : { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) }
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57

/** The weight dpkg gives a character of a non-digit run (NaN, past the end, weighs 0). */
function order(code: number): number {
  if (Number.isNaN(code) || isDigit(code)) return 0
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return code
  if (code === 126) return -1 // '~'
  return code + 256
}

/** dpkg's verrevcmp (lib/dpkg/version.c), for one part of a version. */
function verrevcmp(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a.charCodeAt(i))
      const bc = order(b.charCodeAt(j))
      if (ac !== bc) return ac - bc
      i++
      j++
    }
    while (a.charCodeAt(i) === 48) i++
    while (b.charCodeAt(j) === 48) j++
    let firstDiff = 0
    while (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j)
      i++
      j++
    }
    if (isDigit(a.charCodeAt(i))) return 1
    if (isDigit(b.charCodeAt(j))) return -1
    if (firstDiff) return firstDiff
  }
  return 0
}

export type VersionOp = '<<' | '<=' | '=' | '>=' | '>>'

/** Whether `version` stands in relation `op` to `wanted` (`1.2 >= 1.0` is true). */
export function satisfiesVersion(version: string, op: VersionOp, wanted: string): boolean {
  const c = compareVersions(version, wanted)
  switch (op) {
    case '<<':
      return c < 0
    case '<=':
      return c <= 0
    case '=':
      return c === 0
    case '>=':
      return c >= 0
    case '>>':
      return c > 0
  }
}

// ---------------------------------------------------------------------------------------
// Relation fields

/** One alternative of a relation: `name[:arch] [(op version)]`. */
export interface Relation {
  name: string
  /** The architecture qualifier: `any`, `native` or an architecture name. */
  arch?: string
  op?: VersionOp
  version?: string
}

/** Alternatives of which one must be satisfied (`a | b`); a field is a list of these, all required. */
export interface RelationGroup {
  /** The group as written, whitespace (line folds) collapsed to single spaces. */
  text: string
  alternatives: Relation[]
}

export interface RelationOptions {
  /** The architecture the relations are for, to evaluate `[arch]` restrictions. */
  arch?: string
  /** Active build profiles, to evaluate `<profile>` restrictions; none by default. */
  profiles?: readonly string[]
}

const ALTERNATIVE =
  /^([A-Za-z0-9][A-Za-z0-9+.-]*)(?::([A-Za-z0-9-]+))?\s*(?:\(\s*(<<|<=|>=|>>|=|<|>)\s*([^\s()]+)\s*\))?\s*(?:\[([^\]]*)\])?\s*((?:<[^<>]*>\s*)*)$/

/**
 * Parses a relation field (Depends, Pre-Depends, Build-Depends syntax):
 * `a (>= 1.2) | b:any, c [i386], d <!nocheck>` gives three groups.
 *
 * Restrictions decide whether an alternative is kept, and a group left with no alternative
 * is dropped (it does not apply):
 * - `[i386 linux-any]` keeps it when `options.arch` matches one term, `[!i386 !armel]` when
 *   it matches none; without `options.arch` every alternative is kept.
 * - `<!nocheck> <stage1 cross>` keeps it when every term of one `<...>` list holds for
 *   `options.profiles` (none active by default, as in a normal build).
 * The obsolete `<` and `>` mean `<=` and `>=`, as dpkg reads them.
 * Throws an Error naming the alternative that is not valid syntax.
 */
export function parseRelations(field: string, options: RelationOptions = {}): RelationGroup[] {
  const groups: RelationGroup[] = []
  for (const raw of field.split(',')) {
    const text = raw.trim().replace(/\s+/g, ' ')
    if (text === '') continue
    const alternatives: Relation[] = []
    for (const part of text.split('|')) {
      const match = ALTERNATIVE.exec(part.trim())
      if (!match) throw new Error(`'${part.trim()}' is not a Debian relation (in '${text}')`)
      const [, name, arch, op, version, archList, profileLists] = match
      if (archList !== undefined && !archRestrictionHolds(archList, options.arch, part)) continue
      if (profileLists && !profilesHold(profileLists, options.profiles ?? [])) continue
      const relation: Relation = { name: name!.toLowerCase() }
      if (arch !== undefined) relation.arch = arch.toLowerCase()
      if (op !== undefined) {
        relation.op = op === '<' ? '<=' : op === '>' ? '>=' : (op as VersionOp)
        relation.version = version!
      }
      alternatives.push(relation)
    }
    if (alternatives.length > 0) groups.push({ text, alternatives })
  }
  return groups
}

/** `[...]`: true without a target architecture (nothing to decide on). */
function archRestrictionHolds(list: string, arch: string | undefined, part: string): boolean {
  const terms = list.trim().split(/\s+/).filter(Boolean)
  const negated = terms.filter((t) => t.startsWith('!'))
  if (terms.length === 0 || (negated.length > 0 && negated.length < terms.length)) {
    throw new Error(`'${part.trim()}' has an architecture restriction that mixes negated and plain terms, or is empty`)
  }
  if (arch === undefined) return true
  if (negated.length > 0) return !negated.some((t) => archMatches(t.slice(1), arch))
  return terms.some((t) => archMatches(t, arch))
}

/**
 * Whether an architecture name or wildcard (`any`, `linux-any`, `any-arm`, `hurd-i386`)
 * covers a Debian architecture. Architectures without an OS part are Linux ones; the CPU of
 * armel/armhf is `arm`, of x32 `amd64`, of the others their own name.
 */
export function archMatches(term: string, arch: string): boolean {
  if (term === arch || term === 'any') return true
  const [termOs, termCpu] = term.includes('-') ? term.split('-', 2) : [undefined, undefined]
  if (termOs === undefined) return false
  const [os, cpu] = arch.includes('-') ? arch.split('-', 2) : ['linux', CPU_OF[arch] ?? arch]
  return (termOs === 'any' || termOs === os) && (termCpu === 'any' || termCpu === cpu)
}

const CPU_OF: Record<string, string> = { armel: 'arm', armhf: 'arm', x32: 'amd64', powerpcspe: 'powerpc' }

/** `<a !b> <c>`: one list whose terms all hold is enough. */
function profilesHold(lists: string, active: readonly string[]): boolean {
  return [...lists.matchAll(/<([^<>]*)>/g)].some(([, list]) =>
    list!
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .every((term) => (term.startsWith('!') ? !active.includes(term.slice(1)) : active.includes(term))),
  )
}

// ---------------------------------------------------------------------------------------
// Packages indexes

/** One stanza of a Packages index, with only what satisfying a relation needs. */
export interface IndexedPackage {
  name: string
  /** Always set for a package read from an index; a user's package given by name alone has none. */
  version?: string
  /** `i386`, `all`; empty when not known (then it fits every architecture qualifier). */
  architecture: string
  /** `same`, `foreign`, `allowed`, or undefined for `no`. */
  multiArch?: string
  provides: Provided[]
}

/** A name a package provides, with the version it provides it at (`Provides: foo (= 1.2)`). */
export interface Provided {
  name: string
  version?: string
}

export interface PackagesIndex {
  /** Each package name with its stanzas (several versions or architectures). */
  packages: Map<string, IndexedPackage[]>
  /** Each provided name with the packages that provide it. */
  provides: Map<string, { by: IndexedPackage; version?: string }[]>
  /** Stanzas read. */
  stanzas: number
}

export function emptyIndex(): PackagesIndex {
  return { packages: new Map(), provides: new Map(), stanzas: 0 }
}

/** Adds one package to an index. */
export function addToIndex(index: PackagesIndex, pkg: IndexedPackage): void {
  const same = index.packages.get(pkg.name)
  if (same) same.push(pkg)
  else index.packages.set(pkg.name, [pkg])
  for (const provided of pkg.provides) {
    const entry = provided.version === undefined ? { by: pkg } : { by: pkg, version: provided.version }
    const providers = index.provides.get(provided.name)
    if (providers) providers.push(entry)
    else index.provides.set(provided.name, [entry])
  }
  index.stanzas++
}

/** One index holding every package of several (one per architecture, say). */
export function mergeIndexes(indexes: readonly PackagesIndex[]): PackagesIndex {
  const merged = emptyIndex()
  for (const index of indexes) {
    for (const stanzas of index.packages.values()) for (const pkg of stanzas) addToIndex(merged, pkg)
  }
  return merged
}

/** `Provides: a (= 1), b`; anything that is not a name with an optional `= version` is skipped. */
export function parseProvides(field: string): Provided[] {
  const provided: Provided[] = []
  for (const raw of field.split(',')) {
    const match = /^([A-Za-z0-9][A-Za-z0-9+.-]*)(?::[A-Za-z0-9-]+)?\s*(?:\(\s*=\s*([^\s()]+)\s*\))?$/.exec(raw.trim())
    if (!match) continue
    provided.push(match[2] === undefined ? { name: match[1]! } : { name: match[1]!, version: match[2] })
  }
  return provided
}

type KeptField = 'package' | 'version' | 'architecture' | 'provides' | 'multi-arch'
const KEPT_FIELDS = new Set<string>(['package', 'version', 'architecture', 'provides', 'multi-arch'])

/**
 * Reads Packages text as it arrives, in chunks cut anywhere, line by line: each line is
 * looked at once, and only Package, Version, Architecture, Provides and Multi-Arch are kept
 * (folded continuation lines included). A stanza without Package or Version is skipped.
 * `end()` finishes the current text and returns the index; more text may follow (another
 * component's file) and goes into the same index.
 */
export class PackagesParser {
  private rest = ''
  private field: KeptField | undefined
  private stanza: Partial<Record<KeptField, string>> = {}

  constructor(readonly index: PackagesIndex = emptyIndex()) {}

  write(chunk: string): void {
    const text = this.rest + chunk
    let start = 0
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      this.line(text, start, newline)
      start = newline + 1
    }
    this.rest = text.slice(start)
  }

  end(): PackagesIndex {
    if (this.rest !== '') this.line(this.rest, 0, this.rest.length)
    this.rest = ''
    this.finishStanza()
    return this.index
  }

  /** The line text[start, end), without its newline. */
  private line(text: string, start: number, end: number): void {
    if (end > start && text.charCodeAt(end - 1) === 13) end-- // CRLF
    if (start === end) {
      this.finishStanza()
      return
    }
    const first = text.charCodeAt(start)
    if (first === 32 || first === 9) {
      // A continuation line: only a kept field's matters.
      if (this.field) {
        const more = text.slice(start, end).trim()
        if (more !== '') this.stanza[this.field] = `${this.stanza[this.field] ?? ''} ${more}`
      }
      return
    }
    this.field = undefined
    // Kept fields start with a, m, p or v (either case): the other lines are not sliced at all.
    const lower = first | 32
    if (lower !== 97 && lower !== 109 && lower !== 112 && lower !== 118) return
    const colon = text.indexOf(':', start)
    if (colon < 0 || colon > end) return
    const name = text.slice(start, colon).toLowerCase()
    if (!KEPT_FIELDS.has(name)) return
    this.field = name as KeptField
    this.stanza[this.field] = text.slice(colon + 1, end).trim()
  }

  private finishStanza(): void {
    const { package: name, version, architecture, provides } = this.stanza
    const multiArch = this.stanza['multi-arch']?.toLowerCase()
    this.stanza = {}
    this.field = undefined
    if (!name || !version) return
    const pkg: IndexedPackage = {
      name: name.toLowerCase(),
      version,
      architecture: architecture ?? '',
      provides: provides ? parseProvides(provides) : [],
    }
    if (multiArch && multiArch !== 'no') pkg.multiArch = multiArch
    addToIndex(this.index, pkg)
  }
}

/** The index of a whole Packages text. */
export function parsePackagesIndex(text: string, index?: PackagesIndex): PackagesIndex {
  const parser = new PackagesParser(index)
  parser.write(text)
  return parser.end()
}

// ---------------------------------------------------------------------------------------
// Satisfiability

/** A package the user supplies (a local .deb): it counts as installable. */
export interface PresentPackage {
  name: string
  /** Without a version it satisfies every version constraint on its name. */
  version?: string
  /** Its Provides field, as written in its control file. */
  provides?: string
  /** Without one it fits every architecture qualifier. */
  architecture?: string
  multiArch?: string
}

export interface SatisfyOptions extends RelationOptions {
  /**
   * The architecture installed for (also used for `[arch]` restrictions when `relations` is
   * text). Unqualified relations need a package of it, `all`, or one that is Multi-Arch:
   * foreign; without it any architecture will do.
   */
  arch?: string
  /** Packages to treat as present besides the index: names, or local packages with versions and Provides. */
  present?: Iterable<string | PresentPackage>
}

/**
 * The groups of `relations` (a field's text, or parsed groups) that no alternative can
 * satisfy, with the text each was written as. An alternative is satisfied by a package of
 * its name whose version fits, or by a package providing its name: an unversioned relation
 * by any Provides, a versioned one only by a Provides with a version that fits. `name:any`
 * needs a Multi-Arch: allowed package (or provider), `name:<arch>` one of that architecture.
 */
export function unsatisfiable(
  relations: string | readonly RelationGroup[],
  index: PackagesIndex,
  options: SatisfyOptions = {},
): RelationGroup[] {
  const groups = typeof relations === 'string' ? parseRelations(relations, options) : relations
  const local = presentIndex(options.present ?? [])
  return groups.filter(
    (group) =>
      !group.alternatives.some(
        (relation) => satisfiedBy(relation, index, options.arch) || satisfiedBy(relation, local, options.arch),
      ),
  )
}

function presentIndex(present: Iterable<string | PresentPackage>): PackagesIndex {
  const index = emptyIndex()
  for (const item of present) {
    const given = typeof item === 'string' ? { name: item } : item
    const pkg: IndexedPackage = {
      name: given.name.toLowerCase(),
      architecture: given.architecture ?? '',
      provides: given.provides ? parseProvides(given.provides) : [],
    }
    if (given.version !== undefined) pkg.version = given.version
    if (given.multiArch !== undefined && given.multiArch !== 'no') pkg.multiArch = given.multiArch
    addToIndex(index, pkg)
  }
  return index
}

function satisfiedBy(relation: Relation, index: PackagesIndex, arch: string | undefined): boolean {
  for (const pkg of index.packages.get(relation.name) ?? []) {
    if (!archFits(relation, pkg, arch)) continue
    if (relation.op === undefined || pkg.version === undefined) return true
    if (satisfiesVersion(pkg.version, relation.op, relation.version!)) return true
  }
  for (const provider of index.provides.get(relation.name) ?? []) {
    if (!archFits(relation, provider.by, arch)) continue
    if (relation.op === undefined) return true
    if (provider.version !== undefined && satisfiesVersion(provider.version, relation.op, relation.version!)) {
      return true
    }
  }
  return false
}

function archFits(relation: Relation, pkg: IndexedPackage, arch: string | undefined): boolean {
  if (pkg.architecture === '') return true
  const qualifier = relation.arch
  if (qualifier === 'any') return pkg.multiArch === 'allowed'
  if (qualifier === undefined || qualifier === 'native') {
    if (arch === undefined || pkg.architecture === arch || pkg.architecture === 'all') return true
    return qualifier === undefined && pkg.multiArch === 'foreign'
  }
  return pkg.architecture === qualifier || (pkg.architecture === 'all' && (arch === undefined || arch === qualifier))
}

/**
 * The names (a `:arch` qualifier is ignored) that are neither a package of the index nor
 * provided by one, in the order given.
 */
export function missingPackages(packages: readonly string[], index: PackagesIndex): string[] {
  return packages.filter((name) => {
    const bare = name.split(':')[0]!.toLowerCase()
    return !index.packages.has(bare) && !index.provides.has(bare)
  })
}

// ---------------------------------------------------------------------------------------
// The edge: fetching an index

/** Fetching or reading an index failed; `url` is the one that did (without credentials). */
export class IndexFetchError extends Error {
  constructor(
    readonly url: string,
    detail: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${url}: ${detail}`, options)
    this.name = 'IndexFetchError'
  }
}

export interface FetchIndexOptions {
  /** For tests; the global fetch by default. */
  fetcher?: typeof fetch
  /** Runs `xz -dc`; a ProcessRunner by default. */
  runner?: CommandRunner
  /** For each file, download included; 120 s by default. */
  timeoutMs?: number
}

/** The compressions tried, in order: the first the mirror has is read. */
const FORMATS = ['.xz', '.gz', ''] as const
type Format = (typeof FORMATS)[number]

/**
 * The Packages index of `arch` in `components` of `suite` at `mirror` (http://, https://
 * or file://), all components in one index. Architecture: all packages are listed in each
 * binary-<arch> file, so they are there too. For each component it reads Packages.xz, else
 * Packages.gz, else Packages; only a file that is not there (HTTP 404 or 410, no such file)
 * moves on to the next. Any other failure throws an IndexFetchError naming the URL.
 * Proxies are not used: Node's fetch connects directly.
 */
export async function fetchPackagesIndex(
  mirror: string,
  suite: string,
  arch: string,
  components: readonly string[] = ['main'],
  options: FetchIndexOptions = {},
): Promise<PackagesIndex> {
  const parser = new PackagesParser()
  for (const component of components) {
    const dir = `${mirror.replace(/\/+$/, '')}/dists/${suite}/${component}/binary-${arch}/`
    await readIndexDir(dir, parser, options)
    parser.end()
  }
  return parser.index
}

async function readIndexDir(dir: string, parser: PackagesParser, options: FetchIndexOptions): Promise<void> {
  const missing: string[] = []
  for (const format of FORMATS) {
    const url = `${dir}Packages${format}`
    const found = dir.startsWith('file:')
      ? await readFileIndex(url, format, parser, options)
      : await readHttpIndex(url, format, parser, options)
    if (found === true) return
    missing.push(found)
  }
  throw new IndexFetchError(
    redactCredentials(dir),
    `no Packages index (Packages.xz, Packages.gz, Packages: ${[...new Set(missing)].join(', ')})`,
  )
}

/** True when read, else why the file is not there. */
async function readFileIndex(
  url: string,
  format: Format,
  parser: PackagesParser,
  options: FetchIndexOptions,
): Promise<true | string> {
  const file = fileURLToPath(url)
  try {
    await stat(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file'
    throw new IndexFetchError(url, `cannot read it (${code ?? (error as Error).message})`, undefined, { cause: error })
  }
  if (format === '.xz') {
    await unxz(file, url, parser, options.runner)
    return true
  }
  try {
    await parseStream(createReadStream(file), format, parser)
  } catch (error) {
    throw new IndexFetchError(url, `cannot read it (${describeError(error)})`, undefined, { cause: error })
  }
  return true
}

async function readHttpIndex(
  url: string,
  format: Format,
  parser: PackagesParser,
  options: FetchIndexOptions,
): Promise<true | string> {
  const timeoutMs = options.timeoutMs ?? 120_000
  const { href, headers, shown } = mirrorRequest(url)
  const port = new URL(url).port
  const failed = (error: unknown): IndexFetchError =>
    new IndexFetchError(
      shown,
      isTimeout(error)
        ? `timed out after ${timeoutMs / 1000} s`
        : fetchRefusedPort(error)
          ? `not read: Node's fetch does not connect to port ${port} (a port the Fetch standard blocks; apt does)`
          : `cannot fetch it (${describeError(error)})`,
      undefined,
      { cause: error },
    )
  let response: Response
  try {
    response = await (options.fetcher ?? fetch)(href, {
      headers,
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (error) {
    throw failed(error)
  }
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel()
    return `HTTP ${response.status}`
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel()
    throw new IndexFetchError(shown, `HTTP ${response.status} ${response.statusText}`.trim(), response.status)
  }
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)
  if (format !== '.xz') {
    try {
      await parseStream(body, format, parser)
    } catch (error) {
      throw failed(error)
    }
    return true
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'y2038-packages-'))
  try {
    const file = path.join(dir, 'Packages.xz')
    try {
      await pipeline(body, createWriteStream(file))
    } catch (error) {
      throw failed(error)
    }
    await unxz(file, shown, parser, options.runner)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return true
}

/**
 * Packages text read as latin1: the fields kept are ASCII, and a byte-per-character
 * decoding cannot be cut inside a character at a chunk's edge.
 */
async function parseStream(source: Readable, format: '.gz' | '', parser: PackagesParser): Promise<void> {
  const sink = async (chunks: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of chunks) parser.write(chunk.toString('latin1'))
  }
  if (format === '.gz') await pipeline(source, createGunzip(), sink)
  else await pipeline(source, sink)
}

/** `xz -dc file`, its output parsed as it comes. */
async function unxz(file: string, url: string, parser: PackagesParser, runner?: CommandRunner): Promise<void> {
  let result: CommandResult
  try {
    result = await (runner ?? new ProcessRunner()).run('xz', ['-dc', '--', file], {
      onStdout: (chunk) => parser.write(chunk.toString('latin1')),
      maxCapture: 16 * 1024,
    })
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    throw new IndexFetchError(
      url,
      missing ? 'cannot decompress it: xz is not installed (Debian package xz-utils)' : describeError(error),
      undefined,
      { cause: error },
    )
  }
  if (result.code !== 0) {
    throw new IndexFetchError(url, `xz could not decompress it: ${lastLine(result.stderr)}`)
  }
}
