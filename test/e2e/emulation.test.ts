/**
 * A host that cannot run i386 programs as the build needs (no IA32 emulation, or no 32-bit
 * time calls) builds i386 guests under qemu-user. Y2038_FORCE_EMULATION=i386 takes that path
 * on any x86-64 machine: a fresh cache holding only the default kernel (copied from the shared
 * cache, so that the test costs one userland build under emulation, not the kernel's minutes
 * too), so that the userland really is built under emulation; then the seed's failures, and
 * the handler gone afterwards.
 */
import assert from 'node:assert/strict'
import { cpSync, existsSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import { BINFMT_DIR, HANDLER_NAME } from '../../src/host/emulation.js'
import { scratchDir } from '../support/scratch.js'
import { CACHE_DIR, findingLines, runCli } from './helpers.js'

const isX64 = process.arch === 'x64'

describe('i386 under qemu-user emulation (forced)', { skip: !isX64 && 'an x86-64 host only' }, () => {
  const cacheDir = scratchDir('y2038-emulated-cache-')

  before(async () => {
    // The shared cache's default guest, built (or reused) the way this host builds it.
    const warm = await runCli(['--run', 'true', '--date', '2038-01-18', '--control', 'none'])
    assert.equal(warm.code, 0, warm.stderr)
    const kernel = warm.report!.artifacts.kernel.key
    cpSync(path.join(CACHE_DIR, 'artifacts', kernel), path.join(cacheDir, 'artifacts', kernel), {
      recursive: true,
      preserveTimestamps: true,
    })
  })

  it('builds the i386 bookworm userland under emulation, finds the seed failures, and removes its binfmt handler', async () => {
    assert.equal(existsSync(path.join(BINFMT_DIR, HANDLER_NAME)), false, 'a handler of ours was left from before')
    process.env.Y2038_FORCE_EMULATION = 'i386'
    try {
      const run = await runCli(['--cache-dir', cacheDir, '--date', '2038-01-20T00:00:00Z', '--control', 'none'])
      assert.equal(run.code, 1, run.stderr)
      assert.match(
        run.stderr,
        /^This machine does not run i386 programs as the build needs \(Y2038_FORCE_EMULATION asks for emulation\): building under qemu-user emulation, which is slower$/m,
      )
      assert.equal(run.report!.artifacts.kernel.built, false)
      assert.equal(run.report!.artifacts.userland.built, true)
      assert.deepEqual(findingLines(run.report!, '2038-01-20T00:00:00Z'), [6, 7, 8, 9, 10, 11, 12])
    } finally {
      delete process.env.Y2038_FORCE_EMULATION
    }
    assert.equal(existsSync(path.join(BINFMT_DIR, HANDLER_NAME)), false, 'the handler was left registered')
  })
})
