/**
 * The guest's images for a run: the host tools installed, then the kernel with its initramfs
 * and the userland, each reused from the local store, restored from elsewhere, or built;
 * the checks a build needs (root, the mirror, the packages) run once, only when something
 * has to be built.
 */
import { existsSync } from 'node:fs'
import type { RunOptions } from '../config/options.js'
import { type Target, resolveTarget, withAvailableFirmware } from '../config/targets.js'
import { ensureArchesRunnable, ensureHostTools, ensureSystemTools } from '../host/tools.js'
import type { Logger } from '../host/log.js'
import type { CommandRunner } from '../host/proc.js'
import { type DebPackage, inspectDebs, mirrorDependencies } from '../debian/debs.js'
import { checkMirrorIndex } from '../debian/preflight.js'
import { checkMirror } from '../debian/mirror.js'
import {
  type ImageRestorer,
  type ImageSource,
  type Built,
  type KernelDetails,
  type UserlandDetails,
  ensureKernel,
  ensureUserland,
  keyringArg,
} from './build.js'
import { kernelRecipe, userlandRecipe } from './recipe.js'
import { type RuntimeDetails, ensureRuntime, runtimeRecipe } from './runtime.js'
import { checkDebsInstallable, ensureSystemUserland, inspectSystem } from './system.js'
import { GUEST_RUNTIME_DIR } from '../protocol/names.js'
import { ImageStore } from './store.js'
import { checkPrivilege } from './preflight.js'
import path from 'node:path'

/** An image as the report names it: its key and directory, where it came from, and its build's time. */
export interface ImageInfo {
  key: string
  dir: string
  /** local: already in the cache directory; restored: from the Actions cache; built: by this run. */
  source: ImageSource
  built: boolean
  buildSeconds: number
}

export function imageInfo<D>(built: Built<D>): ImageInfo {
  return {
    key: built.image.key,
    dir: built.image.dir,
    source: built.source,
    built: built.source === 'built',
    buildSeconds: built.image.manifest.buildSeconds,
  }
}

export interface PreparedImages {
  target: Target
  kernel: Built<KernelDetails>
  userland: Built<UserlandDetails>
  /** The user's .debs, read and checked; installed at each boot. */
  debs: DebPackage[]
  /** The harness's own programs, for the user's own system (`image`), which it cannot rely on. */
  runtime?: Built<RuntimeDetails>
}

export interface PrepareDeps {
  runner: CommandRunner
  log: Logger
  /** Replaces the mirror's reachability check. */
  checkMirror?: (mirror: string, suite: string) => Promise<void>
  /** Where to look for an image missing from the local store before building it. */
  restorer?: (store: ImageStore) => ImageRestorer
  /** Throws once the run has been told to stop. */
  stopIfAborted: () => void
}

const SOURCE_VERB: Record<ImageSource, string> = {
  local: 'Reused',
  restored: 'Restored',
  built: 'Built',
}

/** Where the image store lives in the cache directory (the folder kept its old name). */
export function imageStoreRoot(cacheDir: string): string {
  return path.join(cacheDir, 'artifacts')
}

export function imageStore(cacheDir: string, runner: CommandRunner): ImageStore {
  return new ImageStore(imageStoreRoot(cacheDir), runner)
}

