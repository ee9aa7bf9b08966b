/** The input and output names the code uses (src/action/names.ts) are those the action.yml files declare. */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { parse } from 'yaml'
import { INPUTS, OUTPUTS, REPORT_INPUTS, REPORT_OUTPUTS } from '../../src/action/names.js'

function declared(file: string): { inputs: string[]; outputs: string[] } {
  const action = parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')) as {
    inputs?: Record<string, unknown>
    outputs?: Record<string, unknown>
  }
  return { inputs: Object.keys(action.inputs ?? {}).sort(), outputs: Object.keys(action.outputs ?? {}).sort() }
}

describe('action input and output names', () => {
  test('action.yml declares exactly INPUTS and OUTPUTS', () => {
    const { inputs, outputs } = declared('action.yml')
    assert.deepEqual(inputs, Object.values(INPUTS).sort())
    assert.deepEqual(outputs, Object.values(OUTPUTS).sort())
  })

  test('report/action.yml declares exactly REPORT_INPUTS and REPORT_OUTPUTS', () => {
    const { inputs, outputs } = declared('report/action.yml')
    assert.deepEqual(inputs, Object.values(REPORT_INPUTS).sort())
    assert.deepEqual(outputs, Object.values(REPORT_OUTPUTS).sort())
  })
})
