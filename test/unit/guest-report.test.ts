import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { DEFAULT_LIMITS, type GuestReport, buildGuestReport } from '../../src/verdict/guest-report.js'
import { encodeRecord, parseRecords } from '../../src/protocol/records.js'

function fixtureReport(name: string, token: string): GuestReport {
  return buildGuestReport(parseRecords(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)), token))
}

const TOKEN = '0123456789ab'
const SECRET = '00112233445566778899aabb'
/** One mark as run-probe.bash writes it into the output stream. */
const mark = (text: string): string => `\x1eY2038M${SECRET}:${text}\n`

/**
 * The records of one boot whose probe printed `output` (marks included), as the guest
 * writes them: greeting, clock, secret, the output in `chunks` pieces, status and end.
 */
function guestStream(
  output: string,
  options: { chunks?: number; status?: number; end?: boolean; extra?: Array<[string, string]> } = {},
): Buffer {
  const records: Array<[string, string | Buffer]> = [
    ['hello', 'harness=2 machine=i686 kernel=6.1.0-50-686'],
    ['clock', '2147558400'],
    ['marks', SECRET],
  ]
  const bytes = Buffer.from(output, 'utf8')
  const size = Math.ceil(bytes.length / (options.chunks ?? 1)) || 1
  for (let i = 0; i < bytes.length; i += size) records.push(['out', bytes.subarray(i, i + size)])
  for (const extra of options.extra ?? []) records.push(extra)
  records.push(['status', String(options.status ?? 0)])
  if (options.end !== false) records.push(['end', String(bytes.length)])
  return Buffer.concat(records.map(([kind, payload], i) => encodeRecord(TOKEN, i + 1, kind, payload)))
}

const report = (output: string, options?: Parameters<typeof guestStream>[1]): GuestReport =>
  buildGuestReport(parseRecords(guestStream(output, options), TOKEN))

describe('buildGuestReport on the userprobe fixture (2038-01-20)', () => {
  const fixture = fixtureReport('i386-bookworm-step-2038-01-20-userprobe.results', 'e94a8d4c95a2')

  test('the greeting, the userland and the clock', () => {
    assert.equal(fixture.harnessVersion, 2)
    assert.equal(fixture.machine, 'i686')
    assert.equal(fixture.kernelRelease, '6.1.0-50-686')
    assert.equal(fixture.timeT, 32)
    assert.deepEqual(fixture.step, { ok: true, message: 'ok' })
    assert.equal(new Date(fixture.clockAtProbe! * 1000).toISOString(), '2038-01-20T00:00:00.000Z')
  })

  test('complete, ran to its end, nothing lost', () => {
    assert.equal(fixture.complete, true)
    assert.equal(fixture.doneStatus, 0)
    assert.equal(fixture.exitStatus, 0)
    assert.equal(fixture.processStatus, 0)
    assert.equal(fixture.corruptRecords, 0)
    assert.equal(fixture.missingRecords, 0)
    assert.deepEqual(fixture.outOfOrderRecords, [])
    assert.deepEqual(fixture.preamble, [])
    assert.deepEqual(fixture.lastCommand, { line: 7, command: 'echo fine' })
  })

  test('one entry per probe line, in order, with the command as bash saw it', () => {
    assert.deepEqual(
      fixture.lines.map((l) => [l.line, l.command]),
      [
        [1, 'date -u'],
        [2, 'busybox ls -l /tmp'],
        [3, 'touch /tmp/newfile'],
        [4, 'busybox stat /tmp/newfile'],
        [5, 'sudo -n true'],
        [6, 'ls /nonexistent'],
        [7, 'echo fine'],
      ],
    )
  })

  test('lines 4, 5 and 6 failed, with their statuses and outputs', () => {
    const byLine = new Map(fixture.lines.map((l) => [l.line, l]))
    assert.deepEqual(byLine.get(4), {
      line: 4,
      command: 'busybox stat /tmp/newfile',
      output: ["stat: can't stat '/tmp/newfile': Value too large for defined data type"],
      omittedOutput: 0,
      failures: [{ status: 1, command: 'busybox stat /tmp/newfile', how: 'error' }],
    })
    assert.deepEqual(byLine.get(5)!.output, [
      'sudo: unable to get time of day: Value too large for defined data type',
      'sudo: error initializing audit plugin sudoers_audit',
    ])
    assert.deepEqual(byLine.get(5)!.failures, [{ status: 1, command: 'sudo -n true', how: 'error' }])
    assert.deepEqual(byLine.get(6)!.failures, [{ status: 2, command: 'ls /nonexistent', how: 'error' }])
  })

  test('the other lines did not fail', () => {
    const failing = fixture.lines.filter((l) => l.failures.length > 0).map((l) => l.line)
    assert.deepEqual(failing, [4, 5, 6])
    assert.deepEqual(fixture.lines.find((l) => l.line === 7)!.output, ['fine'])
    assert.deepEqual(fixture.lines.find((l) => l.line === 3)!.output, [])
  })
})

