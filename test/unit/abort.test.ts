import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { parseOptions } from '../../src/config/options.js'
import { runY2038 } from '../../src/engine.js'
import { MemoryLogger } from '../../src/host/log.js'
import { type CommandRunner, InterruptedError, checkNotInterrupted } from '../../src/host/proc.js'
import { bashSyntaxError } from '../../src/host/bash-syntax.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-abort-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** A runner that records what it was asked to start and starts nothing. */
function recordingRunner(calls: string[]): CommandRunner {
  return {
    run: (command) => {
      calls.push(command)
      return Promise.resolve({ code: 0, signal: null, stdout: '', stderr: '' })
    },
    start: (command) => {
      calls.push(command)
      throw new Error('nothing is started in this test')
    },
  }
}

describe('one abort signal through the engine', () => {
  test('a run whose signal is already aborted starts nothing and writes nothing', async () => {
    const controller = new AbortController()
    controller.abort(new InterruptedError('SIGTERM'))
    const calls: string[] = []
    const outputDir = path.join(dir, 'out')
    const options = parseOptions(
      {},
      { repositoryRoot: dir, syntaxError: bashSyntaxError, env: {}, now: new Date('2026-11-29T00:00:00Z') },
    )
    await assert.rejects(
      runY2038(options, {
        runner: recordingRunner(calls),
        log: new MemoryLogger(),
        outputDir,
        signal: controller.signal,
      }),
      (error: unknown) => error instanceof InterruptedError && error.signal === 'SIGTERM',
    )
    assert.deepEqual(calls, [])
    assert.equal(existsSync(outputDir), false)
  })

  test('checkNotInterrupted refuses a command once the signal is aborted, naming both', () => {
    const controller = new AbortController()
    assert.doesNotThrow(() => checkNotInterrupted('mmdebstrap', controller.signal))
    controller.abort(new InterruptedError('SIGINT'))
    assert.throws(() => checkNotInterrupted('mmdebstrap', controller.signal), {
      message: 'interrupted by SIGINT: not starting mmdebstrap',
    })
  })
})
