/**
 * The static time_t audit through the command line, on a real i386 bookworm guest: the
 * packages a user names, and every ELF file with the audit failing the run.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runCli } from './helpers.js'

const BEFORE = '2038-01-18T00:00:00Z'

describe('static time_t audit, i386 bookworm', () => {
  it('packages sudo and busybox: both time32, as warnings that do not fail the run', async () => {
    const run = await runCli(['--packages', 'sudo busybox', '--run', 'true', '--date', BEFORE])
    assert.equal(run.code, 0, run.stdout + run.stderr)
    const audit = run.report!.audit
    assert.equal(audit.mode, 'packages')
    assert.deepEqual(
      audit.packages.map((p) => [p.package, p.class]),
      [
        ['busybox', 'time32'],
        ['sudo', 'time32'],
      ],
    )
    assert.deepEqual(
      audit.findings.map((f) => [f.package, f.severity, f.files.some((x) => x.path === `/usr/bin/${f.package}`)]),
      [
        ['busybox', 'warning', true],
        ['sudo', 'warning', true],
      ],
    )
    const sudo = audit.packages[1]!.files.find((f) => f.path === '/usr/bin/sudo')!
    assert.ok(sudo.time32.includes('gettimeofday'), sudo.time32.join(' '))
    assert.ok(audit.elfFiles! > 500, `${audit.elfFiles} ELF files`)
    assert.match(run.stdout, /^Static time_t audit \(packages\): the ELF files of busybox, sudo/m)
    assert.match(run.stdout, /^ {2}sudo {5}time32 /m)
  })

  it('--audit all --fail-on audit: every package, coreutils time64, and exit 1 for the time32 ones', async () => {
    const run = await runCli(['--audit', 'all', '--fail-on', 'audit', '--run', 'true', '--date', BEFORE])
    assert.equal(run.code, 1, run.stdout + run.stderr)
    const report = run.report!
    assert.deepEqual(
      report.dates.map((d) => d.outcome),
      ['pass'],
    )
    assert.equal(report.result, 'fail')
    const classes = new Map(report.audit.packages.map((p) => [p.package, p.class]))
    assert.equal(classes.get('coreutils'), 'time64')
    assert.equal(classes.get('sudo'), 'time32')
    assert.ok(report.audit.findings.length >= 5, `${report.audit.findings.length} findings`)
    for (const f of report.audit.findings) assert.equal(f.severity, 'error')
    assert.equal(
      report.audit.findings.find((f) => f.package === 'coreutils'),
      undefined,
    )
  })

  it('packages python3: python3 holds no ELF file, so the interpreter and its library are audited, said so', async () => {
    const run = await runCli(['--packages', 'python3', '--run', 'true', '--date', BEFORE, '--control', 'none'])
    assert.equal(run.code, 0, run.stdout + run.stderr)
    const audit = run.report!.audit
    const followed = audit.packages.map((p) => [p.package, p.followedFrom])
    assert.ok(
      followed.some(([name, from]) => name === 'python3.11-minimal' && from === 'python3'),
      JSON.stringify(followed),
    )
    assert.ok(
      followed.some(([name, from]) => name === 'libpython3.11-stdlib' && from === 'python3'),
      JSON.stringify(followed),
    )
    for (const [name] of followed)
      assert.doesNotMatch(name!, /^(dpkg|libc6|perl-base)$/, 'the base system is not followed')
    const interpreter = audit.packages.find((p) => p.package === 'python3.11-minimal')!
    assert.ok(
      interpreter.files.some((f) => f.path === '/usr/bin/python3.11'),
      interpreter.files.map((f) => f.path).join(' '),
    )
    assert.match(run.stdout, /the ELF files of python3 \(python3 holds none: its dependencies [^)]*python3\.11-minimal/)
  })
})
