/**
 * The harness's own programs, for a userland the tool did not build (an OCI image, a root
 * filesystem tarball), which may have no bash, no perl and a shell or `date` with a 32-bit
 * time_t: a static busybox (PID 1's shell and the harness's tools), a static bash (runs the
 * probe), Perl with its base modules (the framer, the script runner, the files that come
 * back) and GNU date (the clock step and its readings: 64-bit time on every architecture).
 *
 * They come from Debian's archive for the guest's architecture, extracted, not installed:
 * nothing runs under emulation. The dynamic ones are relinked (patchelf) to their own C
 * library at the place the harness disk has them in the guest, so that they need nothing of
 * the system's. The tree is stored as one tar and put on each run's harness disk.
 */
import { chmod, copyFile, cp, lstat, mkdir, readdir, symlink } from 'node:fs/promises'
import path from 'node:path'
import { ToolError } from '../config/errors.js'
import type { Arch } from '../config/targets.js'
import { lastLine } from '../config/text.js'
import type { Logger } from '../host/log.js'
import type { CommandRunner } from '../host/proc.js'
import { GUEST_RUNTIME_DIR } from '../protocol/names.js'
import { type Built, type ImageRestorer, findOrRestore } from './build.js'
import { RUNTIME_RECIPE_VERSION, type RuntimeRecipe, recipeKey, sourcesLine } from './recipe.js'
import type { ImageStore } from './store.js'
import { resolveInRoot } from './in-root.js'

/** The suite the runtime comes from, whatever the system is. */
export const RUNTIME_SUITE = 'bookworm'
export const RUNTIME_PACKAGES = ['bash-static', 'busybox-static', 'coreutils', 'perl-base'] as const
export const RUNTIME_TAR = 'runtime.tar'

/**
 * The busybox applets the harness runs (init.sh, session.sh) besides its shell: each is a link
 * in the runtime's bin, which comes first on the harness's PATH (and is not on the probe's).
 */
export const RUNTIME_APPLETS = [
  'blockdev',
  'cat',
  'chmod',
  'find',
  'grep',
  'head',
  'ln',
  'ls',
  'mkdir',
  'mkfifo',
  'modprobe',
  'mount',
  'mountpoint',
  'od',
  'sh',
  'sleep',
  'timeout',
  'tr',
  'uname',
] as const

export interface RuntimeDetails {
  tar: string
}

export function runtimeRecipe(arch: Arch, mirror: string): RuntimeRecipe {
  return {
    kind: 'runtime',
    version: RUNTIME_RECIPE_VERSION,
    arch,
    suite: RUNTIME_SUITE,
    packages: [...RUNTIME_PACKAGES],
    guestDir: GUEST_RUNTIME_DIR,
    mirror,
  }
}

/** mmdebstrap that only extracts the packages and their dependencies: no maintainer script runs. */
export function runtimeBuildArgs(recipe: RuntimeRecipe, dir: string, keyring?: string): string[] {
  return [
    '--mode=root',
    '--variant=extract',
    `--architectures=${recipe.arch}`,
    '--format=directory',
    ...(keyring ? [`--keyring=${keyring}`] : []),
    `--include=${recipe.packages.join(',')}`,
    recipe.suite,
    dir,
    sourcesLine(recipe.mirror, recipe.suite),
  ]
}

/** patchelf's arguments that make `file` load its libraries from `libDir` with `interpreter` (for a program). */
export function relinkArgs(file: string, libDir: string, interpreter?: string): string[] {
  return [...(interpreter ? ['--set-interpreter', interpreter] : []), '--force-rpath', '--set-rpath', libDir, file]
}

async function run(runner: CommandRunner, program: string, args: string[], what: string): Promise<string> {
  const result = await runner.run(program, args, { maxCapture: 64 * 1024 })
  if (result.code !== 0) throw new ToolError(`${what}: ${lastLine(result.stderr || result.stdout)}`)
  return result.stdout
}

/** The file `name` is in the extracted tree, links followed inside it. */
async function inTree(root: string, name: string): Promise<string> {
  const found = await resolveInRoot(root, name)
  if (!found) throw new ToolError(`the harness runtime: the packages have no ${name}`)
  return found
}

/** The library directories of the extracted tree (the multiarch ones, where libc.so.6 is). */
async function libraryDirs(root: string): Promise<string[]> {
  const dirs: string[] = []
  for (const base of ['lib', 'usr/lib']) {
    for (const entry of await readdir(path.join(root, base)).catch(() => [])) {
      if (entry.includes('-linux-')) dirs.push(path.join(base, entry))
    }
    dirs.push(base)
  }
  return dirs
}

/** Copies into `libOut` every library `program` needs, found in the tree, and theirs. */
async function copyLibraries(
  root: string,
  libDirs: string[],
  program: string,
  libOut: string,
  runner: CommandRunner,
  done: Set<string>,
): Promise<void> {
  const needed = (await run(runner, 'patchelf', ['--print-needed', program], 'patchelf')).split('\n').filter(Boolean)
  for (const soname of needed) {
    if (done.has(soname)) continue
    done.add(soname)
    let found: string | undefined
    for (const dir of libDirs) {
      found = await resolveInRoot(root, path.join(dir, soname))
      if (found) break
    }
    if (!found)
      throw new ToolError(
        `the harness runtime: ${soname}, which ${path.basename(program)} needs, is not in the packages`,
      )
    const out = path.join(libOut, soname)
    await copyFile(found, out)
    await copyLibraries(root, libDirs, out, libOut, runner, done)
  }
}

