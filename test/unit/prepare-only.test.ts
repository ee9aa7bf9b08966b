import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { verificationOptions } from '../../src/action/run.js'
import { parseOptions } from '../../src/config/options.js'
import { bashSyntaxError } from '../../src/host/bash-syntax.js'

describe('prepare-only: the check boot', () => {
  test('one check date with its own probe: no control, no search, whatever the job asked', () => {
    const asked = parseOptions(
      { search: '2036-12-01..2038-02-01', control: '2026-01-01', run: 'sudo -n true' },
      { repositoryRoot: process.cwd(), syntaxError: bashSyntaxError, env: {} },
    )
    assert.ok(asked.search)
    const check = verificationOptions(asked)
    assert.equal('search' in check, false)
    assert.equal(check.control, undefined)
    assert.equal(check.dates.length, 1)
    assert.ok(check.dates[0]! < new Date('2038-01-19T03:14:08Z'))
    assert.deepEqual(check.probe, { kind: 'inline', script: 'test "$(sudo -n id -u)" = 0\n' })
  })
})