describe('buildGuestReport on the builtin fixtures', () => {
  const after = fixtureReport('i386-bookworm-step-2038-01-20-builtin.results', 'e887edab6985')

  test('check names are attached to their lines', () => {
    const checks = Object.fromEntries(after.lines.filter((l) => l.check).map((l) => [l.line, l.check]))
    assert.deepEqual(checks, {
      3: 'coreutils-date',
      4: 'coreutils-touch',
      5: 'coreutils-stat',
      6: 'busybox-date',
      7: 'busybox-ls',
      8: 'busybox-stat',
      9: 'sudo',
      10: 'systemd-clock',
      11: 'perl-time',
      12: 'bash-printf-time',
    })
  })

  test("a failure names the probe's command, not the helper's command that failed inside it", () => {
    const line10 = after.lines.find((l) => l.line === 10)!
    assert.deepEqual(line10.failures, [
      { status: 134, command: 'check systemd-clock systemd-analyze timestamp now', how: 'error' },
    ])
    const line7 = after.lines.find((l) => l.line === 7)!
    assert.deepEqual(line7.failures, [
      { status: 1, command: 'check busybox-ls busybox ls -l "$Y2038_NEWFILE"', how: 'error' },
    ])
  })

  test('an empty output line is kept', () => {
    const line11 = after.lines.find((l) => l.line === 11)!
    assert.equal(line11.output[0], '')
    assert.equal(line11.output.length, 2)
  })

  test('lines 6 to 12 failed; complete at 2038-01-20', () => {
    assert.equal(after.complete, true)
    assert.equal(after.clockAtProbe, 2147558400)
    assert.deepEqual(
      after.lines.filter((l) => l.failures.length > 0).map((l) => l.line),
      [6, 7, 8, 9, 10, 11, 12],
    )
  })

  test('at 2038-01-18 nothing failed and output with tabs is kept as printed', () => {
    const before = fixtureReport('i386-bookworm-step-2038-01-18.results', '0decad019f81')
    assert.equal(before.complete, true)
    assert.equal(before.clockAtProbe, 2147385600)
    assert.deepEqual(
      before.lines.filter((l) => l.failures.length > 0),
      [],
    )
    assert.ok(before.lines.find((l) => l.line === 8)!.output.some((l) => /^Device: .*\tInode: /.test(l)))
  })
})

describe('buildGuestReport: completeness', () => {
  test('a stream without an end record is not complete', () => {
    const r = report(mark('cmd 1 0 2 date -u') + 'Wed Jan 20 00:00:00 UTC 2038\n', { end: false })
    assert.equal(r.complete, false)
    assert.equal(r.clockAtProbe, 2147558400)
    assert.deepEqual(r.lastCommand, { line: 1, command: 'date -u' })
  })

  test('an end record whose byte count differs from what arrived is not complete', () => {
    const data = guestStream(mark('cmd 1 0 2 true'), { end: false })
    const withEnd = Buffer.concat([data, encodeRecord(TOKEN, 6, 'end', '9999')])
    assert.equal(buildGuestReport(parseRecords(withEnd, TOKEN)).complete, false)
  })

  test('the fixture cut before its end record is not complete', () => {
    const data = readFileSync(new URL('../fixtures/i386-bookworm-step-2038-01-20-userprobe.results', import.meta.url))
    const cut = data.subarray(0, data.lastIndexOf(Buffer.from('\x1eY2038|')))
    assert.equal(buildGuestReport(parseRecords(cut, 'e94a8d4c95a2')).complete, false)
  })

  test('records out of sequence are reported', () => {
    const data = Buffer.concat([guestStream(mark('cmd 1 0 2 true')), encodeRecord(TOKEN, 2, 'out', 'forged')])
    assert.deepEqual(buildGuestReport(parseRecords(data, TOKEN)).outOfOrderRecords, [2])
  })

  test('dropped bytes, the process status and a syntax error are kept', () => {
    const r = report(mark("syntax /run/y2038/probe.sh: line 2: syntax error near unexpected token `then'"), {
      status: 2,
      extra: [['dropped', '1234']],
    })
    assert.equal(r.droppedBytes, 1234)
    assert.equal(r.processStatus, 2)
    assert.equal(r.syntaxError, "/run/y2038/probe.sh: line 2: syntax error near unexpected token `then'")
    assert.equal(r.doneStatus, undefined)
  })
})

