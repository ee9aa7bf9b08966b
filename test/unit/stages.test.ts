import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { DateVerdict, Finding } from '../../src/verdict/detect.js'
import { type GuestReport, buildGuestReport } from '../../src/verdict/guest-report.js'
import { encodeRecord, parseRecords } from '../../src/protocol/records.js'
import {
  type StageEvidence,
  type StageName,
  type StageVerdict,
  evaluateStage,
  readOutFiles,
  safeOutName,
  stageForDate,
  withStages,
} from '../../src/verdict/stages.js'

const INSTALL_TOKEN = 'a1a1a1a1a1a1'
const SETUP_TOKEN = 'c3c3c3c3c3c3'
const OUT_TOKEN = 'e5e5e5e5e5e5'
const SECRET = '0011223344556677889900aa'
/** 2038-01-18T00:00:00Z: a stage runs before the clock step, at the boot date. */
const BOOT_EPOCH = 2147385600
const DATE = new Date('2038-01-20T00:00:00Z')
const BASE = { date: '2038-01-20T00:00:00Z', clock: 'step', arch: 'i386', suite: 'bookworm' } as const

/** One mark as run-probe.bash writes it into the stage's output stream. */
const mark = (text: string): string => `\x1eY2038M${SECRET}:${text}\n`

/**
 * The records of one stage as the guest writes them: init.sh's run_stage (stage, clock),
 * session.sh (marks), then frame.pl (the output in out chunks, status, end), all under the
 * stage's token with one sequence.
 */
function stageRecords(
  token: string,
  stage: StageName,
  output: string,
  options: { chunks?: number; status?: number | 'unknown'; cutAfter?: number; dropped?: number } = {},
): Buffer {
  const records: Array<[string, string | Buffer]> = [
    ['stage', stage],
    ['clock', String(BOOT_EPOCH)],
    ['marks', SECRET],
  ]
  const bytes = Buffer.from(output, 'utf8')
  const size = Math.ceil(bytes.length / (options.chunks ?? 1)) || 1
  for (let i = 0; i < bytes.length; i += size) records.push(['out', bytes.subarray(i, i + size)])
  if (options.dropped) records.push(['dropped', String(options.dropped)])
  records.push(['status', String(options.status ?? 0)])
  records.push(['end', String(bytes.length)])
  const kept = records.slice(0, options.cutAfter ?? records.length)
  return Buffer.concat(kept.map(([kind, payload], i) => encodeRecord(token, i + 1, kind, payload)))
}

const guestOf = (data: Buffer, token: string): GuestReport => buildGuestReport(parseRecords(data, token))

function evidence(stage: StageName, guest: GuestReport, extra: Partial<StageEvidence> = {}): StageEvidence {
  return {
    stage,
    guest,
    date: DATE,
    clock: 'step',
    arch: 'i386',
    suite: 'bookworm',
    timedOut: false,
    timeoutSeconds: 300,
    console: 'boot line\nsetup starting at 2038-01-18T00:00:00Z\n',
    ...extra,
  }
}

const SETUP_LINE_FAILS = [
  'echo preparing', // 1
  'cd /work', // 2
  'ls /missing', // 3
  'echo ready', // 4
]
const setupLineFailsOutput =
  mark('cmd 1 0 2 echo preparing') +
  'preparing\n' +
  mark('cmd 2 0 2 cd /work') +
  mark('cmd 3 0 2 ls /missing') +
  "ls: cannot access '/missing': No such file or directory\n" +
  mark('cmd 3 2 2 ls /missing') + // bash's DEBUG trap for the ERR handler: dropped
  mark('fail 3 2 2 2 ls /missing') +
  mark('cmd 4 2 2 echo ready') +
  'ready\n' +
  mark('done 0') +
  mark('exit 0')

const setupExitsOutput =
  mark('cmd 1 0 2 echo start') +
  'start\n' +
  mark('cmd 2 0 2 exit 1') +
  mark('cmd 2 1 2 exit 1') + // the DEBUG trap for the EXIT handler: dropped
  mark('exit 1')

