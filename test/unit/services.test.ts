import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { type ServiceEvidence, evaluateServices, parseKmsgLines, unitOf } from '../../src/verdict/services.js'

/**
 * A real i386 bookworm guest under init systemd: booted at 2038-01-18, clock stepped to
 * 2038-01-20T00:00:00Z at an uptime of about 99.7 s (after "Startup finished" at 99.09 s);
 * at 99.83 s systemd (PID 1) and systemd-journald both hit the clock assertion.
 */
const FIXTURE = readFileSync(
  new URL('../fixtures/i386-bookworm-systemd-step-2038-01-20.console.log', import.meta.url),
  'utf8',
)
/** 2038-01-20T00:00:00Z, the clock the harness read when the probe started. */
const JAN20 = 2147558400
const BASE = { date: '2038-01-20T00:00:00Z', clock: 'step', arch: 'i386', suite: 'bookworm' } as const
const ASSERTION =
  "Assertion 'clock_gettime(map_clock_id(clock_id), &ts) == 0' failed at src/basic/time-util.c:54, function now(). Aborting."
const ASSERTION_MATCH = "Assertion 'clock_gettime(map_clock_id(clock_id), &ts) == 0' failed"
const PID1_LINE = `[   99.833659] systemd[1]: ${ASSERTION}`
const JOURNALD_LINE = `[   99.835773] systemd-journald[194]: ${ASSERTION}`

function evidence(overrides: Partial<ServiceEvidence>): ServiceEvidence {
  return { console: FIXTURE, base: BASE, clockAtProbe: JAN20, bootFailed: [], failedAfter: [], ...overrides }
}

/** A console of systemd's kmsg lines, each `[uptime, process[pid], message]`, with CRLF as QEMU writes them. */
function kmsg(lines: Array<[number, string, string]>): string {
  return lines.map(([uptime, who, message]) => `[${uptime.toFixed(6).padStart(12)}] ${who}: ${message}\r\n`).join('')
}

describe('parseKmsgLines', () => {
  test("a process's kmsg line: uptime, process, pid, message, and the text without its CR", () => {
    assert.deepEqual(parseKmsgLines(`${PID1_LINE}\r\n${JOURNALD_LINE}\r\n`), [
      { uptime: 99.833659, process: 'systemd', pid: 1, message: ASSERTION, text: PID1_LINE },
      { uptime: 99.835773, process: 'systemd-journald', pid: 194, message: ASSERTION, text: JOURNALD_LINE },
    ])
  })

  test("kernel lines (no process[pid]: ) and the harness's own lines are not kmsg lines of a process", () => {
    const text = [
      '[  106.374815] sysrq: Power Off',
      '[    0.000000] Linux version 6.1.0-50-686 (debian-kernel@lists.debian.org)',
      'y2038: probe starting at 2038-01-20T00:00:00Z',
      'systemd[1]: no uptime in front',
      '[   99.839937] systemd[1]:no space after the colon',
      '',
    ].join('\r\n')
    assert.deepEqual(parseKmsgLines(text), [])
  })

  test('the recorded console: every process line, systemd (PID 1) first at 7.01 s, its last at 99.87 s', () => {
    const lines = parseKmsgLines(FIXTURE)
    assert.equal(lines.length, 124)
    assert.deepEqual(
      lines.find((l) => l.pid === 1),
      {
        uptime: 7.012402,
        process: 'systemd',
        pid: 1,
        message: "Failed to find module 'autofs4'",
        text: "[    7.012402] systemd[1]: Failed to find module 'autofs4'",
      },
    )
    assert.deepEqual(lines.at(-1), {
      uptime: 99.867201,
      process: 'systemd',
      pid: 1,
      message: 'Freezing execution.',
      text: '[   99.867201] systemd[1]: Freezing execution.',
    })
    // A kernel line of the same shape (IOAPIC[0]: …) is read as one too: nothing in it is a sign.
    assert.deepEqual(
      lines.filter((l) => l.process !== 'systemd').map((l) => `${l.uptime} ${l.process}[${l.pid}]`),
      [
        '0.031791 IOAPIC[0]',
        '8.96209 (modprobe)[189]',
        '9.001597 (modprobe)[190]',
        '9.049407 (modprobe)[191]',
        '9.077371 (modprobe)[192]',
        '9.093688 (modprobe)[193]',
        '10.489009 systemd-journald[194]',
        '99.835773 systemd-journald[194]',
      ],
    )
  })
})

