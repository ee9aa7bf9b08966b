import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { describe, test } from 'node:test'
import { fixtureReports } from '../support/fixture-reports.js'

// test/fixtures/reports/ was written by test/support/fixture-reports.ts at 52c223f, before the
// layers were re-cut (issue 19): the same recorded guests must still give the same reports.
const dir = new URL('../fixtures/reports/', import.meta.url)

describe('the reports of the recorded guests are what they were', () => {
  const rendered = fixtureReports()

  test('the same files', () => {
    assert.deepEqual([...rendered.keys()].sort(), readdirSync(dir).sort())
  })

  for (const [name, text] of rendered) {
    test(name, () => {
      assert.equal(text, readFileSync(new URL(name, dir), 'utf8'))
    })
  }
})
