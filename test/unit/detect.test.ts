import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { parseInstant } from '../../src/config/dates.js'
import {
  type BootEvidence,
  type DateVerdict,
  type Finding,
  clockWindow,
  dropBaselineFailures,
  continuedFrom,
  evaluateBoot,
  failureKey,
  isNoise,
  matchSignature,
  programOf,
} from '../../src/verdict/detect.js'
import { type GuestReport, type ProbeLine, buildGuestReport } from '../../src/verdict/guest-report.js'
import { parseRecords } from '../../src/protocol/records.js'

function fixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
}

function fixtureGuest(name: string, token: string): GuestReport {
  return buildGuestReport(parseRecords(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)), token))
}

const JAN18 = parseInstant('2038-01-18')!
const JAN20 = parseInstant('2038-01-20')!
const EMPTY_GUEST = buildGuestReport(parseRecords(Buffer.alloc(0), '000000000000'))

function evidence(overrides: Partial<BootEvidence>): BootEvidence {
  return {
    date: JAN20,
    clock: 'step',
    arch: 'i386',
    suite: 'bookworm',
    guest: EMPTY_GUEST,
    console: '',
    timedOut: false,
    timeoutSeconds: 600,
    durationMs: 12_000,
    ...overrides,
  }
}

/** A complete guest report whose probe ran at `date` with the given lines. */
function guestAt(date: Date, lines: ProbeLine[], extra: Partial<GuestReport> = {}): GuestReport {
  return {
    harnessVersion: 2,
    machine: 'i686',
    kernelRelease: '6.1.0-50-686',
    timeT: 32,
    step: { ok: true, message: 'ok' },
    clockAtProbe: Math.floor(date.getTime() / 1000),
    lines,
    preamble: [],
    doneStatus: 0,
    exitStatus: 0,
    processStatus: 0,
    droppedBytes: 0,
    complete: true,
    corruptRecords: 0,
    missingRecords: 0,
    outOfOrderRecords: [],
    clockMoves: [],
    ...extra,
  }
}

/** A probe line whose failures bash's ERR trap saw, each of the line's command. */
const line = (n: number, command: string, output: string[], failures: number[] = []): ProbeLine => ({
  line: n,
  command,
  output,
  omittedOutput: 0,
  failures: failures.map((status) => ({ status, command, how: 'error' })),
})

describe('evaluateBoot on the userprobe fixture at 2038-01-20', () => {
  const guest = fixtureGuest('i386-bookworm-step-2038-01-20-userprobe.results', 'e94a8d4c95a2')
  const verdict = evaluateBoot(evidence({ guest, console: fixtureText('i386-bookworm-step-2038-01-20.console.log') }))

  test('fails with findings for exactly lines 4, 5 and 6', () => {
    assert.equal(verdict.outcome, 'fail')
    assert.deepEqual(
      verdict.findings.map((f) => f.line),
      [4, 5, 6],
    )
    for (const f of verdict.findings) {
      assert.equal(f.stage, 'probe')
      assert.equal(f.date, '2038-01-20T00:00:00Z')
      assert.equal(f.clock, 'step')
      assert.equal(f.arch, 'i386')
      assert.equal(f.suite, 'bookworm')
    }
  })

  test('line 4: busybox stat, EOVERFLOW', () => {
    const f = verdict.findings[0]!
    assert.equal(f.command, 'busybox stat /tmp/newfile')
    assert.equal(f.program, 'busybox')
    assert.deepEqual(f.signature, { id: 'eoverflow', match: 'Value too large for defined data type' })
    assert.equal(f.message, "stat: can't stat '/tmp/newfile': Value too large for defined data type")
    assert.equal(f.exitStatus, 1)
    assert.equal(f.context, undefined)
  })

  test('line 5: sudo could not read the time of day', () => {
    const f = verdict.findings[1]!
    assert.equal(f.command, 'sudo -n true')
    assert.equal(f.program, 'sudo')
    assert.deepEqual(f.signature, { id: 'sudo-time-of-day', match: 'unable to get time of day' })
    assert.equal(f.message, 'sudo: unable to get time of day: Value too large for defined data type')
    assert.equal(f.exitStatus, 1)
    assert.deepEqual(f.context, [
      'sudo: unable to get time of day: Value too large for defined data type',
      'sudo: error initializing audit plugin sudoers_audit',
    ])
  })

  test('line 6: only an exit status', () => {
    const f = verdict.findings[2]!
    assert.equal(f.command, 'ls /nonexistent')
    assert.equal(f.program, 'ls')
    assert.deepEqual(f.signature, { id: 'exit-status', match: 'exit status 2' })
    assert.equal(f.message, "ls: cannot access '/nonexistent': No such file or directory")
    assert.equal(f.exitStatus, 2)
  })

  test('the findings match the recorded JSON report', () => {
    const recorded = JSON.parse(fixtureText('report-i386-bookworm-step.json')) as {
      findings: Finding[]
      ignored: Array<{ finding: Finding }>
    }
    const after = recorded.findings.filter((f) => f.date === '2038-01-20T00:00:00Z')
    assert.deepEqual(
      verdict.findings.filter((f) => f.line !== 6),
      after,
    )
  })
})

