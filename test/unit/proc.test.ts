import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { describe, test } from 'node:test'
import { childPids, privilegedArgv } from '../../src/host/proc.js'

describe('privilegedArgv', () => {
  test('as root: the command as it is', () => {
    assert.deepEqual(privilegedArgv('mmdebstrap', ['--arch=i386'], true), ['mmdebstrap', ['--arch=i386']])
  })

  test('through sudo: never prompting, keeping apt mode and the proxies for mmdebstrap', () => {
    assert.deepEqual(privilegedArgv('mmdebstrap', ['--arch=i386'], false), [
      'sudo',
      [
        '-n',
        '--preserve-env=DEBIAN_FRONTEND,http_proxy,https_proxy,no_proxy,HTTP_PROXY,HTTPS_PROXY,NO_PROXY',
        '--',
        'mmdebstrap',
        '--arch=i386',
      ],
    ])
  })
})

describe('childPids', () => {
  test('finds a child this process started without the runner (as @actions/exec does), and no other process', () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' })
    try {
      const pids = childPids()
      assert.ok(pids.includes(child.pid!), `${child.pid} in ${pids.join(' ')}`)
      assert.ok(!pids.includes(process.pid))
      assert.ok(!pids.includes(1))
      // The child's own children are not this process's children.
      assert.deepEqual(childPids(child.pid!), [])
    } finally {
      child.kill('SIGKILL')
    }
  })
})

describe('after an interruption', () => {
  test('nothing new starts, and the tool exits with 128 + the signal', () => {
    // A child node process: it is told SIGTERM, then tries to start a command.
    const script = `
      import { ProcessRunner, onInterrupt } from ${JSON.stringify(new URL('../../src/host/proc.ts', import.meta.url).href)}
      onInterrupt(() => {})
      process.kill(process.pid, 'SIGTERM')
      setTimeout(() => {
        try {
          new ProcessRunner().start('true', [])
          console.log('started')
        } catch (error) {
          console.log(error.message)
        }
      }, 20)
      setTimeout(() => {}, 10_000)
    `
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    })
    assert.equal(result.stdout.trim(), 'interrupted by SIGTERM: not starting true')
    assert.equal(result.status, 143)
    assert.match(result.stderr, /interrupted by SIGTERM, stopping guests and builds/)
  })
})
