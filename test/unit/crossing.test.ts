import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  ROLLOVER,
  STEP_BOOT_DATE,
  bootDateFor,
  formatInstant,
  parseInstant,
  stepDateFor,
} from '../../src/config/dates.js'
import { InputError } from '../../src/config/errors.js'
import {
  DEFAULTS,
  defaultDates,
  parseClock,
  parseCrossMargin,
  parseDates,
  parseInit,
  parseOptions,
  parseSystemdTarget,
} from '../../src/config/options.js'
import { settleDates } from '../../src/report/settle.js'
import { splitAtCrossing } from '../../src/verdict/crossing.js'
import {
  type BootEvidence,
  type DateVerdict,
  type Finding,
  clockWindow,
  evaluateBoot,
  guestTimeAt,
  ranPastCrossing,
} from '../../src/verdict/detect.js'
import { type GuestReport, buildGuestReport } from '../../src/verdict/guest-report.js'
import { encodeRecord, parseRecords } from '../../src/protocol/records.js'
import { bashSyntaxError } from '../../src/host/bash-syntax.js'

const iso = (date: Date): string => formatInstant(date)

/** Asserts fn throws an InputError for `input` with exactly `message`. */
function throwsExactly(fn: () => unknown, input: string, message: string): void {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  assert.ok(caught instanceof InputError, `expected an InputError, got ${String(caught)}`)
  assert.equal(caught.input, input)
  assert.equal(caught.message, message)
}

describe('stepDateFor and bootDateFor with clock cross', () => {
  test('the clock is set the margin before the date; step and boot set it at the date', () => {
    assert.equal(iso(stepDateFor(ROLLOVER, 'cross', 30)), '2038-01-19T03:13:38Z')
    assert.equal(iso(stepDateFor(ROLLOVER, 'cross', 3600)), '2038-01-19T02:14:08Z')
    assert.equal(iso(stepDateFor(ROLLOVER, 'cross')), '2038-01-19T03:14:08Z')
    assert.equal(iso(stepDateFor(ROLLOVER, 'step', 30)), '2038-01-19T03:14:08Z')
    assert.equal(iso(stepDateFor(ROLLOVER, 'boot', 30)), '2038-01-19T03:14:08Z')
  })

  test('the guest boots at 2038-01-18T00:00:00Z when the margin before the date is later', () => {
    assert.equal(iso(bootDateFor(ROLLOVER, 'cross', 30)), '2038-01-18T00:00:00Z')
    assert.equal(iso(bootDateFor(parseInstant('2038-01-18T00:00:30Z')!, 'cross', 30)), '2038-01-18T00:00:00Z')
    assert.equal(iso(bootDateFor(parseInstant('2090-06-01')!, 'cross', 30)), '2038-01-18T00:00:00Z')
  })

  test('a date whose margin before it is earlier boots there, not at the date', () => {
    assert.equal(iso(bootDateFor(parseInstant('2038-01-18T00:00:20Z')!, 'cross', 30)), '2038-01-17T23:59:50Z')
    assert.equal(iso(bootDateFor(parseInstant('2037-06-01')!, 'cross', 3600)), '2037-05-31T23:00:00Z')
    // step boots at the date itself, boot starts the RTC there.
    assert.equal(iso(bootDateFor(parseInstant('2037-06-01')!, 'step', 3600)), '2037-06-01T00:00:00Z')
    assert.equal(iso(bootDateFor(ROLLOVER, 'boot', 30)), '2038-01-19T03:14:08Z')
  })

  test('the boot date is never after 2038-01-18T00:00:00Z, nor after the clock is set', () => {
    const dates = ['1999-01-01', '2038-01-17T23:59:59Z', '2038-01-18', '2038-01-18T00:59:59Z', '2038-01-19T03:14:08Z']
    for (const text of [...dates, '2038-01-20', '2099-12-31']) {
      for (const margin of [1, 30, 3600]) {
        const date = parseInstant(text)!
        const boot = bootDateFor(date, 'cross', margin)
        assert.ok(boot.getTime() <= STEP_BOOT_DATE.getTime(), `${text} ${margin}: ${iso(boot)}`)
        assert.ok(boot.getTime() <= stepDateFor(date, 'cross', margin).getTime(), `${text} ${margin}: ${iso(boot)}`)
      }
    }
  })
})