/** Installs what is missing on the host and builds (or finds) the kernel and the userland. */
export async function prepareImages(options: RunOptions, deps: PrepareDeps): Promise<PreparedImages> {
  const { runner, log } = deps
  const image = options.image
  // The user's own system says what its architecture is (an OCI image's config).
  let arch = options.arch
  let inspected: Awaited<ReturnType<typeof inspectSystem>> | undefined
  if (image) {
    await ensureSystemTools(image.source, runner, log)
    inspected = await inspectSystem(image, options.arch, runner)
    arch = inspected.arch
  }
  const resolved = resolveTarget(arch, options.suite)
  if (resolved.kernelNote) log.info(resolved.kernelNote)
  await log.group('Install host tools', async () => {
    const installed = await ensureHostTools(resolved, runner, log)
    if (installed.length === 0) log.info('mmdebstrap and QEMU are installed')
  })
  const target: Target = { ...resolved, machine: withAvailableFirmware(resolved.machine, existsSync) }
  const store = imageStore(options.cacheDir, runner)
  const debs = await inspectDebs(options.debs, arch, runner)
  const kRecipe = kernelRecipe(target, options.mirror)
  const uRecipe = userlandRecipe(target, options.mirror, options.packages, mirrorDependencies(debs))
  // Checked once, and only when something has to be built; what it set up for the build
  // (qemu-user for i386 where the host needs it) is undone when the builds are over.
  let buildReady: Promise<void> | undefined
  let afterBuild = async (): Promise<void> => undefined
  const beforeBuild = (): Promise<void> =>
    (buildReady ??= (async () => {
      deps.stopIfAborted()
      await checkPrivilege(runner)
      await (deps.checkMirror ?? checkMirror)(options.mirror, options.suite)
      if (!image) await checkMirrorIndex(options, debs, runner, log)
      afterBuild = await ensureArchesRunnable(
        [...new Set([kRecipe.arch, ...(image ? [] : [uRecipe.arch])])],
        runner,
        log,
      )
    })())
  const restore = deps.restorer?.(store)
  try {
    const kernel = await log.group(
      `Kernel and initramfs (${target.kernelPackage}, ${target.kernelSuite})`,
      async () => {
        const built = await ensureKernel(store, kRecipe, runner, log, restore, beforeBuild)
        log.info(`${SOURCE_VERB[built.source]} ${built.image.key} (kernel ${built.image.manifest.details.release})`)
        return built
      },
    )
    if (image && inspected) {
      const found = inspected
      const userland = await log.group(`The system (${image.given})`, async () => {
        const built = await ensureSystemUserland(store, image, found, runner, log, restore, async () => {
          deps.stopIfAborted()
          await checkPrivilege(runner)
        })
        log.info(`${SOURCE_VERB[built.source]} ${built.image.key}`)
        return built
      })
      checkDebsInstallable(userland.image.manifest.details.system, debs.length)
      const runtime = await log.group(`The harness's own programs (${arch}, at ${GUEST_RUNTIME_DIR})`, async () => {
        const recipe = runtimeRecipe(arch, options.mirror)
        const built = await ensureRuntime(store, recipe, runner, log, keyringArg(), restore, async () => {
          deps.stopIfAborted()
          await checkPrivilege(runner)
          await (deps.checkMirror ?? checkMirror)(options.mirror, recipe.suite)
        })
        log.info(`${SOURCE_VERB[built.source]} ${built.image.key}`)
        return built
      })
      return { target, kernel, userland, debs, runtime }
    }
    const userland = await log.group(`Root filesystem (${options.suite}/${options.arch})`, async () => {
      if (uRecipe.satisfy) log.info(`The .debs need from the mirror: ${uRecipe.satisfy.join(', ')}`)
      const built = await ensureUserland(store, uRecipe, runner, log, restore, beforeBuild)
      log.info(`${SOURCE_VERB[built.source]} ${built.image.key}`)
      return built
    })
    return { target, kernel, userland, debs }
  } finally {
    await afterBuild()
  }
}

/** Where a prepared kernel, initramfs and root image are on the host. */
export function imagePaths(images: PreparedImages): {
  kernel: string
  initrd: string
  rootImage: string
  init: string
} {
  const { kernel, userland } = images
  return {
    // The harness's own shell on the user's own system, whose /bin/sh it cannot rely on.
    init: images.runtime ? `${GUEST_RUNTIME_DIR}/bin/sh` : '/bin/sh',
    kernel: path.join(kernel.image.dir, kernel.image.manifest.details.kernel),
    initrd: path.join(kernel.image.dir, kernel.image.manifest.details.initrd),
    rootImage: path.join(userland.image.dir, userland.image.manifest.details.image),
  }
}
