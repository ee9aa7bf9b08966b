/**
 * A host that cannot run i386 programs as the build needs (no IA32 emulation, or no 32-bit
 * time calls) builds i386 guests under qemu-user. Y2038_FORCE_EMULATION=i386 takes that path
 * on any x86-64 machine: a fresh cache, so that the kernel and the userland really are built
 * under emulation, then the seed's failures, and the handler gone afterwards.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { BINFMT_DIR, HANDLER_NAME } from '../../src/host/emulation.js'
import { findingLines, runCli } from './helpers.js'

const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'y2038-emulated-cache-'))
after(() => rmSync(cacheDir, { recursive: true, force: true }))

describe('i386 under qemu-user emulation (forced)', { skip: process.arch !== 'x64' && 'an x86-64 host only' }, () => {
  it('builds i386 bookworm under emulation, finds the seed failures, and removes its binfmt handler', async () => {
    assert.equal(existsSync(path.join(BINFMT_DIR, HANDLER_NAME)), false, 'a handler of ours was left from before')
    process.env.Y2038_FORCE_EMULATION = 'i386'
    try {
      const run = await runCli(['--cache-dir', cacheDir, '--date', '2038-01-20T00:00:00Z', '--control', 'none'])
      assert.equal(run.code, 1, run.stderr)
      assert.match(
        run.stderr,
        /^This machine does not run i386 programs as the build needs \(Y2038_FORCE_EMULATION asks for emulation\): building under qemu-user emulation, which is slower$/m,
      )
      assert.equal(run.report!.artifacts.kernel.built, true)
      assert.equal(run.report!.artifacts.userland.built, true)
      assert.deepEqual(findingLines(run.report!, '2038-01-20T00:00:00Z'), [6, 7, 8, 9, 10, 11, 12])
    } finally {
      delete process.env.Y2038_FORCE_EMULATION
    }
    assert.equal(existsSync(path.join(BINFMT_DIR, HANDLER_NAME)), false, 'the handler was left registered')
  })
})