describe('options of clock cross and init systemd', () => {
  test('parseDates: with cross and no dates, the rollover alone', () => {
    assert.deepEqual(parseDates(undefined, 'cross'), [ROLLOVER])
    assert.deepEqual(parseDates(' \n', 'cross'), [ROLLOVER])
    assert.deepEqual(defaultDates('cross'), ['2038-01-19T03:14:08Z'])
  })

  test('parseDates: given dates win over the default with cross; step and boot keep the two defaults', () => {
    assert.deepEqual(parseDates('2038-01-20', 'cross'), [parseInstant('2038-01-20')!])
    assert.deepEqual(parseDates(undefined, 'step').map(iso), ['2038-01-18T00:00:00Z', '2038-01-20T00:00:00Z'])
    assert.deepEqual(parseDates(undefined, 'boot').map(iso), ['2038-01-18T00:00:00Z', '2038-01-20T00:00:00Z'])
  })

  test('parseClock: cross is a clock mode, and the error names all three', () => {
    assert.equal(parseClock('cross'), 'cross')
    assert.equal(parseClock(' cross '), 'cross')
    throwsExactly(
      () => parseClock('crossing'),
      'clock',
      "clock: 'crossing' is not a clock mode (valid: step, boot, cross)",
    )
  })

  test('parseInit: sh by default, systemd, nothing else', () => {
    assert.equal(parseInit(undefined), 'sh')
    assert.equal(parseInit(''), 'sh')
    assert.equal(parseInit('sh'), 'sh')
    assert.equal(parseInit(' systemd '), 'systemd')
    throwsExactly(() => parseInit('openrc'), 'init', "init: 'openrc' is not valid (valid: sh, systemd)")
    throwsExactly(() => parseInit('Systemd'), 'init', "init: 'Systemd' is not valid (valid: sh, systemd)")
  })

  test('parseSystemdTarget: multi-user.target by default, any target name', () => {
    assert.equal(parseSystemdTarget(undefined), 'multi-user.target')
    assert.equal(parseSystemdTarget('  '), 'multi-user.target')
    assert.equal(parseSystemdTarget('graphical.target'), 'graphical.target')
    assert.equal(parseSystemdTarget(' rescue.target '), 'rescue.target')
    assert.equal(parseSystemdTarget('y2038@x:y_z-1.target'), 'y2038@x:y_z-1.target')
  })

  test('parseSystemdTarget: a name that is not a target is refused, with the exact message', () => {
    throwsExactly(
      () => parseSystemdTarget('multi-user'),
      'systemd-target',
      "systemd-target: 'multi-user' is not a systemd target name (valid: multi-user.target, graphical.target, …)",
    )
    for (const bad of ['multi-user.service', 'a b.target', "x.target'; reboot; '", '.target.x', '$(id).target']) {
      throwsExactly(
        () => parseSystemdTarget(bad),
        'systemd-target',
        `systemd-target: '${bad}' is not a systemd target name (valid: multi-user.target, graphical.target, …)`,
      )
    }
  })

  test('parseCrossMargin: 30 by default, whole seconds from 1 to 3600', () => {
    assert.equal(DEFAULTS.crossMarginSeconds, 30)
    assert.equal(parseCrossMargin(undefined), 30)
    assert.equal(parseCrossMargin(' '), 30)
    assert.equal(parseCrossMargin('1'), 1)
    assert.equal(parseCrossMargin(' 45 '), 45)
    assert.equal(parseCrossMargin('3600'), 3600)
  })

  test('parseCrossMargin: anything else is refused, with the exact message', () => {
    for (const bad of ['0', '3601', '-5', '1.5', '30s', '1e2', 'thirty', '99999999999999999999']) {
      throwsExactly(
        () => parseCrossMargin(bad),
        'cross-margin',
        `cross-margin: '${bad}' is not a whole number of seconds from 1 to 3600`,
      )
    }
  })

  test('parseOptions: clock cross without dates runs at the rollover; init, target and margin as given', () => {
    const context = { repositoryRoot: '/nonexistent-repo', syntaxError: bashSyntaxError, env: {} }
    const defaults = parseOptions({ clock: 'cross', control: 'none' }, context)
    assert.deepEqual(defaults.dates, [ROLLOVER])
    assert.equal(defaults.clock, 'cross')
    assert.deepEqual(
      [defaults.init, defaults.systemdTarget, defaults.crossMarginSeconds],
      ['sh', 'multi-user.target', 30],
    )
    const given = parseOptions(
      { clock: 'cross', control: 'none', init: 'systemd', systemdTarget: 'graphical.target', crossMargin: '120' },
      context,
    )
    assert.deepEqual([given.init, given.systemdTarget, given.crossMarginSeconds], ['systemd', 'graphical.target', 120])
    assert.throws(() => parseOptions({ crossMargin: '0' }, context), {
      message: "cross-margin: '0' is not a whole number of seconds from 1 to 3600",
    })
  })
})

