import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { probeSyntaxError, probeTextProblem } from '../../src/config/probe-text.js'

describe('probeTextProblem', () => {
  test('a shell script, UTF-8 included, is fine', () => {
    assert.equal(probeTextProblem(Buffer.from('echo "héllo 🕰"\nsudo -n true\n')), undefined)
  })

  test('a NUL byte: not text, with its line', () => {
    assert.equal(
      probeTextProblem(Buffer.from('echo a\necho b\n\x00\x01\x02')),
      'is not a text file (a NUL byte on line 3): give a shell script',
    )
  })

  test('many bytes that are not UTF-8: not text', () => {
    const bytes = Buffer.from(Array.from({ length: 64 }, (_, i) => 0x80 + i))
    assert.match(probeTextProblem(bytes)!, /^is not a text file \(\d+ byte sequences that are not UTF-8\)/)
  })

  test('a few stray Latin-1 bytes in a comment are tolerated', () => {
    assert.equal(probeTextProblem(Buffer.from('# caf\xe9\necho ok\n', 'latin1')), undefined)
  })

  test('CRLF line endings, with the first line that has one', () => {
    assert.equal(
      probeTextProblem(Buffer.from('echo a\necho b\r\necho c\r\n')),
      "has Windows line endings (CRLF, first on line 2), which bash reads as part of each command: convert it to LF (dos2unix, or sed -i 's/\\r$//')",
    )
  })
})

describe('probeSyntaxError', () => {
  test('a script that parses', () => {
    assert.equal(probeSyntaxError('if true; then echo a; fi\n'), undefined)
  })

  test("bash's complaint, from the line it names", () => {
    assert.equal(probeSyntaxError('echo a\nif then fi\necho c\n'), "line 2: syntax error near unexpected token `then'")
  })
})
