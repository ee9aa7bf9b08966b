import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { type GuestReport, buildGuestReport } from '../../src/guest-report.js'
import { type ParsedStream, type SerialRecord, encodeRecord, parseRecords } from '../../src/serial.js'

function fixtureReport(name: string, token: string): GuestReport {
  return buildGuestReport(parseRecords(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)), token))
}

function fromRecords(records: Array<[string, string]>, extra: Partial<ParsedStream> = {}): GuestReport {
  const list: SerialRecord[] = records.map(([kind, payload], i) => ({ seq: i + 1, kind, payload }))
  return buildGuestReport({ records: list, corrupt: 0, missing: [], ...extra })
}

describe('buildGuestReport on the userprobe fixture (2038-01-20)', () => {
  const report = fixtureReport('i386-bookworm-step-2038-01-20-userprobe.results', 'bed4ddbc8e63')

  test('the greeting, the userland and the clock', () => {
    assert.equal(report.harnessVersion, 1)
    assert.equal(report.machine, 'i686')
    assert.equal(report.kernelRelease, '6.1.0-50-686')
    assert.equal(report.timeT, 32)
    assert.deepEqual(report.step, { ok: true, message: 'ok' })
    assert.equal(report.clockAtProbe, 2147558400)
    assert.equal(new Date(report.clockAtProbe! * 1000).toISOString(), '2038-01-20T00:00:00.000Z')
  })

  test('complete, with the probe exit status and nothing lost', () => {
    assert.equal(report.complete, true)
    assert.equal(report.exitStatus, 0)
    assert.equal(report.corruptRecords, 0)
    assert.equal(report.missingRecords, 0)
    assert.deepEqual(report.preamble, [])
  })

  test('one entry per probe line, in order, with the command as bash saw it', () => {
    assert.deepEqual(
      report.lines.map((l) => [l.line, l.command]),
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
    const byLine = new Map(report.lines.map((l) => [l.line, l]))
    assert.deepEqual(byLine.get(4), {
      line: 4,
      command: 'busybox stat /tmp/newfile',
      output: ["stat: can't stat '/tmp/newfile': Value too large for defined data type"],
      failures: [1],
    })
    assert.deepEqual(byLine.get(5), {
      line: 5,
      command: 'sudo -n true',
      output: [
        'sudo: unable to get time of day: Value too large for defined data type',
        'sudo: error initializing audit plugin sudoers_audit',
      ],
      failures: [1],
    })
    assert.deepEqual(byLine.get(6), {
      line: 6,
      command: 'ls /nonexistent',
      output: ["ls: cannot access '/nonexistent': No such file or directory"],
      failures: [2],
    })
  })

  test('the other lines did not fail', () => {
    const failing = report.lines.filter((l) => l.failures.length > 0).map((l) => l.line)
    assert.deepEqual(failing, [4, 5, 6])
    assert.deepEqual(report.lines.find((l) => l.line === 1)!.output, ['Wed Jan 20 00:00:00 UTC 2038'])
    assert.deepEqual(report.lines.find((l) => l.line === 7)!.output, ['fine'])
    assert.deepEqual(report.lines.find((l) => l.line === 3)!.output, [])
  })
})

describe('buildGuestReport on the builtin fixture (2038-01-20)', () => {
  const report = fixtureReport('i386-bookworm-step-2038-01-20-builtin.results', '77b76ec1e416')

  test('check names are attached to their lines', () => {
    const checks = Object.fromEntries(report.lines.filter((l) => l.check).map((l) => [l.line, l.check]))
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

  test("a line's command is its first command, not the wrapper's later ones", () => {
    const line6 = report.lines.find((l) => l.line === 6)!
    assert.equal(line6.command, 'check busybox-date expect_year busybox date -u')
    const line10 = report.lines.find((l) => l.line === 10)!
    assert.equal(line10.command, 'check systemd-clock systemd-analyze timestamp now')
    assert.deepEqual(line10.failures, [134])
  })

  test('an empty output line is kept', () => {
    const line11 = report.lines.find((l) => l.line === 11)!
    assert.equal(line11.output[0], '')
    assert.equal(line11.output.length, 2)
  })

  test('complete, time_t 32, clock at 2038-01-20', () => {
    assert.equal(report.complete, true)
    assert.equal(report.timeT, 32)
    assert.equal(report.clockAtProbe, 2147558400)
    assert.deepEqual(
      report.lines.filter((l) => l.failures.length > 0).map((l) => l.line),
      [6, 7, 8, 9, 10, 11, 12],
    )
  })
})

describe('buildGuestReport on the 2038-01-18 fixture', () => {
  const report = fixtureReport('i386-bookworm-step-2038-01-18.results', 'abcd1234')

  test('no failures, clock at 2038-01-18', () => {
    assert.equal(report.complete, true)
    assert.equal(report.clockAtProbe, 2147385600)
    assert.deepEqual(
      report.lines.filter((l) => l.failures.length > 0),
      [],
    )
  })

  test('output with tabs is kept as printed', () => {
    const line8 = report.lines.find((l) => l.line === 8)!
    assert.ok(line8.output.includes('Device: 19h/25d\tInode: 2           Links: 1'))
  })
})

describe('buildGuestReport on made-up streams', () => {
  test('a stream without an end record is not complete', () => {
    const report = fromRecords([
      ['hello', 'harness=1 machine=i686 kernel=6.1.0-50-686'],
      ['clock', '2147558400'],
      ['cmd', '1 date -u'],
      ['out', 'Wed Jan 20 00:00:00 UTC 2038'],
    ])
    assert.equal(report.complete, false)
    assert.equal(report.clockAtProbe, 2147558400)
    assert.equal(report.lines.length, 1)
  })

  test('the fixture cut before its end record is not complete', () => {
    const data = readFileSync(new URL('../fixtures/i386-bookworm-step-2038-01-20-userprobe.results', import.meta.url))
    const text = data.toString('latin1')
    const cut = Buffer.from(text.slice(0, text.lastIndexOf('\x1eY2038|')), 'latin1')
    const report = buildGuestReport(parseRecords(cut, 'bed4ddbc8e63'))
    assert.equal(report.complete, false)
    assert.equal(report.exitStatus, 0)
  })

  test('an end record with records missing is not complete', () => {
    const report = fromRecords(
      [
        ['hello', 'harness=1'],
        ['end', '1'],
      ],
      { missing: [3], corrupt: 2 },
    )
    assert.equal(report.complete, false)
    assert.equal(report.missingRecords, 1)
    assert.equal(report.corruptRecords, 2)
  })

  test('an end record and nothing missing is complete', () => {
    assert.equal(fromRecords([['end', '0']]).complete, true)
  })

  test('output before the first command is the preamble', () => {
    const report = fromRecords([
      ['out', 'before the probe'],
      ['cmd', '1 true'],
      ['out', 'after'],
      ['end', '3'],
    ])
    assert.deepEqual(report.preamble, ['before the probe'])
    assert.deepEqual(report.lines[0]!.output, ['after'])
  })

  test('a failed clock step keeps its message', () => {
    const report = fromRecords([['step', 'date: cannot set date: Invalid argument']])
    assert.deepEqual(report.step, { ok: false, message: 'date: cannot set date: Invalid argument' })
  })

  test('a negative clock (a wrapped time_t) is kept; a garbled one is not', () => {
    assert.equal(fromRecords([['clock', '-2147483648']]).clockAtProbe, -2147483648)
    assert.equal(fromRecords([['clock', 'Wed Jan 20']]).clockAtProbe, undefined)
  })

  test('time_t other than 32 or 64 is ignored', () => {
    assert.equal(fromRecords([['userland', 'time_t=64']]).timeT, 64)
    assert.equal(fromRecords([['userland', 'time_t=16']]).timeT, undefined)
  })

  test('a failure for a line that printed nothing creates the line; lines are sorted', () => {
    const report = fromRecords([
      ['cmd', '5 false'],
      ['fail', '5 1'],
      ['fail', '2 127'],
      ['fail', 'x y'],
    ])
    assert.deepEqual(
      report.lines.map((l) => [l.line, l.command, l.failures]),
      [
        [2, '', [127]],
        [5, 'false', [1]],
      ],
    )
  })

  test('two failing commands on one line keep both statuses in order', () => {
    const report = fromRecords([
      ['cmd', '3 false'],
      ['fail', '3 1'],
      ['cmd', '3 ls /x'],
      ['fail', '3 2'],
    ])
    assert.deepEqual(report.lines, [{ line: 3, command: 'false', output: [], failures: [1, 2] }])
  })

  test('a line first seen by its check record gets its command from the cmd record', () => {
    const report = fromRecords([
      ['check', '4 my-check'],
      ['cmd', '4 check my-check date -u'],
    ])
    assert.deepEqual(report.lines, [
      { line: 4, command: 'check my-check date -u', check: 'my-check', output: [], failures: [] },
    ])
  })

  test('encodeRecord + parseRecords + buildGuestReport agree', () => {
    const token = '0123456789ab'
    const data = Buffer.concat([
      encodeRecord(token, 1, 'hello', 'harness=1 machine=x86_64 kernel=6.12.0-amd64'),
      encodeRecord(token, 2, 'userland', 'time_t=64'),
      encodeRecord(token, 3, 'clock', '2147558400'),
      encodeRecord(token, 4, 'cmd', '1 echo héllo'),
      encodeRecord(token, 5, 'out', 'héllo'),
      encodeRecord(token, 6, 'exit', '0'),
      encodeRecord(token, 7, 'end', '6'),
    ])
    const report = buildGuestReport(parseRecords(data, token))
    assert.equal(report.machine, 'x86_64')
    assert.equal(report.timeT, 64)
    assert.equal(report.complete, true)
    assert.deepEqual(report.lines, [{ line: 1, command: 'echo héllo', output: ['héllo'], failures: [] }])
  })
})