describe('clockWindow and guestTimeAt', () => {
  const stepTo = new Date(ROLLOVER.getTime() - 30_000)

  test('cross: the window is around where the clock is set, the margin before the date', () => {
    assert.deepEqual(
      clockWindow({ date: ROLLOVER, clock: 'cross', durationMs: 120_000, stepTo }),
      [2147483616, 2147483678],
    )
    assert.deepEqual(clockWindow({ date: ROLLOVER, clock: 'step', durationMs: 120_000 }), [2147483646, 2147483708])
    assert.deepEqual(clockWindow({ date: ROLLOVER, clock: 'boot', durationMs: 12_500 }), [2147483646, 2147483781])
  })

  test('guestTimeAt: the clock at the probe plus the seconds since', () => {
    const guest = { clockAtProbe: 2147483618, uptimeAtProbe: 50.25 }
    assert.equal(guestTimeAt(guest, 60.5), 2147483628.25)
    assert.equal(guestTimeAt(guest, 50.25), 2147483618)
    assert.equal(guestTimeAt(guest, 40), 2147483607.75)
    assert.equal(guestTimeAt({ clockAtProbe: 2147483618 }, 60.5), undefined)
    assert.equal(guestTimeAt({ uptimeAtProbe: 50.25 }, 60.5), undefined)
  })
})

const TOKEN = '0123456789ab'
const SECRET = '00112233445566778899aabb'
/** 2038-01-19T03:13:38Z: the clock, 30 s before the rollover, read at 50.25 s since boot. */
const CLOCK = 2147483618
const UPTIME = 50.25
const mark = (text: string): string => `\x1eY2038M${SECRET}:${text}\n`

/** The records of a harness-4 boot under init systemd whose probe printed `output` (marks included). */
function stream(output: string, records: Array<[string, string]> = []): Buffer {
  const all: Array<[string, string]> = [
    ['hello', 'harness=4 machine=i686 kernel=6.1.0-50-686'],
    ['userland', 'time_t=32'],
    ...records,
    ['step', 'ok'],
    ['clock', String(CLOCK)],
    ['uptime', String(UPTIME)],
    ['marks', SECRET],
    ['out', output],
    ['status', '0'],
    ['end', String(Buffer.byteLength(output))],
  ]
  return Buffer.concat(all.map(([kind, payload], i) => encodeRecord(TOKEN, i + 1, kind, payload)))
}

const guestOf = (output: string, records?: Array<[string, string]>): GuestReport =>
  buildGuestReport(parseRecords(stream(output, records), TOKEN))

/** Line 1 fails at 60.5 s (20 s before the crossing); line 2 sleeps; line 3 fails at 86.0 s (5.75 s after it). */
const CROSSING_PROBE =
  mark('cmd 1 0 2 u60.5 ls /nonexistent') +
  "ls: cannot access '/nonexistent': No such file or directory\n" +
  mark('fail 1 2 2 u60.5 2 ls /nonexistent') +
  mark('cmd 2 2 2 u60.75 sleep 25') +
  mark('cmd 3 0 2 u85.75 stat /tmp/f') +
  "stat: cannot stat '/tmp/f': Value too large for defined data type\n" +
  mark('fail 3 1 2 u86.0 1 stat /tmp/f') +
  mark('done 0') +
  mark('exit 0')

function crossEvidence(guest: GuestReport, overrides: Partial<BootEvidence> = {}): BootEvidence {
  return {
    date: ROLLOVER,
    clock: 'cross',
    arch: 'i386',
    suite: 'bookworm',
    guest,
    console: '',
    timedOut: false,
    timeoutSeconds: 600,
    durationMs: 120_000,
    stepTo: new Date(ROLLOVER.getTime() - 30_000),
    crossing: true,
    ...overrides,
  }
}

const BASE = { date: '2038-01-19T03:14:08Z', clock: 'cross', arch: 'i386', suite: 'bookworm' } as const

