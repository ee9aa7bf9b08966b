import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  MAX_SCRIPT_BYTES,
  emptyScriptProblem,
  syntaxComplaint,
  probeTextProblem,
  scriptSizeProblem,
  shebangInterpreter,
  shebangNote,
  shebangProblem,
} from '../../src/config/probe-text.js'
import { bashSyntaxError } from '../../src/host/bash-syntax.js'

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

describe('bashSyntaxError (host/bash-syntax.ts: bash -n on the host)', () => {
  test('a script that parses', () => {
    assert.equal(bashSyntaxError('if true; then echo a; fi\n'), undefined)
  })

  test("bash's complaint, from the line it names", () => {
    assert.equal(bashSyntaxError('echo a\nif then fi\necho c\n'), "line 2: syntax error near unexpected token `then'")
  })
})

describe('syntaxComplaint', () => {
  test("bash's prefix (its name and the script's) is cut before the line it names", () => {
    assert.equal(
      syntaxComplaint("bash: line 2: syntax error near unexpected token `then'\nbash: line 2: `if then fi'\n"),
      "line 2: syntax error near unexpected token `then'",
    )
  })

  test('words naming no line are kept whole', () => {
    assert.equal(syntaxComplaint('  bash: something else\n'), 'bash: something else')
  })
})

describe('scriptSizeProblem', () => {
  test('1 MiB is taken, one byte more is not, and the message says the bound', () => {
    assert.equal(scriptSizeProblem(MAX_SCRIPT_BYTES), undefined)
    assert.equal(
      scriptSizeProblem(MAX_SCRIPT_BYTES + 1),
      'is 1048577 bytes, more than a script may be (1048576 bytes, 1 MiB): keep data in workdir or a .deb and read it from the script',
    )
  })
})

describe('emptyScriptProblem', () => {
  test('blank lines and comments alone run nothing', () => {
    for (const text of ['', '\n\n', '# a probe\n  # indented\n\t\n', '#!/bin/bash\n'])
      assert.match(emptyScriptProblem(text) ?? '', /^has no commands/, JSON.stringify(text))
  })

  test('one command is enough, also after comments or without a newline', () => {
    for (const text of ['true', '# check\nsudo -n true\n', ':', '  ls # listed\n'])
      assert.equal(emptyScriptProblem(text), undefined, JSON.stringify(text))
  })
})

describe('shebang', () => {
  test('the interpreter a #! line names, through env and its flags', () => {
    assert.equal(shebangInterpreter('#!/usr/bin/perl -w\nprint 1'), 'perl')
    assert.equal(shebangInterpreter('#! /bin/sh\n'), 'sh')
    assert.equal(shebangInterpreter('#!/usr/bin/env python3\n'), 'python3')
    assert.equal(shebangInterpreter('#!/usr/bin/env -S VAR=1 ruby -w\n'), 'ruby')
    assert.equal(shebangInterpreter('#!/usr/bin/env\n'), 'env')
    assert.equal(shebangInterpreter('#!\n'), undefined)
    assert.equal(shebangInterpreter('# comment\n#!/bin/sh'), undefined)
    assert.equal(shebangInterpreter('echo hi'), undefined)
  })

  test('another language is refused; bash, sh and none pass', () => {
    assert.equal(
      shebangProblem('#!/usr/bin/perl\nprint 1;\n'),
      'starts with #! naming perl, but scripts run in bash, which reads that line as a comment: write it in bash, or run perl from it',
    )
    assert.match(shebangProblem('#!/usr/bin/env python3\n') ?? '', /naming python3/)
    for (const text of ['#!/bin/bash\ntrue', '#!/usr/bin/env bash\ntrue', '#!/bin/sh\ntrue', 'true'])
      assert.equal(shebangProblem(text), undefined, text)
  })

  test('a POSIX shell gets a note that bash runs it; bash and another language get none', () => {
    assert.equal(
      shebangNote('#!/bin/sh\ntrue\n'),
      "starts with #! naming sh, but it runs in bash (bash runs POSIX sh scripts; where the two differ, bash's behaviour applies)",
    )
    assert.match(shebangNote('#!/bin/busybox sh\n') ?? '', /naming busybox/)
    for (const text of ['#!/bin/bash\n', '#!/usr/bin/perl\n', 'true']) assert.equal(shebangNote(text), undefined, text)
  })
})
