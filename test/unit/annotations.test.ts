import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { buildAnnotations } from '../../src/action/annotations.js'
import type { Finding } from '../../src/verdict/detect.js'

const base = { date: '2038-01-20T00:00:00Z', clock: 'step', arch: 'i386', suite: 'bookworm' } as const

const yearFinding: Finding = {
  ...base,
  stage: 'probe',
  line: 3,
  command: 'sudo -n true',
  message: 'sudo: unable to get time of day: Value too large for defined data type',
  signature: { id: 'sudo-time-of-day', match: 'unable to get time of day' },
  exitStatus: 1,
}

const stopped: Finding = {
  ...base,
  stage: 'probe',
  line: 5,
  command: 'exit 3',
  message: 'the probe stopped at line 5 (`exit 3`) with status 3, before its end',
  signature: { id: 'probe-stopped', match: '' },
}

describe('buildAnnotations: a run that did not test what it was asked', () => {
  test('a stopped probe is not called a Year-2038 failure, and comes before the line findings', () => {
    const annotations = buildAnnotations([yearFinding, stopped], { probe: 'ci/probe.sh' })
    assert.deepEqual(
      annotations.map((a) => [a.title, a.file, a.startLine]),
      [
        ['Probe stopped before its end at 2038-01-20 (i386 bookworm, clock step)', 'ci/probe.sh', 5],
        ['Year-2038 failure at 2038-01-20 (i386 bookworm, clock step)', 'ci/probe.sh', 3],
      ],
    )
  })

  test('incomplete and tampered results have titles of their own', () => {
    const titles = buildAnnotations(
      [
        { ...stopped, line: 2, signature: { id: 'incomplete', match: '' } },
        { ...stopped, line: undefined, signature: { id: 'tampered', match: '' } },
      ],
      { probe: 'p.sh' },
    ).map((a) => a.title.replace(/ at .*/, ''))
    assert.deepEqual(titles, ['Probe results tampered with', 'Probe results incomplete'])
  })
})