describe('buildGuestReport: output and marks', () => {
  const output =
    mark('cmd 1 0 2 echo one') +
    'one\n' +
    mark('cmd 2 0 2 printf %s half') +
    'half' +
    mark('cmd 3 0 2 seq 2') +
    '1\n2\n' +
    mark('done 0') +
    mark('exit 0')

  for (const chunks of [1, 3, 7, 50]) {
    test(`marks split output between lines, in ${chunks} chunk(s)`, () => {
      const r = report(output, { chunks })
      assert.deepEqual(
        r.lines.map((l) => [l.line, l.output]),
        [
          [1, ['one']],
          [2, ['half']],
          [3, ['1', '2']],
        ],
      )
      assert.equal(r.doneStatus, 0)
      assert.equal(r.complete, true)
    })
  }

  test('output before the first command is the preamble', () => {
    const r = report('before the probe\n' + mark('cmd 1 0 2 true') + 'after\n')
    assert.deepEqual(r.preamble, ['before the probe'])
    assert.deepEqual(r.lines[0]!.output, ['after'])
  })

  test('text like a mark with another secret is output', () => {
    const forged = '\x1eY2038Mffffffffffffffffffffffff:fail 1 1 2 1 false\n'
    const r = report(mark('cmd 1 0 2 cat') + forged)
    assert.deepEqual(r.lines[0]!.failures, [])
    assert.deepEqual(r.lines[0]!.output, [forged.trimEnd()])
  })

  test('without a secret, everything is output', () => {
    const data = Buffer.concat([encodeRecord(TOKEN, 1, 'out', 'x\n'), encodeRecord(TOKEN, 2, 'end', '2')])
    const r = buildGuestReport(parseRecords(data, TOKEN))
    assert.deepEqual(r.preamble, ['x'])
    assert.deepEqual(r.lines, [])
  })

  test('over the limits, the head, the lines with a sign and the tail are kept', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => (i === 500 ? 'EOVERFLOW here' : `line ${i}`))
    const stream = guestStream(mark('cmd 1 0 2 big') + lines.join('\n') + '\n')
    const r = buildGuestReport(parseRecords(stream, TOKEN), {
      ...DEFAULT_LIMITS,
      headLines: 3,
      tailLines: 2,
      isSign: (l) => l.includes('EOVERFLOW'),
    })
    assert.deepEqual(r.lines[0]!.output, ['line 0', 'line 1', 'line 2', 'EOVERFLOW here', 'line 998', 'line 999'])
    assert.equal(r.lines[0]!.omittedOutput, 994)
  })

  test('a long output line is cut', () => {
    const r = buildGuestReport(parseRecords(guestStream(mark('cmd 1 0 2 x') + 'y'.repeat(50) + '\n'), TOKEN), {
      ...DEFAULT_LIMITS,
      lineChars: 10,
    })
    assert.deepEqual(r.lines[0]!.output, [`${'y'.repeat(10)}…`])
  })
})

