/**
 * Reads a root filesystem tree on the host for the time_t audit: every ELF file in it,
 * and which package ships it (dpkg's file lists). The side-effect edge of audit.ts.
 */
import { lstat, mkdtemp, open, readFile, readdir, readlink, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { type FileAudit, type RootAudit, TIME_SYMBOLS_SOURCE, auditElf, unknownFile } from './classify.js'
import { isElf } from './elf.js'
import { type CommandRunner, ProcessRunner } from '../host/proc.js'
import { lastLine } from '../config/text.js'

/** Trees no package installs ELF files into, or that are not files at all. */
const SKIP = new Set(['proc', 'sys', 'dev', 'run', 'tmp', 'var/tmp', 'var/cache', 'var/log'])

/** Largest file read whole; bigger ELF files (rare: debug data, firmware) are `unknown`. */
const MAX_ELF_BYTES = 256 * 1024 * 1024

async function startsWithElf(file: string): Promise<boolean> {
  const handle = await open(file, 'r')
  try {
    const head = Buffer.alloc(4)
    const { bytesRead } = await handle.read(head, 0, 4, 0)
    return bytesRead === 4 && isElf(head)
  } finally {
    await handle.close()
  }
}

/** Every regular file under `root`, as guest paths (`/usr/bin/sudo`), outside the `skip` trees. */
async function* walk(root: string, rel = '', skip: ReadonlySet<string> = SKIP): AsyncGenerator<string> {
  let entries
  try {
    entries = await readdir(path.join(root, rel), { withFileTypes: true })
  } catch {
    return
  }
  for (const entry of entries) {
    const child = rel ? `${rel}/${entry.name}` : entry.name
    if (entry.isDirectory()) {
      if (!skip.has(child)) yield* walk(root, child, skip)
    } else if (entry.isFile()) {
      yield `/${child}`
    }
  }
}

/**
 * The top-level directories that are links into /usr (merged /usr: /bin -> usr/bin), so
 * that dpkg's `/bin/bash` is the file at `/usr/bin/bash`.
 */
async function usrAliases(root: string): Promise<Map<string, string>> {
  const aliases = new Map<string, string>()
  for (const name of ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32']) {
    try {
      if (!(await lstat(path.join(root, name))).isSymbolicLink()) continue
      const target = await readlink(path.join(root, name))
      aliases.set(`/${name}/`, `/${target.replace(/^\/+/, '').replace(/\/+$/, '')}/`)
    } catch {
      // Not there.
    }
  }
  return aliases
}

/** Guest path → package, from /var/lib/dpkg/info/*.list. */
export async function packageOwners(root: string): Promise<Map<string, string>> {
  const owners = new Map<string, string>()
  const infoDir = path.join(root, 'var/lib/dpkg/info')
  const aliases = await usrAliases(root)
  let names: string[] = []
  try {
    names = (await readdir(infoDir)).filter((n) => n.endsWith('.list'))
  } catch {
    return owners
  }
  for (const name of names) {
    const pkg = name.slice(0, -'.list'.length).replace(/:.*$/, '')
    const text = await readFile(path.join(infoDir, name), 'utf8').catch(() => '')
    for (const listed of text.split('\n')) {
      if (!listed.startsWith('/')) continue
      owners.set(listed, pkg)
      for (const [from, to] of aliases) if (listed.startsWith(from)) owners.set(to + listed.slice(from.length), pkg)
    }
  }
  return owners
}

/**
 * What each installed package depends on (Depends and Pre-Depends, every alternative, without
 * versions or architecture qualifiers), from /var/lib/dpkg/status; empty without one. The
 * base system every package shares (Essential, or of priority required or important: dpkg,
 * libc6, perl-base) is left out: following a package's dependencies looks for its own parts.
 */
export async function installedDepends(root: string): Promise<Record<string, string[]>> {
  const text = await readFile(path.join(root, 'var/lib/dpkg/status'), 'utf8').catch(() => '')
  return parseInstalledDepends(text)
}

/** The fields of each stanza of a dpkg status file, continuation lines joined. */
function stanzas(status: string): Array<Map<string, string>> {
  return status.split(/\n\s*\n/).map((stanza) => {
    const fields = new Map<string, string>()
    let last = ''
    for (const line of stanza.split('\n')) {
      if (/^\s/.test(line) && last) fields.set(last, `${fields.get(last)} ${line.trim()}`)
      else {
        const m = /^([\w-]+):\s*(.*)$/.exec(line)
        if (m) fields.set((last = m[1]!), m[2]!)
      }
    }
    return fields
  })
}

/** The dependencies of the installed packages of a dpkg status file, the base system left out. Pure. */
export function parseInstalledDepends(status: string): Record<string, string[]> {
  const installed = stanzas(status).filter(
    (fields) => fields.get('Package') && /\binstalled$/.test(fields.get('Status') ?? ''),
  )
  const base = new Set(
    installed
      .filter((f) => f.get('Essential') === 'yes' || ['required', 'important'].includes(f.get('Priority') ?? ''))
      .map((f) => f.get('Package')!),
  )
  const depends: Record<string, string[]> = {}
  for (const fields of installed) {
    const names = [fields.get('Pre-Depends'), fields.get('Depends')]
      .filter((v): v is string => v !== undefined)
      .flatMap((v) => v.split(/[,|]/))
      .map((d) =>
        d
          .replace(/\(.*?\)|\[.*?\]|<.*?>/g, '')
          .trim()
          .replace(/:\w+$/, ''),
      )
      .filter((d) => d !== '' && !base.has(d))
    depends[fields.get('Package')!] = [...new Set(names)]
  }
  return depends
}

/**
 * Audits every ELF file of the tree at `root`; `owners` names the package of each path.
 * `all`: a tree of the user's (no directory of it is skipped as a root filesystem's would be).
 */
export async function auditRoot(root: string, owners?: Map<string, string>, all = false): Promise<RootAudit> {
  const started = performance.now()
  owners ??= await packageOwners(root)
  const files: FileAudit[] = []
  for await (const guestPath of walk(root, '', all ? new Set() : SKIP)) {
    const file = path.join(root, guestPath)
    let audit: FileAudit
    try {
      if (!(await startsWithElf(file))) continue
      const size = (await lstat(file)).size
      audit =
        size > MAX_ELF_BYTES
          ? unknownFile(guestPath, `larger than ${MAX_ELF_BYTES} bytes`)
          : auditElf(guestPath, await readFile(file))
    } catch (error) {
      // A file this user cannot read is worth naming only when it is a program.
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'EACCES' && code !== 'EPERM') continue
      const mode = await lstat(file).then(
        (s) => s.mode,
        () => 0,
      )
      if ((mode & 0o111) === 0) continue
      audit = unknownFile(guestPath, 'not readable by this user')
    }
    const pkg = owners.get(guestPath)
    files.push(pkg ? { ...audit, package: pkg } : audit)
  }
  files.sort((a, b) => a.path.localeCompare(b.path))
  const depends = all ? {} : await installedDepends(root)
  return {
    symbols: TIME_SYMBOLS_SOURCE,
    elfFiles: files.length,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    files,
    ...(Object.keys(depends).length > 0 ? { depends } : {}),
  }
}

