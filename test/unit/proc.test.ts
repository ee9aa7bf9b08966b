import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { privilegedArgv } from '../../src/host/proc.js'

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