const DEB = '/run/y2038/debs/01-hello-time_2.0-1_amd64.deb'
const DPKG_ARCH_OUTPUT = [
  `dpkg: error processing archive ${DEB} (--install):`,
  ' package architecture (amd64) does not match system (i386)',
  'Errors were encountered while processing:',
  ` ${DEB}`,
]
const installFailsOutput =
  mark('cmd 1 0 2 set -e') +
  mark(`cmd 2 0 2 dpkg --install ${DEB}`) +
  DPKG_ARCH_OUTPUT.join('\n') +
  '\n' +
  mark(`cmd 2 1 2 dpkg --install ${DEB}`) +
  mark(`fail 2 1 2 1 dpkg --install ${DEB}`) +
  mark(`cmd 2 1 2 dpkg --install ${DEB}`) +
  mark('exit 1')

describe('evaluateStage: setup', () => {
  test('a line that fails without stopping the script: ok, with one finding at that line', () => {
    const guest = guestOf(stageRecords(SETUP_TOKEN, 'setup', setupLineFailsOutput, { chunks: 3 }), SETUP_TOKEN)
    const verdict = evaluateStage(evidence('setup', guest, { source: SETUP_LINE_FAILS }))
    assert.deepEqual(verdict, {
      stage: 'setup',
      ran: true,
      outcome: 'ok',
      clockAtStart: '2038-01-18T00:00:00Z',
      findings: [
        {
          ...BASE,
          stage: 'setup',
          line: 3,
          command: 'ls /missing',
          program: 'ls',
          message: "ls: cannot access '/missing': No such file or directory",
          signature: { id: 'exit-status', match: 'exit status 2' },
          exitStatus: 2,
        },
      ],
    })
  })

  test('a script that exits 1 at line 2: setup-failed, with where it stopped', () => {
    const guest = guestOf(stageRecords(SETUP_TOKEN, 'setup', setupExitsOutput, { status: 1 }), SETUP_TOKEN)
    const verdict = evaluateStage(evidence('setup', guest, { source: ['echo start', 'exit 1', 'echo never'] }))
    assert.deepEqual(verdict, {
      stage: 'setup',
      ran: true,
      outcome: 'setup-failed',
      clockAtStart: '2038-01-18T00:00:00Z',
      findings: [
        {
          ...BASE,
          stage: 'setup',
          line: 2,
          command: 'exit 1',
          message: 'the setup script stopped at line 2 (`exit 1`) with status 1, before its end',
          signature: { id: 'setup-failed', match: '' },
        },
      ],
    })
  })

  test('set -e stopping at a failing line: the line finding and the stop, with what the command said', () => {
    const output =
      mark('cmd 1 0 2 set -e') +
      mark('cmd 2 0 2 ls /missing') +
      "ls: cannot access '/missing': No such file or directory\n" +
      mark('cmd 2 2 2 ls /missing') +
      mark('fail 2 2 2 2 ls /missing') +
      mark('cmd 2 2 2 ls /missing') +
      mark('exit 2')
    const guest = guestOf(stageRecords(SETUP_TOKEN, 'setup', output, { status: 2 }), SETUP_TOKEN)
    const verdict = evaluateStage(evidence('setup', guest, { source: ['set -e', 'ls /missing', 'echo never'] }))
    assert.equal(verdict.outcome, 'setup-failed')
    assert.deepEqual(
      verdict.findings.map((f) => [f.stage, f.line, f.signature.id, f.message]),
      [
        ['setup', 2, 'exit-status', "ls: cannot access '/missing': No such file or directory"],
        [
          'setup',
          2,
          'setup-failed',
          "the setup script stopped at line 2 (`ls /missing`) with status 2, before its end: ls: cannot access '/missing': No such file or directory",
        ],
      ],
    )
  })

  test('a setup script that does not parse: setup-failed at the line bash names', () => {
    const output = mark("syntax /run/y2038/setup.sh: line 2: syntax error near unexpected token `then'")
    const guest = guestOf(stageRecords(SETUP_TOKEN, 'setup', output, { status: 2 }), SETUP_TOKEN)
    const verdict = evaluateStage(evidence('setup', guest))
    assert.equal(verdict.outcome, 'setup-failed')
    assert.deepEqual(verdict.findings, [
      {
        ...BASE,
        stage: 'setup',
        line: 2,
        message:
          "the setup script does not parse, so none of it ran: line 2: syntax error near unexpected token `then'",
        signature: { id: 'setup-failed', match: '' },
      },
    ])
  })

  test("the setup script's text decides whether a quiet failure counts (a step of an && list)", () => {
    const output =
      mark('cmd 1 0 2 echo a') +
      'a\n' +
      mark('cmd 2 0 2 mkdir /x/y') +
      'mkdir: cannot create directory ‘/x/y’: No such file or directory\n' +
      mark('cmd 3 1 2 echo next') +
      'next\n' +
      mark('done 0') +
      mark('exit 0')
    const guest = guestOf(stageRecords(SETUP_TOKEN, 'setup', output), SETUP_TOKEN)
    const withSource = evaluateStage(
      evidence('setup', guest, { source: ['echo a', 'mkdir /x/y && touch /x/y/z', 'echo next'] }),
    )
    assert.equal(withSource.outcome, 'ok')
    assert.deepEqual(
      withSource.findings.map((f) => [f.line, f.command, f.exitStatus]),
      [[2, 'mkdir /x/y', 1]],
    )
    // As a condition (`if mkdir ...`), the same failure is not a finding.
    const asCondition = evaluateStage(
      evidence('setup', guest, { source: ['echo a', 'if mkdir /x/y; then :; fi', 'echo next'] }),
    )
    assert.deepEqual(asCondition.findings, [])
  })

  test('a Year-2038 sign printed by a setup line that did not fail is a finding; the stage is ok', () => {
    const output =
      mark('cmd 1 0 2 stat /srv/x') +
      'stat: cannot statx /srv/x: Value too large for defined data type\n' +
      mark('cmd 2 0 2 true') +
      mark('done 0') +
      mark('exit 0')
    const guest = guestOf(stageRecords(SETUP_TOKEN, 'setup', output), SETUP_TOKEN)
    const verdict = evaluateStage(evidence('setup', guest, { source: ['stat /srv/x || true', 'true'] }))
    assert.equal(verdict.outcome, 'ok')
    assert.deepEqual(
      verdict.findings.map((f) => [f.stage, f.line, f.signature.id]),
      [['setup', 1, 'eoverflow']],
    )
  })
})

