/**
 * The kernel and the root filesystem through the Actions cache. A store entry is plain files
 * this user owns (the root image's filesystem holds the guest's owners and modes): they
 * travel as they are, with the manifest that lists their digests, and a restored copy is
 * checked against it before it enters the store. Exact keys only, since a guest built from
 * other packages is not a guest built from these. Nothing here fails the job: an unavailable
 * service, a refused save or a corrupt entry is a warning, then a build.
 */
import { chmod, copyFile, link, lstat, mkdir, readFile, rename, rm, rmdir } from 'node:fs/promises'
import path from 'node:path'
import * as cache from '@actions/cache'
import type { ImageRestorer, StoreKind } from '../image/build.js'
import { errorMessage } from '../config/errors.js'
import type { Logger } from '../host/log.js'
import { CorruptImageError, verifyPayload } from '../image/payload.js'
import { type ImageStore, MANIFEST, type Manifest, type StoredImage } from '../image/store.js'

/** Bump to orphan every entry saved by earlier versions. */
export const CACHE_KEY_VERSION = 'v1'

/** The edge to the cache service: @actions/cache, or a stand-in in tests. */
export interface CacheService {
  isAvailable(): boolean
  restore(paths: string[], key: string): Promise<string | undefined>
  /** Returns the cache id, or -1 when the service refused or failed (it warns itself). */
  save(paths: string[], key: string): Promise<number>
}

export const actionsCacheService: CacheService = {
  isAvailable: () => cache.isFeatureAvailable(),
  restore: (paths, key) => cache.restoreCache(paths, key),
  save: (paths, key) => cache.saveCache(paths, key),
}

/**
 * `y2038-v1-ubuntu24-X64-userland-i386-bookworm-<hash>`: a versioned prefix, the runner's
 * OS image and architecture, and the store key (kind, arch, suite and the recipe's hash).
 */
export function actionsCacheKey(storeKey: string, env: NodeJS.ProcessEnv): string {
  const image = env.ImageOS || env.RUNNER_OS || 'unknown-os'
  const arch = env.RUNNER_ARCH || process.arch
  return `y2038-${CACHE_KEY_VERSION}-${image}-${arch}-${storeKey}`
}

/**
 * Makes `dir` (mode 700) or checks the one there: a real directory of this user. A link, a
 * file or another user's directory (made by root on a shared machine, say) is refused.
 */
