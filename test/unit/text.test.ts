import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { describe, test } from 'node:test'
import { lastLine, lastLines, nonBlankLines, redactCredentials, shellQuote } from '../../src/config/text.js'

describe('text helpers', () => {
  test('nonBlankLines drops blank lines and the carriage return of a serial console', () => {
    assert.deepEqual(nonBlankLines('a\r\n\n  \nb  \n'), ['a', 'b  '])
  })

  test('lastLines keeps the last lines in order', () => {
    assert.deepEqual(lastLines('1\n2\n\n3\n4\n', 2), ['3', '4'])
    assert.deepEqual(lastLines('', 5), [])
  })

  test('lastLine is the last non-blank line, trimmed, or says there was none', () => {
    assert.equal(lastLine('E: first\n  E: last  \n\n'), 'E: last')
    assert.equal(lastLine('\n \n'), '(no output)')
  })
})

describe('redactCredentials', () => {
  test('the user and password of every URL are replaced', () => {
    assert.equal(
      redactCredentials('cannot reach https://ci:s3cr3t@mirror.example/debian; also http://tok@m2/x'),
      'cannot reach https://***@mirror.example/debian; also http://***@m2/x',
    )
  })

  test('URLs without credentials and e-mail addresses are left as they are', () => {
    assert.equal(redactCredentials('http://deb.debian.org/debian'), 'http://deb.debian.org/debian')
    assert.equal(redactCredentials('Maintainer: tests@example.invalid'), 'Maintainer: tests@example.invalid')
  })
})

describe('shellQuote', () => {
  test('sh reads back any text from it as one word: quotes, spaces, $, backslashes, newlines', () => {
    for (const text of ["o'brien", 'a b', '$(id) `id` $HOME', 'back\\slash', 'two\nlines', "'", '']) {
      const out = execFileSync('sh', ['-c', `printf '%s' ${shellQuote(text)}`], { encoding: 'utf8' })
      assert.equal(out, text)
    }
  })
})