describe('evaluateStage: install', () => {
  test("dpkg's failure: setup-failed, program dpkg, dpkg's first error line, the output as context", () => {
    const guest = guestOf(stageRecords(INSTALL_TOKEN, 'install', installFailsOutput, { status: 1 }), INSTALL_TOKEN)
    const verdict = evaluateStage(evidence('install', guest))
    assert.deepEqual(verdict, {
      stage: 'install',
      ran: true,
      outcome: 'setup-failed',
      clockAtStart: '2038-01-18T00:00:00Z',
      findings: [
        {
          ...BASE,
          stage: 'install',
          program: 'dpkg',
          message: `the installation of the .debs (dpkg --install) failed: dpkg: error processing archive ${DEB} (--install):`,
          signature: { id: 'setup-failed', match: '' },
          context: DPKG_ARCH_OUTPUT,
        },
      ],
    })
  })

  test('dependency problems: the first of dpkg’s complaints', () => {
    const lines = [
      'Selecting previously unselected package hello-time.',
      '(Reading database ... 6789 files and directories currently installed.)',
      `Preparing to unpack ${DEB} ...`,
      'Unpacking hello-time (2.0-1) ...',
      'dpkg: dependency problems prevent configuration of hello-time:',
      ' hello-time depends on libfoo1 (>= 1.0); however:',
      '  Package libfoo1 is not installed.',
      '',
      'dpkg: error processing package hello-time (--install):',
      ' dependency problems - leaving unconfigured',
      'Errors were encountered while processing:',
      ' hello-time',
    ]
    const output =
      mark('cmd 1 0 2 set -e') +
      mark(`cmd 2 0 2 dpkg --install ${DEB}`) +
      lines.join('\n') +
      '\n' +
      mark(`cmd 2 1 2 dpkg --install ${DEB}`) +
      mark(`fail 2 1 2 1 dpkg --install ${DEB}`) +
      mark('exit 1')
    const guest = guestOf(stageRecords(INSTALL_TOKEN, 'install', output, { status: 1, chunks: 4 }), INSTALL_TOKEN)
    const [finding] = evaluateStage(evidence('install', guest)).findings
    assert.equal(
      finding?.message,
      'the installation of the .debs (dpkg --install) failed: dpkg: dependency problems prevent configuration of hello-time:',
    )
    assert.deepEqual(finding?.context, lines)
  })

  test('a successful installation: ok, no findings (the install stage has no line findings)', () => {
    const output =
      mark('cmd 1 0 2 set -e') +
      mark(`cmd 2 0 2 dpkg --install ${DEB}`) +
      'Setting up hello-time (2.0-1) ...\n' +
      mark('done 0') +
      mark('exit 0')
    const guest = guestOf(stageRecords(INSTALL_TOKEN, 'install', output), INSTALL_TOKEN)
    assert.deepEqual(evaluateStage(evidence('install', guest)), {
      stage: 'install',
      ran: true,
      outcome: 'ok',
      clockAtStart: '2038-01-18T00:00:00Z',
      findings: [],
    })
  })
})

