/**
 * The guest through the Actions cache: the bundled action, the real @actions/cache client,
 * and a local cache service that speaks the runners' protocol (v2 Twirp, blobs in Azurite).
 * Each run gets an empty local cache directory, as a fresh runner has.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { privilegedArgv } from '../../src/proc.js'
import { type CacheService, startCacheService } from '../support/cache-service.js'
import { type ActionRun, runAction } from './action-runner.js'

// Runs before the rollover, so that sudo works: it must still be setuid root after the round trip.
const PROBE = `test -u /usr/bin/sudo
test "$(stat -c %U /usr/bin/sudo)" = root
test "$(sudo -n id -u)" = 0
test -c /dev/null
`

function freshCacheDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'y2038-local-cache-'))
}

/** Every entry of a root tree as root sees it: type, mode, owner, size, time, links, device, target, contents. */
function treeListing(root: string): string {
  const script = `cd "$1" && find . -xdev ! -type d -printf '%y %m %U %G %s %T@ %n %l %p\\n' | sort && find . -xdev -type d -printf '%y %m %U %G %T@ %p\\n' | sort && find . -xdev -type b -o -type c | sort | xargs -r stat -c '%t:%T %n' && find . -xdev -type f -print0 | sort -z | xargs -0 sha256sum`
  // A guest's root tree has files only root can read: list it as root, as the tool digests it.
  const [file, args] = privilegedArgv('sh', ['-c', script, 'listing', root])
  return execFileSync(file, args, { maxBuffer: 256 * 1024 * 1024 }).toString()
}

function rootOf(cacheDir: string, key: string): string {
  return path.join(cacheDir, 'artifacts', key, 'root')
}

describe('the guest through the Actions cache (cache service v2, Azurite)', () => {
  let service: CacheService
  let firstDir: string
  let first: ActionRun

  before(async () => {
    service = await startCacheService()
  })
  after(async () => {
    await service?.stop()
  })

  const runWith = (cacheDir: string, inputs: Record<string, string> = {}) =>
    runAction(
      { dates: '2038-01-18T00:00:00Z', run: PROBE, ...inputs },
      {},
      { ...service.env, Y2038_CACHE_DIR: cacheDir },
    )

  it('first run: miss, build, save', async () => {
    firstDir = freshCacheDir()
    first = await runWith(firstDir)
    assert.equal(first.code, 0, first.stdout)
    assert.equal(first.outputs['cache-hit'], 'false')
    assert.match(first.stdout, /Not in the Actions cache: y2038-v1-/)
    assert.match(first.stdout, /Building the bookworm\/i386 root filesystem/)
    assert.match(first.stdout, /Saved userland-i386-bookworm-\w+ to the Actions cache/)
    const keys = service
      .entries()
      .filter((e) => e.finalized)
      .map((e) => e.key)
      .sort()
    assert.deepEqual(keys, [first.outputs['kernel-cache-key'], first.outputs['rootfs-cache-key']].sort())
    assert.match(first.outputs['rootfs-cache-key']!, /^y2038-v1-[\w.-]+-userland-i386-bookworm-[0-9a-f]{16}$/)
    assert.match(first.summary, /built in [\d.]+ s; saved to the Actions cache/)
  })

  it('second run in a fresh workspace: hit, no build, the restored tree is the built one, sudo is still setuid root', async () => {
    const secondDir = freshCacheDir()
    const second = await runWith(secondDir)
    assert.equal(second.code, 0, second.stdout)
    assert.equal(second.outputs['cache-hit'], 'true')
    assert.equal(second.outputs.result, 'pass')
    assert.doesNotMatch(second.stdout, /Building/)
    assert.match(second.stdout, /Restored kernel-i386-bookworm-\w+ from the Actions cache/)
    assert.match(second.stdout, /Restored userland-i386-bookworm-\w+ from the Actions cache/)
    assert.match(second.summary, /restored from the Actions cache/)
    const key = second.outputs['rootfs-cache-key']!.replace(/^y2038-v1-[\w.-]+?-(?=userland-)/, '')
    const built = treeListing(rootOf(firstDir, key))
    const restored = treeListing(rootOf(secondDir, key))
    assert.ok(built.split('\n').length > 5000, 'a whole root tree was listed')
    assert.equal(restored, built)
    const sudo = statSync(path.join(rootOf(secondDir, key), 'usr/bin/sudo'))
    assert.equal(sudo.mode & 0o7777, 0o4755)
    assert.equal(sudo.uid, 0)
  })

  it('a corrupted entry is rebuilt with a warning, not a failure', async () => {
    await service.corrupt(first.outputs['rootfs-cache-key']!, { mode: 'flip' })
    const third = await runWith(freshCacheDir())
    assert.equal(third.code, 0, third.stdout)
    assert.equal(third.outputs.result, 'pass')
    assert.match(third.stdout, /::warning::Failed to restore/)
    assert.match(third.stdout, /Building the bookworm\/i386 root filesystem/)
    assert.match(third.stdout, /Restored kernel-i386-bookworm-\w+ from the Actions cache/)
    // The key is taken: saving again is refused, with a warning.
    assert.match(third.stdout, /::warning::The Actions cache did not take y2038-v1-/)
  })

  it('an entry replaced by another valid archive is caught by the checksum and rebuilt', async () => {
    const kernelKey = first.outputs['kernel-cache-key']!
    const rootfsKey = first.outputs['rootfs-cache-key']!
    await service.corrupt(rootfsKey, { mode: 'replace', data: await service.blob(kernelKey) })
    const fourth = await runWith(freshCacheDir())
    assert.equal(fourth.code, 0, fourth.stdout)
    assert.match(fourth.stdout, /::warning::Discarded the cached userland y2038-v1-.*(checksum|archive is of)/)
    assert.match(fourth.stdout, /Building the bookworm\/i386 root filesystem/)
  })

  it('prepare-only: checks the guest boots and saves it, running no probe', async () => {
    await service.clear()
    const run = await runAction({ 'prepare-only': 'true' }, {}, { ...service.env, Y2038_CACHE_DIR: firstDir })
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.outputs.result, 'pass')
    assert.match(run.stdout, /Prepared i386 bookworm: the guest boots and sudo works/)
    assert.match(run.stdout, /Boot at 2038-01-01T00:00:00Z \(clock step\)/)
    assert.equal(run.outputs.findings, undefined)
    assert.deepEqual(
      service
        .entries()
        .filter((e) => e.finalized)
        .map((e) => e.key)
        .sort(),
      [run.outputs['kernel-cache-key'], run.outputs['rootfs-cache-key']].sort(),
    )
  })

  it('an unavailable cache service is a warning: the guest is built and the job passes', async () => {
    service.setAvailable(false, 'reset')
    try {
      const dir = freshCacheDir()
      const run = await runWith(dir)
      assert.equal(run.code, 0, run.stdout)
      assert.equal(run.outputs.result, 'pass')
      assert.match(run.stdout, /::warning::Failed to restore/)
      assert.match(run.stdout, /Building kernel linux-image-686/)
      assert.match(run.stdout, /not saved|did not take/)
    } finally {
      service.setAvailable(true)
    }
  })
})
