import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, test } from 'node:test'
import { parseInstant } from '../../src/dates.js'
import {
  type BootConfig,
  GUEST_PROBE_PATH,
  HARNESS_VERSION,
  bootConfigText,
  builtinProbe,
  newToken,
  probeText,
} from '../../src/harness.js'

const config: BootConfig = {
  token: 'e887edab6985',
  clock: 'step',
  date: parseInstant('2038-01-20T00:00:00Z')!,
  arch: 'i386',
  suite: 'bookworm',
}

describe('bootConfigText', () => {
  test('one single-quoted shell assignment per line', () => {
    assert.equal(
      bootConfigText(config),
      [
        "Y2038_TOKEN='e887edab6985'",
        `Y2038_HARNESS_VERSION='${HARNESS_VERSION}'`,
        "Y2038_CLOCK='step'",
        "Y2038_EPOCH='2147558400'",
        "Y2038_DATE='2038-01-20T00:00:00Z'",
        "Y2038_ARCH='i386'",
        "Y2038_SUITE='bookworm'",
        '',
      ].join('\n'),
    )
  })

  test("every line is NAME='value'", () => {
    for (const l of bootConfigText({ ...config, clock: 'boot', date: parseInstant('2038-01-19T03:14:08Z')! })
      .trimEnd()
      .split('\n')) {
      assert.match(l, /^Y2038_[A-Z_]+='[A-Za-z0-9_.:+-]*'$/)
    }
  })

  test('the epoch is whole seconds of the date', () => {
    assert.match(
      bootConfigText({ ...config, date: parseInstant('2038-01-19T03:14:08.900Z')! }),
      /^Y2038_EPOCH='2147483648'$/m,
    )
  })

  test('rejects a value with a quote', () => {
    assert.throws(() => bootConfigText({ ...config, arch: "i386'; reboot; '" }), /unsafe value for Y2038_ARCH/)
  })

  test('rejects other shell syntax', () => {
    assert.throws(() => bootConfigText({ ...config, suite: 'bookworm $(id)' }), /unsafe value for Y2038_SUITE/)
    assert.throws(() => bootConfigText({ ...config, token: 'a\nb' }), /unsafe value for Y2038_TOKEN/)
  })
})

describe('newToken', () => {
  test('12 lower-case hex digits, different each time', () => {
    const a = newToken()
    const b = newToken()
    assert.match(a, /^[0-9a-f]{12}$/)
    assert.notEqual(a, b)
  })
})

describe('probeText', () => {
  test('an inline script gets a trailing newline', () => {
    assert.equal(probeText({ kind: 'inline', script: 'date -u' }), 'date -u\n')
    assert.equal(probeText({ kind: 'inline', script: 'date -u\nsudo -n true' }), 'date -u\nsudo -n true\n')
  })

  test('an inline script that ends in a newline is kept as is', () => {
    assert.equal(probeText({ kind: 'inline', script: 'date -u\n' }), 'date -u\n')
  })

  test('a file probe is read as it is', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-harness-'))
    try {
      const file = path.join(dir, 'probe.sh')
      writeFileSync(file, 'echo "no newline at the end"')
      assert.equal(probeText({ kind: 'file', path: file, relativePath: 'probe.sh' }), 'echo "no newline at the end"')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('the built-in probe is the shipped script', () => {
    const text = probeText({ kind: 'builtin' })
    assert.equal(text, builtinProbe())
    assert.match(text, /check sudo sudo -n true/)
  })

  test('the probe lives in the share in the guest', () => {
    assert.equal(GUEST_PROBE_PATH, '/run/y2038/probe.sh')
  })
})
