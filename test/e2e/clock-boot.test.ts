/** `boot` clock mode: the RTC starts at the date and the kernel and initramfs run at it. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runCli } from './helpers.js'

describe('boot clock, i386 bookworm', () => {
  it('boots before the rollover, and reports the failed initramfs after it', async () => {
    const run = await runCli([
      '--clock',
      'boot',
      '--run',
      'sudo -n true',
      '--date',
      '2038-01-18T12:00:00Z',
      '--date',
      '2038-01-19T12:00:00Z',
    ])
    assert.equal(run.code, 1, run.stderr)
    const [before, after] = run.report!.dates
    assert.equal(before!.outcome, 'pass')
    assert.equal(before!.bootDate, '2038-01-18T12:00:00Z')
    // The clock ran through the boot: it is a little past the requested date at probe start.
    const drift = Date.parse(before!.guestClockAtProbe!) - Date.parse(before!.date)
    assert.ok(drift >= 0 && drift < 300_000, `clock drift ${drift} ms`)
    assert.equal(after!.outcome, 'boot-failure')
    const [finding] = run.report!.findings
    assert.equal(finding!.stage, 'boot')
    assert.equal(finding!.program, 'initramfs')
    assert.equal(finding!.signature.id, 'eoverflow')
    assert.match(
      finding!.message,
      /^the guest did not boot: \/init: line \d+: \w+: Value too large for defined data type/,
    )
    assert.match(finding!.message, /Kernel panic - not syncing/)
    assert.ok(finding!.context!.some((l) => /^\/init: line \d+: mount: Value too large/.test(l)))
    assert.match(run.stdout, /FAIL {2}the guest did not boot/)
  })
})

describe('boot clock past the rollover, i386 trixie (amd64 kernel, 32-bit userland)', () => {
  it("the harness's own 32-bit dash, bash and perl survive a guest that boots in 2038", async () => {
    const run = await runCli([
      '--arch',
      'i386',
      '--suite',
      'trixie',
      '--clock',
      'boot',
      '--run',
      'echo started\nls /nonexistent\necho done',
      '--date',
      '2038-01-20T00:00:00Z',
    ])
    // The probe ran to its end past the rollover: its failing ls was seen (the harness
    // survived), and set aside because it fails the same way at the control date.
    assert.equal(run.code, 0, run.stderr)
    const [date] = run.report!.dates
    assert.equal(date!.outcome, 'pass')
    const drift = Date.parse(date!.guestClockAtProbe!) - Date.parse(date!.date)
    assert.ok(drift >= 0 && drift < 300_000, `clock drift ${drift} ms`)
    assert.deepEqual(
      run.report!.ignored.map((i) => [i.finding.date, i.finding.line, i.finding.command, i.finding.signature.id]),
      [['2038-01-20T00:00:00Z', 2, 'ls /nonexistent', 'exit-status']],
    )
    assert.match(run.report!.ignored[0]!.reason, /^fails the same way at the control date \(\S+\)$/)
    assert.equal(run.report!.control!.outcome, 'fail')
  })
})