describe('unitOf', () => {
  test("PID 1's line naming a unit is that unit's, whatever its type", () => {
    const of = (message: string) => unitOf({ process: 'systemd', pid: 1, message })
    assert.equal(of("serial-getty@ttyS0.service: Failed with result 'timeout'."), 'serial-getty@ttyS0.service')
    assert.equal(of('dev-ttyS0.device: Job dev-ttyS0.device/start timed out.'), 'dev-ttyS0.device')
    assert.equal(of('systemd-journald.socket: Socket service not loaded, refusing.'), 'systemd-journald.socket')
    assert.equal(of('fstrim.timer: Failed to parse calendar'), 'fstrim.timer')
    assert.equal(of('tmp.mount: Mount process exited'), 'tmp.mount')
    assert.equal(of('system-getty.slice: x'), 'system-getty.slice')
    assert.equal(of('system-serial\\x2dgetty.slice: x'), 'system-serial\\x2dgetty.slice')
  })

  test("PID 1's own lines (no `unit: ` in front) are systemd's", () => {
    const of = (message: string) => unitOf({ process: 'systemd', pid: 1, message })
    assert.equal(of(ASSERTION), 'systemd (PID 1)')
    assert.equal(of('Caught <ABRT> from our own process.'), 'systemd (PID 1)')
    assert.equal(of('Started getty@tty1.service - Getty on tty1.'), 'systemd (PID 1)')
    assert.equal(of('kmod-static-nodes.service - Create List of Static Device Nodes was skipped'), 'systemd (PID 1)')
    assert.equal(of('foo.unknown: not a unit type'), 'systemd (PID 1)')
  })

  test("a service's own line is its process's .service; a process name with a dot is taken as it is", () => {
    assert.equal(unitOf({ process: 'systemd-journald', pid: 194, message: ASSERTION }), 'systemd-journald.service')
    assert.equal(unitOf({ process: 'cron', pid: 300, message: 'foo.service: x' }), 'cron.service')
    assert.equal(unitOf({ process: 'user@1000.service', pid: 301, message: 'x' }), 'user@1000.service')
  })

  test("systemd's child before it execs, named `(program)`, speaks of the unit it names, as PID 1 does", () => {
    // The recorded console's line 411: the unit is modprobe@configfs.service, not "(modprobe).service".
    const [line] = parseKmsgLines(
      '[    8.962090] (modprobe)[189]: modprobe@configfs.service: Executable /sbin/modprobe missing, skipping: No such file or directory\r\n',
    )
    assert.equal(unitOf(line!), 'modprobe@configfs.service')
    assert.equal(unitOf({ process: '(cron)', pid: 300, message: 'cron.service: Failed to x' }), 'cron.service')
  })
})