describe('evaluateBoot on the builtin fixtures', () => {
  test('2038-01-18: passes, sudo resolve-host noise is not a finding', () => {
    const guest = fixtureGuest('i386-bookworm-step-2038-01-18.results', '0decad019f81')
    assert.deepEqual(evaluateBoot(evidence({ date: JAN18, guest })), { outcome: 'pass', findings: [] })
  })

  test('2038-01-20: a finding per failing check, with the most specific signature', () => {
    const guest = fixtureGuest('i386-bookworm-step-2038-01-20-builtin.results', 'e887edab6985')
    const verdict = evaluateBoot(evidence({ guest }))
    assert.equal(verdict.outcome, 'fail')
    assert.deepEqual(
      verdict.findings.map((f) => [f.line, f.check, f.program, f.signature.id, f.exitStatus]),
      [
        [6, 'busybox-date', 'busybox', 'wrong-date', 1],
        [7, 'busybox-ls', 'busybox', 'eoverflow', 1],
        [8, 'busybox-stat', 'busybox', 'eoverflow', 1],
        [9, 'sudo', 'sudo', 'sudo-time-of-day', 1],
        [10, 'systemd-clock', 'systemd-analyze', 'systemd-clock-assertion', 134],
        [11, 'perl-time', 'perl', 'wrong-date', 1],
        [12, 'bash-printf-time', 'bash', 'wrong-date', 1],
      ],
    )
  })
})

describe('evaluateBoot: the guest never reached the probe', () => {
  test('the boot console of a guest booted at 2038-01-20 is a boot failure with EOVERFLOW', () => {
    const verdict = evaluateBoot(
      evidence({ clock: 'boot', console: fixtureText('i386-bookworm-boot-2038-01-20.console.log'), durationMs: 5000 }),
    )
    assert.equal(verdict.outcome, 'boot-failure')
    assert.equal(verdict.findings.length, 1)
    const f = verdict.findings[0]!
    assert.equal(f.stage, 'boot')
    assert.equal(f.program, 'initramfs')
    assert.equal(f.signature.id, 'eoverflow')
    assert.equal(f.signature.match, 'Value too large for defined data type')
    assert.equal(f.line, undefined)
    assert.ok(f.context && f.context.length > 0)
    assert.match(f.context[0]!, /^\/init:/)
    assert.ok(f.context.filter((l) => l.startsWith('/init:')).length >= 30)
    assert.ok(
      f.context.every((l) => !l.endsWith('\r')),
      'CRs are stripped',
    )
    assert.match(
      f.message,
      /^the guest did not boot: \/init: line \d+: \w+: Value too large for defined data type \(and \d+ more failing lines\); Kernel panic - not syncing/,
    )
  })

  test('a console with no failure line is a boot failure without a signature match', () => {
    const verdict = evaluateBoot(
      evidence({ console: 'SeaBIOS\nBooting from ROM...\n[    0.000000] Linux version 6.1.0\n' }),
    )
    assert.equal(verdict.outcome, 'boot-failure')
    assert.equal(verdict.findings[0]!.signature.id, 'no-probe')
    assert.deepEqual(verdict.findings[0]!.context, [
      'SeaBIOS',
      'Booting from ROM...',
      '[    0.000000] Linux version 6.1.0',
    ])
  })

  test("the message leads with the initramfs's first failing line, the signature is the most specific", () => {
    const console = [
      "[    2.0] Assertion 'clock_gettime(CLOCK_REALTIME) == 0' failed",
      '/init: line 7: mkdir: Value too large for defined data type',
    ].join('\n')
    const f = evaluateBoot(evidence({ console })).findings[0]!
    assert.equal(f.signature.id, 'systemd-clock-assertion')
    assert.equal(f.program, 'initramfs')
    assert.equal(
      f.message,
      'the guest did not boot: /init: line 7: mkdir: Value too large for defined data type (and 1 more failing lines)',
    )
  })

  test('a kernel panic alone is blamed on the kernel', () => {
    const verdict = evaluateBoot(
      evidence({ console: '[    1.0] Kernel panic - not syncing: VFS: Unable to mount root fs\r\n' }),
    )
    const f = verdict.findings[0]!
    assert.equal(f.program, 'kernel')
    assert.equal(f.signature.id, 'kernel-panic')
    assert.equal(
      f.message,
      'the guest did not boot: [    1.0] Kernel panic - not syncing: VFS: Unable to mount root fs',
    )
  })

  test('timed out before the probe started is a timeout, not a boot failure', () => {
    const verdict = evaluateBoot(
      evidence({
        timedOut: true,
        timeoutSeconds: 90,
        console: fixtureText('i386-bookworm-boot-2038-01-20.console.log'),
      }),
    )
    assert.equal(verdict.outcome, 'timeout')
    assert.equal(verdict.findings.length, 1)
    const f = verdict.findings[0]!
    assert.equal(f.stage, 'timeout')
    assert.equal(f.signature.id, 'timeout')
    assert.match(f.message, /within 90 s/)
    assert.equal(f.context?.length, 25)
    assert.equal(f.context?.at(-1), '[    4.170655] Kernel Offset: disabled')
  })
})

