/**
 * The guest through the Actions cache: the bundled action, the real @actions/cache client,
 * and a local cache service that speaks the runners' protocol (v2 Twirp, blobs in Azurite).
 * Each run gets an empty local cache directory, as a fresh runner has. The guest is amd64
 * bookworm: it builds natively on an x86-64 host, in a fraction of i386's time where i386 must
 * be built under emulation, and nothing of these paths depends on the architecture (the root
 * image keeps sudo setuid root whatever the architecture; the probe checks it).
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type CacheService, startCacheService } from '../support/cache-service.js'
import { scratchDir } from '../support/scratch.js'
import { type ActionRun, runAction } from './action-runner.js'

// Runs before the rollover, so that sudo works: it must still be setuid root after the round trip.
const PROBE = `test -u /usr/bin/sudo
test "$(stat -c %U /usr/bin/sudo)" = root
test "$(sudo -n id -u)" = 0
test -c /dev/null
`

const ARCH = 'amd64'

function freshCacheDir(): string {
  return scratchDir('y2038-local-cache-')
}

function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

function entryDir(cacheDir: string, outputKey: string): string {
  return path.join(
    cacheDir,
    'artifacts',
    outputKey.replace(/^y2038-v1-[\w.-]+?-(?=(userland|kernel|saved-guest)-)/, ''),
  )
}

describe('the guest through the Actions cache (cache service v2, Azurite)', () => {
  let service: CacheService
  let firstDir: string
  let first: ActionRun
  /** What the cache service holds right after the first run. */
  let firstKeys: string[]

  // The first run (miss, build, save) is the setup the later cases restore, corrupt and
  // replace: made here, so that each case stands on this hook, not on an earlier case.
  before(async () => {
    service = await startCacheService()
    firstDir = freshCacheDir()
    first = await runWith(firstDir)
    firstKeys = service
      .entries()
      .filter((e) => e.finalized)
      .map((e) => e.key)
      .sort()
  })
  after(async () => {
    await service?.stop()
  })

  const runWith = (cacheDir: string, inputs: Record<string, string> = {}) =>
    runAction(
      { arch: ARCH, dates: '2038-01-18T00:00:00Z', run: PROBE, ...inputs },
      {},
      { ...service.env, Y2038_CACHE_DIR: cacheDir },
    )

  it('first run: miss, build, save', () => {
    assert.equal(first.code, 0, first.stdout)
    assert.equal(first.outputs['cache-hit'], 'false')
    assert.match(first.stdout, /Not in the Actions cache: y2038-v1-/)
    assert.match(first.stdout, /Building the bookworm\/amd64 root filesystem/)
    assert.match(first.stdout, /Saved userland-amd64-bookworm-\w+ to the Actions cache/)
    // The guest saved where it waits for its job goes too, once a date started from it reached the probe.
    assert.match(first.stdout, /Kept the saved guest for later runs: saved-guest-amd64-bookworm-\w+/)
    assert.match(first.stdout, /Saved saved-guest-amd64-bookworm-\w+ to the Actions cache/)
    assert.deepEqual(
      firstKeys,
      [
        first.outputs['kernel-cache-key'],
        first.outputs['rootfs-cache-key'],
        first.outputs['saved-guest-cache-key'],
      ].sort(),
    )
    assert.match(first.outputs['rootfs-cache-key']!, /^y2038-v1-[\w.-]+-userland-amd64-bookworm-[0-9a-f]{16}$/)
    assert.match(first.outputs['saved-guest-cache-key']!, /^y2038-v1-[\w.-]+-saved-guest-amd64-bookworm-[0-9a-f]{16}$/)
    assert.match(first.summary, /built in [\d.]+ s; saved to the Actions cache/)
    assert.match(
      first.summary,
      /\| saved guest \| `saved-guest-amd64-bookworm-\w+` \| booted and saved by this run; saved to the Actions cache \|/,
    )
  })

  it('second run in a fresh workspace: hit, no build, the restored image is the built one, sudo is still setuid root', async () => {
    const secondDir = freshCacheDir()
    const second = await runWith(secondDir)
    assert.equal(second.code, 0, second.stdout)
    assert.equal(second.outputs['cache-hit'], 'true')
    assert.equal(second.outputs.result, 'pass')
    assert.doesNotMatch(second.stdout, /Building/)
    assert.match(second.stdout, /Restored kernel-amd64-bookworm-\w+ from the Actions cache/)
    assert.match(second.stdout, /Restored userland-amd64-bookworm-\w+ from the Actions cache/)
    assert.match(second.summary, /restored from the Actions cache/)
    // A warm run on a fresh runner boots nothing: its control and its date start from the restored guest.
    assert.match(second.stdout, /Restored saved-guest-amd64-bookworm-\w+ from the Actions cache/)
    assert.match(
      second.stdout,
      /Started from the guest restored from the Actions cache, saved \S+ \(saved-guest-amd64-bookworm-\w+\): nothing to boot/,
    )
    assert.doesNotMatch(second.stdout, /Booted the guest at/)
    assert.equal(second.outputs['saved-guest-cache-key'], first.outputs['saved-guest-cache-key'])
    assert.match(
      second.summary,
      /\| saved guest \| `saved-guest-amd64-bookworm-\w+` \| restored from the Actions cache: nothing booted \|/,
    )
    const report = JSON.parse(readFileSync(second.outputs.report!, 'utf8')) as {
      dates: { fromSnapshot?: boolean; reachedProbe: boolean; outcome: string }[]
      control: { fromSnapshot?: boolean; outcome: string; date: string; bootDate: string }
    }
    assert.deepEqual(
      report.dates.map((d) => [d.fromSnapshot, d.outcome]),
      [[true, 'pass']],
    )
    assert.equal(report.control.fromSnapshot, true)
    assert.equal(report.control.outcome, 'pass')
    // Stepped forward from the first run's boot (its control date) to this run's own control date.
    assert.ok(report.control.bootDate < report.control.date, JSON.stringify(report.control))
    // The probe checked, in the guest, that sudo is setuid root and works.
    for (const output of ['rootfs-cache-key', 'kernel-cache-key', 'saved-guest-cache-key']) {
      const built = entryDir(firstDir, second.outputs[output]!)
      const restored = entryDir(secondDir, second.outputs[output]!)
      const files = readdirSync(built).sort()
      assert.deepEqual(readdirSync(restored).sort(), files)
      for (const name of files)
        assert.equal(sha256Of(path.join(restored, name)), sha256Of(path.join(built, name)), name)
    }
    assert.ok(readdirSync(entryDir(secondDir, second.outputs['rootfs-cache-key']!)).includes('root.erofs'))
  })

  it('a corrupted entry is rebuilt with a warning, not a failure', async () => {
    await service.corrupt(first.outputs['rootfs-cache-key']!, { mode: 'flip' })
    const third = await runWith(freshCacheDir())
    assert.equal(third.code, 0, third.stdout)
    assert.equal(third.outputs.result, 'pass')
    assert.match(third.stdout, /::warning::Failed to restore/)
    assert.match(third.stdout, /Building the bookworm\/amd64 root filesystem/)
    assert.match(third.stdout, /Restored kernel-amd64-bookworm-\w+ from the Actions cache/)
    // The key is taken: saving again is refused, with a warning.
    assert.match(third.stdout, /::warning::The Actions cache did not take y2038-v1-/)
  })

  it("an entry replaced by another valid one (the kernel's, whose files unpack elsewhere) is caught and rebuilt", async () => {
    const kernelKey = first.outputs['kernel-cache-key']!
    const rootfsKey = first.outputs['rootfs-cache-key']!
    await service.corrupt(rootfsKey, { mode: 'replace', data: await service.blob(kernelKey) })
    const fourth = await runWith(freshCacheDir())
    assert.equal(fourth.code, 0, fourth.stdout)
    assert.match(
      fourth.stdout,
      /::warning::Discarded the cached userland y2038-v1-\S+: the restored userland-amd64-bookworm-\w+ has no readable manifest/,
    )
    assert.match(fourth.stdout, /Building the bookworm\/amd64 root filesystem/)
  })

  it('prepare-only: checks the guest boots and saves it, running no probe', async () => {
    await service.clear()
    const run = await runAction(
      { arch: ARCH, 'prepare-only': 'true' },
      {},
      { ...service.env, Y2038_CACHE_DIR: firstDir },
    )
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.outputs.result, 'pass')
    assert.match(run.stdout, /Prepared amd64 bookworm: the guest boots and sudo works/)
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
      assert.match(run.stdout, /Building kernel linux-image-amd64/)
      // The client reserves nothing on a reset connection (-1): the tool says the cache did not take it.
      assert.match(run.stdout, /::warning::The Actions cache did not take y2038-v1-\S+-userland-amd64-bookworm-/)
    } finally {
      service.setAvailable(true)
    }
  })
})