describe('buildGuestReport: harness 4 marks and records', () => {
  test('cmd and fail marks carry the uptime: each line its first and last start, each failure its time', () => {
    const guest = guestOf(CROSSING_PROBE)
    assert.equal(guest.harnessVersion, 4)
    assert.equal(guest.clockAtProbe, CLOCK)
    assert.equal(guest.uptimeAtProbe, 50.25)
    assert.deepEqual(guest.lines, [
      {
        line: 1,
        command: 'ls /nonexistent',
        output: ["ls: cannot access '/nonexistent': No such file or directory"],
        omittedOutput: 0,
        failures: [{ status: 2, command: 'ls /nonexistent', how: 'error', uptime: 60.5 }],
        firstUptime: 60.5,
        lastUptime: 60.5,
      },
      {
        line: 2,
        command: 'sleep 25',
        output: [],
        omittedOutput: 0,
        failures: [],
        firstUptime: 60.75,
        lastUptime: 60.75,
      },
      {
        line: 3,
        command: 'stat /tmp/f',
        output: ["stat: cannot stat '/tmp/f': Value too large for defined data type"],
        omittedOutput: 0,
        failures: [{ status: 1, command: 'stat /tmp/f', how: 'error', uptime: 86 }],
        firstUptime: 85.75,
        lastUptime: 85.75,
      },
    ])
    assert.equal(guest.complete, true)
  })

  test('a line run twice: its first and its last start', () => {
    const guest = guestOf(mark('cmd 4 0 2 u10.5 true') + mark('cmd 5 0 2 u11 true') + mark('cmd 4 0 2 u12.25 true'))
    assert.deepEqual(
      guest.lines.map((l) => [l.line, l.firstUptime, l.lastUptime]),
      [
        [4, 10.5, 12.25],
        [5, 11, 11],
      ],
    )
  })

  test("a quiet failure's uptime is the next command's start", () => {
    const guest = guestOf(mark('cmd 2 0 2 u20.5 mkdir -p /x/y') + mark('cmd 3 1 2 u21.25 echo next'))
    assert.deepEqual(guest.lines[0]!.failures, [{ status: 1, command: 'mkdir -p /x/y', how: 'quiet', uptime: 21.25 }])
  })

  test('old marks without the u field still parse; the uptimes stay undefined', () => {
    const guest = guestOf(mark('cmd 5 0 2 false') + mark('fail 5 1 2 1 false') + mark('cmd 6 1 2 echo u12 x'))
    assert.deepEqual(guest.lines, [
      {
        line: 5,
        command: 'false',
        output: [],
        omittedOutput: 0,
        failures: [{ status: 1, command: 'false', how: 'error' }],
      },
      { line: 6, command: 'echo u12 x', output: [], omittedOutput: 0, failures: [] },
    ])
    assert.equal(guest.lines[0]!.firstUptime, undefined)
    assert.equal(guest.lines[0]!.lastUptime, undefined)
    assert.equal(guest.lines[0]!.failures[0]!.uptime, undefined)
  })

  test("a pipeline's fail mark with the u field: the failing element and its statuses", () => {
    const guest = guestOf(
      mark('cmd 3 0 2 u7.5 echo x') + mark('cmd 3 0 2 u7.5 grep -q zz') + mark('fail 3 1 2 u7.75 0,1 grep -q zz'),
    )
    assert.deepEqual(guest.lines[0]!.failures, [
      { status: 1, command: 'grep -q zz', how: 'error', pipeline: [0, 1], uptime: 7.75 },
    ])
  })

  test('bash echoing the failed command for the ERR handler is still dropped with the u field', () => {
    const guest = guestOf(
      mark('cmd 7 0 2 u9.5 check x false') +
        mark('cmd 7 1 2 u9.5 "$@"') +
        mark('fail 7 1 2 u9.5 1 "$@"') +
        mark('cmd 8 1 2 u9.75 true'),
    )
    assert.deepEqual(guest.lines[0]!.failures, [{ status: 1, command: 'check x false', how: 'error', uptime: 9.5 }])
    assert.equal(guest.lines.length, 2)
  })

  test('the uptime, init and bootfailed records', () => {
    const guest = guestOf(mark('cmd 1 0 2 u60 true'), [
      ['init', 'systemd target=multi-user.target seconds=98.95 state=degraded'],
      [
        'bootfailed',
        'serial-getty@ttyS0.service loaded failed failed Serial Getty\nfoo.service loaded failed failed Foo',
      ],
    ])
    assert.equal(guest.uptimeAtProbe, 50.25)
    assert.deepEqual(guest.init, { kind: 'systemd', target: 'multi-user.target', seconds: 98.95, state: 'degraded' })
    assert.deepEqual(guest.bootFailedUnits, ['serial-getty@ttyS0.service', 'foo.service'])
  })

  test('init with no state and nothing failed at boot; a sh guest has neither record', () => {
    const guest = guestOf(mark('cmd 1 0 2 u60 true'), [
      ['init', 'systemd target=graphical.target seconds=12.5 state='],
      ['bootfailed', ''],
    ])
    assert.deepEqual(guest.init, { kind: 'systemd', target: 'graphical.target', seconds: 12.5 })
    assert.deepEqual(guest.bootFailedUnits, [])
    const sh = guestOf(mark('cmd 1 0 2 u60 true'))
    assert.equal(sh.init, undefined)
    assert.equal(sh.bootFailedUnits, undefined)
  })

  test('an uptime record that is not a number of seconds is ignored', () => {
    const data = Buffer.concat([
      encodeRecord(TOKEN, 1, 'clock', String(CLOCK)),
      encodeRecord(TOKEN, 2, 'uptime', '-3.5'),
      encodeRecord(TOKEN, 3, 'end', '0'),
    ])
    assert.equal(buildGuestReport(parseRecords(data, TOKEN)).uptimeAtProbe, undefined)
  })
})

