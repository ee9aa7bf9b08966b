/**
 * The known-answer matrix: which Debian architectures and releases break in 2038, asked
 * of real guests with the built-in probe at a date after the rollover. i386 kept a 32-bit
 * time_t on purpose; armhf moved to 64-bit with trixie; amd64 never had the problem.
 *
 * Each cell builds its guest once per machine (a foreign architecture takes minutes
 * under qemu-user) and then boots it in about 15 to 30 s.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { JsonReport } from '../../src/report/report.js'
import { runCli } from './helpers.js'

const AFTER = '2038-01-20T00:00:00Z'

interface Cell {
  arch: string
  suite: string
  timeT: 32 | 64
  /** The checks of the built-in probe that fail, measured on real guests; `[]`: the date passes. */
  failing: string[]
  /** Classes the static audit (`--audit all`) gives these packages; undefined: nothing is read (64-bit time_t). */
  audit?: Record<string, string>
  kernelNote?: RegExp
}

/** bookworm with a 32-bit time_t (i386, armhf): what fails, and what the audit reads. */
const BOOKWORM_32_FAILING = [
  'busybox-date',
  'busybox-ls',
  'busybox-stat',
  'sudo',
  'systemd-clock',
  'perl-time',
  'bash-printf-time',
]
const BOOKWORM_32_AUDIT = {
  busybox: 'time32',
  sudo: 'time32',
  systemd: 'time32',
  'perl-base': 'time32',
  bash: 'time32',
  coreutils: 'time64', // Debian builds it with gnulib's 64-bit time
}

const CELLS: Cell[] = [
  {
    arch: 'i386',
    suite: 'bookworm',
    timeT: 32,
    failing: BOOKWORM_32_FAILING,
    audit: BOOKWORM_32_AUDIT,
  },
  {
    arch: 'i386',
    suite: 'trixie',
    timeT: 32,
    // sudo and busybox in trixie were rebuilt and no longer fail on i386; these still do.
    failing: ['systemd-clock', 'perl-time', 'bash-printf-time'],
    // The audit agrees with the probe: what was rebuilt is time64, what still fails is time32.
    audit: {
      busybox: 'time64',
      sudo: 'time64',
      systemd: 'time32',
      'perl-base': 'time32',
      bash: 'time32',
      coreutils: 'time64',
    },
    kernelNote: /trixie has no i386 kernel: the i386 userland runs on the amd64 kernel/,
  },
  {
    arch: 'armhf',
    suite: 'bookworm',
    timeT: 32,
    failing: BOOKWORM_32_FAILING,
    audit: BOOKWORM_32_AUDIT,
  },
  {
    arch: 'armhf',
    suite: 'trixie',
    timeT: 64,
    failing: [],
    audit: {
      busybox: 'time64',
      sudo: 'time64',
      systemd: 'time64',
      'perl-base': 'time64',
      bash: 'time64',
      coreutils: 'time64',
    },
  },
  { arch: 'amd64', suite: 'bookworm', timeT: 64, failing: [] },
]

function failingChecks(report: JsonReport): string[] {
  return report.findings
    .filter((f) => f.date === AFTER)
    .map((f) => f.check ?? `${f.stage}:${f.message}`)
    .sort()
}

describe('known answers after the rollover, built-in probe, step clock', () => {
  for (const cell of CELLS) {
    it(`${cell.arch} ${cell.suite}: ${cell.failing.length > 0 ? 'Year-2038 failures' : 'no failures'}, ${cell.timeT}-bit time_t`, async () => {
      const run = await runCli(['--arch', cell.arch, '--suite', cell.suite, '--date', AFTER, '--audit', 'all'])
      const report = run.report
      assert.ok(report, run.stderr)
      const [date] = report.dates
      assert.equal(date!.guestClockAtProbe, AFTER, 'the probe ran at the requested date')
      assert.equal(date!.timeT, cell.timeT, 'time_t width detected in the guest')
      // Exactly these checks fail; a passing cell has no finding at all.
      assert.deepEqual(failingChecks(report), [...cell.failing].sort())
      if (cell.failing.length === 0) {
        assert.equal(date!.outcome, 'pass')
        assert.equal(run.code, 0)
      } else {
        assert.equal(date!.outcome, 'fail')
        assert.equal(run.code, 1)
      }
      for (const f of report.findings)
        assert.notEqual(f.check?.startsWith('coreutils-'), true, 'coreutils keep working')
      // The static audit, read when the guest was built: warnings only, the exit status is the probe's.
      if (cell.audit) {
        assert.equal(report.audit.affected, true)
        const classes = Object.fromEntries(
          report.audit.packages.filter((p) => p.package in cell.audit!).map((p) => [p.package, p.class]),
        )
        assert.deepEqual(classes, cell.audit)
        for (const f of report.audit.findings) assert.equal(f.severity, 'warning')
      } else {
        assert.deepEqual([report.audit.affected, report.audit.packages, report.audit.findings], [false, [], []])
      }
      if (cell.kernelNote) assert.match(report.target.kernel.note ?? '', cell.kernelNote)
      else assert.equal(report.target.kernel.note, undefined)
      assert.match(run.stdout, new RegExp(`time_t ${cell.timeT}-bit`))
    })
  }

  it('a 32-bit ARM kernel ignores an RTC past the rollover: boot clock mode reports the wrong date, never a pass', async () => {
    const run = await runCli(['--arch', 'armhf', '--suite', 'trixie', '--clock', 'boot', '--date', AFTER])
    assert.equal(run.code, 1, run.stderr)
    const [date] = run.report!.dates
    assert.equal(date!.outcome, 'wrong-date')
    const [finding] = run.report!.findings
    assert.equal(finding!.stage, 'clock')
    assert.match(finding!.message, /^the guest did not run at the requested date: its clock read 19\d\d-/)
  })
})
