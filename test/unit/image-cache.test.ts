import assert from 'node:assert/strict'
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { ImageCache, type CacheService, ensurePrivateDir } from '../../src/action/image-cache.js'
import { cacheTransferDir } from '../../src/action/run.js'
import { MemoryLogger } from '../../src/host/log.js'
import { ProcessRunner } from '../../src/host/proc.js'
import { recipeKey, userlandRecipe } from '../../src/image/recipe.js'
import { ImageStore } from '../../src/image/store.js'
import { resolveTarget } from '../../src/config/targets.js'

describe('the staging directory of the Actions cache', () => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'y2038-transfer-test-'))
  after(() => rmSync(base, { recursive: true, force: true }))
  const uid = process.getuid!()

  test('one fixed path per user id: the cache version hashes it', () => {
    assert.equal(cacheTransferDir(1001), '/tmp/y2038-action-transfer-1001')
    assert.equal(cacheTransferDir(0), '/tmp/y2038-action-transfer-0')
  })

  test('made with mode 700; an existing one of ours is narrowed to 700', async () => {
    const fresh = path.join(base, 'fresh')
    await ensurePrivateDir(fresh)
    assert.equal(lstatSync(fresh).mode & 0o777, 0o700)
    const open = path.join(base, 'open')
    mkdirSync(open)
    chmodSync(open, 0o777)
    await ensurePrivateDir(open)
    assert.equal(lstatSync(open).mode & 0o777, 0o700)
  })

  test('a link, a file, or another user’s directory is refused', async () => {
    const target = path.join(base, 'target')
    mkdirSync(target)
    const link = path.join(base, 'link')
    symlinkSync(target, link)
    await assert.rejects(ensurePrivateDir(link), { message: `${link} is not a directory` })
    const file = path.join(base, 'file')
    writeFileSync(file, '')
    await assert.rejects(ensurePrivateDir(file), { message: `${file} is not a directory` })
    const theirs = path.join(base, 'theirs')
    mkdirSync(theirs)
    if (uid === 0) chownSync(theirs, 4242, 4242)
    await assert.rejects(ensurePrivateDir(theirs, uid === 0 ? 0 : uid + 1), {
      message: `${theirs} belongs to user ${uid === 0 ? 4242 : uid}, not to this user (${uid === 0 ? 0 : uid + 1})`,
    })
  })
})

/**
 * A cache service over a plain directory: save copies the staged directory under the key,
 * restore copies it back to where it was staged, as the real client does with its tar.
 */
function directoryService(root: string): CacheService & { entryDir(key: string): string } {
  const entryDir = (key: string) => path.join(root, key)
  return {
    entryDir,
    isAvailable: () => true,
    async save(paths, key) {
      if (existsSync(entryDir(key))) return -1
      cpSync(paths[0]!, entryDir(key), { recursive: true })
      return 1
    },
    async restore(paths, key) {
      if (!existsSync(entryDir(key))) return undefined
      cpSync(entryDir(key), paths[0]!, { recursive: true })
      return key
    },
  }
}

describe('ImageCache: an entry travels as its plain files, checked against its manifest', () => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'y2038-artifact-cache-test-'))
  after(() => rmSync(base, { recursive: true, force: true }))
  const runner = new ProcessRunner()
  const recipe = userlandRecipe(resolveTarget('i386', 'bookworm'), 'http://deb.debian.org/debian', [])
  const key = recipeKey(recipe)
  const env = { ImageOS: 'ubuntu24', RUNNER_ARCH: 'X64' }

  async function builtStore(): Promise<ImageStore> {
    const store = new ImageStore(mkdtempSync(path.join(base, 'store-')), runner)
    await store.build(key, recipe, async (workDir) => {
      writeFileSync(path.join(workDir, 'root.erofs'), Buffer.alloc(64 * 1024, 7))
      writeFileSync(path.join(workDir, 'audit.json'), '{"elfFiles":0}\n')
      return { details: { image: 'root.erofs' }, files: ['root.erofs', 'audit.json'] }
    })
    return store
  }

  test('saved, then restored into another store: the same files, owned by this user; no staging left', async () => {
    const service = directoryService(mkdtempSync(path.join(base, 'service-')))
    const log = new MemoryLogger()
    const transfer = path.join(base, 'transfer-root')
    const cache = new ImageCache(service, log, env, transfer)
    const built = await builtStore()
    assert.equal(await cache.save(key, built), 'saved')
    assert.equal(existsSync(transfer), false, 'the transfer root is removed after a save')
    const other = new ImageStore(mkdtempSync(path.join(base, 'store-')), runner)
    const restored = await cache.restore('userland', key, other)
    assert.ok(restored, log.lines.join('\n'))
    assert.equal(existsSync(transfer), false, 'the transfer root is removed after a restore')
    assert.equal(restored.dir, other.dir(key))
    for (const name of ['root.erofs', 'audit.json', 'manifest.json']) {
      assert.ok(readFileSync(path.join(restored.dir, name)).equals(readFileSync(path.join(built.dir(key), name))), name)
      assert.equal(lstatSync(path.join(restored.dir, name)).uid, process.getuid!())
    }
    assert.match(log.lines.join('\n'), /Restored userland-i386-bookworm-\w+ from the Actions cache/)
  })

  test("a changed byte of the image, a missing file, or another key's entry: discarded with a warning", async () => {
    const service = directoryService(mkdtempSync(path.join(base, 'service-')))
    const log = new MemoryLogger()
    const cache = new ImageCache(service, log, env, mkdtempSync(path.join(base, 'transfer-')))
    const built = await builtStore()
    await cache.save(key, built)
    const saved = (name: string) => path.join(service.entryDir(cache.key(key)), name)
    const fresh = () => new ImageStore(mkdtempSync(path.join(base, 'store-')), runner)

    const image = readFileSync(saved('root.erofs'))
    image[1000] = image[1000]! ^ 1
    writeFileSync(saved('root.erofs'), image)
    assert.equal(await cache.restore('userland', key, fresh()), undefined)
    assert.match(
      log.lines.at(-1)!,
      /^warning: Discarded the cached userland y2038-v1-ubuntu24-X64-userland-i386-bookworm-\w+: the restored userland-i386-bookworm-\w+: root\.erofs does not match its digest; building it instead$/,
    )

    rmSync(saved('audit.json'))
    assert.equal(await cache.restore('userland', key, fresh()), undefined)
    assert.match(log.lines.at(-1)!, /lacks audit\.json/)

    const manifest = JSON.parse(readFileSync(saved('manifest.json'), 'utf8'))
    writeFileSync(saved('manifest.json'), JSON.stringify({ ...manifest, key: 'kernel-i386-bookworm-0123456789abcdef' }))
    const store = fresh()
    assert.equal(await cache.restore('userland', key, store), undefined)
    assert.match(
      log.lines.at(-1)!,
      /the restored entry is kernel-i386-bookworm-0123456789abcdef, not userland-i386-bookworm-/,
    )
    assert.equal(existsSync(store.dir(key)), false)
  })
})