describe('buildGuestReport: failures', () => {
  test('the ran mark after a fail: the command as bash ran it, kept when it differs from the one named', () => {
    const r = report(
      mark('cmd 1 0 0 test "$(date -u +%Y)" -lt 2038') +
        mark('fail 1 1 0 1 test "$(date -u +%Y)" -lt 2038') +
        mark('ran test 2038 -lt 2038') +
        mark('cmd 2 0 0 ls /x') +
        mark('fail 2 2 0 2 ls /x') +
        mark('ran ls /x') +
        mark('cmd 3 0 0 true') +
        mark('ran test 1 = 2'),
    )
    assert.deepEqual(r.lines[0]!.failures, [
      { status: 1, command: 'test "$(date -u +%Y)" -lt 2038', how: 'error', ranAs: 'test 2038 -lt 2038' },
    ])
    assert.deepEqual(r.lines[1]!.failures, [{ status: 2, command: 'ls /x', how: 'error' }])
    assert.deepEqual(r.lines[2]!.failures, [])
  })

  test("a ran mark is not put on a pipeline's failing command, which bash did not name", () => {
    const r = report(
      mark('cmd 3 0 2 echo x') +
        mark('cmd 3 0 2 grep -q zz') +
        mark('cmd 3 0 2 cat') +
        mark('fail 3 1 2 0,1,0 cat') +
        mark('ran cat'),
    )
    assert.equal(r.lines[0]!.failures[0]!.ranAs, undefined)
  })

  test("the harness's trace records that bash wrote to the probe's standard error are not output", () => {
    const r = report(mark('cmd 1 0 0 echo hi') + `\x01\x01Y2038T${SECRET}:3.120 echo hi\nhi\n\x01Y2038Tother:1.2 x\n`)
    assert.deepEqual(r.lines[0]!.output, ['hi', '\x01Y2038Tother:1.2 x'])
  })

  test('an ERR mark fails its line with the command that started there', () => {
    const r = report(mark('cmd 5 0 2 false') + mark('fail 5 1 2 1 false'))
    assert.deepEqual(r.lines[0]!.failures, [{ status: 1, command: 'false', how: 'error' }])
  })

  test("a pipeline's failing command is the last one with a non-zero status", () => {
    const r = report(
      mark('cmd 3 0 2 echo x') + mark('cmd 3 0 2 grep -q zz') + mark('cmd 3 0 2 cat') + mark('fail 3 1 2 0,1,0 cat'),
    )
    assert.deepEqual(r.lines[0]!.failures, [{ status: 1, command: 'grep -q zz', how: 'error', pipeline: [0, 1, 0] }])
  })

  test('bash echoing the failed command for the ERR handler is not a command of its own', () => {
    const r = report(
      mark('cmd 7 0 2 check busybox-ls busybox ls') +
        mark('cmd 7 1 2 "$@"') +
        mark('fail 7 1 2 1 "$@"') +
        mark('cmd 8 1 2 true'),
    )
    assert.deepEqual(r.lines[0]!.failures, [{ status: 1, command: 'check busybox-ls busybox ls', how: 'error' }])
    assert.equal(r.lines[0]!.command, 'check busybox-ls busybox ls')
    assert.equal(r.lines.length, 2)
  })

  test('the command that failed, not the one its $(...) ran after it started', () => {
    const r = report(
      mark('cmd 1 0 0 test "$(date -u +%Y)" -lt 2038') +
        mark('cmd 1 0 0 date -u +%Y') +
        mark('fail 1 1 0 1 test "$(date -u +%Y)" -lt 2038') +
        mark('cmd 2 1 0 true'),
    )
    assert.deepEqual(r.lines[0]!.failures, [{ status: 1, command: 'test "$(date -u +%Y)" -lt 2038', how: 'error' }])
  })

  test('a status bash did not check belongs to the previous command at the same depth', () => {
    const r = report(mark('cmd 2 0 2 mkdir -p /x/y') + mark('cmd 3 1 2 echo next'))
    assert.deepEqual(r.lines[0]!.failures, [{ status: 1, command: 'mkdir -p /x/y', how: 'quiet' }])
    assert.deepEqual(r.lines[1]!.failures, [])
  })

  test("a function's status belongs to its call, not to its last command", () => {
    const r = report(
      mark('cmd 4 0 2 f && echo x') + mark('cmd 2 0 3 false') + mark('cmd 5 1 2 echo next') + mark('done 0'),
    )
    const byLine = new Map(r.lines.map((l) => [l.line, l.failures]))
    assert.deepEqual(byLine.get(4), [{ status: 1, command: 'f && echo x', how: 'quiet' }])
    assert.deepEqual(byLine.get(2), [])
  })

  test('the first command of a function body does not take the status from before the call', () => {
    const r = report(
      mark('cmd 1 0 2 false') + mark('fail 1 1 2 1 false') + mark('cmd 2 1 2 f') + mark('cmd 9 1 3 true'),
    )
    assert.deepEqual(
      r.lines.map((l) => [l.line, l.failures.length]),
      [
        [1, 1],
        [2, 0],
        [9, 0],
      ],
    )
  })

  test('a non-zero status at the end of the probe belongs to its last top-level command', () => {
    const r = report(mark('cmd 6 0 2 mkdir /x && true') + mark('done 1') + mark('exit 0'))
    assert.deepEqual(r.lines[0]!.failures, [{ status: 1, command: 'mkdir /x && true', how: 'quiet' }])
  })

  test('bash echoing the exit command for the EXIT handler is dropped; the last command stays', () => {
    const r = report(mark('cmd 2 0 2 exit 3') + mark('cmd 2 3 2 exit 3') + mark('exit 3'), { status: 3 })
    assert.equal(r.exitStatus, 3)
    assert.deepEqual(r.lastCommand, { line: 2, command: 'exit 3' })
    assert.deepEqual(r.lines[0]!.failures, [])
  })
})

