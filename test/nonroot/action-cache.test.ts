/**
 * The Actions cache as GitHub's hosted runners use it: the bundled action, run by a user that
 * is not root (with passwordless sudo), saves what it built to a local cache service (the
 * runners' protocol, blobs in Azurite) and restores it into a fresh cache directory; the
 * restored guest keeps sudo setuid root, and nothing the user owns becomes root's. amd64, the
 * target an x86-64 host builds natively: what is checked here does not depend on the
 * architecture, and an i386 build may need minutes of emulation.
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type CacheService, startCacheService } from '../support/cache-service.js'
import { scratchDir } from '../support/scratch.js'
import { runAction } from '../e2e/action-runner.js'
import { notMine, uid } from './helpers.js'

const PROBE = 'test -u /usr/bin/sudo\ntest "$(sudo -n id -u)" = 0\n'

describe('the Actions cache, as a user that is not root', () => {
  let service: CacheService
  const fresh = (): string => scratchDir('y2038-nonroot-actions-cache-')

  before(async () => {
    assert.notEqual(uid, 0, 'run these tests as a user that is not root (with passwordless sudo), as .ci/run does')
    service = await startCacheService()
  })
  after(async () => {
    await service?.stop()
  })

  it('builds and saves, then restores into a fresh cache directory; sudo stays setuid root; nothing root-owned', async () => {
    const firstCache = fresh()
    const first = await runAction(
      { arch: 'amd64', dates: '2038-01-18', run: PROBE },
      {},
      { ...service.env, Y2038_CACHE_DIR: firstCache },
    )
    assert.equal(first.code, 0, first.stdout)
    assert.equal(first.outputs['cache-hit'], 'false')
    assert.match(first.stdout, /Saved userland-amd64-bookworm-\w+ to the Actions cache/)

    const secondCache = fresh()
    const second = await runAction(
      { arch: 'amd64', dates: '2038-01-18', run: PROBE },
      {},
      { ...service.env, Y2038_CACHE_DIR: secondCache },
    )
    assert.equal(second.code, 0, second.stdout)
    assert.equal(second.outputs['cache-hit'], 'true')
    assert.equal(second.outputs.result, 'pass')
    assert.match(second.stdout, /Restored userland-amd64-bookworm-\w+ from the Actions cache/)
    assert.doesNotMatch(second.stdout, /Building/)
    // The saved guest too: the control and the date start from it, nothing boots.
    assert.match(
      second.stdout,
      /Started from the guest restored from the Actions cache, saved \S+ \(saved-guest-amd64-bookworm-\w+\)/,
    )
    assert.doesNotMatch(second.stdout, /Booted the guest at/)
    for (const dir of [
      firstCache,
      secondCache,
      first.workspace,
      second.workspace,
      path.dirname(second.outputs.report!),
    ])
      assert.deepEqual(notMine(dir), [], dir)
  })
})