describe('evaluateBoot: the probe did not run at the requested date', () => {
  test('a 1970 clock for a 2038-01-20 request (a 32-bit ARM kernel) is wrong-date', () => {
    const guest = guestAt(JAN20, [], { clockAtProbe: 12 })
    const verdict = evaluateBoot(evidence({ guest }))
    assert.equal(verdict.outcome, 'wrong-date')
    assert.equal(verdict.findings.length, 1)
    assert.equal(verdict.findings[0]!.stage, 'clock')
    assert.deepEqual(verdict.findings[0]!.signature, { id: 'wrong-date', match: '12' })
    assert.match(verdict.findings[0]!.message, /1970-01-01T00:00:12Z.*not 2038-01-20T00:00:00Z/)
  })

  test('wrong-date wins over failures and is never pass, in both clock modes', () => {
    for (const clock of ['step', 'boot'] as const) {
      const clean = evaluateBoot(evidence({ clock, guest: guestAt(JAN20, [line(1, 'true', [])], { clockAtProbe: 0 }) }))
      assert.equal(clean.outcome, 'wrong-date')
      const failing = evaluateBoot(
        evidence({ clock, guest: guestAt(JAN20, [line(1, 'false', [], [1])], { clockAtProbe: 0 }) }),
      )
      assert.equal(failing.outcome, 'wrong-date')
      assert.deepEqual(
        failing.findings.map((f) => f.stage),
        ['clock'],
      )
    }
  })

  test('a clock a day early is wrong-date', () => {
    const verdict = evaluateBoot(evidence({ guest: guestAt(JAN18, []) }))
    assert.equal(verdict.outcome, 'wrong-date')
  })

  test('a failed clock step is wrong-date', () => {
    const guest = guestAt(JAN20, [line(1, 'false', [], [1])], {
      step: { ok: false, message: 'date: cannot set date: Value too large for defined data type' },
      clockAtProbe: Math.floor(JAN18.getTime() / 1000),
    })
    const verdict = evaluateBoot(evidence({ guest }))
    assert.equal(verdict.outcome, 'wrong-date')
    assert.equal(verdict.findings.length, 1)
    const f = verdict.findings[0]!
    assert.equal(f.stage, 'clock')
    assert.equal(f.program, 'date')
    assert.equal(f.signature.id, 'clock-step-failed')
    assert.match(f.message, /could not set its clock to 2038-01-20T00:00:00Z: date: cannot set date/)
  })

  test('the clock window: step allows a minute, boot allows the boot time and two minutes', () => {
    const t = Math.floor(JAN20.getTime() / 1000)
    assert.deepEqual(clockWindow({ date: JAN20, clock: 'step', durationMs: 999_000 }), [t - 2, t + 60])
    assert.deepEqual(clockWindow({ date: JAN20, clock: 'boot', durationMs: 30_500 }), [t - 2, t + 31 + 120])
  })

  test('a clock at the edges of the step window passes; just outside does not', () => {
    const t = Math.floor(JAN20.getTime() / 1000)
    const at = (clock: number) => evaluateBoot(evidence({ guest: guestAt(JAN20, [], { clockAtProbe: clock }) })).outcome
    assert.equal(at(t - 2), 'pass')
    assert.equal(at(t + 60), 'pass')
    assert.equal(at(t - 3), 'wrong-date')
    assert.equal(at(t + 61), 'wrong-date')
  })

  test('in boot mode a clock that ran through a long boot is still the requested date', () => {
    const t = Math.floor(JAN20.getTime() / 1000)
    const guest = guestAt(JAN20, [], { clockAtProbe: t + 200, step: undefined })
    assert.equal(evaluateBoot(evidence({ clock: 'boot', durationMs: 100_000, guest })).outcome, 'pass')
    assert.equal(evaluateBoot(evidence({ clock: 'boot', durationMs: 10_000, guest })).outcome, 'wrong-date')
  })
})

describe('evaluateBoot: the probe started but did not finish', () => {
  test('an incomplete stream is incomplete, with the findings so far', () => {
    const guest = guestAt(
      JAN20,
      [line(4, 'busybox stat /tmp/x', ["stat: can't stat '/tmp/x': Value too large for defined data type"], [1])],
      {
        complete: false,
        missingRecords: 3,
      },
    )
    const verdict = evaluateBoot(evidence({ guest, console: 'a\nb\n' }))
    assert.equal(verdict.outcome, 'incomplete')
    assert.deepEqual(
      verdict.findings.map((f) => [f.stage, f.signature.id]),
      [
        ['probe', 'eoverflow'],
        ['probe', 'incomplete'],
      ],
    )
    assert.match(verdict.findings[1]!.message, /\(3 records lost\)/)
    assert.deepEqual(verdict.findings[1]!.context, ['a', 'b'])
  })

  test('an incomplete stream keeps the console lines that match a signature as context', () => {
    const guest = guestAt(JAN20, [], { complete: false })
    const console = 'ok\n[  9.1] Kernel panic - not syncing: Attempted to kill init!\nmore\n'
    const verdict = evaluateBoot(evidence({ guest, console }))
    assert.equal(verdict.outcome, 'incomplete')
    assert.deepEqual(verdict.findings.at(-1)!.context, ['[  9.1] Kernel panic - not syncing: Attempted to kill init!'])
  })

  test('the real userprobe stream cut before its end is incomplete', () => {
    const data = readFileSync(new URL('../fixtures/i386-bookworm-step-2038-01-20-userprobe.results', import.meta.url))
    const text = data.toString('latin1')
    const cut = Buffer.from(text.slice(0, text.indexOf('\x1eY2038|e94a8d4c95a2|19|')), 'latin1')
    const verdict = evaluateBoot(evidence({ guest: buildGuestReport(parseRecords(cut, 'e94a8d4c95a2')) }))
    assert.equal(verdict.outcome, 'incomplete')
    assert.deepEqual(
      verdict.findings.map((f) => [f.line, f.signature.id]),
      [
        [4, 'eoverflow'],
        [5, 'sudo-time-of-day'],
        [5, 'incomplete'],
      ],
    )
    assert.equal(verdict.findings[2]!.command, 'sudo -n true')
    assert.match(verdict.findings[2]!.message, /; it was running at line 5 \(`sudo -n true`\)$/)
  })

  test('timed out after the probe started is a timeout, with the findings so far', () => {
    const guest = guestAt(JAN20, [line(2, 'sudo -n true', ['sudo: unable to get time of day: x'], [1])], {
      complete: false,
    })
    const verdict = evaluateBoot(evidence({ guest, timedOut: true, timeoutSeconds: 45 }))
    assert.equal(verdict.outcome, 'timeout')
    assert.deepEqual(
      verdict.findings.map((f) => [f.stage, f.signature.id]),
      [
        ['probe', 'sudo-time-of-day'],
        ['timeout', 'timeout'],
      ],
    )
    assert.match(verdict.findings[1]!.message, /probe did not finish within 45 s/)
  })
})