describe('evaluateServices on the recorded systemd console (step to 2038-01-20 at ~99.7 s)', () => {
  const judged = evaluateServices(evidence({ uptimeAtProbe: 99.7 }))

  test("exactly two findings: systemd (PID 1)'s and systemd-journald's clock assertion", () => {
    assert.deepEqual(judged.findings, [
      {
        ...BASE,
        stage: 'services',
        program: 'systemd (PID 1)',
        message: ASSERTION,
        signature: { id: 'systemd-clock-assertion', match: ASSERTION_MATCH },
        guestTime: '2038-01-20T00:00:00Z',
        context: [PID1_LINE],
      },
      {
        ...BASE,
        stage: 'services',
        program: 'systemd-journald.service',
        message: ASSERTION,
        signature: { id: 'systemd-clock-assertion', match: ASSERTION_MATCH },
        guestTime: '2038-01-20T00:00:00Z',
        context: [JOURNALD_LINE],
      },
    ])
  })

  test('both units are failed in the services list, at the time of their line', () => {
    assert.deepEqual(judged.services, [
      { unit: 'systemd (PID 1)', state: 'failed', firstLine: ASSERTION, guestTime: '2038-01-20T00:00:00Z' },
      { unit: 'systemd-journald.service', state: 'failed', firstLine: ASSERTION, guestTime: '2038-01-20T00:00:00Z' },
    ])
  })

  test('the guest time is clockAtProbe + (uptime of the line - uptimeAtProbe)', () => {
    // Stepped at 95.0 s: the lines at 99.83 s are 4.83 s later.
    const earlier = evaluateServices(evidence({ uptimeAtProbe: 95 }))
    assert.deepEqual(
      earlier.findings.map((f) => [f.program, f.guestTime]),
      [
        ['systemd (PID 1)', '2038-01-20T00:00:04Z'],
        ['systemd-journald.service', '2038-01-20T00:00:04Z'],
      ],
    )
    // The same lines with the clock read 100 s before 2038-01-20.
    const before = evaluateServices(evidence({ uptimeAtProbe: 99.7, clockAtProbe: JAN20 - 100 }))
    assert.deepEqual(
      before.findings.map((f) => f.guestTime),
      ['2038-01-19T23:58:20Z', '2038-01-19T23:58:20Z'],
    )
  })

  test('with the probe started after those lines: no finding, no failed unit', () => {
    assert.deepEqual(evaluateServices(evidence({ uptimeAtProbe: 99.9 })), { findings: [], services: [] })
    assert.deepEqual(evaluateServices(evidence({ uptimeAtProbe: 106 })), { findings: [], services: [] })
  })

  test('a little slack (0.05 s) for the two clocks: a line up to 0.05 s before the uptime read counts', () => {
    // 99.885 - 0.05 = 99.835: journald's line (99.835773) counts, PID 1's (99.833659) does not.
    assert.deepEqual(
      evaluateServices(evidence({ uptimeAtProbe: 99.885 })).findings.map((f) => f.program),
      ['systemd-journald.service'],
    )
    assert.deepEqual(
      evaluateServices(evidence({ uptimeAtProbe: 99.8858 })).findings.map((f) => f.program),
      [],
    )
  })

  test('the serial-getty dependency failure at 98.87 s, during boot, is not a finding', () => {
    for (const uptimeAtProbe of [99.7, 98.5, 0]) {
      const { findings, services } = evaluateServices(evidence({ uptimeAtProbe }))
      assert.deepEqual(
        findings.map((f) => f.program),
        ['systemd (PID 1)', 'systemd-journald.service'],
        `uptimeAtProbe ${uptimeAtProbe}`,
      )
      assert.ok(!services.some((s) => /getty|ttyS0/.test(s.unit)))
    }
  })

  test('without the uptime at the probe (clock step), no console line is evidence; guest times are unknown', () => {
    const judged = evaluateServices(evidence({ failedAfter: ['cron.service'] }))
    assert.deepEqual(
      judged.findings.map((f) => [f.program, f.signature.id, f.guestTime]),
      [['cron.service', 'unit-failed', undefined]],
    )
  })
})