describe('evaluateBoot with clock cross', () => {
  const guest = guestOf(CROSSING_PROBE)
  const verdict = evaluateBoot(crossEvidence(guest))

  test('a failure before the crossing is tagged before, one after it after, each with its guest time', () => {
    assert.equal(verdict.outcome, 'fail')
    assert.deepEqual(verdict.findings, [
      {
        ...BASE,
        stage: 'probe',
        line: 1,
        command: 'ls /nonexistent',
        program: 'ls',
        message: "ls: cannot access '/nonexistent': No such file or directory",
        signature: { id: 'exit-status', match: 'exit status 2' },
        exitStatus: 2,
        guestTime: '2038-01-19T03:13:48Z',
        crossing: 'before',
      },
      {
        ...BASE,
        stage: 'probe',
        line: 3,
        command: 'stat /tmp/f',
        program: 'stat',
        message: "stat: cannot stat '/tmp/f': Value too large for defined data type",
        signature: { id: 'eoverflow', match: 'Value too large for defined data type' },
        exitStatus: 1,
        guestTime: '2038-01-19T03:14:13Z',
        crossing: 'after',
      },
    ])
  })

  test('without crossing (clock step), the same guest gets no guest times', () => {
    const stepped = evaluateBoot(crossEvidence(guest, { clock: 'step', crossing: false }))
    assert.deepEqual(
      stepped.findings.map((f) => [f.line, f.guestTime, f.crossing]),
      [
        [1, undefined, undefined],
        [3, undefined, undefined],
      ],
    )
  })

  test('the exact second of the crossing is after it', () => {
    // 50.25 + 30 s: the guest's clock reads 03:14:08.000.
    const atCrossing = guestOf(mark('cmd 1 0 2 u80.25 false') + mark('fail 1 1 2 u80.25 1 false') + mark('done 0'))
    const [f] = evaluateBoot(crossEvidence(atCrossing)).findings
    assert.deepEqual([f!.guestTime, f!.crossing], ['2038-01-19T03:14:08Z', 'after'])
  })

  test('a probe whose last command started before the crossing is incomplete: not-crossed at its last line', () => {
    const early = guestOf(
      mark('cmd 1 0 2 u60.5 ls /nonexistent') +
        mark('fail 1 2 2 u60.5 2 ls /nonexistent') +
        mark('cmd 2 2 2 u60.75 sleep 5') +
        mark('done 0') +
        mark('exit 0'),
    )
    assert.equal(ranPastCrossing(early, ROLLOVER), false)
    const incomplete = evaluateBoot(crossEvidence(early))
    assert.equal(incomplete.outcome, 'incomplete')
    assert.deepEqual(
      incomplete.findings.map((f) => [f.line, f.signature.id, f.crossing]),
      [
        [1, 'exit-status', 'before'],
        [2, 'not-crossed', undefined],
      ],
    )
    assert.deepEqual(incomplete.findings[1], {
      ...BASE,
      stage: 'probe',
      line: 2,
      command: 'sleep 5',
      message:
        "the probe ended before the guest's clock crossed 2038-01-19T03:14:08Z: nothing ran after it (call y2038_wait_crossing before the checks that should run after it)",
      signature: { id: 'not-crossed', match: '' },
    })
  })

  test('a probe with no uptimes (old marks) never shows it crossed', () => {
    const old = guestOf(mark('cmd 1 0 2 true') + mark('done 0'))
    assert.equal(ranPastCrossing(old, ROLLOVER), false)
    assert.equal(evaluateBoot(crossEvidence(old)).outcome, 'incomplete')
    assert.equal(evaluateBoot(crossEvidence(old, { clock: 'step', crossing: false })).outcome, 'pass')
  })

  test('ranPastCrossing: a command started, or a failure seen, at or after the crossing', () => {
    assert.equal(ranPastCrossing(guest, ROLLOVER), true)
    // The last command started at 79.5 s (0.75 s before), its failure came at 80.5 s (after).
    const failedAfter = guestOf(mark('cmd 1 0 2 u79.5 sleep 1 && false') + mark('fail 1 1 2 u80.5 1 false'))
    assert.equal(ranPastCrossing(failedAfter, ROLLOVER), true)
    const startedAt = guestOf(mark('cmd 1 0 2 u80.25 true'))
    assert.equal(ranPastCrossing(startedAt, ROLLOVER), true)
    const justBefore = guestOf(mark('cmd 1 0 2 u80.24 true'))
    assert.equal(ranPastCrossing(justBefore, ROLLOVER), false)
    assert.equal(ranPastCrossing({ ...guest, uptimeAtProbe: undefined }, ROLLOVER), false)
  })

  test('a pass after the crossing is a pass', () => {
    const waited = guestOf(
      mark('cmd 1 0 2 u50.5 y2038_wait_crossing') + mark('cmd 2 0 2 u81.25 date -u') + mark('done 0'),
    )
    assert.deepEqual(evaluateBoot(crossEvidence(waited)), { outcome: 'pass', findings: [] })
  })
})

