/**
 * What must never pass: a hung guest, an interrupted run; and bad input that must stop
 * before anything is built or cached.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { makeRepo, qemuPids, runCli, startCli, startCliRun, storeEntries } from './helpers.js'

describe('guests that do not finish', () => {
  it('kills a hung guest at the timeout and reports it, leaving no QEMU behind', async () => {
    const before = qemuPids()
    const run = await runCli(['--run', 'echo started\nsleep 100000', '--timeout', '30', '--date', '2038-01-20'])
    assert.equal(run.code, 1, run.stderr)
    const [date] = run.report!.dates
    assert.equal(date!.outcome, 'timeout')
    const timeout = run.report!.findings.find((f) => f.stage === 'timeout')
    assert.equal(timeout!.message, 'the probe did not finish within 30 s; it was running at line 2 (`sleep 100000`)')
    assert.deepEqual([timeout!.line, timeout!.command], [2, 'sleep 100000'])
    assert.ok(timeout!.context!.length > 0, 'last console lines')
    // The control date ran the same probe first and timed out the same way: a warning, not a pass.
    assert.equal(run.report!.control!.outcome, 'timeout')
    assert.match(run.stderr, /warning: the control run at \S+ did not complete \(timeout\)/)
    assert.deepEqual(
      run.report!.control!.failures.map((f) => f.stage),
      ['timeout'],
    )
    assert.deepEqual(
      qemuPids().filter((p) => !before.includes(p)),
      [],
    )
  })

  /** Starts a run, sends `signal` once the guest whose pid file is `pidPath` (under out/) runs; what it printed. */
  async function interrupted(args: string[], pidPath: string, signal: NodeJS.Signals) {
    const repo = makeRepo()
    const { child, finished } = startCliRun(args, repo)
    const pidFile = path.join(repo, 'out', pidPath)
    const pidIn = (): number => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim() || 0) : 0)
    for (let i = 0; i < 600 && pidIn() === 0; i++) await sleep(100)
    const qemuPid = pidIn()
    assert.ok(qemuPid > 0, 'the guest started')
    assert.ok(qemuPids().includes(qemuPid), 'the guest runs')
    child.kill(signal)
    return { ...(await finished), qemuPid }
  }

  it('interrupted while it boots and saves the guest: no verdict, no report, no warning that it could not save', async () => {
    const before = qemuPids()
    // A setup of its own: no guest kept by another run has it, so this run boots and saves.
    const setup = `echo ${randomBytes(6).toString('hex')}`
    const run = await interrupted(
      ['--run', 'sleep 100000', '--setup', setup, '--date', '2038-01-20', '--timeout', '600'],
      'i386-bookworm-snapshot/qemu.pid',
      'SIGINT',
    )
    assert.equal(run.code, 130, run.stderr)
    assert.equal(run.report, undefined, 'no JSON report')
    assert.equal(run.stdout, '', 'no verdict printed')
    assert.match(run.stderr, /^y2038: interrupted by SIGINT, stopping guests and builds$/m)
    assert.doesNotMatch(run.stderr, /could not save|warning/)
    for (let i = 0; i < 50 && qemuPids().includes(run.qemuPid); i++) await sleep(100)
    assert.deepEqual(
      qemuPids().filter((p) => !before.includes(p)),
      [],
    )
  })

  it('stops its guest when the tool is terminated, and removes its temporary files; no verdict', async () => {
    const before = qemuPids()
    const runDirs = (): string[] => readdirSync(os.tmpdir()).filter((name) => name.startsWith('y2038-run-'))
    const dirsBefore = runDirs()
    // The tool makes the pid file empty before QEMU starts; QEMU writes its pid into it.
    const run = await interrupted(
      ['--run', 'sleep 100000', '--date', '2038-01-20', '--timeout', '600', '--control', 'none'],
      'i386-bookworm-step-2038-01-20T000000Z/qemu.pid',
      'SIGTERM',
    )
    assert.equal(run.code, 143)
    // An interruption is no verdict: nothing printed as a result, no report written.
    assert.equal(run.stdout, '')
    assert.equal(run.report, undefined)
    // The run's harness disk (and a saved guest, when there is one) went with it.
    assert.deepEqual(
      runDirs().filter((d) => !dirsBefore.includes(d)),
      [],
    )
    for (let i = 0; i < 50 && qemuPids().includes(run.qemuPid); i++) await sleep(100)
    assert.deepEqual(
      qemuPids().filter((p) => !before.includes(p)),
      [],
    )
  })
})