describe('evaluateServices: units failed at boot, and what systemctl listed after the probe', () => {
  const console = kmsg([
    [40.5, 'systemd[1]', "serial-getty@ttyS0.service: Failed with result 'timeout'."],
    [120.25, 'systemd[1]', 'cron.service: Main process exited, code=exited, status=1/FAILURE'],
    [120.5, 'systemd[1]', "cron.service: Failed with result 'exit-code'."],
  ])
  const base = evidence({ console, uptimeAtProbe: 100, clockAtProbe: JAN20 })

  test('a unit that failed at boot is listed failed-at-boot and is not a finding', () => {
    const judged = evaluateServices({
      ...base,
      bootFailed: ['serial-getty@ttyS0.service'],
      failedAfter: ['serial-getty@ttyS0.service', 'cron.service'],
    })
    assert.deepEqual(
      judged.findings.map((f) => f.program),
      ['cron.service'],
    )
    assert.deepEqual(judged.services, [
      {
        unit: 'cron.service',
        state: 'failed',
        firstLine: 'cron.service: Main process exited, code=exited, status=1/FAILURE',
        guestTime: '2038-01-20T00:00:20Z',
      },
      { unit: 'serial-getty@ttyS0.service', state: 'failed-at-boot' },
    ])
  })

  test("a unit's failure before the clock moved is not a finding, with clock step; with clock boot every line counts", () => {
    assert.deepEqual(
      evaluateServices({ ...base, uptimeAtProbe: 100 }).findings.map((f) => f.program),
      ['cron.service'],
    )
    const boot = evaluateServices({ ...base, base: { ...BASE, clock: 'boot' } })
    assert.deepEqual(
      boot.findings.map((f) => [f.program, f.clock, f.signature, f.guestTime]),
      [
        ['serial-getty@ttyS0.service', 'boot', { id: 'unit-failed', match: 'timeout' }, '2038-01-19T23:59:00Z'],
        ['cron.service', 'boot', { id: 'unit-failed', match: 'code=exited, status=1/FAILURE' }, '2038-01-20T00:00:20Z'],
      ],
    )
  })

  test('clock boot without the uptime at the probe: every line counts, with no guest time', () => {
    const boot = evaluateServices({ console, base: { ...BASE, clock: 'boot' }, bootFailed: [], failedAfter: [] })
    assert.deepEqual(
      boot.findings.map((f) => [f.program, f.guestTime]),
      [
        ['serial-getty@ttyS0.service', undefined],
        ['cron.service', undefined],
      ],
    )
  })

  test("a unit's exit with code=exited: the exit status is the finding's, the first line its message", () => {
    const [cron] = evaluateServices(base).findings
    assert.deepEqual(cron, {
      ...BASE,
      stage: 'services',
      program: 'cron.service',
      message: 'cron.service: Main process exited, code=exited, status=1/FAILURE',
      signature: { id: 'unit-failed', match: 'code=exited, status=1/FAILURE' },
      exitStatus: 1,
      guestTime: '2038-01-20T00:00:20Z',
      context: [
        '[  120.250000] systemd[1]: cron.service: Main process exited, code=exited, status=1/FAILURE',
        "[  120.500000] systemd[1]: cron.service: Failed with result 'exit-code'.",
      ],
    })
  })

  test('a unit systemctl listed as failed with no console line is a finding that says so', () => {
    const judged = evaluateServices({ ...base, failedAfter: ['cron.service', 'atd.service'] })
    assert.equal(judged.findings.length, 2)
    assert.deepEqual(judged.findings[1], {
      ...BASE,
      stage: 'services',
      program: 'atd.service',
      message: 'atd.service is listed as failed by systemctl after the probe (no console line said why)',
      signature: { id: 'unit-failed', match: 'failed' },
    })
    assert.deepEqual(judged.services[1], { unit: 'atd.service', state: 'failed' })
  })
})

