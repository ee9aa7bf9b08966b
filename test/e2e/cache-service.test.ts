/**
 * Proves test/support/cache-service.ts against the REAL @actions/cache client (cache service v2:
 * Twirp JSON API, archives in Azure Blob Storage, here Azurite), and records what that client
 * does on a duplicate save, a miss, a corrupt blob and an unavailable service.
 */
import * as cache from '@actions/cache'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { type CacheService, startCacheService } from '../support/cache-service.js'

let service: CacheService
let root: string
let workspace: string
const savedEnv: Record<string, string | undefined> = {}

/** Lines @actions/core printed (`::warning::...`, `::error::...`, info lines) while `fn` ran. */
async function capture<T>(fn: () => Promise<T>): Promise<{ result: T; out: string[] }> {
  const out: string[] = []
  const write = process.stdout.write
  process.stdout.write = function (chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    out.push(...text.split(/\r?\n/).filter((l) => l !== ''))
    // Keep the (very chatty) ::debug:: lines out of the test output; pass everything else on.
    if (text.startsWith('::debug::') || text.startsWith('::add-mask::')) return true
    return (write as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest)
  } as typeof process.stdout.write
  try {
    return { result: await fn(), out }
  } finally {
    process.stdout.write = write
  }
}

const warnings = (out: string[]) => out.filter((l) => l.startsWith('::warning::'))
const errors = (out: string[]) => out.filter((l) => l.startsWith('::error::'))
const TAR_FAILED =
  /^::warning::Failed to restore: "[^"]*tar" failed with error: The process '[^']*tar' failed with exit code 2$/
const RESERVE_FAILED = (key: string) =>
  `Failed to save: Unable to reserve cache with key ${key}, another job may be creating this cache.`

/** relative path -> sha256 of every file under dir. */
function digestTree(dir: string): Map<string, string> {
  const result = new Map<string, string>()
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else result.set(path.relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'))
    }
  }
  if (existsSync(dir)) walk(dir)
  return result
}

