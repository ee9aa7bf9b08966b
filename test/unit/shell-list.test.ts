import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { isUncheckedAndFailure, splitList } from '../../src/verdict/shell-list.js'

describe('splitList', () => {
  test('splits at list and pipeline operators, keeping the operator after each command', () => {
    assert.deepEqual(splitList('a && b || c | d |& e; f & g'), [
      { text: 'a', operator: '&&' },
      { text: 'b', operator: '||' },
      { text: 'c', operator: '|' },
      { text: 'd', operator: '|&' },
      { text: 'e', operator: ';' },
      { text: 'f', operator: '&' },
      { text: 'g', operator: '' },
    ])
  })

  test('operators inside quotes, $(...) and backquotes are part of the command', () => {
    assert.deepEqual(splitList(`echo "a && b" 'c || d' $(e && f) \`g | h\` && i`), [
      { text: `echo "a && b" 'c || d' $(e && f) \`g | h\``, operator: '&&' },
      { text: 'i', operator: '' },
    ])
  })

  test('redirections are not operators', () => {
    assert.deepEqual(splitList('cmd 2>&1 >|f &>g && next'), [
      { text: 'cmd 2>&1 >|f &>g', operator: '&&' },
      { text: 'next', operator: '' },
    ])
  })

  test('a comment ends the line; an escaped operator is text', () => {
    assert.deepEqual(splitList('a \\&\\& b && c # d && e'), [
      { text: 'a \\&\\& b', operator: '&&' },
      { text: 'c', operator: '' },
    ])
  })
})

describe('isUncheckedAndFailure', () => {
  test('a non-final command of an && list, however bash spaced its redirections', () => {
    const line = 'mkdir -p /mnt/r 2>/dev/null && mount -t tmpfs none /mnt/r && true'
    assert.equal(isUncheckedAndFailure(line, 'mkdir -p /mnt/r 2> /dev/null'), true)
    assert.equal(isUncheckedAndFailure(line, 'mount -t tmpfs none /mnt/r'), true)
  })

  test('the last command, a || left side and a command after ; are not', () => {
    assert.equal(isUncheckedAndFailure('a && b', 'b'), false)
    assert.equal(isUncheckedAndFailure('a || b', 'a'), false)
    assert.equal(isUncheckedAndFailure('a; b && c', 'a'), false)
  })

  test('conditions are not: if, while, tests and !', () => {
    assert.equal(isUncheckedAndFailure('if grep -q x f && y; then z; fi', 'grep -q x f'), false)
    assert.equal(isUncheckedAndFailure('while read -r l && [ -n "$l" ]; do :; done', 'read -r l'), false)
    assert.equal(isUncheckedAndFailure('[ -f /x ] && rm /x', '[ -f /x ]'), false)
    assert.equal(isUncheckedAndFailure('[[ -f /x ]] && rm /x', '[[ -f /x ]]'), false)
    assert.equal(isUncheckedAndFailure('test -f /x && rm /x', 'test -f /x'), false)
    assert.equal(isUncheckedAndFailure('! grep x f && y', 'grep x f'), false)
  })

  test('inside a then or do branch on one line it is', () => {
    assert.equal(isUncheckedAndFailure('then mount x && true', 'mount x'), true)
    assert.equal(isUncheckedAndFailure('{ cd /x && make; }', 'cd /x'), true)
  })

  test('a command not found on the line is not', () => {
    assert.equal(isUncheckedAndFailure('a && b', 'c'), false)
  })
})