describe('evaluateStage: stages that did not run or did not finish', () => {
  test('a stage with no records did not run, and decides nothing', () => {
    const guest = guestOf(Buffer.alloc(0), SETUP_TOKEN)
    assert.deepEqual(evaluateStage(evidence('setup', guest)), {
      stage: 'setup',
      ran: false,
      outcome: 'ok',
      findings: [],
    })
    assert.deepEqual(evaluateStage(evidence('install', guestOf(Buffer.alloc(0), INSTALL_TOKEN))), {
      stage: 'install',
      ran: false,
      outcome: 'ok',
      findings: [],
    })
  })

  test('a stage that did not start before the guest timed out decides nothing either', () => {
    const guest = guestOf(Buffer.from('kernel messages only\n'), SETUP_TOKEN)
    const verdict = evaluateStage(evidence('setup', guest, { timedOut: true }))
    assert.deepEqual(verdict, { stage: 'setup', ran: false, outcome: 'ok', findings: [] })
  })

  test('after a failed install, the setup stage (which never started) adds no finding of its own', () => {
    const results = Buffer.concat([
      Buffer.from('console noise\n'),
      stageRecords(INSTALL_TOKEN, 'install', installFailsOutput, { status: 1 }),
    ])
    const stages = (['install', 'setup'] as const).map((name) =>
      evaluateStage(evidence(name, guestOf(results, name === 'install' ? INSTALL_TOKEN : SETUP_TOKEN))),
    )
    assert.deepEqual(
      stages.map((s) => [s.stage, s.ran, s.outcome, s.findings.length]),
      [
        ['install', true, 'setup-failed', 1],
        ['setup', false, 'ok', 0],
      ],
    )
    const verdict = withStages(stages, () => assert.fail('the probe did not run'))
    assert.equal(verdict.outcome, 'setup-failed')
    assert.deepEqual(
      verdict.findings.map((f) => f.stage),
      ['install'],
    )
  })

  test('records cut off before the end: setup-failed, incomplete, where it was', () => {
    // stage, clock, marks and the first out chunk of two: no status, no end.
    const data = stageRecords(SETUP_TOKEN, 'setup', setupLineFailsOutput, { chunks: 2, cutAfter: 4 })
    const guest = guestOf(data, SETUP_TOKEN)
    assert.equal(guest.complete, false)
    const console = Array.from({ length: 30 }, (_, i) => `console ${i + 1}`).join('\n')
    const verdict = evaluateStage(evidence('setup', guest, { source: SETUP_LINE_FAILS, console }))
    assert.equal(verdict.ran, true)
    assert.equal(verdict.outcome, 'setup-failed')
    const last = verdict.findings.at(-1)!
    assert.deepEqual(last, {
      ...BASE,
      stage: 'setup',
      line: guest.lastCommand!.line,
      command: guest.lastCommand!.command,
      message: 'the guest stopped before the setup script finished',
      signature: { id: 'incomplete', match: '' },
      context: Array.from({ length: 25 }, (_, i) => `console ${i + 6}`),
    })
    assert.equal(last.line, 3)
  })

  test('an install stage cut off: the message names dpkg --install, and no line', () => {
    const data = stageRecords(INSTALL_TOKEN, 'install', installFailsOutput, { cutAfter: 3 })
    const verdict = evaluateStage(evidence('install', guestOf(data, INSTALL_TOKEN), { console: 'x' }))
    assert.deepEqual(verdict, {
      stage: 'install',
      ran: true,
      outcome: 'setup-failed',
      clockAtStart: '2038-01-18T00:00:00Z',
      findings: [
        {
          ...BASE,
          stage: 'install',
          message: 'the guest stopped before the installation of the .debs (dpkg --install) finished',
          signature: { id: 'incomplete', match: '' },
          context: ['x'],
        },
      ],
    })
  })

  test('output the guest dropped (over its limit) makes a stage incomplete', () => {
    const data = stageRecords(SETUP_TOKEN, 'setup', setupLineFailsOutput, { dropped: 4096 })
    const verdict = evaluateStage(evidence('setup', guestOf(data, SETUP_TOKEN), { source: SETUP_LINE_FAILS }))
    assert.equal(verdict.outcome, 'setup-failed')
    assert.equal(verdict.findings.at(-1)?.signature.id, 'incomplete')
  })

  test('timed out and incomplete: timeout', () => {
    const data = stageRecords(SETUP_TOKEN, 'setup', setupLineFailsOutput, { chunks: 2, cutAfter: 4 })
    const verdict = evaluateStage(
      evidence('setup', guestOf(data, SETUP_TOKEN), { source: SETUP_LINE_FAILS, timedOut: true, console: 'c' }),
    )
    assert.equal(verdict.outcome, 'timeout')
    assert.deepEqual(verdict.findings.at(-1), {
      ...BASE,
      stage: 'setup',
      line: 3,
      command: 'ls /missing',
      message: 'the setup script did not finish within 300 s',
      signature: { id: 'timeout', match: '' },
      context: ['c'],
    })
  })

  test('timed out after the stage finished: the stage is judged on its records', () => {
    const data = stageRecords(SETUP_TOKEN, 'setup', setupLineFailsOutput)
    const verdict = evaluateStage(evidence('setup', guestOf(data, SETUP_TOKEN), { timedOut: true }))
    assert.equal(verdict.outcome, 'ok')
  })

  test('a record out of sequence: tampered', () => {
    const data = Buffer.concat([
      stageRecords(SETUP_TOKEN, 'setup', setupLineFailsOutput),
      encodeRecord(SETUP_TOKEN, 2, 'out', 'forged\n'),
    ])
    const verdict = evaluateStage(evidence('setup', guestOf(data, SETUP_TOKEN)))
    assert.equal(verdict.outcome, 'tampered')
    assert.deepEqual(verdict.findings, [
      {
        ...BASE,
        stage: 'setup',
        message: 'the results of the setup script were tampered with: records 2 arrived out of sequence',
        signature: { id: 'tampered', match: '' },
      },
    ])
  })

  test("each stage reads only its own token's records from the shared results", () => {
    const results = Buffer.concat([
      stageRecords(INSTALL_TOKEN, 'install', mark('cmd 1 0 2 set -e') + mark('done 0') + mark('exit 0')),
      stageRecords(SETUP_TOKEN, 'setup', setupExitsOutput, { status: 1 }),
    ])
    assert.equal(evaluateStage(evidence('install', guestOf(results, INSTALL_TOKEN))).outcome, 'ok')
    assert.equal(evaluateStage(evidence('setup', guestOf(results, SETUP_TOKEN))).outcome, 'setup-failed')
  })
})

