import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { parseInstant } from '../../src/config/dates.js'
import { type DateVerdict, type Finding, RUN_SIGNATURES, evaluateBoot, reconcile } from '../../src/verdict/detect.js'
import type { GuestReport } from '../../src/verdict/guest-report.js'
import {
  OUTCOMES,
  OUTCOME_TABLE,
  type Outcome,
  findingSeverity,
  isJudged,
  outcomeCell,
  outcomeLine,
  outcomePasses,
  outcomeWhat,
} from '../../src/verdict/outcomes.js'
import { type StageEvidence, evaluateStage } from '../../src/verdict/stages.js'
import { toSarif } from '../../src/report/sarif.js'
import type { ReadReport } from '../../src/report/merge.js'

describe('the table of outcomes', () => {
  test('only a pass passes: its mark, its severity and the run result agree', () => {
    for (const outcome of OUTCOMES) {
      const entry = OUTCOME_TABLE[outcome]
      assert.equal(outcomePasses(outcome), outcome === 'pass', outcome)
      assert.equal(entry.mark, outcome === 'pass' ? '✅' : '❌', outcome)
      assert.equal(entry.severity, outcome === 'pass' ? 'none' : 'error', outcome)
      assert.equal(outcomeLine(outcome).startsWith(outcome === 'pass' ? 'PASS  ' : 'FAIL  '), true, outcome)
    }
  })

  test("the report schema's outcomes are the table's, each described", () => {
    const schema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'))
    const outcome = schema.$defs?.outcome ?? schema.definitions?.outcome
    assert.deepEqual(outcome.enum, [...OUTCOMES])
    for (const o of OUTCOMES) assert.match(outcome.description, new RegExp(`(?:^|\\. )${o}: `), o)
  })

  test('only a pass and a fail ran the probe to its end at the date', () => {
    assert.deepEqual(
      OUTCOMES.filter((o) => isJudged(o)),
      ['pass', 'fail'],
    )
  })

  test('the words of the report and the summary', () => {
    assert.equal(outcomeLine('timeout'), 'FAIL  the guest timed out')
    assert.equal(outcomeWhat('timeout'), 'the guest timed out')
    assert.equal(outcomeCell('pass'), '✅ pass')
    assert.equal(outcomeCell('setup-failed'), '❌ setup failed, probe not run')
  })

  test('an outcome this version does not know (a newer report) is shown as it is and does not pass', () => {
    assert.equal(outcomeLine('melted'), 'melted')
    assert.equal(outcomeCell('melted'), 'melted')
    assert.equal(outcomePasses('melted'), false)
    assert.equal(isJudged('melted'), false)
    // Not an outcome, though a property of every object.
    assert.equal(outcomePasses('constructor'), false)
    assert.equal(outcomeCell('toString'), 'toString')
  })
})

describe('reconcile: a pass with findings is a fail, a fail without findings is a pass', () => {
  const finding = { signature: { id: 'eoverflow', match: '' } } as Finding
  const verdict = (outcome: Outcome): DateVerdict => ({ outcome, findings: [] })
  test('for the outcomes that ran the probe to its end', () => {
    assert.equal(reconcile(verdict('pass'), [finding]).outcome, 'fail')
    assert.equal(reconcile({ outcome: 'fail', findings: [finding] }, []).outcome, 'pass')
  })
  test('any other outcome stays as it is', () => {
    for (const outcome of OUTCOMES.filter((o) => o !== 'pass' && o !== 'fail')) {
      assert.equal(reconcile(verdict(outcome), []).outcome, outcome)
      assert.equal(reconcile(verdict(outcome), [finding]).outcome, outcome)
    }
  })
})

const JAN20 = parseInstant('2038-01-20')!
function guest(extra: Partial<GuestReport>): GuestReport {
  return {
    harnessVersion: 7,
    step: { ok: true, message: 'ok' },
    clockAtProbe: Math.floor(JAN20.getTime() / 1000),
    lines: [],
    lastCommand: { line: 3, command: 'sleep 9' },
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

/** The finding each cut-short outcome comes with, as the verdict writes it. */
function outcomeFindings(): Array<[Outcome, Finding]> {
  const boot = (g: Partial<GuestReport>, timedOut = false) =>
    evaluateBoot({
      date: JAN20,
      clock: 'step',
      arch: 'i386',
      suite: 'bookworm',
      guest: guest(g),
      console: '',
      timedOut,
      timeoutSeconds: 60,
      durationMs: 1000,
    })
  const stage: StageEvidence = {
    stage: 'setup',
    guest: guest({ doneStatus: undefined, exitStatus: 2, unreadBytes: 10 }),
    date: JAN20,
    clock: 'step',
    arch: 'i386',
    suite: 'bookworm',
    timedOut: false,
    timeoutSeconds: 60,
    console: '',
  }
  const verdicts = [
    boot({ outOfOrderRecords: [5] }),
    boot({}, true),
    boot({ complete: false }),
    boot({ doneStatus: undefined, exitStatus: 1, unreadBytes: 10 }),
    boot({ clockMoves: [{ was: 1, btime: 900, uptime: 4 }] }),
    { outcome: evaluateStage(stage).outcome as Outcome, findings: evaluateStage(stage).findings },
  ]
  return verdicts.map((v) => [v.outcome, v.findings.at(-1)!])
}

describe("an outcome's own finding", () => {
  test('each outcome that cuts a run short comes with a finding of its name, which the table words', () => {
    const found = outcomeFindings()
    assert.deepEqual(
      found.map(([outcome]) => outcome),
      ['tampered', 'timeout', 'incomplete', 'probe-stopped', 'clock-moved', 'setup-failed'],
    )
    for (const [outcome, finding] of found) {
      assert.equal(finding.signature.id, outcome)
      assert.ok(OUTCOME_TABLE[outcome].finding, outcome)
      assert.ok(RUN_SIGNATURES.has(outcome), outcome)
      assert.equal(findingSeverity(outcome), 'error')
    }
  })

  test('a line failure is no finding about the run', () => {
    assert.equal(RUN_SIGNATURES.has('eoverflow'), false)
    assert.equal(RUN_SIGNATURES.has('wrong-date'), false)
    assert.equal(findingSeverity('eoverflow'), OUTCOME_TABLE.fail.severity)
  })

  test("SARIF's rule for such a finding is the table's, its level the outcome's severity", () => {
    const [, finding] = outcomeFindings()[0]!
    const report = {
      target: { arch: 'i386', suite: 'bookworm', clock: 'step', packages: [] },
      probe: { kind: 'builtin' },
      findings: [finding],
    } as unknown as ReadReport
    const log = toSarif([report], { toolVersion: '0', category: 'x' })
    const rule = log.runs[0]!.tool.driver.rules![0]!
    assert.equal(rule.id, 'tampered')
    assert.equal(rule.shortDescription!.text, OUTCOME_TABLE.tampered.finding!.rule)
    const notification = log.runs[0]!.invocations![0]!.toolExecutionNotifications![0]!
    assert.equal(notification.level, 'error')
  })
})
