/**
 * Builds the two images with mmdebstrap, as root, into the image store, and turns
 * mmdebstrap's failures into errors that name their cause.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { RootAudit } from '../audit/classify.js'
import { auditRoot } from '../audit/scan.js'
import { InputError, ToolError } from '../config/errors.js'
import type { Logger } from '../host/log.js'
import type { CommandRunner } from '../host/proc.js'
import { lineReader, startProgress } from '../host/progress.js'
import { type KernelRecipe, type UserlandRecipe, kernelBuildArgs, recipeKey, userlandBuildArgs } from './recipe.js'
import type { ImageStore, StoredImage } from './store.js'
import { type Arch, TIME32_CAPABLE } from '../config/targets.js'
import { lastLine } from '../config/text.js'

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

export interface KernelDetails {
  /** File names inside the image directory. */
  kernel: string
  initrd: string
  release: string
}

/** The user's own system (`image`, image/system.ts), as the report names it. */
export interface SystemDetails {
  /** The image as the user gave it. */
  given: string
  /** `sha256:<hex>`: the OCI manifest's digest, or the tarball's. */
  digest: string
  arch: Arch
  /** PRETTY_NAME of its os-release, when it has one. */
  os?: string
  /** From the loaders it has (ld-musl-*, ld-linux*); unknown for a static system. */
  libc: 'glibc' | 'musl' | 'unknown'
  /** It has dpkg: .debs can be installed. */
  dpkg: boolean
}

export interface UserlandDetails {
  /** The root filesystem image (erofs) inside the image directory. */
  image: string
  /** Set for the user's own system instead of a Debian root mmdebstrap built. */
  system?: SystemDetails
  /** The static time_t audit of every ELF file, for 32-bit architectures. */
  audit?: { file: string; elfFiles: number; seconds: number }
}

export const AUDIT_FILE = 'audit.json'
export const ROOT_IMAGE_FILE = 'root.erofs'

/**
 * The audit stored with a userland image, or undefined when there is none or it does
 * not match the digest its manifest holds.
 */
export async function storedAudit(image: StoredImage<UserlandDetails>): Promise<RootAudit | undefined> {
  const meta = image.manifest.details.audit
  if (!meta) return undefined
  const expected = image.manifest.payload.find((file) => file.name === meta.file)
  const text = await readFile(path.join(image.dir, meta.file), 'utf8').catch(() => undefined)
  if (text === undefined || !expected || sha256(text) !== expected.sha256) return undefined
  return JSON.parse(text) as RootAudit
}

/** Where an image came from in this run. */
export type ImageSource = 'local' | 'restored' | 'built'

export interface Built<D> {
  image: StoredImage<D>
  source: ImageSource
}

/** What the store holds: the guest's images, and the guest saved where it waits for its job. */
export type StoreKind = 'kernel' | 'userland' | 'saved-guest' | 'runtime'

/** Fetches an image from elsewhere (the Actions cache) into the store, or says it could not. */
export type ImageRestorer = <D>(kind: StoreKind, key: string) => Promise<StoredImage<D> | undefined>

/**
 * Recognises why mmdebstrap failed from what it printed. Returns an InputError for what
 * the user can fix (a package name, the suite, the mirror) and a ToolError otherwise.
 */