describe('splitAtCrossing', () => {
  const verdict = evaluateBoot(crossEvidence(guestOf(CROSSING_PROBE)))
  const [before, after] = verdict.findings as [Finding, Finding]

  test('the findings before the crossing are set aside, with the time they happened at', () => {
    const { kept, beforeCrossing } = splitAtCrossing(verdict, ROLLOVER)
    assert.deepEqual(kept, { outcome: 'fail', findings: [after] })
    assert.deepEqual(beforeCrossing, [
      {
        finding: before,
        reason: 'it happened at 2038-01-19T03:13:48Z, before the clock crossed 2038-01-19T03:14:08Z',
      },
    ])
  })

  test('a fail whose findings were all before the crossing is a pass', () => {
    const { kept, beforeCrossing } = splitAtCrossing({ outcome: 'fail', findings: [before] }, ROLLOVER)
    assert.deepEqual(kept, { outcome: 'pass', findings: [] })
    assert.equal(beforeCrossing.length, 1)
  })

  test('other outcomes stay; findings without a side stay', () => {
    const notCrossed: Finding = { ...BASE, stage: 'probe', message: 'x', signature: { id: 'not-crossed', match: '' } }
    const { kept } = splitAtCrossing({ outcome: 'incomplete', findings: [before, notCrossed] }, ROLLOVER)
    assert.deepEqual(kept, { outcome: 'incomplete', findings: [notCrossed] })
    const untouched: DateVerdict = { outcome: 'fail', findings: [after, notCrossed] }
    assert.deepEqual(splitAtCrossing(untouched, ROLLOVER), { kept: untouched, beforeCrossing: [] })
  })

  test("settleDates: a boot's own set-aside findings are the run's ignored, first", () => {
    const { kept, beforeCrossing } = splitAtCrossing(verdict, ROLLOVER)
    const result = {
      date: '2038-01-19T03:14:08Z',
      bootDate: '2038-01-18T00:00:00Z',
      clock: 'cross' as const,
      durationSeconds: 120,
      reachedProbe: true,
      consoleLog: '/out/console.log',
      crossing: '2038-01-19T03:14:08Z',
    }
    const settled = settleDates([{ date: ROLLOVER, verdict: kept, result, ignored: beforeCrossing }])
    assert.deepEqual(settled.ignored, beforeCrossing)
    assert.deepEqual(settled.findings, [after])
    assert.equal(settled.dates[0]!.outcome, 'fail')
  })
})