describe('evaluateBoot: what counts as a finding', () => {
  const epochLine = [line(1, 'date -d @0 +%F', ['1970-01-01'])]

  test('a line printing 1970-01-01 is a finding after the rollover', () => {
    const verdict = evaluateBoot(evidence({ date: JAN20, guest: guestAt(JAN20, epochLine) }))
    assert.equal(verdict.outcome, 'fail')
    assert.equal(verdict.findings.length, 1)
    assert.deepEqual(verdict.findings[0]!.signature, { id: 'epoch-date', match: '1970-01-01' })
    assert.equal(verdict.findings[0]!.exitStatus, 0)
  })

  test('the same line is not a finding before the rollover', () => {
    assert.deepEqual(evaluateBoot(evidence({ date: JAN18, guest: guestAt(JAN18, epochLine) })), {
      outcome: 'pass',
      findings: [],
    })
  })

  test('sudo "unable to resolve host" noise alone is not a finding', () => {
    const guest = guestAt(JAN20, [
      line(9, 'check sudo sudo -n true', [
        'sudo: unable to resolve host localhost: Temporary failure in name resolution',
      ]),
    ])
    assert.deepEqual(evaluateBoot(evidence({ guest })), { outcome: 'pass', findings: [] })
  })

  test('noise is left out of the message and context of a real failure', () => {
    const guest = guestAt(JAN20, [
      line(
        9,
        'sudo -n true',
        ['sudo: unable to resolve host localhost: Name or service not known', 'sudo: a password is required'],
        [1],
      ),
    ])
    const f = evaluateBoot(evidence({ guest })).findings[0]!
    assert.equal(f.signature.id, 'exit-status')
    assert.equal(f.message, 'sudo: a password is required')
    assert.equal(f.context, undefined)
  })

  test('a failure that printed nothing says its exit status', () => {
    const f = evaluateBoot(evidence({ guest: guestAt(JAN20, [line(3, 'false', [], [1])]) })).findings[0]!
    assert.equal(f.message, 'exited with status 1')
    assert.deepEqual(f.signature, { id: 'exit-status', match: 'exit status 1' })
  })

  test('a signature in the output of a command that exited 0 is still a finding', () => {
    const f = evaluateBoot(
      evidence({ guest: guestAt(JAN20, [line(2, 'busybox ls -l', ['ls: x: Value too large for defined data type'])]) }),
    ).findings[0]!
    assert.equal(f.signature.id, 'eoverflow')
    assert.equal(f.exitStatus, 0)
  })

  test('a clean probe passes', () => {
    const guest = guestAt(JAN20, [line(1, 'date -u', ['Wed Jan 20 00:00:00 UTC 2038'])])
    assert.deepEqual(evaluateBoot(evidence({ guest })), { outcome: 'pass', findings: [] })
  })
})

describe('matchSignature and isNoise', () => {
  test('the most specific signature comes first', () => {
    assert.equal(
      matchSignature('sudo: unable to get time of day: Value too large for defined data type', true)?.signature.id,
      'sudo-time-of-day',
    )
    assert.equal(
      matchSignature('OverflowError: timestamp out of range for platform time_t', true)?.signature.id,
      'python-time-t-overflow',
    )
    assert.equal(
      matchSignature('OSError: [Errno 75] Value too large for defined data type', true)?.signature.id,
      'eoverflow',
    )
    assert.equal(matchSignature('OSError: [Errno 75]', true)?.signature.id, 'errno-75')
  })

  test('wrapped dates are signatures only after the rollover', () => {
    for (const text of [
      'Fri Dec 13 20:45:52 UTC 1901',
      '1901-12-13',
      'Thu Jan  1 00:00:00 UTC 1970',
      'Wed Dec 31 23:59:59 1969',
    ]) {
      assert.equal(matchSignature(text, true)?.signature.id, 'epoch-date', text)
      assert.equal(matchSignature(text, false), undefined, text)
    }
  })

  test('an ordinary line matches nothing', () => {
    assert.equal(matchSignature('Wed Jan 20 00:00:00 UTC 2038', true), undefined)
    assert.equal(matchSignature('19701-01-01', true), undefined)
  })

  test('isNoise', () => {
    assert.equal(isNoise('sudo: unable to resolve host localhost: Temporary failure in name resolution'), true)
    assert.equal(isNoise('sudo: unable to get time of day'), false)
  })
})

describe('programOf', () => {
  const cases: Array<[string, string | undefined]> = [
    ['check sudo sudo -n true', 'sudo'],
    ['FOO=1 busybox ls', 'busybox'],
    ['/usr/bin/stat x', 'stat'],
    ['check busybox-date expect_year busybox date -u', 'busybox'],
    ['env TZ=UTC A_B=2 date', 'date'],
    ['! exec /bin/true', 'true'],
    ['"$@"', '$@'],
    ["'/bin/ls' -l", 'ls'],
    ['  time   nohup perl -e 1', 'perl'],
    ['', undefined],
    ['check only-a-name', undefined],
  ]
  for (const [command, program] of cases) {
    test(`${JSON.stringify(command)} → ${program}`, () => {
      assert.equal(programOf(command), program)
    })
  }
})