export function classifyBuildFailure(output: string, context: { suite: string; arch: string; mirror: string }): Error {
  const where = `${context.suite}/${context.arch} at ${context.mirror}`
  const missingPackage =
    /Unable to locate package (\S+)/.exec(output) ??
    /Package '?([^'\s]+)'? has no installation candidate/.exec(output) ??
    /Couldn't find any package by (?:glob|regex) '([^']+)'/.exec(output)
  if (missingPackage) {
    return new InputError('packages', `'${missingPackage[1]}' is not a package in ${where}`)
  }
  const unmet = /(\S+) : Depends: (.+) but it is not (?:installable|going to be installed)/.exec(output)
  if (unmet?.[1] === 'satisfy:command-line') {
    return new InputError('debs', `a dependency of the .debs cannot be installed from ${where}: ${unmet[2]}`)
  }
  if (unmet) {
    return new InputError('packages', `'${unmet[1]}' cannot be installed in ${where}: it depends on ${unmet[2]}`)
  }
  if (/does not have a Release file|Release' is not signed|404\s+Not Found.*(?:InRelease|Release)/.test(output)) {
    return new InputError('suite', `'${context.suite}' was not found at ${context.mirror} (no Release file)`)
  }
  // Before the network check: apt reports these as "Failed to fetch ... Hash Sum mismatch".
  if (/Hash Sum mismatch|Mirror sync in progress/.test(output)) {
    return new ToolError(`the mirror ${context.mirror} served inconsistent files (mid-sync?); try again later`)
  }
  // apt refuses a Release file past its Valid-Until: a stale mirror, or a snapshot.
  if (/Release file for \S+ is expired/.test(output)) {
    return new InputError(
      'mirror',
      `${context.mirror} serves an expired Release file for ${context.suite} (a stale mirror or a snapshot): use an up-to-date mirror`,
    )
  }
  // The mirror answered, but lacks a package file its own index lists.
  const missingFile = /Failed to fetch (\S+\.deb)\s+404/.exec(output)
  if (missingFile) {
    return new ToolError(
      `the mirror ${context.mirror} lacks ${missingFile[1]!.split('/').at(-1)} (404), which its index lists: an incomplete or out-of-sync mirror`,
    )
  }
  if (
    /Could not resolve|Temporary failure resolving|Failed to fetch|Could not connect|Connection refused|Connection timed out/.test(
      output,
    )
  ) {
    return new InputError(
      'mirror',
      `cannot reach ${context.mirror}: ${firstMatchingLine(output, /Could not|Failed to fetch|failure|refused|timed out/)}`,
    )
  }
  return new ToolError(`mmdebstrap failed for ${where}: ${firstMatchingLine(output, /^E: /) || lastLine(output)}`)
}

function firstMatchingLine(text: string, pattern: RegExp): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => pattern.test(l)) ?? ''
  )
}

/** What mmdebstrap says it is doing, from one line of its output ("I: extracting archives..."). */
export function mmdebstrapPhase(line: string): string | undefined {
  const m = /^I: (.+?)\.*$/.exec(line.trim())
  return m?.[1]
}

async function runMmdebstrap(
  runner: CommandRunner,
  args: string[],
  context: { suite: string; arch: string; mirror: string },
  progress: { log: Logger; what: string },
): Promise<void> {
  let phase: string | undefined
  const stop = startProgress(progress.log, progress.what, () => phase && `mmdebstrap: ${phase}`)
  const result = await runner
    .run('mmdebstrap', args, {
      privileged: true,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxCapture: 256 * 1024,
      onStderr: lineReader((line) => (phase = mmdebstrapPhase(line) ?? phase)),
    })
    .finally(stop)
  if (result.code !== 0) {
    throw classifyBuildFailure(`${result.stdout}\n${result.stderr}`, context)
  }
}

export function keyringArg(): string | undefined {
  const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg'
  return existsSync(keyring) ? keyring : undefined
}

/** The image from the local store, else from the restorer (the Actions cache), else nothing. */
export async function findOrRestore<D>(
  store: ImageStore,
  kind: Exclude<StoreKind, 'saved-guest'>,
  key: string,
  restore: ImageRestorer | undefined,
): Promise<Built<D> | undefined> {
  const found = await store.find<D>(key)
  if (found) return { image: found, source: 'local' }
  const restored = await restore?.<D>(kind, key)
  if (restored) return { image: restored, source: 'restored' }
  return undefined
}

