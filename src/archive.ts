/**
 * A store entry as one file, for carrying it through a cache that runs as an ordinary user
 * (the Actions cache archives with a plain tar and would lose owners, setuid bits and
 * device nodes). The archive is made and unpacked as root with every attribute kept, its
 * checksum travels with it, and the unpacked tree is checked against a digest taken
 * when the artifact was built: owners, modes, sizes, times, link counts, device numbers,
 * link targets, contents, and extended attributes where the host can read them.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { onPath } from './host.js'
import { type CommandRunner, isRoot } from './proc.js'
import { MANIFEST, type Manifest } from './store.js'
import { lastLine } from './text.js'

export const ARCHIVE_FILE = 'artifact.tar'
export const CHECKSUM_FILE = 'artifact.json'

/** A restored archive that does not match what was saved. */
export class CorruptArtifactError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CorruptArtifactError'
  }
}

export interface TreeDigest {
  /** sha256 over every entry's metadata and every regular file's contents. */
  tree: string
  /** sha256 over the extended attributes, when getfattr was there to read them. */
  xattrs?: string
  entries: number
}

export interface ArchiveChecksum {
  key: string
  sha256: string
  bytes: number
}

// GNU tar, as root: owners by number, modes with setuid/setgid, device nodes, hard links,
// xattrs and ACLs, and sub-second times (pax format).
const TAR_KEEP_ALL = ['--format=posix', '--xattrs', '--xattrs-include=*', '--acls', '--numeric-owner']

export function tarCreateArgs(entryDir: string, archive: string): string[] {
  return ['--create', `--file=${archive}`, ...TAR_KEEP_ALL, '--one-file-system', '--sparse', '-C', entryDir, '.']
}