describe('withStages', () => {
  const finding = (stage: Finding['stage'], message: string): Finding => ({
    ...BASE,
    stage,
    message,
    signature: { id: 'exit-status', match: 'exit status 1' },
  })
  const stage = (name: StageName, outcome: StageVerdict['outcome'], findings: Finding[] = []): StageVerdict => ({
    stage: name,
    ran: true,
    outcome,
    findings,
  })

  test('a failed stage decides the outcome, and the probe is not judged', () => {
    let called = 0
    const install = stage('install', 'setup-failed', [finding('install', 'dpkg failed')])
    const setup = stage('setup', 'timeout', [finding('setup', 'slow')])
    const verdict = withStages([stage('install', 'ok', [finding('install', 'before')]), install, setup], () => {
      called++
      return { outcome: 'pass', findings: [] }
    })
    assert.equal(called, 0)
    assert.deepEqual(verdict, {
      outcome: 'setup-failed',
      findings: [finding('install', 'before'), finding('install', 'dpkg failed'), finding('setup', 'slow')],
    })
  })

  test('the first failed stage decides: a timeout', () => {
    const verdict = withStages([stage('install', 'ok'), stage('setup', 'timeout')], () => assert.fail('not called'))
    assert.deepEqual(verdict, { outcome: 'timeout', findings: [] })
  })

  test('ok stages with findings turn a passing probe into a failing one; findings stages first', () => {
    const probeFinding = finding('probe', 'probe line')
    const setupFinding = finding('setup', 'setup line')
    const pass = withStages([stage('setup', 'ok', [setupFinding])], () => ({ outcome: 'pass', findings: [] }))
    assert.deepEqual(pass, { outcome: 'fail', findings: [setupFinding] })
    const fail = withStages([stage('setup', 'ok', [setupFinding])], () => ({
      outcome: 'fail',
      findings: [probeFinding],
    }))
    assert.deepEqual(fail, { outcome: 'fail', findings: [setupFinding, probeFinding] })
  })

  test("ok stages without findings leave the probe's verdict as it is", () => {
    const probe: DateVerdict = { outcome: 'pass', findings: [] }
    assert.deepEqual(
      withStages([stage('install', 'ok'), stage('setup', 'ok')], () => probe),
      probe,
    )
    assert.deepEqual(
      withStages([], () => probe),
      probe,
    )
  })

  test("another probe outcome is kept, with the stages' findings added", () => {
    const setupFinding = finding('setup', 'setup line')
    const verdict = withStages([stage('setup', 'ok', [setupFinding])], () => ({
      outcome: 'wrong-date',
      findings: [finding('clock', 'clock')],
    }))
    assert.deepEqual(verdict, { outcome: 'wrong-date', findings: [setupFinding, finding('clock', 'clock')] })
  })
})