export async function ensureKernel(
  store: ImageStore,
  recipe: KernelRecipe,
  runner: CommandRunner,
  log: Logger,
  restore?: ImageRestorer,
  beforeBuild?: () => Promise<void>,
): Promise<Built<KernelDetails>> {
  const key = recipeKey(recipe)
  const existing = await findOrRestore<KernelDetails>(store, 'kernel', key, restore)
  if (existing) return existing
  await beforeBuild?.()
  log.info(`Building kernel ${recipe.kernelPackage} (${recipe.suite}/${recipe.arch}) and its initramfs with mmdebstrap`)
  const image = await store.build<KernelDetails>(key, recipe, async (workDir) => {
    const bootDir = path.join(workDir, 'boot')
    await mkdir(bootDir)
    await runMmdebstrap(runner, kernelBuildArgs(recipe, bootDir, keyringArg()), recipe, {
      log,
      what: `Building kernel ${recipe.kernelPackage}`,
    })
    // sync-out leaves root-owned files; take them over so the store stays readable (-h: a link
    // is taken over itself, what it points to is left alone).
    await runner.run('chown', ['-R', '-h', `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`, bootDir], {
      privileged: true,
    })
    const files = await readdir(bootDir)
    const kernel = files
      .filter((f) => f.startsWith('vmlinuz-'))
      .sort()
      .at(-1)
    const initrd = files
      .filter((f) => f.startsWith('initrd.img-'))
      .sort()
      .at(-1)
    if (!kernel || !initrd) {
      throw new ToolError(
        `the kernel build of ${recipe.kernelPackage} produced no kernel or initramfs in /boot (${files.join(', ')})`,
      )
    }
    await rename(path.join(bootDir, kernel), path.join(workDir, 'vmlinuz'))
    await rename(path.join(bootDir, initrd), path.join(workDir, 'initrd.img'))
    await store.removeTree(bootDir)
    return {
      details: { kernel: 'vmlinuz', initrd: 'initrd.img', release: kernel.slice('vmlinuz-'.length) },
      files: ['vmlinuz', 'initrd.img'],
    }
  })
  return { image: image, source: 'built' }
}

export async function ensureUserland(
  store: ImageStore,
  recipe: UserlandRecipe,
  runner: CommandRunner,
  log: Logger,
  restore?: ImageRestorer,
  beforeBuild?: () => Promise<void>,
): Promise<Built<UserlandDetails>> {
  const key = recipeKey(recipe)
  const existing = await findOrRestore<UserlandDetails>(store, 'userland', key, restore)
  if (existing) return existing
  await beforeBuild?.()
  log.info(
    `Building the ${recipe.suite}/${recipe.arch} root filesystem with mmdebstrap (${recipe.packages.join(', ')})`,
  )
  const image = await store.build<UserlandDetails>(key, recipe, async (workDir) => {
    const root = path.join(workDir, 'root')
    await runMmdebstrap(runner, userlandBuildArgs(recipe, root, keyringArg()), recipe, {
      log,
      what: `Building the ${recipe.suite}/${recipe.arch} root filesystem`,
    })
    if (!existsSync(path.join(root, 'bin', 'sh')) && !existsSync(path.join(root, 'usr', 'bin', 'sh'))) {
      throw new ToolError(`the root filesystem build for ${recipe.suite}/${recipe.arch} has no /bin/sh`)
    }
    let audit: UserlandDetails['audit']
    if (TIME32_CAPABLE.includes(recipe.arch)) {
      const found = await auditRoot(root)
      await writeFile(path.join(workDir, AUDIT_FILE), `${JSON.stringify(found)}\n`)
      log.info(`Read ${found.elfFiles} ELF files for the time_t audit in ${found.seconds} s`)
      audit = { file: AUDIT_FILE, elfFiles: found.elfFiles, seconds: found.seconds }
    }
    await makeRootImage(runner, root, path.join(workDir, ROOT_IMAGE_FILE), log)
    await store.removeTree(root)
    return {
      details: { image: ROOT_IMAGE_FILE, ...(audit ? { audit } : {}) },
      files: [ROOT_IMAGE_FILE, ...(audit ? [audit.file] : [])],
    }
  })
  return { image: image, source: 'built' }
}

/**
 * The root tree as one erofs image: read-only by design, and it keeps what the guest needs
 * exactly (owners, modes with setuid bits, device nodes, hard links, xattrs, nanosecond
 * times with --preserve-mtime). Made as root, who can read the whole tree, into a file this
 * user made first, so that the image stays this user's.
 */
export async function makeRootImage(runner: CommandRunner, root: string, image: string, log: Logger): Promise<void> {
  const started = Date.now()
  await writeFile(image, '')
  const stop = startProgress(log, 'Making the root image (erofs)', () => undefined)
  const result = await runner
    .run('mkfs.erofs', erofsArgs(root, image), { privileged: true, maxCapture: 64 * 1024 })
    .finally(stop)
  if (result.code !== 0) {
    throw new ToolError(`mkfs.erofs could not make the root image: ${lastLine(result.stderr || result.stdout)}`)
  }
  const bytes = (await stat(image)).size
  log.info(
    `Made the root image (erofs, ${(bytes / 2 ** 20).toFixed(0)} MiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
}

export function erofsArgs(root: string, image: string): string[] {
  return ['--quiet', '--preserve-mtime', image, root]
}
