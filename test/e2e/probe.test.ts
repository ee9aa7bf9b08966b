/**
 * The README's first command and a user's probe, on real i386 bookworm guests under QEMU,
 * in `step` clock mode, on both sides of the rollover.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { before, describe, it } from 'node:test'
import { findingLines, makeRepo, runCli } from './helpers.js'

const BEFORE = '2038-01-18T00:00:00Z'
const AFTER = '2038-01-20T00:00:00Z'

describe('step clock, i386 bookworm', () => {
  // The reuse case below expects the default guest in the shared cache: made sure of here,
  // not counted on from the first case.
  before(async () => {
    const warm = await runCli(['--run', 'true', '--date', '2038-01-18', '--control', 'none'])
    assert.equal(warm.code, 0, warm.stderr)
  })

  it('the default run finds the seed failures after the rollover and none before', async (t) => {
    const run = await runCli([])
    assert.equal(run.code, 1, run.stderr)
    const report = run.report!
    assert.deepEqual(
      report.dates.map((d) => [d.date, d.outcome]),
      [
        [BEFORE, 'pass'],
        [AFTER, 'fail'],
      ],
    )
    assert.equal(report.findings.filter((f) => f.date === BEFORE).length, 0)
    const after = report.findings.filter((f) => f.date === AFTER)
    const byCheck = new Map(after.map((f) => [f.check, f]))
    assert.match(byCheck.get('sudo')!.message, /unable to get time of day/)
    assert.equal(byCheck.get('sudo')!.signature.id, 'sudo-time-of-day')
    assert.equal(byCheck.get('busybox-ls')!.signature.id, 'eoverflow')
    assert.equal(byCheck.get('busybox-date')!.signature.id, 'wrong-date')
    assert.equal(byCheck.get('systemd-clock')!.signature.id, 'systemd-clock-assertion')
    // gnulib gives coreutils 64-bit time: they must keep working.
    for (const check of ['coreutils-date', 'coreutils-touch', 'coreutils-stat'])
      assert.equal(byCheck.has(check), false, check)
    for (const date of report.dates) {
      assert.equal(date.guestClockAtProbe, date.date)
      assert.equal(date.timeT, 32)
    }
    // auto: KVM only where a test boot showed it works (here it hangs with "KVM internal error").
    // Without /dev/kvm nothing is tried and nothing is said; with it, the verdict is said, the
    // one this machine must give (Y2038_EXPECT_KVM, declared where the machine is known).
    const expectKvm = existsSync('/dev/kvm') ? process.env.Y2038_EXPECT_KVM : 'absent'
    if (expectKvm === 'absent') {
      assert.equal(report.target.accel, 'tcg')
      assert.doesNotMatch(run.stderr, /KVM/)
    } else if (expectKvm === 'works') {
      assert.equal(report.target.accel, 'kvm')
      assert.match(run.stderr, /^Using KVM \(.+\)$/m)
    } else if (expectKvm === 'fails') {
      assert.equal(report.target.accel, 'tcg')
      assert.match(run.stderr, /^KVM is not usable here \(.+\): using TCG$/m)
    } else {
      t.diagnostic('/dev/kvm is here and Y2038_EXPECT_KVM is not set (works or fails): the accelerator is not checked')
    }
    assert.match(run.stdout, /2038-01-20T00:00:00Z {2}FAIL/)
    assert.match(run.stdout, /\[sudo\] check sudo sudo -n true/)
  })

  it('reports exactly the failing lines of a one-command-per-line probe, reusing the built guest', async () => {
    const probe = readFileSync(new URL('../fixtures/userprobe.sh', import.meta.url), 'utf8')
    const repo = makeRepo({ 'ci/probe.sh': probe })
    const run = await runCli(['--probe', 'ci/probe.sh', '--date', BEFORE, '--date', AFTER], repo)
    assert.equal(run.code, 1, run.stderr)
    const report = run.report!
    assert.equal(report.artifacts.kernel.built, false, 'kernel reused')
    assert.equal(report.artifacts.userland.built, false, 'root filesystem reused')
    assert.equal(report.probe.path, 'ci/probe.sh')
    // Line 6 (ls /nonexistent) fails at both dates: not a Year-2038 failure.
    assert.deepEqual(findingLines(report, BEFORE), [])
    assert.deepEqual(findingLines(report, AFTER), [4, 5])
    const [stat, sudo] = report.findings
    assert.equal(stat!.command, 'busybox stat /tmp/newfile')
    assert.match(stat!.message, /Value too large for defined data type/)
    assert.equal(sudo!.command, 'sudo -n true')
    assert.equal(sudo!.exitStatus, 1)
    assert.deepEqual(
      report.ignored.map((i) => [i.finding.date, i.finding.line]),
      [
        [BEFORE, 6],
        [AFTER, 6],
      ],
    )
    assert.match(run.stdout, /ci\/probe\.sh:5 {2}sudo -n true/)
  })

  it('runs an inline probe given with --run', async () => {
    const run = await runCli(['--run', 'true\nsudo -n true\necho ok', '--date', AFTER])
    assert.equal(run.code, 1, run.stderr)
    assert.deepEqual(findingLines(run.report!, AFTER), [2])
    assert.equal(run.report!.findings[0]!.signature.id, 'sudo-time-of-day')
  })

  it('the command line runs a probe outside the current directory, named by its absolute path', async () => {
    const elsewhere = realpathSync(makeRepo({ 'probe.sh': 'true\nsudo -n true\n' }))
    const here = makeRepo()
    const run = await runCli(['--probe', `${elsewhere}/probe.sh`, '--date', AFTER, '--control', 'none'], here)
    assert.equal(run.code, 1, run.stderr)
    assert.deepEqual(findingLines(run.report!, AFTER), [2])
    assert.deepEqual(run.report!.probe, { kind: 'file', path: `${elsewhere}/probe.sh` })
    assert.match(run.stdout, new RegExp(`^  ${elsewhere}/probe\\.sh:2  sudo -n true$`, 'm'))
  })
})