describe('an exit nobody planned', () => {
  it('a closed output that crashes the tool mid-boot still leaves no QEMU behind', async () => {
    const before = qemuPids()
    // A setup of its own: a guest kept by another run would start with no boot, and no console to wait for.
    const setup = `echo ${randomBytes(6).toString('hex')}`
    const child = startCli(['--run', 'sleep 100000', '--setup', setup, '--date', '2038-01-18', '--verbose'], makeRepo())
    let seen = ''
    const closed = new Promise<void>((resolve) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        seen += chunk.toString()
        // The guest's console is streaming: the guest is running. Stop reading.
        if (/Linux version/.test(seen)) {
          child.stderr!.destroy()
          child.stdout!.destroy()
          resolve()
        }
      })
    })
    await closed
    const code = await new Promise((resolve) => child.on('close', resolve))
    assert.notEqual(code, 0)
    for (let i = 0; i < 50 && qemuPids().some((p) => !before.includes(p)); i++) await sleep(100)
    assert.deepEqual(
      qemuPids().filter((p) => !before.includes(p)),
      [],
    )
  })
})

describe('bad input', () => {
  it('a package that does not exist: one line naming it, exit 2, nothing cached, no empty output directory', async () => {
    const entries = storeEntries()
    const run = await runCli(['--packages', 'y2038-no-such-package', '--date', '2038-01-20'])
    assert.equal(run.code, 2)
    assert.match(run.stderr, /^y2038: error: packages: 'y2038-no-such-package' is not a package in bookworm\/i386/m)
    assert.equal(run.report, undefined)
    assert.deepEqual(storeEntries(), entries)
    assert.equal(existsSync(path.join(run.workDir, 'out')), false, 'the output directory the run made is removed')
  })

  it('an unreachable mirror: exit 2 naming the mirror without its credentials, nothing cached', async () => {
    const entries = storeEntries()
    const run = await runCli(['--mirror', 'http://ci:s3cr3t@127.0.0.1:9/debian', '--date', '2038-01-20'])
    assert.equal(run.code, 2)
    assert.match(run.stderr, /^y2038: error: mirror: cannot reach http:\/\/\*\*\*@127\.0\.0\.1:9\/debian/m)
    assert.doesNotMatch(run.stderr + run.stdout, /s3cr3t/)
    assert.deepEqual(storeEntries(), entries)
  })

  // Whether KVM works is a fact of the machine, declared where the machine is known (.ci/run
  // says it fails on these machines), so that each machine has one expected outcome.
  const expectKvm = process.env.Y2038_EXPECT_KVM
  it(
    `--accel kvm where KVM ${expectKvm ?? '(Y2038_EXPECT_KVM unset)'}: as this machine must answer`,
    { skip: !['works', 'fails'].includes(expectKvm ?? '') && 'set Y2038_EXPECT_KVM=works or fails for this machine' },
    async () => {
      const run = await runCli(['--accel', 'kvm', '--run', 'true', '--date', '2038-01-18', '--control', 'none'])
      if (expectKvm === 'fails') {
        assert.equal(run.code, 2, run.stderr)
        assert.match(
          run.stderr,
          /^y2038: error: accel: kvm was asked for, but (KVM does not work here: .+|.+cannot use KVM.*)$/m,
        )
        assert.equal(run.report, undefined)
      } else {
        assert.equal(run.code, 0, run.stderr)
        assert.equal(run.report!.target.accel, 'kvm')
      }
    },
  )

  it('a probe outside the current directory that does not exist: exit 2 naming the probe', async () => {
    // The command line takes a probe outside the current directory (probe.test.ts runs one);
    // one that is not there is refused before anything is built.
    const repo = makeRepo()
    const given = `../${path.basename(repo)}-missing.sh`
    const run = await runCli(['--probe', given], repo)
    assert.equal(run.code, 2)
    assert.equal(run.stderr.split('\n')[0], `y2038: error: probe: '${given}' does not exist (from ${repo})`)
  })
})
