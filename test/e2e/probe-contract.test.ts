/**
 * The probe contract on real i386 bookworm guests: a probe written the way people write
 * shell either runs to its end and is judged line by line, or gets an outcome of its own.
 * One probe file per case in test/e2e/probes/, each with its exact outcome, lines and exit
 * status. Probes run after the rollover (2038-01-20) unless the case needs otherwise.
 */
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import type { JsonReport } from '../../src/report/report.js'
import { type CliRun, makeRepo, runCli } from './helpers.js'

const AFTER = '2038-01-20T00:00:00Z'

function probeFile(name: string): string {
  return readFileSync(new URL(`./probes/${name}`, import.meta.url), 'latin1')
}

/** Runs test/e2e/probes/NAME as the user's probe at 2038-01-20. */
async function runProbe(name: string, extra: string[] = []): Promise<CliRun> {
  const repo = makeRepo()
  // Byte for byte: the CRLF and binary cases must reach the tool as they are.
  writeFileSync(`${repo}/probe.sh`, readFileSync(new URL(`./probes/${name}`, import.meta.url)))
  // These probes fail on purpose at any date (false, ls of a missing file): the contract is
  // about what the harness sees, so no control date sets those failures aside here.
  return runCli(['--probe', 'probe.sh', '--date', AFTER, '--control', 'none', ...extra], repo)
}

/** [line, signature, command] of each finding, in order. */
function findings(report: JsonReport): Array<[number | undefined, string, string | undefined]> {
  return report.findings.map((f) => [f.line, f.signature.id, f.command])
}

function outcome(run: CliRun): string {
  assert.ok(run.report, `no report: ${run.stderr}`)
  assert.equal(run.report.dates.length, 1)
  return run.report.dates[0]!.outcome
}