export async function ensurePrivateDir(dir: string, uid: number = process.getuid?.() ?? 0): Promise<void> {
  try {
    await mkdir(dir, { mode: 0o700 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  const stat = await lstat(dir)
  if (!stat.isDirectory() || stat.isSymbolicLink()) throw new Error(`${dir} is not a directory`)
  if (stat.uid !== uid) throw new Error(`${dir} belongs to user ${stat.uid}, not to this user (${uid})`)
  if ((stat.mode & 0o077) !== 0) await chmod(dir, 0o700)
}

/** What a run does with an entry the cache cannot give it. */
function instead(kind: StoreKind): string {
  return kind === 'saved-guest' ? 'booting the guest' : 'building it'
}

export type SaveOutcome = 'saved' | 'refused' | 'unavailable' | 'failed'

/** Copies `name` from one directory to another: a hard link where it can, else a copy. */
async function carry(name: string, from: string, to: string, move = false): Promise<void> {
  const source = path.join(from, name)
  const target = path.join(to, name)
  if (move) {
    try {
      await rename(source, target)
      return
    } catch {
      // Another filesystem: copy below.
    }
  }
  try {
    await link(source, target)
  } catch {
    await copyFile(source, target)
  }
}

/** The manifest of a restored entry, checked to be the one asked for. */
async function restoredManifest<D>(storeKey: string, dir: string): Promise<Manifest<D>> {
  let manifest: Manifest<D>
  try {
    manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as Manifest<D>
  } catch {
    throw new CorruptImageError(`the restored ${storeKey} has no readable manifest`)
  }
  if (manifest.key !== storeKey) throw new CorruptImageError(`the restored entry is ${manifest.key}, not ${storeKey}`)
  await verifyPayload(`the restored ${storeKey}`, dir, manifest.payload)
  return manifest
}

export class ImageCache {
  constructor(
    private readonly service: CacheService,
    private readonly log: Logger,
    private readonly env: NodeJS.ProcessEnv,
    /** Where entries are staged. The path is part of the cache version: keep it fixed. */
    private readonly transferRoot: string,
  ) {}

  key(storeKey: string): string {
    return actionsCacheKey(storeKey, this.env)
  }

  /** A fresh staging directory for one entry, inside this user's own transfer root. */
  private async freshTransferDir(storeKey: string): Promise<string> {
    await ensurePrivateDir(this.transferRoot)
    const dir = path.join(this.transferRoot, storeKey)
    await rm(dir, { recursive: true, force: true })
    await mkdir(dir)
    return dir
  }

  /** Removes an entry's staging directory, and the transfer root once it is empty: a job leaves nothing in /tmp. */
  private async dropTransferDir(dir: string): Promise<void> {
    await rm(dir, { recursive: true, force: true })
    await rmdir(this.transferRoot).catch(() => undefined)
  }

  /** A restorer for the engine: tries the cache for an image the local store lacks. */
  restorer(store: ImageStore): ImageRestorer {
    return <D>(kind: StoreKind, key: string) => this.restore<D>(kind, key, store)
  }

  async restore<D>(kind: StoreKind, storeKey: string, store: ImageStore): Promise<StoredImage<D> | undefined> {
    if (!this.service.isAvailable()) {
      this.log.warn(`The Actions cache service is not available for ${storeKey}: ${instead(kind)}`)
      return undefined
    }
    const key = this.key(storeKey)
    const dir = path.join(this.transferRoot, storeKey)
    try {
      let hit: string | undefined
      try {
        await this.freshTransferDir(storeKey)
        hit = await this.service.restore([dir], key)
      } catch (error) {
        this.log.warn(`Could not restore ${key} from the Actions cache (${errorMessage(error)}): ${instead(kind)}`)
        return undefined
      }
      if (!hit) {
        this.log.info(`Not in the Actions cache: ${key}`)
        return undefined
      }
      try {
        const manifest = await restoredManifest<D>(storeKey, dir)
        const image = await store.place<D>(storeKey, async (workDir) => {
          for (const file of manifest.payload) await carry(file.name, dir, workDir, true)
          await carry(MANIFEST, dir, workDir, true)
          return manifest
        })
        this.log.info(`Restored ${storeKey} from the Actions cache (${key})`)
        return image
      } catch (error) {
        if (error instanceof CorruptImageError) {
          this.log.warn(`Discarded the cached ${kind} ${key}: ${error.message}; ${instead(kind)} instead`)
          return undefined
        }
        throw error
      }
    } finally {
      await this.dropTransferDir(dir)
    }
  }

  /** Saves a store entry. Never throws: the outcome says what happened. */
  async save(storeKey: string, store: ImageStore): Promise<SaveOutcome> {
    if (!this.service.isAvailable()) {
      this.log.warn(`The Actions cache service is not available: ${storeKey} was not saved`)
      return 'unavailable'
    }
    const key = this.key(storeKey)
    const dir = path.join(this.transferRoot, storeKey)
    try {
      const image = await store.find(storeKey)
      if (!image) throw new Error(`${storeKey} is not in the local store`)
      await this.freshTransferDir(storeKey)
      for (const file of image.manifest.payload) await carry(file.name, image.dir, dir)
      await carry(MANIFEST, image.dir, dir)
      const id = await this.service.save([dir], key)
      if (id === -1) {
        this.log.warn(
          `The Actions cache did not take ${key} (another job may have saved it first, or this token cannot write)`,
        )
        return 'refused'
      }
      const bytes = image.manifest.payload.reduce((sum, file) => sum + file.bytes, 0)
      this.log.info(
        `Saved ${storeKey} to the Actions cache as ${key} (${(bytes / 2 ** 20).toFixed(0)} MiB before compression)`,
      )
      return 'saved'
    } catch (error) {
      this.log.warn(`Could not save ${key} to the Actions cache: ${errorMessage(error)}`)
      return 'failed'
    } finally {
      await this.dropTransferDir(dir)
    }
  }
}