export function tarExtractArgs(archive: string, intoDir: string): string[] {
  return ['--extract', `--file=${archive}`, ...TAR_KEEP_ALL, '--preserve-permissions', '--same-owner', '-C', intoDir]
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

async function privileged(runner: CommandRunner, command: string, args: string[], what: string): Promise<string> {
  const result = await runner.run(command, args, { privileged: true, maxCapture: 512 * 1024 * 1024 })
  if (result.code !== 0) throw new Error(`${what} failed: ${lastLine(result.stderr)}`)
  return result.stdout
}

/** Lines sorted byte-wise, so that the digest does not depend on the order find walks in. */
function sortedLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

/**
 * Digest of a root tree, read as root. Paths are relative, so the same tree in another
 * place digests the same.
 */
export async function rootTreeDigest(dir: string, runner: CommandRunner): Promise<TreeDigest> {
  const inTree = (script: string): Promise<string> =>
    privileged(runner, 'sh', ['-c', `cd "$1" && ${script}`, 'digest', dir], `digesting ${dir}`)
  // Per entry: type and mode (hex), uid, gid, size, mtime, link count, device
  // major:minor, name and link target. A directory's size depends on the filesystem's
  // history, not on what it holds, so directories go without it.
  const meta = sortedLines(
    await inTree(
      `find . -xdev ! -type d -exec stat --printf='%f %u %g %s %.9Y %h %t:%T %N\\n' {} + && ` +
        `find . -xdev -type d -exec stat --printf='%f %u %g - %.9Y %h %N\\n' {} +`,
    ),
  )
  const data = sortedLines(await inTree('find . -xdev -type f -exec sha256sum {} +'))
  const tree = createHash('sha256')
  for (const line of meta) tree.update(`${line}\n`)
  tree.update('\0')
  for (const line of data) tree.update(`${line}\n`)
  const digest: TreeDigest = { tree: tree.digest('hex'), entries: meta.length }
  if (onPath('getfattr')) {
    const xattrText = await inTree('getfattr --absolute-names -R -h -d -m - . 2>/dev/null || true')
    digest.xattrs = createHash('sha256').update(normaliseXattrDump(xattrText)).digest('hex')
  }
  return digest
}

/** Digest of a few plain files owned by this user (a kernel and its initramfs). */
export async function fileSetDigest(dir: string, names: string[]): Promise<TreeDigest> {
  const hash = createHash('sha256')
  for (const name of [...names].sort()) {
    const file = path.join(dir, name)
    const info = await stat(file)
    hash.update(`${name} ${(info.mode & 0o7777).toString(8)} ${info.size} ${await sha256File(file)}\n`)
  }
  return { tree: hash.digest('hex'), entries: names.length }
}

/** getfattr prints one block per file; sort the blocks so the walk order does not matter. */
export function normaliseXattrDump(text: string): string {
  return text
    .split(/\n\n+/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .sort()
    .join('\n\n')
}

/** Compares a digest taken now with the one taken at build time. */
export function compareDigests(built: TreeDigest, now: TreeDigest): string | undefined {
  if (built.entries !== now.entries) return `${now.entries} entries instead of ${built.entries}`
  if (built.tree !== now.tree) return 'owners, modes, times, links or contents differ from the built tree'
  if (built.xattrs && now.xattrs && built.xattrs !== now.xattrs) return 'extended attributes differ from the built tree'
  return undefined
}

/**
 * Writes `entryDir` (a store entry) as `archiveDir/artifact.tar`, owned by this user so
 * that the cache client can read it, with its checksum in `archiveDir/artifact.json`.
 */
export async function exportEntry(
  key: string,
  entryDir: string,
  archiveDir: string,
  runner: CommandRunner,
): Promise<ArchiveChecksum> {
  const archive = path.join(archiveDir, ARCHIVE_FILE)
  await privileged(runner, 'tar', tarCreateArgs(entryDir, archive), `archiving ${key}`)
  if (!isRoot()) {
    await privileged(runner, 'chown', [`${process.getuid!()}:${process.getgid!()}`, archive], `taking over ${archive}`)
  }
  const checksum: ArchiveChecksum = { key, sha256: await sha256File(archive), bytes: (await stat(archive)).size }
  await writeFile(path.join(archiveDir, CHECKSUM_FILE), `${JSON.stringify(checksum)}\n`)
  return checksum
}

/** Checks a restored archive against its checksum before anything is unpacked. */
export async function verifyArchive(key: string, archiveDir: string): Promise<void> {
  let checksum: ArchiveChecksum
  try {
    checksum = JSON.parse(await readFile(path.join(archiveDir, CHECKSUM_FILE), 'utf8')) as ArchiveChecksum
  } catch {
    throw new CorruptArtifactError(`the restored ${key} has no readable checksum`)
  }
  if (checksum.key !== key) throw new CorruptArtifactError(`the restored archive is of ${checksum.key}, not ${key}`)
  const archive = path.join(archiveDir, ARCHIVE_FILE)
  const size = await stat(archive).then(
    (s) => s.size,
    () => -1,
  )
  if (size !== checksum.bytes) {
    throw new CorruptArtifactError(`the restored ${key} is ${size} bytes, not ${checksum.bytes}: incomplete`)
  }
  if ((await sha256File(archive)) !== checksum.sha256) {
    throw new CorruptArtifactError(`the restored ${key} does not match its checksum`)
  }
}

/**
 * Unpacks a verified archive into `workDir` as root and checks its payload, digested by
 * `digestPayload`, against the digest its manifest recorded at build time.
 */
export async function unpackEntry<Details extends { treeDigest?: TreeDigest }>(
  key: string,
  archiveDir: string,
  workDir: string,
  runner: CommandRunner,
  digestPayload: (workDir: string, details: Details) => Promise<TreeDigest>,
): Promise<Manifest<Details>> {
  await privileged(runner, 'tar', tarExtractArgs(path.join(archiveDir, ARCHIVE_FILE), workDir), `unpacking ${key}`)
  let manifest: Manifest<Details>
  try {
    manifest = JSON.parse(await readFile(path.join(workDir, MANIFEST), 'utf8')) as Manifest<Details>
  } catch {
    throw new CorruptArtifactError(`the restored ${key} has no readable manifest`)
  }
  if (manifest.key !== key) throw new CorruptArtifactError(`the restored manifest is of ${manifest.key}, not ${key}`)
  const built = manifest.details.treeDigest
  if (!built) throw new CorruptArtifactError(`the restored ${key} records no tree digest to check it against`)
  const problem = compareDigests(built, await digestPayload(workDir, manifest.details))
  if (problem) throw new CorruptArtifactError(`the restored ${key} is not what was built: ${problem}`)
  return manifest
}