describe('stageForDate', () => {
  test("restamps a saved stage's findings with another date, and changes nothing else", () => {
    const saved: StageVerdict = {
      stage: 'setup',
      ran: true,
      outcome: 'ok',
      clockAtStart: '2038-01-18T00:00:00Z',
      findings: [{ ...BASE, stage: 'setup', line: 3, message: 'm', signature: { id: 'exit-status', match: '' } }],
    }
    const copy = stageForDate(saved, new Date('2038-01-25T12:00:00Z'))
    assert.deepEqual(copy, {
      ...saved,
      findings: [{ ...saved.findings[0]!, date: '2038-01-25T12:00:00Z' }],
    })
    assert.equal(saved.findings[0]!.date, '2038-01-20T00:00:00Z')
  })
})

describe('safeOutName', () => {
  const table: Array<[string, boolean]> = [
    ['a', true],
    ['result.txt', true],
    ['dir/sub/file.log', true],
    ['.hidden', true],
    ['dir/.hidden', true],
    ['..dots', true],
    ['dots..', true],
    ['name with spaces', true],
    ['', false],
    ['.', false],
    ['..', false],
    ['../x', false],
    ['a/../b', false],
    ['a/..', false],
    ['./a', false],
    ['a/./b', false],
    ['/etc/passwd', false],
    ['a//b', false],
    ['a/', false],
    ['a\\b', false],
    ['..\\x', false],
    ['a\0b', false],
  ]
  for (const [name, safe] of table) {
    test(`${JSON.stringify(name)} is ${safe ? 'safe' : 'not safe'}`, () => {
      assert.equal(safeOutName(name), safe)
    })
  }
})

