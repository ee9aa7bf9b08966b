/**
 * The local image store: one directory per cache key under the cache directory. A build
 * happens in a temporary directory next to its final place and is renamed into place only
 * after it finished and its manifest is written, so an interrupted or failed build never
 * leaves anything a later run takes as ready.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { type CommandRunner, onInterrupt, runSync } from '../host/proc.js'
import { type PayloadFile, describePayload } from './payload.js'
import type { Recipe } from './recipe.js'

export const MANIFEST = 'manifest.json'
const TEMP_PREFIX = '.tmp-'

export interface Manifest<Details = Record<string, unknown>> {
  key: string
  recipe: Recipe
  builtAt: string
  buildSeconds: number
  details: Details
  /** The files the entry carries, with their digests: what a restored copy is checked against. */
  payload: PayloadFile[]
}

export interface StoredImage<Details = Record<string, unknown>> {
  key: string
  dir: string
  manifest: Manifest<Details>
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export class ImageStore {
  constructor(
    readonly root: string,
    private readonly runner: CommandRunner,
  ) {}

  dir(key: string): string {
    return path.join(this.root, key)
  }

  async find<Details>(key: string): Promise<StoredImage<Details> | undefined> {
    const dir = this.dir(key)
    try {
      const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as Manifest<Details>
      if (manifest.key !== key) return undefined
      return { key, dir, manifest }
    } catch {
      return undefined
    }
  }

  /**
   * Builds `recipe` under `key`. `produce` fills the work directory (root-owned trees
   * allowed while it runs) and returns the manifest details and the payload's file names.
   */
  async build<Details>(
    key: string,
    recipe: Recipe,
    produce: (workDir: string) => Promise<{ details: Details; files: string[] }>,
  ): Promise<StoredImage<Details>> {
    const started = Date.now()
    return this.place<Details>(key, async (workDir) => {
      const { details, files } = await produce(workDir)
      const manifest: Manifest<Details> = {
        key,
        recipe,
        builtAt: new Date().toISOString(),
        buildSeconds: Math.round((Date.now() - started) / 100) / 10,
        details,
        payload: await describePayload(workDir, files),
      }
      await writeFile(path.join(workDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
      return manifest
    })
  }

  /**
   * Puts an image in place atomically: `fill` makes the whole entry, manifest included,
   * in a temporary directory, which is renamed to the key's directory only if `fill`
   * succeeds. A failure or an interruption leaves nothing behind.
   */
  async place<Details>(
    key: string,
    fill: (workDir: string) => Promise<Manifest<Details>>,
  ): Promise<StoredImage<Details>> {
    // Private: the entries are this user's, and a guest image is nobody else's business.
    await mkdir(this.root, { recursive: true, mode: 0o700 })
    await chmod(this.root, 0o700).catch(() => undefined)
    await this.removeStaleTemps()
    const workDir = path.join(this.root, `${TEMP_PREFIX}${key}-${process.pid}-${randomBytes(3).toString('hex')}`)
    await mkdir(workDir)
    const forget = onInterrupt(() => this.removeTreeSync(workDir))
    try {
      const manifest = await fill(workDir)
      if (manifest.key !== key) throw new Error(`image manifest is for ${manifest.key}, not ${key}`)
      try {
        await rename(workDir, this.dir(key))
      } catch (error) {
        // Another run stored the same key first: theirs is as good as ours.
        const existing = await this.find<Details>(key)
        if (!existing) throw error
        await this.removeTree(workDir)
        return existing
      }
      return { key, dir: this.dir(key), manifest }
    } catch (error) {
      await this.removeTree(workDir)
      throw error
    } finally {
      forget()
    }
  }

  /** Removes a stored image (a corrupt one, say). */
  async discard(key: string): Promise<void> {
    await this.removeTree(this.dir(key))
  }

  /** Removes a directory that may hold root-owned files. */
  async removeTree(dir: string): Promise<void> {
    if (!existsSync(dir)) return
    await this.runner.run('rm', ['-rf', '--one-file-system', dir], { privileged: true })
  }

  private removeTreeSync(dir: string): void {
    runSync('rm', ['-rf', '--one-file-system', dir], { privileged: true })
  }

  /**
   * The keys starting with `prefix`, most recently built first, for pruning: entries that
   * are many and large (a saved guest is tens of MiB) are not kept without bound.
   */
  async keysByAge(prefix: string): Promise<string[]> {
    const found: { key: string; builtAt: string }[] = []
    for (const name of await readdir(this.root).catch(() => [] as string[])) {
      if (!name.startsWith(prefix)) continue
      const entry = await this.find(name)
      if (entry) found.push({ key: name, builtAt: entry.manifest.builtAt })
    }
    return found.sort((a, b) => (a.builtAt < b.builtAt ? 1 : a.builtAt > b.builtAt ? -1 : 0)).map((f) => f.key)
  }

  /** Temporary build directories left by runs that are gone. */
  private async removeStaleTemps(): Promise<void> {
    for (const name of await readdir(this.root)) {
      if (!name.startsWith(TEMP_PREFIX)) continue
      const pid = Number(/-(\d+)-[0-9a-f]+$/.exec(name)?.[1])
      if (Number.isInteger(pid) && pid !== process.pid && !pidAlive(pid)) {
        await this.removeTree(path.join(this.root, name))
      }
    }
  }
}
