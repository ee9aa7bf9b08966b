import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseInstant } from '../../src/config/dates.js'
import { type BootEvidence, cutShort, evaluateBoot } from '../../src/verdict/detect.js'
import type { GuestReport } from '../../src/verdict/guest-report.js'
import { type StageEvidence, evaluateStage } from '../../src/verdict/stages.js'

const JAN20 = parseInstant('2038-01-20')!

/** A guest whose script ran to its end at JAN20, every record in order. */
function guest(extra: Partial<GuestReport> = {}): GuestReport {
  return {
    harnessVersion: 7,
    machine: 'i686',
    kernelRelease: '6.1.0-50-686',
    timeT: 32,
    step: { ok: true, message: 'ok' },
    clockAtProbe: Math.floor(JAN20.getTime() / 1000),
    lines: [{ line: 1, command: 'true', output: [], omittedOutput: 0, failures: [], lastUptime: 1 }],
    lastCommand: { line: 1, command: 'true' },
    preamble: [],
    doneStatus: 0,
    exitStatus: 0,
    processStatus: 0,
    unreadBytes: 0,
    endWatched: true,
    droppedBytes: 0,
    complete: true,
    corruptRecords: 0,
    missingRecords: 0,
    outOfOrderRecords: [],
    clockMoves: [],
    ...extra,
  }
}

const TAMPERED = { outOfOrderRecords: [4, 7] }
const CUT = { complete: false, missingRecords: 3 }
const STOPPED = { doneStatus: undefined, exitStatus: 1, unreadBytes: 40 }

describe('cutShort: one ladder, tampered → timeout → incomplete → stopped', () => {
  test('a script that ran to its end is not cut short', () => {
    assert.equal(cutShort(guest(), { timedOut: false }), undefined)
  })

  test('each rung alone, with its parts', () => {
    assert.deepEqual(cutShort(guest(TAMPERED), { timedOut: false }), { rung: 'tampered', records: [4, 7] })
    assert.deepEqual(cutShort(guest(), { timedOut: true }), { rung: 'timeout' })
    assert.deepEqual(cutShort(guest(CUT), { timedOut: false }), {
      rung: 'incomplete',
      droppedBytes: 0,
      missingRecords: 3,
    })
    assert.deepEqual(cutShort(guest({ droppedBytes: 512 }), { timedOut: false }), {
      rung: 'incomplete',
      droppedBytes: 512,
      missingRecords: 0,
    })
    const stopped = cutShort(guest(STOPPED), { script: 'the setup script', timedOut: false })
    assert.equal(stopped?.rung, 'stopped')
    assert.match(stopped.message, /^the setup script stopped at line 1 \(`true`\) with status 1, before its end/)
  })

  test('the higher rung wins when several apply', () => {
    assert.equal(cutShort(guest({ ...TAMPERED, ...CUT, ...STOPPED }), { timedOut: true })?.rung, 'tampered')
    assert.equal(cutShort(guest({ ...CUT, ...STOPPED }), { timedOut: true })?.rung, 'timeout')
    assert.equal(cutShort(guest({ ...CUT, ...STOPPED }), { timedOut: false })?.rung, 'incomplete')
  })
})

/** The outcome the boot and the setup stage give one guest: the same rung, each in its own words. */
function bothOutcomes(report: GuestReport, timedOut: boolean): [string, string] {
  const boot: BootEvidence = {
    date: JAN20,
    clock: 'step',
    arch: 'i386',
    suite: 'bookworm',
    guest: report,
    console: '',
    timedOut,
    timeoutSeconds: 60,
    durationMs: 1000,
  }
  const stage: StageEvidence = {
    stage: 'setup',
    guest: report,
    date: JAN20,
    clock: 'step',
    arch: 'i386',
    suite: 'bookworm',
    timedOut,
    timeoutSeconds: 60,
    console: '',
  }
  return [evaluateBoot(boot).outcome, evaluateStage(stage).outcome]
}

describe('the boot and the stages climb the same ladder, each with its outcomes', () => {
  const cases: Array<[string, Partial<GuestReport>, boolean, [string, string]]> = [
    ['tampered, cut and timed out', { ...TAMPERED, ...CUT, ...STOPPED }, true, ['tampered', 'tampered']],
    ['cut, stopped and timed out', { ...CUT, ...STOPPED }, true, ['timeout', 'timeout']],
    ['cut and stopped', { ...CUT, ...STOPPED }, false, ['incomplete', 'setup-failed']],
    ['stopped', STOPPED, false, ['probe-stopped', 'setup-failed']],
    ['ran to its end', {}, false, ['pass', 'ok']],
  ]
  for (const [name, extra, timedOut, expected] of cases) {
    test(name, () => assert.deepEqual(bothOutcomes(guest(extra), timedOut), expected))
  }

  test('a stage that finished before the guest timed out was not cut by the timeout', () => {
    // The boot's timeout is the probe's; the stage's own records came to their end.
    assert.deepEqual(bothOutcomes(guest(STOPPED), true), ['timeout', 'setup-failed'])
  })
})