describe('readOutFiles', () => {
  /** send-out.pl's records under the out token, numbered from 1. */
  const outStream = (records: Array<[string, string | Buffer]>, from = 1): Buffer =>
    Buffer.concat(records.map(([kind, payload], i) => encodeRecord(OUT_TOKEN, from + i, kind, payload)))
  const read = (data: Buffer) => readOutFiles(parseRecords(data, OUT_TOKEN))

  const binary = Buffer.from([0, 1, 2, 0x0a, 0x1e, 0xff, 0, 0x0d, 0x0a])

  test('files in several data chunks, an empty file, a binary one, and a skip', () => {
    const data = outStream([
      ['file', 'a.txt'],
      ['data', 'hel'],
      ['data', 'lo\nwor'],
      ['data', 'ld\n'],
      ['file', 'empty'],
      ['skip', 'link\ta symbolic link'],
      ['file', 'dir/sub/b.bin'],
      ['data', binary],
      ['outend', `3 ${12 + binary.length} 0 0`],
    ])
    assert.deepEqual(read(data), {
      files: [
        { name: 'a.txt', data: Buffer.from('hello\nworld\n') },
        { name: 'empty', data: Buffer.alloc(0) },
        { name: 'dir/sub/b.bin', data: binary },
      ],
      skipped: [{ name: 'link', why: 'a symbolic link' }],
      bytes: 12 + binary.length,
      filesNotSent: 0,
      cut: false,
      complete: true,
    })
  })

  test('unsafe names are not returned, are listed as skipped, and still count as sent', () => {
    const data = outStream([
      ['file', 'ok.txt'],
      ['data', 'ok'],
      ['file', '../x'],
      ['data', 'evil'],
      ['file', '/etc/passwd'],
      ['data', 'root:x:0:0'],
      ['file', 'a//b'],
      ['file', '.'],
      ['data', 'dot'],
      ['outend', '5 19 0 0'],
    ])
    const out = read(data)
    assert.deepEqual(out, {
      files: [{ name: 'ok.txt', data: Buffer.from('ok') }],
      skipped: [
        { name: '../x', why: 'a name that could leave the output directory' },
        { name: '/etc/passwd', why: 'a name that could leave the output directory' },
        { name: 'a//b', why: 'a name that could leave the output directory' },
        { name: '.', why: 'a name that could leave the output directory' },
      ],
      bytes: 2,
      filesNotSent: 0,
      cut: false,
      complete: true,
    })
  })

  test('no outend record: not complete', () => {
    const out = read(
      outStream([
        ['file', 'a'],
        ['data', 'x'],
      ]),
    )
    assert.deepEqual(out.files, [{ name: 'a', data: Buffer.from('x') }])
    assert.equal(out.complete, false)
    assert.equal(out.filesNotSent, 0)
    assert.equal(out.cut, false)
  })

  test("outend's file count not matching what arrived: not complete", () => {
    const out = read(
      outStream([
        ['file', 'a'],
        ['data', 'x'],
        ['outend', '2 1 0 0'],
      ]),
    )
    assert.equal(out.complete, false)
  })

  test("outend's byte count not matching what arrived: not complete", () => {
    const out = read(
      outStream([
        ['file', 'a'],
        ['data', 'x'],
        ['outend', '1 2 0 0'],
      ]),
    )
    assert.equal(out.complete, false)
  })

  test('a record that went missing: not complete, even when the counts match', () => {
    const records = outStream([
      ['file', 'a'],
      ['data', 'x'],
    ])
    const data = Buffer.concat([records, outStream([['outend', '1 1 0 0']], 4)])
    const stream = parseRecords(data, OUT_TOKEN)
    assert.deepEqual(stream.missing, [3])
    assert.equal(readOutFiles(stream).complete, false)
  })

  test('a record out of sequence: not complete', () => {
    const data = Buffer.concat([
      outStream([
        ['file', 'a'],
        ['data', 'x'],
        ['outend', '1 1 0 0'],
      ]),
      outStream([['data', 'forged']], 2),
    ])
    assert.equal(read(data).complete, false)
  })

  test('filesNotSent and cut come from outend', () => {
    const data = outStream([
      ['file', 'big.log'],
      ['data', '0123456789'],
      ['skip', 'later.log\tover the limit of 10 bytes'],
      ['outend', '1 10 1 1'],
    ])
    assert.deepEqual(read(data), {
      files: [{ name: 'big.log', data: Buffer.from('0123456789') }],
      skipped: [{ name: 'later.log', why: 'over the limit of 10 bytes' }],
      bytes: 10,
      filesNotSent: 1,
      cut: true,
      complete: true,
    })
  })

  test('records of another token are not read', () => {
    const data = Buffer.concat([
      Buffer.from(encodeRecord('ffffffffffff', 1, 'file', 'other')),
      outStream([['outend', '0 0 0 0']]),
    ])
    assert.deepEqual(read(data), { files: [], skipped: [], bytes: 0, filesNotSent: 0, cut: false, complete: true })
  })

  test('nothing at all: no files, not complete', () => {
    assert.deepEqual(read(Buffer.alloc(0)), {
      files: [],
      skipped: [],
      bytes: 0,
      filesNotSent: 0,
      cut: false,
      complete: false,
    })
  })
})