describe('buildGuestReport: the clock watch', () => {
  const BTIME = 2147558390
  const watch: [string, string] = ['clockwatch', `timerfd btime=${BTIME}`]

  test('a session in which nothing set the clock: the watch, and no move', () => {
    const r = report(mark(`cmd 1 0 0 u10.00 b${BTIME} echo hi`) + 'hi\n' + mark('done 0'), { extra: [watch] })
    assert.deepEqual(r.clockWatch, { how: 'timerfd', btime: BTIME })
    assert.deepEqual(r.clockMoves, [])
  })

  test('the command before the first mark with another btime moved it: exact', () => {
    const moved = BTIME - 252460800
    const r = report(
      mark(`cmd 1 0 0 u10.00 b${BTIME} echo start`) +
        mark(`cmd 2 0 0 u10.10 b${BTIME} date -s 2030-01-01`) +
        // btime within a second of the baseline is not a move (it is derived from two clocks).
        mark(`cmd 3 0 0 u10.20 b${BTIME + 1} true`) +
        mark(`cmd 4 0 0 u10.30 b${moved} sudo -n true`) +
        mark('done 0'),
      { extra: [watch, ['clockmoved', `u10.35 btime=${moved} was=${BTIME}`]] },
    )
    assert.deepEqual(r.clockMoves, [
      { uptime: 10.35, was: BTIME, btime: moved, by: { line: 3, command: 'true', exact: true } },
    ])
  })

  test('without marks that show it, the last command that started before the framer saw the move', () => {
    const r = report(mark(`cmd 1 0 0 u10.00 b${BTIME} builtin trap - DEBUG`) + mark('done 0'), {
      extra: [
        watch,
        ['clockmoved', `u11.50 btime=${BTIME - 100} was=${BTIME}`],
        ['clockmoved', `u12.50 btime=${BTIME} was=${BTIME - 100}`],
      ],
    })
    assert.deepEqual(
      r.clockMoves.map((m) => m.by),
      [
        { line: 1, command: 'builtin trap - DEBUG', exact: false },
        { line: 1, command: 'builtin trap - DEBUG', exact: false },
      ],
    )
  })

  test('malformed watch records are not moves', () => {
    const r = report(mark(`cmd 1 0 0 u10.00 b${BTIME} true`) + mark('done 0'), {
      extra: [
        ['clockwatch', 'timerfd'],
        ['clockmoved', 'btime=1 was=2 extra'],
      ],
    })
    assert.equal(r.clockWatch, undefined)
    assert.deepEqual(r.clockMoves, [])
  })
})

describe('buildGuestReport: a move only the marks show', () => {
  test('the framer saw none (no timerfd, a set and a set back between two looks): still a move, exact', () => {
    const BTIME = 2147558390
    const r = report(
      mark(`cmd 1 0 0 u10.00 b${BTIME} date -s 2030-01-01`) +
        mark(`cmd 2 0 0 u10.30 b${BTIME - 252460800} sudo -n true`) +
        mark(`cmd 3 0 0 u10.60 b${BTIME} true`) +
        mark('done 0'),
      { extra: [['clockwatch', `btime:Function not implemented btime=${BTIME}`]] },
    )
    assert.deepEqual(r.clockMoves, [
      {
        uptime: 10.3,
        was: BTIME,
        btime: BTIME - 252460800,
        by: { line: 1, command: 'date -s 2030-01-01', exact: true },
      },
    ])
  })
})