describe("evaluateServices: a unit's exit", () => {
  const at = (lines: Array<[number, string, string]>) =>
    evaluateServices(evidence({ console: kmsg(lines), uptimeAtProbe: 10, clockAtProbe: JAN20 }))

  test('Main process exited code=dumped, status=6/ABRT and Failed with result core-dump: one finding, not two', () => {
    const judged = at([
      [12.5, 'systemd[1]', 'foo.service: Main process exited, code=dumped, status=6/ABRT'],
      [12.75, 'systemd[1]', "foo.service: Failed with result 'core-dump'."],
    ])
    assert.deepEqual(judged.findings, [
      {
        ...BASE,
        stage: 'services',
        program: 'foo.service',
        message: 'foo.service: Main process exited, code=dumped, status=6/ABRT',
        signature: { id: 'unit-failed', match: 'code=dumped, status=6/ABRT' },
        guestTime: '2038-01-20T00:00:02Z',
        context: [
          '[   12.500000] systemd[1]: foo.service: Main process exited, code=dumped, status=6/ABRT',
          "[   12.750000] systemd[1]: foo.service: Failed with result 'core-dump'.",
        ],
      },
    ])
    assert.deepEqual(judged.services, [
      {
        unit: 'foo.service',
        state: 'failed',
        firstLine: 'foo.service: Main process exited, code=dumped, status=6/ABRT',
        guestTime: '2038-01-20T00:00:02Z',
      },
    ])
  })

  test("a service's own Year-2038 line and PID 1's word on its exit: one finding, the line's, the exit after it", () => {
    const judged = at([
      [11.25, 'systemd-journald[194]', ASSERTION],
      [11.5, 'systemd[1]', 'systemd-journald.service: Main process exited, code=dumped, status=6/ABRT'],
      [11.75, 'systemd[1]', "systemd-journald.service: Failed with result 'core-dump'."],
    ])
    assert.equal(judged.findings.length, 1)
    const [journald] = judged.findings
    assert.equal(journald!.program, 'systemd-journald.service')
    assert.equal(journald!.message, `${ASSERTION} (code=dumped, status=6/ABRT)`)
    assert.deepEqual(journald!.signature, { id: 'systemd-clock-assertion', match: ASSERTION_MATCH })
    assert.equal(journald!.guestTime, '2038-01-20T00:00:01Z')
    assert.equal(journald!.exitStatus, undefined)
    assert.equal(journald!.context!.length, 3)
  })

  test("systemd's child failing for a unit before it execs, then PID 1 on its exit: one finding, the unit's", () => {
    const judged = at([
      [12.5, '(cron)[300]', 'cron.service: Failed to set up the timer: Value too large for defined data type'],
      [12.75, 'systemd[1]', 'cron.service: Main process exited, code=exited, status=214/SETSCHEDULER'],
      [13, 'systemd[1]', "cron.service: Failed with result 'exit-code'."],
    ])
    assert.deepEqual(
      judged.findings.map((f) => [f.program, f.signature.id, f.message, f.exitStatus]),
      [
        [
          'cron.service',
          'eoverflow',
          'cron.service: Failed to set up the timer: Value too large for defined data type (code=exited, status=214/SETSCHEDULER)',
          214,
        ],
      ],
    )
  })

  test('code=exited, status=0/SUCCESS is not a failure', () => {
    assert.deepEqual(
      at([
        [12.5, 'systemd[1]', 'foo.service: Main process exited, code=exited, status=0/SUCCESS'],
        [12.75, 'systemd[1]', 'foo.service: Deactivated successfully.'],
      ]),
      { findings: [], services: [] },
    )
  })

  test('code=killed is a failure, with no exit status', () => {
    const [f] = at([[12.5, 'systemd[1]', 'foo.service: Main process exited, code=killed, status=15/TERM']]).findings
    assert.deepEqual(
      [f!.program, f!.signature, f!.exitStatus],
      ['foo.service', { id: 'unit-failed', match: 'code=killed, status=15/TERM' }, undefined],
    )
  })

  test("only PID 1 speaks for a unit's exit: a service printing the same words is not a failure", () => {
    assert.deepEqual(
      at([[12.5, 'foo[300]', "Main process exited, code=dumped, status=6/ABRT; Failed with result 'core-dump'"]]),
      { findings: [], services: [] },
    )
  })
})