describe('dropBaselineFailures', () => {
  const before = (lines: ProbeLine[]) => evaluateBoot(evidence({ date: JAN18, guest: guestAt(JAN18, lines) }))
  const afterIt = (lines: ProbeLine[]) => evaluateBoot(evidence({ date: JAN20, guest: guestAt(JAN20, lines) }))
  const missing = line(6, 'ls /nonexistent', ["ls: cannot access '/nonexistent': No such file or directory"], [2])
  const overflow = line(
    4,
    'busybox stat /tmp/newfile',
    ["stat: can't stat '/tmp/newfile': Value too large for defined data type"],
    [1],
  )

  test('a failure on both sides is dropped at every date, with a reason; one only after the rollover is kept', () => {
    const verdicts = [
      { date: JAN18, verdict: before([missing]) },
      { date: JAN20, verdict: afterIt([overflow, missing]) },
    ]
    assert.equal(verdicts[0]!.verdict.outcome, 'fail')
    const { verdicts: kept, ignored } = dropBaselineFailures(verdicts)
    assert.equal(kept[0]!.verdict.outcome, 'pass')
    assert.deepEqual(kept[0]!.verdict.findings, [])
    assert.equal(kept[1]!.verdict.outcome, 'fail')
    assert.deepEqual(
      kept[1]!.verdict.findings.map((f) => f.line),
      [4],
    )
    assert.deepEqual(
      ignored.map((i) => [i.finding.date, i.finding.line, i.reason]),
      [
        ['2038-01-18T00:00:00Z', 6, 'fails the same way before the rollover (2038-01-18T00:00:00Z)'],
        ['2038-01-20T00:00:00Z', 6, 'fails the same way before the rollover (2038-01-18T00:00:00Z)'],
      ],
    )
    assert.deepEqual(
      kept.map((k) => k.date),
      [JAN18, JAN20],
    )
  })

  test('the outcome after the rollover goes back to pass when all its findings are dropped', () => {
    const { verdicts } = dropBaselineFailures([
      { date: JAN18, verdict: before([missing]) },
      { date: JAN20, verdict: afterIt([missing]) },
    ])
    assert.deepEqual(
      verdicts.map((v) => v.verdict),
      [
        { outcome: 'pass', findings: [] },
        { outcome: 'pass', findings: [] },
      ],
    )
  })

  test('the real userprobe run: line 6 is dropped, lines 4 and 5 stay', () => {
    const userprobe = fixtureGuest('i386-bookworm-step-2038-01-20-userprobe.results', 'e94a8d4c95a2')
    const baseline = guestAt(JAN18, [missing])
    const { verdicts, ignored } = dropBaselineFailures([
      { date: JAN18, verdict: evaluateBoot(evidence({ date: JAN18, guest: baseline })) },
      { date: JAN20, verdict: evaluateBoot(evidence({ guest: userprobe })) },
    ])
    assert.deepEqual(
      verdicts[1]!.verdict.findings.map((f) => f.line),
      [4, 5],
    )
    assert.equal(ignored.length, 2)
  })

  test('numbers in the message do not make failures differ', () => {
    const a = before([line(3, 'sleep x', ['pid 123 failed'], [1])])
    const b = afterIt([line(3, 'sleep x', ['pid 456 failed'], [1])])
    const { verdicts, ignored } = dropBaselineFailures([
      { date: JAN18, verdict: a },
      { date: JAN20, verdict: b },
    ])
    assert.equal(ignored.length, 2)
    assert.equal(verdicts[1]!.verdict.outcome, 'pass')
  })

  test('a different exit status, signature or line is not the same failure', () => {
    const base = line(6, 'ls /x', ['ls: cannot access'], [2])
    for (const changed of [
      line(6, 'ls /x', ['ls: cannot access'], [1]),
      line(7, 'ls /x', ['ls: cannot access'], [2]),
      line(6, 'ls /x', ['ls: Value too large for defined data type'], [2]),
      line(6, 'ls /x', ['ls: something else'], [2]),
    ]) {
      const { verdicts, ignored } = dropBaselineFailures([
        { date: JAN18, verdict: before([base]) },
        { date: JAN20, verdict: afterIt([changed]) },
      ])
      assert.equal(ignored.length, 0)
      assert.equal(verdicts[1]!.verdict.findings.length, 1)
      assert.equal(verdicts[0]!.verdict.outcome, 'fail')
    }
  })

  test('a failure at two dates after the rollover only is kept', () => {
    const { verdicts, ignored } = dropBaselineFailures([
      { date: JAN20, verdict: afterIt([overflow]) },
      {
        date: parseInstant('2038-02-01')!,
        verdict: evaluateBoot(
          evidence({ date: parseInstant('2038-02-01')!, guest: guestAt(parseInstant('2038-02-01')!, [overflow]) }),
        ),
      },
    ])
    assert.equal(ignored.length, 0)
    assert.deepEqual(
      verdicts.map((v) => v.verdict.outcome),
      ['fail', 'fail'],
    )
  })

  test('other outcomes are left as they are', () => {
    const wrong: DateVerdict = evaluateBoot(evidence({ guest: guestAt(JAN20, [], { clockAtProbe: 5 }) }))
    const { verdicts } = dropBaselineFailures([
      { date: JAN18, verdict: before([missing]) },
      { date: JAN20, verdict: wrong },
    ])
    assert.deepEqual(verdicts[1]!.verdict, wrong)
    assert.equal(verdicts[0]!.verdict.outcome, 'fail')
  })

  describe('with a control date', () => {
    const CONTROL = parseInstant('2026-11-29T12:00:00Z')!
    const atControl = (lines: ProbeLine[]) => ({
      date: CONTROL,
      verdict: evaluateBoot(evidence({ date: CONTROL, guest: guestAt(CONTROL, lines) })),
    })

    test('a line failing the same way at the control is set aside at a single date after the rollover', () => {
      const { verdicts, ignored } = dropBaselineFailures(
        [{ date: JAN20, verdict: afterIt([overflow, missing]) }],
        atControl([missing]),
      )
      assert.deepEqual(
        verdicts[0]!.verdict.findings.map((f) => f.line),
        [4],
      )
      assert.deepEqual(
        ignored.map((i) => [i.finding.date, i.finding.line, i.reason]),
        [['2038-01-20T00:00:00Z', 6, 'fails the same way at the control date (2026-11-29T12:00:00Z)']],
      )
    })

    test('also at a requested date before the rollover, which then passes', () => {
      const { verdicts, ignored } = dropBaselineFailures(
        [
          { date: JAN18, verdict: before([missing]) },
          { date: JAN20, verdict: afterIt([missing]) },
        ],
        atControl([missing]),
      )
      assert.deepEqual(
        verdicts.map((v) => v.verdict),
        [
          { outcome: 'pass', findings: [] },
          { outcome: 'pass', findings: [] },
        ],
      )
      assert.equal(ignored.length, 2)
      assert.ok(ignored.every((i) => i.reason.includes('at the control date')))
    })

    test('a line that fails differently at the control is still a finding', () => {
      const otherStatus = line(
        4,
        'busybox stat /tmp/newfile',
        ["stat: can't stat '/tmp/newfile': No such file or directory"],
        [1],
      )
      const { verdicts, ignored } = dropBaselineFailures(
        [{ date: JAN20, verdict: afterIt([overflow]) }],
        atControl([otherStatus]),
      )
      assert.equal(ignored.length, 0)
      assert.deepEqual(
        verdicts[0]!.verdict.findings.map((f) => f.line),
        [4],
      )
      assert.equal(verdicts[0]!.verdict.outcome, 'fail')
    })

    test('a control that passed sets nothing aside', () => {
      const { verdicts, ignored } = dropBaselineFailures([{ date: JAN20, verdict: afterIt([overflow]) }], atControl([]))
      assert.equal(ignored.length, 0)
      assert.equal(verdicts[0]!.verdict.outcome, 'fail')
    })
  })

  test('failureKey is only for probe findings with a line', () => {
    const probe = afterIt([missing]).findings[0]!
    assert.equal(typeof failureKey(probe), 'string')
    const boot = evaluateBoot(evidence({ console: 'nothing' })).findings[0]!
    assert.equal(failureKey(boot), undefined)
  })
})

