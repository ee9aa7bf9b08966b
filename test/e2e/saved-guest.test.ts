/**
 * The saved guest kept across runs, on real i386 bookworm guests: a second run with the same
 * guest (userland, setup, harness) starts its dates from the guest the first kept and boots
 * nothing, and runs its own probe there; another setup is another guest; a kept state that
 * does not load is discarded and the run boots as before. Each run has a setup line of its
 * own, so that no other run (another test file, an earlier CI run) has kept its guest.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, rmSync, truncateSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { imageStoreRoot } from '../../src/image/prepare.js'
import { CACHE_DIR, type CliRun, makeRepo, runCli } from './helpers.js'

const DATES = ['--date', '2038-01-20T00:00:00Z,2038-02-01T00:00:00Z', '--control', 'none']
const KEPT = /Kept the saved guest for later runs: (saved-guest-i386-bookworm-[0-9a-f]{16})/
const STARTED = /Started from the guest saved \S+ \((saved-guest-i386-bookworm-[0-9a-f]{16})\): nothing to boot/

/** [date, line, command] of each finding. */
function findings(run: CliRun): Array<[string, number | undefined, string | undefined]> {
  assert.ok(run.report, `no report: ${run.stderr}`)
  return run.report.findings.map((f) => [f.date, f.line, f.command])
}

function runWith(probe: string, setup: string, dates: string[] = DATES): Promise<CliRun> {
  const repo = makeRepo({ 'probe.sh': probe, 'setup.sh': setup })
  return runCli(['--probe', 'probe.sh', '--setup', 'setup.sh', ...dates], repo)
}

describe('the saved guest kept across runs', () => {
  const setup = `echo "setup ${randomBytes(6).toString('hex')}"\n`
  let key = ''

  it('the first run boots, saves and keeps the guest; the second starts from it with its own probe', async () => {
    const first = await runWith('echo first\nls /nonexistent-first\n', setup)
    assert.equal(first.code, 1, first.stderr)
    assert.match(first.stderr, /Booted the guest at \S+ and saved it/)
    key = KEPT.exec(first.stderr)?.[1] ?? ''
    assert.notEqual(key, '', first.stderr)
    assert.ok(existsSync(path.join(imageStoreRoot(CACHE_DIR), key, 'guest.state')))
    assert.deepEqual(findings(first), [
      ['2038-01-20T00:00:00Z', 2, 'ls /nonexistent-first'],
      ['2038-02-01T00:00:00Z', 2, 'ls /nonexistent-first'],
    ])

    // Another probe, longer, its failing line elsewhere: the kept guest mounts this one's disk.
    const second = await runWith('echo second\ntrue\nls /nonexistent-second\n', setup)
    assert.equal(second.code, 1, second.stderr)
    assert.equal(STARTED.exec(second.stderr)?.[1], key, second.stderr)
    assert.doesNotMatch(second.stderr, /Booted the guest|saved it/)
    assert.deepEqual(findings(second), [
      ['2038-01-20T00:00:00Z', 3, 'ls /nonexistent-second'],
      ['2038-02-01T00:00:00Z', 3, 'ls /nonexistent-second'],
    ])
    // The setup's verdict is the kept boot's: it ran there, and passed.
    assert.deepEqual(
      second.report!.dates.map((d) => d.outcome),
      ['fail', 'fail'],
    )
  })

  it("another setup script is another guest; with auto's control (the host's clock, another second each run) a later run still starts from it", async () => {
    const withControl = ['--date', '2038-01-20T00:00:00Z']
    // Passes at the control, fails after the rollover: a finding, not set aside.
    const probe = 'test "$(date -u +%Y)" -lt 2038\n'
    const other = await runWith(probe, `${setup}echo more\n`, withControl)
    assert.equal(other.code, 1, other.stderr)
    assert.match(other.stderr, /Booted the guest at \S+ and saved it/)
    const otherKey = KEPT.exec(other.stderr)?.[1]
    assert.ok(otherKey && otherKey !== key, other.stderr)
    const again = await runWith(probe, `${setup}echo more\n`, withControl)
    assert.equal(STARTED.exec(again.stderr)?.[1], otherKey, again.stderr)
    // Each run's control is its own host clock, stepped to from the kept guest's earlier boot.
    const control = (run: CliRun) => run.report?.control
    assert.ok(control(again)!.date > control(other)!.date, `${control(other)?.date} ${control(again)?.date}`)
    assert.equal(control(again)!.bootDate, control(other)!.date)
    assert.equal(control(again)!.outcome, 'pass')
    assert.equal(again.code, 1, again.stderr)
    assert.deepEqual(findings(again), [['2038-01-20T00:00:00Z', 1, 'test "$(date -u +%Y)" -lt 2038']])
    // Kept guests are tens of MiB: this one serves no later run.
    rmSync(path.join(imageStoreRoot(CACHE_DIR), otherKey), { recursive: true, force: true })
  })

  it("each date restored from the kept guest has random numbers of its own (the host's seed, credited and reseeded from)", async () => {
    // Its own setup: the guest is saved (its kernel's random state ready) by this run, then restored twice.
    const probe = 'od -An -N16 -tx1 /dev/urandom | tr -d " \\n" > "$Y2038_OUT/random"\n'
    const run = await runWith(probe, `${setup}echo random\n`)
    assert.equal(run.code, 0, run.stderr)
    const drawn = run.report!.dates.map((d) => {
      assert.equal(d.fromSnapshot, true, JSON.stringify(d))
      return readFileSync(path.join(d.out!.dir, 'random'), 'utf8')
    })
    assert.equal(drawn.length, 2)
    for (const value of drawn) assert.match(value, /^[0-9a-f]{32}$/)
    assert.notEqual(drawn[0], drawn[1])
    const kept = KEPT.exec(run.stderr)?.[1]
    if (kept) rmSync(path.join(imageStoreRoot(CACHE_DIR), kept), { recursive: true, force: true })
  })

  it('a kept state that does not load is discarded with a warning, and the dates boot as before', async () => {
    assert.notEqual(key, '')
    truncateSync(path.join(imageStoreRoot(CACHE_DIR), key, 'guest.state'), 4096)
    const run = await runWith('ls /nonexistent-after\n', setup)
    assert.match(run.stderr, /could not start from the saved guest/)
    assert.match(run.stderr, new RegExp(`discarding the kept guest ${key}`))
    assert.ok(!existsSync(path.join(imageStoreRoot(CACHE_DIR), key)))
    assert.deepEqual(findings(run), [
      ['2038-01-20T00:00:00Z', 1, 'ls /nonexistent-after'],
      ['2038-02-01T00:00:00Z', 1, 'ls /nonexistent-after'],
    ])
  })
})