/**
 * Assembles the runtime from the extracted packages at `root` into `out`:
 * bin/ (busybox and its applets, bash, date, perl), lib/ (the loader and libraries), perl/
 * (Perl's base modules, which the harness names with -I).
 */
export async function assembleRuntime(root: string, out: string, runner: CommandRunner): Promise<void> {
  const bin = path.join(out, 'bin')
  const lib = path.join(out, 'lib')
  await mkdir(bin, { recursive: true })
  await mkdir(lib)
  await copyFile(await inTree(root, 'bin/busybox'), path.join(bin, 'busybox'))
  for (const applet of RUNTIME_APPLETS) await symlink('busybox', path.join(bin, applet))
  await copyFile(await inTree(root, 'bin/bash-static'), path.join(bin, 'bash'))
  await copyFile(await inTree(root, 'usr/bin/perl'), path.join(bin, 'perl'))
  await copyFile(await inTree(root, 'bin/date'), path.join(bin, 'date'))
  const libDirs = await libraryDirs(root)
  const perlBase = libDirs.map((dir) => path.join(root, dir, 'perl-base'))
  const modules = await firstExisting(perlBase)
  if (!modules) throw new ToolError('the harness runtime: perl-base has no module directory')
  await cp(modules, path.join(out, 'perl'), { recursive: true, verbatimSymlinks: true })

  const interpreter = (
    await run(runner, 'patchelf', ['--print-interpreter', path.join(bin, 'perl')], 'patchelf')
  ).trim()
  const loader = path.basename(interpreter)
  await copyFile(await inTree(root, interpreter), path.join(lib, loader))
  const done = new Set([loader])
  const guestLib = `${GUEST_RUNTIME_DIR}/lib`
  const dynamic = [path.join(bin, 'perl'), path.join(bin, 'date')]
  for (const program of dynamic) await copyLibraries(root, libDirs, program, lib, runner, done)
  for (const program of dynamic) {
    await run(runner, 'patchelf', relinkArgs(program, guestLib, `${guestLib}/${loader}`), 'patchelf')
  }
  const libraries = (await readdir(lib)).filter((name) => name !== loader).map((name) => path.join(lib, name))
  for (const file of [...libraries, ...(await sharedObjects(path.join(out, 'perl')))]) {
    await run(runner, 'patchelf', relinkArgs(file, guestLib), 'patchelf')
  }
  for (const name of await readdir(bin)) {
    const file = path.join(bin, name)
    if (!(await lstat(file)).isSymbolicLink()) await chmod(file, 0o755)
  }
  for (const name of await readdir(lib)) await chmod(path.join(lib, name), 0o755)
}

async function firstExisting(candidates: string[]): Promise<string | undefined> {
  for (const candidate of candidates) {
    if (
      await lstat(candidate).then(
        (s) => s.isDirectory(),
        () => false,
      )
    )
      return candidate
  }
  return undefined
}

async function sharedObjects(dir: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.so')) found.push(path.join(entry.parentPath, entry.name))
  }
  return found
}

/** The runtime for `recipe` from the store or the restorer, else extracted and assembled now. */
export async function ensureRuntime(
  store: ImageStore,
  recipe: RuntimeRecipe,
  runner: CommandRunner,
  log: Logger,
  keyring: string | undefined,
  restore?: ImageRestorer,
  beforeBuild?: () => Promise<void>,
): Promise<Built<RuntimeDetails>> {
  const key = recipeKey(recipe)
  const existing = await findOrRestore<RuntimeDetails>(store, 'runtime', key, restore)
  if (existing) return existing
  await beforeBuild?.()
  log.info(
    `Extracting the harness's own programs for ${recipe.arch} (${recipe.packages.join(', ')}) from ${recipe.suite}`,
  )
  const image = await store.build<RuntimeDetails>(key, recipe, async (workDir) => {
    const extracted = path.join(workDir, 'extracted')
    const result = await runner.run('mmdebstrap', runtimeBuildArgs(recipe, extracted, keyring), {
      privileged: true,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxCapture: 256 * 1024,
    })
    if (result.code !== 0) {
      throw new ToolError(
        `mmdebstrap could not extract the harness runtime: ${lastLine(result.stderr || result.stdout)}`,
      )
    }
    await runner.run('chown', ['-R', '-h', `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`, extracted], {
      privileged: true,
    })
    const tree = path.join(workDir, 'runtime')
    await assembleRuntime(extracted, tree, runner)
    await store.removeTree(extracted)
    await run(runner, 'tar', ['--create', '--file', path.join(workDir, RUNTIME_TAR), '--directory', tree, '.'], 'tar')
    await store.removeTree(tree)
    return { details: { tar: RUNTIME_TAR }, files: [RUNTIME_TAR] }
  })
  return { image, source: 'built' }
}

/** What the runtime holds, as its tar's digest (part of the harness disk's). */
export function runtimeDigest(runtime: Built<RuntimeDetails>): string {
  const tar = runtime.image.manifest.payload.find((file) => file.name === runtime.image.manifest.details.tar)
  if (!tar)
    throw new ToolError(`the harness runtime ${runtime.image.key} lists no ${runtime.image.manifest.details.tar}`)
  return tar.sha256
}

/** Unpacks the runtime into `dir` (on the harness disk as GUEST_RUNTIME_DIR). */
export async function unpackRuntime(runtime: Built<RuntimeDetails>, dir: string, runner: CommandRunner): Promise<void> {
  await mkdir(dir, { recursive: true })
  const tar = path.join(runtime.image.dir, runtime.image.manifest.details.tar)
  await run(runner, 'tar', ['--extract', '--file', tar, '--directory', dir], 'tar')
}