describe('evaluateBoot: a probe that did not run to its end', () => {
  const ran = [line(1, 'echo a', ['a']), line(2, 'exit 3', [])]

  test('exit with a non-zero status before the end: probe-stopped at that line, not a pass', () => {
    const guest = guestAt(JAN20, ran, {
      doneStatus: undefined,
      exitStatus: 3,
      processStatus: 3,
      lastCommand: { line: 2, command: 'exit 3' },
    })
    const verdict = evaluateBoot(evidence({ guest }))
    assert.equal(verdict.outcome, 'probe-stopped')
    assert.deepEqual(verdict.findings, [
      {
        date: '2038-01-20T00:00:00Z',
        clock: 'step',
        arch: 'i386',
        suite: 'bookworm',
        stage: 'probe',
        line: 2,
        command: 'exit 3',
        message: 'the probe stopped at line 2 (`exit 3`) with status 3, before its end',
        signature: { id: 'probe-stopped', match: '' },
      },
    ])
  })

  test('set -u: the message is what bash said on the line that stopped it', () => {
    const guest = guestAt(JAN20, [line(3, 'echo $nope', ['probe.sh: line 3: nope: unbound variable'])], {
      doneStatus: undefined,
      exitStatus: 1,
      lastCommand: { line: 3, command: 'echo $nope' },
    })
    const verdict = evaluateBoot(evidence({ guest }))
    assert.equal(verdict.outcome, 'probe-stopped')
    assert.equal(
      verdict.findings.at(-1)!.message,
      'the probe stopped at line 3 (`echo $nope`) with status 1, before its end: probe.sh: line 3: nope: unbound variable',
    )
  })

  test('set -e after a Year-2038 failure: the finding stays, and the run is probe-stopped', () => {
    const sudo = line(
      2,
      'sudo -n true',
      ['sudo: unable to get time of day: Value too large for defined data type'],
      [1],
    )
    const guest = guestAt(JAN20, [sudo], {
      doneStatus: undefined,
      exitStatus: 1,
      lastCommand: { line: 2, command: 'sudo -n true' },
    })
    const verdict = evaluateBoot(evidence({ guest }))
    assert.equal(verdict.outcome, 'probe-stopped')
    assert.deepEqual(
      verdict.findings.map((f) => [f.line, f.signature.id]),
      [
        [2, 'sudo-time-of-day'],
        [2, 'probe-stopped'],
      ],
    )
  })

  test('killed by a signal', () => {
    const guest = guestAt(JAN20, [line(4, 'kill -9 $$', [])], {
      doneStatus: undefined,
      exitStatus: undefined,
      processStatus: 137,
      lastCommand: { line: 4, command: 'kill -9 $$' },
    })
    const verdict = evaluateBoot(evidence({ guest }))
    assert.equal(verdict.outcome, 'probe-stopped')
    assert.equal(
      verdict.findings[0]!.message,
      "the probe's shell was killed by signal 9 at line 4 (`kill -9 $$`), before its end",
    )
  })

  test('a syntax error found in the guest: stopped at the line bash names', () => {
    const guest = guestAt(JAN20, [], {
      doneStatus: undefined,
      exitStatus: undefined,
      processStatus: 2,
      syntaxError: "/run/y2038/probe.sh: line 2: syntax error near unexpected token `then'",
    })
    const verdict = evaluateBoot(evidence({ guest }))
    assert.equal(verdict.outcome, 'probe-stopped')
    assert.equal(verdict.findings[0]!.line, 2)
    assert.equal(
      verdict.findings[0]!.message,
      "the probe does not parse, so none of it ran: line 2: syntax error near unexpected token `then'",
    )
  })

  test('exit 0 is an end on purpose: a pass', () => {
    const guest = guestAt(JAN20, [line(1, 'exit 0', [])], { doneStatus: undefined, exitStatus: 0 })
    assert.deepEqual(evaluateBoot(evidence({ guest })), { outcome: 'pass', findings: [] })
  })

  test('the end of the file reached with a failing last line: fail, not stopped', () => {
    const guest = guestAt(JAN20, [line(1, 'false', [], [1])], { doneStatus: 1, exitStatus: 1 })
    assert.equal(evaluateBoot(evidence({ guest })).outcome, 'fail')
  })

  test('a probe-stopped finding is never set aside as failing the same way before the rollover', () => {
    const stopped = (date: Date) =>
      evaluateBoot(
        evidence({
          date,
          guest: guestAt(date, ran, {
            doneStatus: undefined,
            exitStatus: 3,
            lastCommand: { line: 2, command: 'exit 3' },
          }),
        }),
      )
    const { verdicts, ignored } = dropBaselineFailures([
      { date: JAN18, verdict: stopped(JAN18) },
      { date: JAN20, verdict: stopped(JAN20) },
    ])
    assert.deepEqual(ignored, [])
    assert.deepEqual(
      verdicts.map((v) => [v.verdict.outcome, v.verdict.findings.length]),
      [
        ['probe-stopped', 1],
        ['probe-stopped', 1],
      ],
    )
  })
})

