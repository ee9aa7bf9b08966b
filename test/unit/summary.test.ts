import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { capSummary } from '../../src/action/summary.js'

describe('capSummary', () => {
  test('a summary under the limit is unchanged', () => {
    assert.equal(capSummary('## title\n\nbody\n', 100), '## title\n\nbody\n')
  })

  test('a longer one is cut at a line under the limit, says so, and closes what it left open', () => {
    const long = [
      '## title',
      '<details><summary>x</summary>',
      '```text',
      ...Array.from({ length: 400 }, (_, i) => `line ${i}`),
    ].join('\n')
    const cut = capSummary(long, 1000)
    assert.ok(Buffer.byteLength(cut) <= 1000, `${Buffer.byteLength(cut)} bytes`)
    assert.match(
      cut,
      /\nline \d+\n```\n<\/details>\n\n> The summary was cut here: it was over the size GitHub shows\. The JSON report has everything\.\n$/,
    )
    assert.ok(cut.startsWith('## title\n<details>'))
  })

  test('multi-byte text is cut at a line, never inside a character', () => {
    const first = 'é'.repeat(500)
    const cut = capSummary(`${first}\n${'ü'.repeat(2000)}\n`, 3000)
    assert.ok(cut.startsWith(`${first}\n\n> The summary was cut here`), cut.slice(0, 80))
    assert.ok(!cut.includes('\uFFFD'))
    assert.ok(!cut.includes('ü'))
  })
})