/** Runs dpkg-deb; its failure is an error with what it said. */
async function dpkgDeb(runner: CommandRunner, args: string[]): Promise<string> {
  const result = await runner.run('dpkg-deb', args)
  if (result.code !== 0) throw new Error(`dpkg-deb ${args[0]} failed: ${lastLine(result.stderr || result.stdout)}`)
  return result.stdout
}

/**
 * Audits the ELF files a .deb would install, unpacked with dpkg-deb into a temporary
 * directory (no maintainer script runs, nothing needs root); each is of the .deb's package.
 */
export async function auditDeb(debFile: string, runner: CommandRunner = new ProcessRunner()): Promise<RootAudit> {
  const pkg = (await dpkgDeb(runner, ['--field', debFile, 'Package'])).trim()
  const dir = await mkdtemp(path.join(os.tmpdir(), 'y2038-deb-'))
  try {
    await dpkgDeb(runner, ['--extract', debFile, dir])
    const owners = new Map<string, string>()
    for await (const guestPath of walk(dir, '', new Set())) owners.set(guestPath, pkg)
    return await auditRoot(dir, owners, true)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * Audits every ELF file of the user's `workdir` (a directory of the repository at `relativePath`):
 * the files' paths are the repository's (`build/prog`), their package `workdir`.
 */
export async function auditWorkdir(dir: string, relativePath: string): Promise<RootAudit> {
  const audit = await auditRoot(dir, new Map(), true)
  const prefix = relativePath === '.' || relativePath === '' ? '' : `${relativePath.replace(/\/+$/, '')}`
  return {
    ...audit,
    files: audit.files.map((file) => ({
      ...file,
      path: `${prefix}${file.path}`.replace(/^\//, ''),
      package: 'workdir',
    })),
  }
}