describe('evaluateBoot: results the harness did not write', () => {
  test('records out of sequence: tampered, never a pass', () => {
    const guest = guestAt(JAN20, [line(1, 'true', [])], { outOfOrderRecords: [7, 8] })
    const verdict = evaluateBoot(evidence({ guest }))
    assert.equal(verdict.outcome, 'tampered')
    assert.deepEqual(
      verdict.findings.map((f) => [f.stage, f.signature.id, f.message]),
      [
        [
          'probe',
          'tampered',
          'the results were tampered with: records 7, 8 arrived out of sequence, written by something other than the harness',
        ],
      ],
    )
  })

  test('the clock set during the probe: clock-moved at that line, with the findings from before it only', () => {
    const at = Math.floor(JAN20.getTime() / 1000)
    const timedLine = (n: number, command: string, uptime: number, failures: number[] = []): ProbeLine => ({
      ...line(n, command, [], failures),
      lastUptime: uptime,
    })
    const move = {
      uptime: 12.4,
      was: at - 10,
      btime: at - 10 - 252460800,
      by: { line: 2, command: 'date -s 2030-01-01', exact: true },
    }
    const guest = guestAt(
      JAN20,
      [timedLine(1, 'false', 11, [1]), timedLine(2, 'date -s 2030-01-01', 12), timedLine(3, 'sudo -n true', 13, [1])],
      { uptimeAtProbe: 10, clockMoves: [move, { ...move, uptime: 14, was: move.btime, btime: move.was }] },
    )
    const verdict = evaluateBoot(evidence({ guest }))
    assert.equal(verdict.outcome, 'clock-moved')
    assert.deepEqual(
      verdict.findings.map((f) => [f.line, f.signature.id, f.command]),
      [
        [1, 'exit-status', 'false'],
        [2, 'clock-moved', 'date -s 2030-01-01'],
      ],
    )
    assert.equal(
      verdict.findings[1]!.message,
      "the guest's clock was set while the probe ran at line 2 (`date -s 2030-01-01`): it went from about 2038-01-20T00:00Z to about 2030-01-20T00:00Z (and 1 more time); what ran after that did not run at the requested date (the harness sets the clock: a probe must not)",
    )
  })

  test('the clock set to where it was, by a command the marks do not show: still clock-moved', () => {
    const at = Math.floor(JAN20.getTime() / 1000)
    const guest = guestAt(JAN20, [line(1, 'builtin trap - DEBUG', [])], {
      uptimeAtProbe: 10,
      clockMoves: [
        { uptime: 11, was: at - 10, btime: at - 10, by: { line: 1, command: 'builtin trap - DEBUG', exact: false } },
      ],
    })
    const verdict = evaluateBoot(evidence({ guest }))
    assert.equal(verdict.outcome, 'clock-moved')
    assert.equal(
      verdict.findings.at(-1)!.message,
      "the guest's clock was set while the probe ran after line 1 (`builtin trap - DEBUG`) started, to within a second of where it was; what ran after that did not run at the requested date (the harness sets the clock: a probe must not)",
    )
  })

  test('output over what the guest sends: incomplete, with the bytes not sent', () => {
    const guest = guestAt(JAN20, [line(1, 'yes', ['y'])], { droppedBytes: 4096 })
    const verdict = evaluateBoot(evidence({ guest }))
    assert.equal(verdict.outcome, 'incomplete')
    assert.match(verdict.findings[0]!.message, /4096 bytes after that were not sent/)
  })

  test('a timeout names the line that was running', () => {
    const guest = guestAt(JAN20, [line(3, 'sleep 1000', [])], {
      complete: false,
      doneStatus: undefined,
      lastCommand: { line: 3, command: 'sleep 1000' },
    })
    const verdict = evaluateBoot(evidence({ guest, timedOut: true, timeoutSeconds: 45 }))
    assert.equal(verdict.outcome, 'timeout')
    assert.deepEqual(
      verdict.findings.map((f) => [f.stage, f.line, f.message]),
      [['timeout', 3, 'the probe did not finish within 45 s; it was running at line 3 (`sleep 1000`)']],
    )
  })
})