/** A directory with a few files, one of 3 MiB of random bytes. */
function makeData(name: string, seed = randomBytes(8).toString('hex')): string {
  const dir = path.join(workspace, name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(path.join(dir, 'sub'), { recursive: true })
  writeFileSync(path.join(dir, 'hello.txt'), `hello ${seed}\n`)
  writeFileSync(path.join(dir, 'empty'), '')
  writeFileSync(path.join(dir, 'sub', 'random.bin'), randomBytes(3 * 1024 * 1024))
  return dir
}

const ENV_NAMES = [
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_CACHE_MODE',
  'GITHUB_SERVER_URL',
  'GITHUB_WORKSPACE',
  'RUNNER_TEMP',
  'ACTIONS_STEP_DEBUG',
]

describe('local cache service v2 stand-in with the real @actions/cache client', { timeout: 300_000 }, () => {
  before(async () => {
    service = await startCacheService()
    root = mkdtempSync(path.join(os.tmpdir(), 'cache-service-e2e-'))
    workspace = path.join(root, 'workspace')
    mkdirSync(workspace)
    mkdirSync(path.join(root, 'runner-temp'))
    for (const name of ENV_NAMES) savedEnv[name] = process.env[name]
    Object.assign(process.env, service.env, {
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: path.join(root, 'runner-temp'),
    })
    delete process.env.ACTIONS_STEP_DEBUG
  })

  after(async () => {
    await service?.stop()
    for (const name of ENV_NAMES) {
      if (savedEnv[name] === undefined) delete process.env[name]
      else process.env[name] = savedEnv[name]
    }
    if (root) rmSync(root, { recursive: true, force: true })
  })

  test('the client sees the service as available, v2', () => {
    assert.equal(cache.isFeatureAvailable(), true)
  })

  test('save then restore into an emptied location gives the same bytes', async () => {
    const dir = makeData('roundtrip')
    const before = digestTree(dir)
    assert.equal(before.size, 3)

    const { result: id } = await capture(() => cache.saveCache([dir], 'roundtrip-key'))
    assert.ok(id > 0, `saveCache returned ${id}`)
    const entry = service.entries().find((e) => e.key === 'roundtrip-key')
    assert.ok(entry)
    assert.equal(entry.id, id)
    assert.equal(entry.finalized, true)
    assert.equal(entry.sizeBytes, (await service.blob('roundtrip-key')).length)
    // A zstd archive: the random megabytes dominate it.
    assert.ok(entry.sizeBytes! > 3 * 1024 * 1024, `archive of ${entry.sizeBytes} bytes`)

    rmSync(dir, { recursive: true, force: true })
    const { result: hit, out } = await capture(() => cache.restoreCache([dir], 'roundtrip-key'))
    assert.equal(hit, 'roundtrip-key')
    assert.ok(out.includes('Cache restored successfully'), out.join('\n'))
    assert.deepEqual(digestTree(dir), before)

    // Every call carried the runtime token as a bearer token, and only the three methods were used.
    assert.ok(service.calls.length >= 3)
    for (const call of service.calls) assert.equal(call.authorization, `Bearer ${service.env.ACTIONS_RUNTIME_TOKEN}`)
    assert.deepEqual(
      service.calls.map((c) => c.method),
      ['CreateCacheEntry', 'FinalizeCacheEntryUpload', 'GetCacheEntryDownloadURL'],
    )
    // The JSON the client sends uses proto field names, int64 as strings.
    assert.deepEqual(Object.keys(service.calls[0]!.body as object).sort(), ['key', 'version'])
    assert.equal((service.calls[1]!.body as { size_bytes: string }).size_bytes, String(entry.sizeBytes))
  })

  test('a second save with the same key returns -1 and logs (info, not warning) that it could not reserve', async () => {
    const dir = makeData('duplicate')
    const { result: first } = await capture(() => cache.saveCache([dir], 'duplicate-key'))
    assert.ok(first > 0)

    const { result: second, out } = await capture(() => cache.saveCache([dir], 'duplicate-key'))
    assert.equal(second, -1)
    assert.ok(out.includes(RESERVE_FAILED('duplicate-key')), out.join('\n'))
    assert.deepEqual(warnings(out), [])
    assert.deepEqual(errors(out), [])
    const create = service.calls.filter((c) => c.method === 'CreateCacheEntry').at(-1)!
    assert.equal(create.status, 409)
    assert.deepEqual(create.response, {
      code: 'already_exists',
      msg: 'cache entry with the same key, version, and scope already exists',
    })
    assert.equal(service.entries().filter((e) => e.key === 'duplicate-key').length, 1)
  })

  test('restoring an unknown key returns undefined, quietly', async () => {
    const dir = path.join(workspace, 'unknown')
    const { result, out } = await capture(() => cache.restoreCache([dir], 'no-such-key', ['no-such-prefix-']))
    assert.equal(result, undefined)
    assert.deepEqual(warnings(out), [])
    assert.equal(existsSync(dir), false)
  })

  test('restore keys match as prefixes, newest first, same version only', async () => {
    const dir = makeData('prefix', 'old')
    assert.ok((await capture(() => cache.saveCache([dir], 'prefix-1'))).result > 0)
    const older = digestTree(dir)
    makeData('prefix', 'new')
    assert.ok((await capture(() => cache.saveCache([dir], 'prefix-2'))).result > 0)
    const newer = digestTree(dir)
    assert.notDeepEqual(older, newer)

    rmSync(dir, { recursive: true, force: true })
    const { result, out } = await capture(() => cache.restoreCache([dir], 'prefix-3', ['nothing-', 'prefix-']))
    assert.equal(result, 'prefix-2')
    assert.ok(out.includes('Cache hit for restore-key: prefix-2'), out.join('\n'))
    assert.deepEqual(digestTree(dir), newer)

    // An exact restore key wins over a newer prefix match.
    rmSync(dir, { recursive: true, force: true })
    assert.equal((await capture(() => cache.restoreCache([dir], 'prefix-3', ['prefix-1']))).result, 'prefix-1')
    assert.deepEqual(digestTree(dir), older)

    // Like GitHub, the primary key itself also matches as a prefix.
    rmSync(dir, { recursive: true, force: true })
    assert.equal((await capture(() => cache.restoreCache([dir], 'prefix-'))).result, 'prefix-2')

    // Other paths make another version: no match.
    const other = path.join(workspace, 'other')
    assert.equal((await capture(() => cache.restoreCache([other], 'prefix-2', ['prefix-']))).result, undefined)
  })

  test('a corrupt blob (bytes flipped, same length): the client warns, returns undefined, files may be left behind', async () => {
    const dir = makeData('flip')
    const original = digestTree(dir)
    assert.ok((await capture(() => cache.saveCache([dir], 'flip-key'))).result > 0)
    const stored = await service.blob('flip-key')
    await service.corrupt('flip-key')
    const corrupted = await service.blob('flip-key')
    assert.equal(corrupted.length, stored.length)
    assert.notDeepEqual(corrupted, stored)

    rmSync(dir, { recursive: true, force: true })
    const { result, out } = await capture(() => cache.restoreCache([dir], 'flip-key'))
    assert.equal(result, undefined)
    const warned = warnings(out)
    assert.equal(warned.length, 1, out.join('\n'))
    // zstd's frame checksum catches it, tar fails, the client warns...
    assert.match(warned[0]!, TAR_FAILED)
    // ...after it had already announced the hit:
    assert.ok(out.includes('Cache hit for: flip-key'), out.join('\n'))
    // tar extracted what it could before zstd failed: what is on disk is not the original.
    assert.ok(existsSync(path.join(dir, 'sub', 'random.bin')))
    assert.notDeepEqual(digestTree(dir), original)
  })

  test('a truncated blob: the client warns and returns undefined (the Content-Length check cannot see it)', async () => {
    const dir = makeData('truncate')
    const original = digestTree(dir)
    assert.ok((await capture(() => cache.saveCache([dir], 'truncate-key'))).result > 0)
    const size = (await service.blob('truncate-key')).length
    await service.corrupt('truncate-key', { mode: 'truncate' })
    assert.equal((await service.blob('truncate-key')).length, Math.floor(size / 2))

    rmSync(dir, { recursive: true, force: true })
    const { result, out } = await capture(() => cache.restoreCache([dir], 'truncate-key'))
    assert.equal(result, undefined)
    const warned = warnings(out)
    assert.equal(warned.length, 1, out.join('\n'))
    assert.match(warned[0]!, TAR_FAILED)
    assert.ok(out.includes('Cache hit for: truncate-key'), out.join('\n'))
    assert.notDeepEqual(digestTree(dir), original)
  })

  test('a blob replaced by another valid archive: the client cannot tell, restores the wrong files', async () => {
    const dir = makeData('replace', 'first')
    const original = digestTree(dir)
    assert.ok((await capture(() => cache.saveCache([dir], 'replace-a'))).result > 0)
    makeData('replace', 'second')
    const other = digestTree(dir)
    assert.ok((await capture(() => cache.saveCache([dir], 'replace-b'))).result > 0)
    await service.corrupt('replace-a', { mode: 'replace', data: await service.blob('replace-b') })

    rmSync(dir, { recursive: true, force: true })
    const { result, out } = await capture(() => cache.restoreCache([dir], 'replace-a'))
    assert.equal(result, 'replace-a')
    assert.deepEqual(warnings(out), [])
    assert.deepEqual(digestTree(dir), other)
    assert.notDeepEqual(digestTree(dir), original)
  })

  test('service unavailable (connection reset): save returns -1 (info only), restore undefined (warning), nothing throws', async () => {
    const dir = makeData('reset')
    assert.ok((await capture(() => cache.saveCache([dir], 'reset-existing'))).result > 0)
    service.setAvailable(false)
    const callsBefore = service.calls.length
    try {
      const save = await capture(() => cache.saveCache([dir], 'reset-new'))
      assert.equal(save.result, -1)
      // Any failure of CreateCacheEntry becomes ReserveCacheError: the same info line as a duplicate key,
      // no warning; the cause only shows in a ::debug:: line.
      assert.deepEqual(warnings(save.out), [])
      assert.ok(save.out.includes(RESERVE_FAILED('reset-new')), save.out.join('\n'))
      assert.ok(
        save.out.some((l) =>
          l.startsWith(
            '::debug::Failed to reserve cache: Error: Failed to CreateCacheEntry: Unable to make request: ECONNRESET',
          ),
        ),
      )

      const restore = await capture(() => cache.restoreCache([dir], 'reset-existing'))
      assert.equal(restore.result, undefined)
      assert.equal(warnings(restore.out).length, 1, restore.out.join('\n'))
      assert.match(
        warnings(restore.out)[0]!,
        /^::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Unable to make request: ECONNRESET/,
      )
      // A network error is not retried: one call of each, both reset.
      assert.deepEqual(
        service.calls.slice(callsBefore).map((c) => [c.method, c.status]),
        [
          ['CreateCacheEntry', 0],
          ['GetCacheEntryDownloadURL', 0],
        ],
      )
    } finally {
      service.setAvailable(true)
    }
    assert.equal(
      service.entries().some((e) => e.key === 'reset-new'),
      false,
    )
    assert.equal((await capture(() => cache.restoreCache([dir], 'reset-existing'))).result, 'reset-existing')
  })

  test('service unavailable (HTTP 503): the client retries 5 times (~30 s), then gives up as on a reset', async () => {
    const dir = makeData('503')
    assert.ok((await capture(() => cache.saveCache([dir], '503-existing'))).result > 0)
    const callsBefore = service.calls.length
    service.setAvailable(false, '503')
    try {
      // Both at once, to wait through the client's back-off only once.
      const {
        result: [saved, restored],
        out: all,
      } = await capture(() =>
        Promise.all([cache.saveCache([dir], '503-new'), cache.restoreCache([dir], '503-existing')]),
      )
      assert.equal(saved, -1)
      assert.equal(restored, undefined)
      // As with a reset connection, the failed save is only an info line (same as a duplicate key).
      assert.ok(all.includes(RESERVE_FAILED('503-new')), all.join('\n'))
      assert.ok(
        all.some((l) =>
          l.startsWith(
            '::debug::Failed to reserve cache: Error: Failed to CreateCacheEntry: Failed to make request after 5 attempts: Failed request: (503) Service Unavailable',
          ),
        ),
      )
      assert.ok(
        all.some((l) =>
          /^::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Failed to make request after 5 attempts: Failed request: \(503\)/.test(
            l,
          ),
        ),
        all.join('\n'),
      )
      assert.deepEqual(errors(all), [])
      const unavailableCalls = service.calls.slice(callsBefore).filter((c) => c.status === 503)
      assert.equal(unavailableCalls.filter((c) => c.method === 'CreateCacheEntry').length, 5)
      assert.equal(unavailableCalls.filter((c) => c.method === 'GetCacheEntryDownloadURL').length, 5)
    } finally {
      service.setAvailable(true)
    }
  })

  test('entries() lists what was saved, finalized, with its version', async () => {
    const dir = makeData('listed')
    const before = service.entries().length
    assert.ok((await capture(() => cache.saveCache([dir], 'listed-key'))).result > 0)
    const listed = service.entries()
    assert.equal(listed.length, before + 1)
    const entry = listed.find((e) => e.key === 'listed-key')
    assert.ok(entry)
    assert.equal(entry.finalized, true)
    assert.match(entry.version, /^[0-9a-f]{64}$/)
  })
})