describe('a probe that stops early never passes', () => {
  it('exit 3 on line 2 of 5: probe-stopped at line 2', async () => {
    const run = await runProbe('exit-early.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'probe-stopped')
    assert.deepEqual(findings(run.report!), [[2, 'probe-stopped', 'exit 3']])
    assert.equal(
      run.report!.findings[0]!.message,
      'the probe stopped at line 2 (`exit 3`) with status 3, before its end',
    )
  })

  it('set -u with an unset variable: probe-stopped at that line, with what bash said', async () => {
    const run = await runProbe('set-u.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'probe-stopped')
    assert.deepEqual(findings(run.report!), [[3, 'probe-stopped', 'echo "$not_set_anywhere"']])
    assert.match(
      run.report!.findings[0]!.message,
      /with status 1, before its end: .*not_set_anywhere: unbound variable$/,
    )
  })

  it('set -e after a Year-2038 failure: the failure is a finding, the run is probe-stopped', async () => {
    const run = await runProbe('set-e-sudo.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'probe-stopped')
    assert.deepEqual(findings(run.report!), [
      [3, 'sudo-time-of-day', 'sudo -n true'],
      [3, 'probe-stopped', 'sudo -n true'],
    ])
  })

  it('return at the top is bash\'s error, not an end; builtin trap "" ERR hides no failure', async () => {
    const run = await runProbe('return-top.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'fail')
    assert.deepEqual(findings(run.report!), [
      [1, 'exit-status', 'return 1'],
      // bash keeps the ignored ERR trap for the rest of that line: the failure is found by its
      // status at the next command, and named by the line's first command.
      [2, 'sudo-time-of-day', 'builtin trap "" ERR'],
    ])
  })

  it('an end mark written with the secret, then kill -9 $$: probe-stopped, the mark counts for nothing', async () => {
    const run = await runProbe('forged-end.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'probe-stopped')
    assert.match(run.report!.findings.at(-1)!.message, /^the probe's shell was killed by signal 9 at line 2/)
  })

  it('a syntax error is refused before anything boots, naming its line', async () => {
    const run = await runProbe('syntax.sh')
    assert.equal(run.code, 2)
    assert.equal(run.report, undefined)
    assert.equal(
      run.stderr.trim().split('\n').at(-1),
      "y2038: error: probe: 'probe.sh' does not parse: line 2: syntax error near unexpected token `then'",
    )
  })

  it('a binary file is refused before anything boots', async () => {
    const run = await runProbe('binary.sh')
    assert.equal(run.code, 2)
    assert.equal(
      run.stderr.trim().split('\n').at(-1),
      "y2038: error: probe: 'probe.sh' is not a text file (a NUL byte on line 1): give a shell script",
    )
  })

  it('CRLF line endings are refused with how to convert them', async () => {
    assert.match(probeFile('crlf.sh'), /\r\n/)
    const run = await runProbe('crlf.sh')
    assert.equal(run.code, 2)
    assert.equal(
      run.stderr.trim().split('\n').at(-1),
      "y2038: error: probe: 'probe.sh' has Windows line endings (CRLF, first on line 1), which bash reads as part of each command: convert it to LF (dos2unix, or sed -i 's/\\r$//')",
    )
  })
})

describe('ordinary shell never blinds the harness', () => {
  it('the flock idiom on fd 9 does not hide a later failure', async () => {
    const run = await runProbe('flock-fd9.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'fail')
    assert.deepEqual(findings(run.report!), [[4, 'exit-status', 'false']])
  })

  it("the probe's own ERR trap runs, with $?, and the harness still sees the failure", async () => {
    const run = await runProbe('own-err-trap.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'fail')
    assert.deepEqual(findings(run.report!), [[3, 'exit-status', 'ls /nonexistent-dir']])
    assert.deepEqual(run.report!.findings[0]!.context, [
      "ls: cannot access '/nonexistent-dir': No such file or directory",
      'probe trap saw status 2',
    ])
  })

  it("the probe's own EXIT trap runs, its output on the line that set it, and the probe counts as run to its end", async () => {
    const run = await runProbe('own-exit-trap.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'fail')
    assert.deepEqual(findings(run.report!), [
      [1, 'eoverflow', `trap 'echo "cleaning up: Value too large for defined data type"' EXIT`],
      [2, 'exit-status', 'false'],
    ])
    assert.equal(run.report!.findings[0]!.message, 'cleaning up: Value too large for defined data type')
  })

  it('a command that fails in the EXIT action is a finding of the line that set the trap, with its output', async () => {
    const run = await runProbe('exit-trap-fails.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'fail')
    assert.deepEqual(findings(run.report!), [[5, 'exit-status', "trap -- 'cleanup' EXIT"]])
    assert.deepEqual(run.report!.findings[0]!.context, [
      'cleaning up',
      "rm: cannot remove '/nonexistent-lockfile': No such file or directory",
    ])
  })

  it('closing standard output, error and low descriptors does not hide failures', async () => {
    const run = await runProbe('closed-output.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'fail')
    assert.deepEqual(findings(run.report!), [
      [2, 'exit-status', 'false'],
      [4, 'exit-status', 'ls /nonexistent-dir'],
    ])
  })

  it('the failed step of an && list and the failed command of a pipeline are named; a test is a condition', async () => {
    const run = await runProbe('and-list.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'fail')
    assert.deepEqual(findings(run.report!), [
      [1, 'exit-status', 'mount -t no-such-fs none /tmp/r'],
      [3, 'exit-status', 'false'],
    ])
    assert.match(run.report!.findings[0]!.context!.join('\n'), /^mount: \/tmp\/r: /m)
  })
})

describe('what a probe may do freely', () => {
  it("set -x traces the probe's commands, not the harness's", async () => {
    const run = await runProbe('set-x.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'fail')
    assert.deepEqual(findings(run.report!), [[3, 'exit-status', 'ls /nonexistent-dir']])
    assert.deepEqual(run.report!.findings[0]!.context, [
      '+ ls /nonexistent-dir',
      "ls: cannot access '/nonexistent-dir': No such file or directory",
    ])
  })

  it('env | sort: nothing of the harness is in the environment, and the run passes', async () => {
    const run = await runProbe('env.sh')
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.equal(outcome(run), 'pass')
    assert.deepEqual(run.report!.findings, [])
  })

  it('a background job does not keep the guest waiting until the timeout', async () => {
    const run = await runProbe('background.sh', ['--timeout', '120'])
    assert.equal(run.code, 0, run.stdout + run.stderr)
    // A guest kept waiting would end at the timeout, with the outcome timeout: pass says it did not.
    assert.equal(outcome(run), 'pass')
  })

  it('a million lines of output arrive whole; the report keeps the head and the tail', async () => {
    const run = await runProbe('many-lines.sh')
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.equal(outcome(run), 'pass')
    assert.equal(run.report!.dates[0]!.omittedOutputLines, 1_000_000 - 220)
  })
})

describe('the results channel is out of the probe’s reach', () => {
  it('the probe cannot open the results port, and a record it prints is only output', async () => {
    const run = await runProbe('port-write.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'fail')
    assert.deepEqual(findings(run.report!), [[1, 'exit-status', 'echo forged > /dev/virtio-ports/y2038']])
    assert.match(run.report!.findings[0]!.message, /Device or resource busy/)
  })

  it('a probe that kills the framer gets an incomplete run at the line it was on, never a pass', async () => {
    const run = await runProbe('kill-framer.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'incomplete')
    const last = run.report!.findings.at(-1)!
    assert.deepEqual([last.line, last.signature.id], [2, 'incomplete'])
  })
})

describe('the clock holds for the whole probe', () => {
  /** The clock-moved finding's [line, command], and the report's outcome and exit status. */
  function clockMoved(run: CliRun): { line?: number; command?: string; message: string } {
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'clock-moved')
    const moved = run.report!.findings.filter((f) => f.signature.id === 'clock-moved')
    assert.equal(moved.length, 1)
    const { line, command, message } = moved[0]!
    return { ...(line !== undefined ? { line } : {}), ...(command !== undefined ? { command } : {}), message }
  }

  it('date -s on line 2, then a check that passes at 2030: clock-moved at line 2, never a pass', async () => {
    const run = await runProbe('clock-set.sh')
    const moved = clockMoved(run)
    assert.deepEqual([moved.line, moved.command], [2, 'date -u -s 2030-01-01 > /dev/null'])
    assert.match(moved.message, / it went from about 2038-01-20T00:00Z to about 2030-01-01T00:00Z;/)
    // Nothing failed before the move; sudo ran at 2030 and is not judged.
    assert.deepEqual(findings(run.report!), [[2, 'clock-moved', 'date -u -s 2030-01-01 > /dev/null']])
  })

  it('the marks switched off, the clock set and put back on one line: clock-moved, twice', async () => {
    const run = await runProbe('clock-set-restore.sh')
    const moved = clockMoved(run)
    // The marks stop after line 1: the move is placed after the last command they show.
    assert.deepEqual([moved.line, moved.command], [1, 'builtin trap - DEBUG'])
    assert.match(
      moved.message,
      /after line 1 \(`builtin trap - DEBUG`\) started: it went from about 2038-01-20T00:00Z to about 2030-01-01T00:00Z \(and 1 more time\);/,
    )
  })

  it('the clock set to the second it already read: still clock-moved (a set, not a jump, is what counts)', async () => {
    const run = await runProbe('clock-same-second.sh')
    const moved = clockMoved(run)
    assert.equal(moved.line, 1)
    assert.match(moved.message, /, to within a second of where it was;/)
  })

  it('a background job sets the clock while the probe waits: clock-moved at the job’s line', async () => {
    const run = await runProbe('clock-set-background.sh')
    const moved = clockMoved(run)
    assert.deepEqual([moved.line, moved.command], [2, 'date -u -s 2040-01-01 > /dev/null'])
    assert.match(moved.message, / it went from about 2038-01-20T00:00Z to about 2040-01-01T00:00Z;/)
  })
})

describe('the command that failed is the one named, on its first line', () => {
  it('test "$(date -u +%Y)" -lt 2038: the finding is test on line 2, not the date inside it, shown as bash ran it', async () => {
    const run = await runProbe('command-substitution.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.equal(outcome(run), 'fail')
    assert.deepEqual(findings(run.report!), [
      [2, 'exit-status', 'test "$(date -u +%Y)" -lt 2038'],
      [3, 'exit-status', '[[ $year == 2037 ]]'],
    ])
    assert.equal(run.report!.findings[0]!.program, 'test')
    // Expanded by the guest's 32-bit bash after the rollover, from the harness's own trace.
    assert.deepEqual(
      run.report!.findings.map((f) => f.ranAs),
      ['test 2038 -lt 2038', '[[ 2038 == 2037 ]]'],
    )
    assert.match(run.stdout, /^ {6}ran as: test 2038 -lt 2038$/m)
  })

  it('a command continued with \\ over lines 2 to 4 is reported on line 2', async () => {
    const run = await runProbe('continued-line.sh')
    assert.equal(run.code, 1, run.stderr)
    assert.deepEqual(findings(run.report!), [[2, 'exit-status', 'ls /nonexistent-one /nonexistent-two']])
  })
})