describe('evaluateBoot: failures bash does not check', () => {
  const quiet = (n: number, command: string): ProbeLine => ({
    line: n,
    command,
    output: [],
    omittedOutput: 0,
    failures: [{ status: 32, command, how: 'quiet' }],
  })

  test('a failed step of an && list is a finding with the command that failed', () => {
    const guest = guestAt(JAN20, [quiet(1, 'mount -t tmpfs none /mnt/r')])
    const verdict = evaluateBoot(
      evidence({ guest, probeSource: ['mkdir -p /mnt/r && mount -t tmpfs none /mnt/r && true'] }),
    )
    assert.equal(verdict.outcome, 'fail')
    assert.deepEqual(
      verdict.findings.map((f) => [f.line, f.command, f.exitStatus, f.program]),
      [[1, 'mount -t tmpfs none /mnt/r', 32, 'mount']],
    )
  })

  test('a condition is not: the left side of ||, a test before &&, an if', () => {
    for (const source of ['mount x || true', '[ -f /x ] && mount x', 'if mount x && true; then :; fi']) {
      const command = source.startsWith('[') ? '[ -f /x ]' : 'mount x'
      const guest = guestAt(JAN20, [quiet(1, command)])
      assert.deepEqual(
        evaluateBoot(evidence({ guest, probeSource: [source] })),
        { outcome: 'pass', findings: [] },
        source,
      )
    }
  })

  test('without the probe text a quiet failure is not reported', () => {
    const guest = guestAt(JAN20, [quiet(1, 'mount x')])
    assert.equal(evaluateBoot(evidence({ guest })).outcome, 'pass')
  })
})

describe('a command continued over lines is reported on its first line', () => {
  const source = ['echo a', 'ls \\', '  /nonexistent \\', '  /x', 'echo b \\\\', 'false']
  test('continuedFrom walks back over lines that end with one backslash (not two)', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => continuedFrom(source, n)),
      [1, 2, 2, 2, 5, 6],
    )
    assert.equal(continuedFrom(undefined, 3), 3)
  })

  test('it still counts as failing before the clock moved, on its first line', () => {
    const at = Math.floor(JAN20.getTime() / 1000)
    const ls = { ...line(3, 'ls /nonexistent /x', ['ls: cannot access'], [2]), lastUptime: 11 }
    const guest = guestAt(JAN20, [ls], {
      uptimeAtProbe: 10,
      clockMoves: [{ uptime: 12, was: at - 10, btime: at - 1000, by: { line: 6, command: 'false', exact: true } }],
    })
    const verdict = evaluateBoot(evidence({ guest, probeSource: source }))
    assert.equal(verdict.outcome, 'clock-moved')
    assert.deepEqual(
      verdict.findings.map((f) => [f.line, f.signature.id]),
      [
        [2, 'exit-status'],
        [6, 'clock-moved'],
      ],
    )
  })

  test('bash names the second line of ls \\ ... (line 3): the finding is on line 2', () => {
    const guest = guestAt(JAN20, [line(3, 'ls /nonexistent /x', ['ls: cannot access'], [2])])
    const verdict = evaluateBoot(evidence({ guest, probeSource: source }))
    assert.deepEqual(
      verdict.findings.map((f) => [f.line, f.command]),
      [[2, 'ls /nonexistent /x']],
    )
  })
})

describe('a failure at a date just before the rollover that came after the clock passed it', () => {
  test('is not a failure "before the rollover": the same failure after the rollover stays a finding', () => {
    const sudo = line(1, 'sudo -n true', ['sudo: unable to get time of day'], [1])
    const justBefore = parseInstant('2038-01-19T03:14:07Z')!
    // The probe started at 03:14:07 (uptime 10) and sudo failed two seconds later.
    const late = guestAt(justBefore, [{ ...sudo, failures: [{ ...sudo.failures[0]!, uptime: 12 }] }], {
      uptimeAtProbe: 10,
    })
    const early = guestAt(justBefore, [{ ...sudo, failures: [{ ...sudo.failures[0]!, uptime: 10.5 }] }], {
      uptimeAtProbe: 10,
    })
    const at = (guest: GuestReport) => evaluateBoot(evidence({ date: justBefore, guest }))
    const after = evaluateBoot(evidence({ guest: guestAt(JAN20, [sudo]) }))
    assert.equal(at(late).failedPastRollover?.length, 1)
    assert.equal(at(early).failedPastRollover, undefined)
    const settle = (before: DateVerdict) =>
      dropBaselineFailures([
        { date: justBefore, verdict: before },
        { date: JAN20, verdict: after },
      ])
    assert.deepEqual(
      settle(at(late)).verdicts.map((v) => v.verdict.findings.length),
      [1, 1],
    )
    assert.deepEqual(
      settle(at(early)).verdicts.map((v) => v.verdict.findings.length),
      [0, 0],
    )
  })
})
