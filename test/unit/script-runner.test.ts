/**
 * The guest's script runner on this host's bash and perl, without QEMU: session.sh runs a
 * script through run-script.pl and run-probe.bash and frames what it printed, exactly as in
 * the guest; the host's decoder reads it back. Shapes of shell a probe might hold that end
 * it, hide a failure or fake its end, each with what the harness must see.
 */
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { HARNESS_VERSION } from '../../src/protocol/names.js'
import { parseRecords } from '../../src/protocol/records.js'
import { GUEST_SYSCALLS, syscallsText } from '../../src/protocol/run-config.js'
import { probeStop } from '../../src/verdict/detect.js'
import type { GuestReport } from '../../src/verdict/guest-report.js'
import { readGuest } from '../../src/verdict/judge.js'
import { scratchDir } from '../support/scratch.js'

const GUEST = fileURLToPath(new URL('../../src/guest/', import.meta.url))
const TOKEN = 'abcdef012345'
const HOST = process.arch === 'arm64' ? 'arm64' : 'amd64'

/** Runs `probe` as init.sh runs the probe's session; the guest report of its records. */
function runScript(probe: string): GuestReport {
  const dir = scratchDir('y2038-runner-')
  const share = path.join(dir, 'share')
  const privateDir = path.join(dir, 'private')
  mkdirSync(share)
  mkdirSync(privateDir)
  for (const file of ['session.sh', 'frame.pl', 'run-script.pl', 'run-probe.bash', 'lib.bash', 'records.pl', 'sys.pl'])
    copyFileSync(path.join(GUEST, file), path.join(share, file))
  writeFileSync(path.join(share, 'probe.sh'), probe)
  mkdirSync(path.join(share, 'scripts'))
  execFileSync('mkfifo', [path.join(share, 'scripts', 'probe.sh')])
  const results = path.join(dir, 'results.log')
  const init = `
Y2038_SHARE=$1 Y2038_PRIVATE=$2 Y2038_TOKEN=${TOKEN} Y2038_SEQ=0 Y2038_CWD=/
Y2038_SYSCALLS=${syscallsText(GUEST_SYSCALLS[HOST])}
emit() {
  Y2038_SEQ=$((Y2038_SEQ + 1))
  printf '\\036Y2038|%s|%d|%s|%d|%s\\n' "$Y2038_TOKEN" "$Y2038_SEQ" "$1" "\${#2}" "$2" >&3
}
. "$Y2038_SHARE/session.sh"
exec 3>"$3"
y2038_session_prepare probe
emit hello "harness=${HARNESS_VERSION} machine=host kernel=host"
emit clock "$(date -u +%s)"
y2038_session_run probe "$Y2038_SHARE/probe.sh"
`
  execFileSync('sh', ['-c', init, 'init', share, privateDir, results], { timeout: 30_000, stdio: 'ignore' })
  return readGuest(parseRecords(readFileSync(results), TOKEN))
}

/** [line, command, status] of each failure the harness saw. */
function failures(guest: GuestReport): Array<[number, string, number]> {
  return guest.lines.flatMap((l) => l.failures.map((f): [number, string, number] => [l.line, f.command, f.status]))
}

describe('the script runs in a bash of its own, and how it ended is seen from outside it', () => {
  test('a probe that runs to its end: every byte read, the end line run and watched', () => {
    const guest = runScript('echo one\nfalse\necho "$0"\n')
    assert.equal(guest.unreadBytes, 0)
    assert.equal(guest.endWatched, true)
    assert.equal(guest.processStatus, 0)
    assert.deepEqual(failures(guest), [[2, 'false', 1]])
    assert.match(guest.lines[2]!.output[0]!, /\/share\/scripts\/probe\.sh$/)
    assert.equal(probeStop(guest), undefined)
  })

  test("return at the top is bash's error, a failing line, and the probe goes on", () => {
    const guest = runScript('return 0\necho after\n')
    assert.deepEqual(failures(guest), [[1, 'return 0', 2]])
    assert.deepEqual(guest.lines[1]!.output, ['after'])
    assert.equal(probeStop(guest), undefined)
  })

  test('exit 3 in the middle: the rest unread, stopped with its status', () => {
    const guest = runScript('echo a\nexit 3\necho never\n')
    assert.equal(guest.unreadBytes, 'echo never\n{ __y2038_end; } 2>/dev/null\n'.length)
    assert.equal(probeStop(guest)?.message, 'the probe stopped at line 2 (`exit 3`) with status 3, before its end')
  })

  test('an end mark written with the secret, then the shell killed: stopped, the mark counts for nothing', () => {
    const guest = runScript('printf "%sdone 0 watched\\n" "$__y2038_mark"; kill -9 $$\nsudo -n true\n')
    assert.equal(guest.doneStatus, 0)
    assert.ok(guest.unreadBytes! > 0)
    assert.match(probeStop(guest)!.message, /^the probe's shell was killed by signal 9 at line 1/)
  })

  test('exec replacing the shell with a program that exits 0: stopped', () => {
    const guest = runScript('echo a\nexec true\nfalse\n')
    assert.match(
      probeStop(guest)!.message,
      /^the probe's shell ended at line 2 \(`exec true`\) with status 0 without reaching its end/,
    )
  })

  test('exit 0 is an end on purpose, in the middle too', () => {
    assert.equal(probeStop(runScript('echo a\nexit 0\nfalse\n')), undefined)
    assert.equal(probeStop(runScript('echo a\neval "exit 0"\nfalse\n')), undefined)
  })

  test('set -n, or an alias over the end line: all read, the end line never ran', () => {
    for (const probe of ['echo a\nset -n\nfalse\n', 'shopt -s expand_aliases; alias __y2038_end=true\necho a\n']) {
      const guest = runScript(probe)
      assert.equal(guest.unreadBytes, 0)
      assert.equal(guest.doneStatus, undefined)
      assert.match(probeStop(guest)!.message, /read all of it but did not run the harness's end line/)
    }
  })

  test('builtin trap - DEBUG: the failure after it still seen, and the end says the harness was not watching', () => {
    const guest = runScript('builtin trap - DEBUG; false\necho end\n')
    assert.deepEqual(failures(guest), [[1, 'builtin trap - DEBUG', 1]])
    assert.equal(guest.endWatched, false)
    assert.match(probeStop(guest)!.message, /removed the harness's DEBUG trap/)
  })

  test('set +E, builtin trap "" ERR, set -o posix with trap "" ERR: failures are seen all the same', () => {
    const guest = runScript(
      'set +E\nf() { ls /nonexistent-y2038; true; }; f\nbuiltin trap "" ERR; false\nset -o posix; trap "" ERR; false\necho end\n',
    )
    assert.deepEqual(failures(guest), [
      [2, 'ls /nonexistent-y2038', 2],
      [3, 'false', 1],
      [4, 'false', 1],
    ])
    assert.equal(probeStop(guest), undefined)
  })

  test('the harness leaves nothing in the environment, and the probe reads /dev/null', () => {
    const guest = runScript(
      'env | grep -c "^Y2038_SYSCALLS=\\|^Y2038_BASH=\\|^BASH_ENV=" || true\nread -r line; echo "read $?"\n',
    )
    assert.deepEqual(
      guest.lines.map((l) => l.output),
      [['0'], ['read 1']],
    )
  })
})

describe('the end line changes nothing the probe sees', () => {
  test("the shell's status is the last command's, and the probe's EXIT action sees that $?", () => {
    const guest = runScript('trap \'echo "trap saw $?"\' EXIT\necho end\nfalse\n')
    assert.equal(guest.processStatus, 1)
    assert.deepEqual(guest.lines[0]!.output, ['trap saw 1'])
    assert.deepEqual(failures(guest), [[3, 'false', 1]])
  })
})

describe("the probe's EXIT action: its output and failures on the line that set it", () => {
  test('a failing command of the action is a failure of that line, named by the trap, with its output', () => {
    const guest = runScript("echo one\ntrap 'rm /nonexistent-y2038' EXIT\necho two\n")
    assert.deepEqual(failures(guest), [[2, "trap -- 'rm /nonexistent-y2038' EXIT", 1]])
    assert.deepEqual(guest.lines[1]!.output, ["rm: cannot remove '/nonexistent-y2038': No such file or directory"])
    assert.deepEqual(guest.lines[2]!.output, ['two'])
    assert.equal(probeStop(guest), undefined)
  })

  test('a failure inside a function the action calls counts once, whether or not the function ends with it', () => {
    for (const body of ['ls /nonexistent-y2038; echo cleaned', 'echo cleaning; ls /nonexistent-y2038']) {
      const guest = runScript(`cleanup() {\n  ${body}\n}\ntrap cleanup EXIT\necho one\n`)
      assert.deepEqual(failures(guest), [[4, "trap -- 'cleanup' EXIT", 2]], body)
    }
  })

  test('each failing command of the action counts', () => {
    const guest = runScript("trap 'false; ls /nonexistent-y2038 | cat' EXIT\necho one\n")
    assert.deepEqual(failures(guest), [
      [1, "trap -- 'false; ls /nonexistent-y2038 | cat' EXIT", 1],
      [1, "trap -- 'false; ls /nonexistent-y2038 | cat' EXIT", 2],
    ])
  })

  test('set inside a function: the line of the trap command in it', () => {
    const guest = runScript("f() {\n  trap 'false' EXIT\n}\nf\necho one\n")
    assert.deepEqual(failures(guest), [[2, "trap -- 'false' EXIT", 1]])
  })

  test('exit N in the action: the status it gives the shell is a failure of the action', () => {
    const guest = runScript("trap 'exit 3' EXIT\necho one\n")
    assert.equal(guest.processStatus, 3)
    assert.deepEqual(failures(guest), [[1, "trap -- 'exit 3' EXIT", 3]])
  })

  test('an action set with builtin trap is seen too, named by the trap (the line that set it is not known)', () => {
    const guest = runScript("builtin trap 'ls /nonexistent-y2038' EXIT\necho one\n")
    assert.deepEqual(failures(guest), [[2, "trap -- 'ls /nonexistent-y2038' EXIT", 2]])
  })

  test("builtin trap - EXIT removes the harness's handler: the end takes it back, the probe's last failure still counts", () => {
    const guest = runScript('builtin trap - EXIT\necho one\nfalse\n')
    assert.equal(guest.exitStatus, 1)
    assert.deepEqual(failures(guest), [[3, 'false', 1]])
  })

  test("a probe that sets the harness's exit-action flag itself does not turn its failures into nothing", () => {
    const guest = runScript('__y2038_in_exit_action=1\nfalse\necho end\n')
    const line2 = guest.lines.find((l) => l.line === 2)!
    assert.ok(
      line2.failures.some((f) => f.how === 'error' && f.command === 'false' && f.status === 1),
      JSON.stringify(line2.failures),
    )
  })

  test('an action that succeeds adds nothing', () => {
    const guest = runScript("trap 'echo bye' EXIT\necho one\n")
    assert.deepEqual(failures(guest), [])
    assert.deepEqual(guest.lines[0]!.output, ['bye'])
  })

  test('set in a subshell: the subshell runs it at its end, on that line', () => {
    const guest = runScript("( trap 'ls /nonexistent-y2038' EXIT; true )\necho one\n")
    assert.deepEqual(failures(guest), [[1, "trap -- 'ls /nonexistent-y2038' EXIT", 2]])
    assert.deepEqual(guest.lines[1]!.output, ['one'])
  })
})

describe('set -x shows the probe, not the harness', () => {
  test('no trace of the end line, and nothing of the secret', () => {
    const guest = runScript('set -x\nls /nonexistent-y2038\n')
    assert.deepEqual(guest.lines[1]!.output, [
      '+ ls /nonexistent-y2038',
      "ls: cannot access '/nonexistent-y2038': No such file or directory",
    ])
    assert.equal(guest.doneStatus, 2)
  })
})

/** [line, command, ranAs] of each failure bash's ERR trap saw. */
function ran(guest: GuestReport): Array<[number, string, string | undefined]> {
  return guest.lines.flatMap((l) =>
    l.failures
      .filter((f) => f.how === 'error')
      .map((f): [number, string, string | undefined] => [l.line, f.command, f.ranAs]),
  )
}

describe('the failing command as bash ran it, its words expanded', () => {
  test('what test compared, not the $(...) inside it; an unchanged command gets nothing', () => {
    const guest = runScript(
      'prog() { echo 1970; }\ntest "$(prog --year)" = "$(date -u +%Y)"\nls /nonexistent-y2038\n[[ $(prog) == 2038 ]]\n',
    )
    const year = new Date().getUTCFullYear()
    assert.deepEqual(ran(guest), [
      [2, 'test "$(prog --year)" = "$(date -u +%Y)"', `test 1970 = ${year}`],
      [3, 'ls /nonexistent-y2038', undefined],
      [4, '[[ $(prog) == 2038 ]]', '[[ 1970 == 2038 ]]'],
    ])
  })

  test('words with spaces and newlines are quoted as bash quotes them, on one line', () => {
    const guest = runScript('a="x y"\ntest "$a" = "$(printf "p\\nq")"\n')
    assert.deepEqual(ran(guest), [[2, 'test "$a" = "$(printf "p\\nq")"', "test 'x y' = 'p q'"]])
  })

  test('in a function, in a loop, in a subshell: the run that failed', () => {
    const guest = runScript(
      'f() { test "$1" = b; }\nf a\nfor i in 1 2; do test $i = 3 || :; [ $i = 2 ] && test x$i = y; done\n( v=7; test $v = 8 )\n',
    )
    assert.deepEqual(ran(guest), [
      [1, 'test "$1" = b', 'test a = b'],
      [2, 'f a', undefined],
      [3, 'test x$i = y', 'test x2 = y'],
      // Inside the subshell, then the subshell's status in the shell, which bash names by its last command.
      [4, 'test $v = 8', 'test 7 = 8'],
      [4, 'test $v = 8', undefined],
    ])
  })

  test('a pipeline, or a command that is not the one the trace holds, is shown as written only', () => {
    const guest = runScript('cd /; echo a | grep b\ncd /; ( false )\n')
    assert.deepEqual(ran(guest), [
      [1, 'grep b', undefined],
      [2, 'false', undefined],
      [2, 'false', undefined],
    ])
  })

  test("the probe's own set -x: its trace in its output as before; the harness's again once it stops", () => {
    const guest = runScript('PS4="> "\nset -x\ntest 1 = "$(echo 2)"\nset +x\ntest 3 = "$(echo 4)"\n')
    assert.deepEqual(guest.lines[2]!.output, ['>> echo 2', '> test 1 = 2'])
    assert.deepEqual(guest.lines[4]!.output, [])
    assert.deepEqual(ran(guest), [
      [3, 'test 1 = "$(echo 2)"', undefined],
      [5, 'test 3 = "$(echo 4)"', 'test 3 = 4'],
    ])
  })

  test('a probe that traces to a descriptor of its own keeps it; its PS4, $- and fds as it left them', () => {
    const guest = runScript(
      'exec 5>"$PWD/trace.out"\nBASH_XTRACEFD=5\nset -x\n: traced\nset +x\ncat "$PWD/trace.out"\necho "[$-]"\n',
    )
    // The harness's handler call shows once per command (bash traces a trap action before it can
    // be turned off), never the harness's own trace records.
    assert.deepEqual(
      guest.lines[5]!.output.filter((l) => !l.startsWith('++ ')),
      ['+ : traced', '+ set +x'],
    )
    assert.ok(!guest.lines[5]!.output.some((l) => l.includes('\u0001') || l.includes('Y2038')))
    assert.doesNotMatch(guest.lines[6]!.output.join(''), /x/)
  })

  // [probe, what line 2 (`test 1 = "$(echo 2)"`) is shown to have run as]
  const hostile: Array<[string, string | undefined]> = [
    // Unset: bash closed the harness's descriptor; it is opened again.
    ['unset BASH_XTRACEFD PS4', 'test 1 = 2'],
    // A PS4 the harness cannot set: its records are not found, nothing else changes.
    ['readonly PS4=">"', undefined],
    // Closed: bash falls back to standard error, where the host drops the harness's records.
    ['exec 1000>&-', undefined],
    // The probe's own file on 1000: the harness stops tracing before that command.
    ['exec 1000>"$PWD/mine"', undefined],
    // The trace file removed: the descriptor still holds it.
    ['rm -f "$(readlink /proc/$$/fd/1000)"; set -o noclobber', 'test 1 = 2'],
    ['set -u; set +E -o posix; shopt -s extglob', 'test 1 = 2'],
    ['exec 2>/dev/null', 'test 1 = 2'],
  ]
  for (const [first, shown] of hostile) {
    test(`hostile: ${first}: output and failures as without the trace`, () => {
      const guest = runScript(`${first}\ntest 1 = "$(echo 2)" || :\ntest 1 = "$(echo 2)"\necho done\n`)
      assert.deepEqual(ran(guest), [[3, 'test 1 = "$(echo 2)"', shown]])
      assert.equal(guest.endWatched, true)
      assert.deepEqual(guest.lines.at(-1)!.output, ['done'])
      for (const l of guest.lines) assert.ok(!l.output.some((o) => o.includes('\u0001') || o.includes('Y2038T')))
    })
  }

  test('a probe that writes into descriptor 1000 itself: its bytes are its own, the harness writes none there', () => {
    const guest = runScript('exec 1000>"$PWD/mine"\ntest 1 = 2\nexec 1000>&-\ncat "$PWD/mine"; echo end\n')
    assert.deepEqual(guest.lines.at(-1)!.output, ['end'])
  })

  test('a probe that fails often: each failure its own run, and the trace stays small', () => {
    const guest = runScript('for i in $(seq 300); do test $i = x; done\nwc -c <"$(readlink /proc/$$/fd/1000)"\n')
    const failed = ran(guest)
    assert.equal(failed.length, 300)
    assert.deepEqual(failed[0], [1, 'test $i = x', 'test 1 = x'])
    assert.deepEqual(failed[299], [1, 'test $i = x', 'test 300 = x'])
    assert.ok(Number(guest.lines[1]!.output[0]) < 16384, guest.lines[1]!.output[0])
  })

  test('eval: the command it ran, at its level', () => {
    const guest = runScript('eval "test 1 = \\$(echo 2)"\n')
    assert.deepEqual(ran(guest)[0], [1, 'test 1 = $(echo 2)', 'test 1 = 2'])
  })
})

describe('a probe that kills the runner', () => {
  test('an end mark written with the secret, then kill -9 of run-script.pl: not an end', () => {
    const guest = runScript('printf "%sdone 0 watched\\n" "$__y2038_mark"; kill -9 $PPID\necho after\n')
    assert.equal(guest.doneStatus, 0)
    assert.equal(guest.unreadBytes, undefined)
    assert.match(probeStop(guest)!.message, /could not be seen from outside its shell/)
  })
})

describe('what the script leaves running', () => {
  test('output a background job prints after the shell has exited still arrives', () => {
    const guest = runScript('( sleep 0.2; echo late ) &\necho early\n')
    // Which line it counts to depends on when it came: the probe's lines have all run by then.
    assert.deepEqual(guest.lines.flatMap((l) => l.output).sort(), ['early', 'late'])
    assert.equal(probeStop(guest), undefined)
  })

  /** run-script.pl alone: the line it gives the framer on fd 5 once the script's shell has gone. */
  function runnerLine(script: string): string {
    const dir = scratchDir('y2038-run-script-')
    const file = path.join(dir, 'script.sh')
    const fifo = path.join(dir, 'fifo')
    const sink = path.join(dir, 'sink')
    const ctl = path.join(dir, 'ctl')
    writeFileSync(file, script)
    writeFileSync(sink, '')
    execFileSync('mkfifo', [fifo])
    const ctlFd = openSync(ctl, 'w')
    try {
      // It exits with the script's status.
      spawnSync('perl', [path.join(GUEST, 'run-script.pl'), file, fifo, path.join(GUEST, 'run-probe.bash')], {
        input: `0123456789abcdef01234567 ${sink} ${file} ${path.join(GUEST, 'lib.bash')} ${fifo}\n`,
        stdio: ['pipe', 'ignore', 'ignore', 'ignore', 'ignore', ctlFd],
        env: { ...process.env, Y2038_SYSCALLS: syscallsText(GUEST_SYSCALLS[HOST]) },
        timeout: 30_000,
      })
    } finally {
      closeSync(ctlFd)
    }
    return readFileSync(ctl, 'utf8')
  }

  test("run-script.pl tells the framer whether processes of the script's own process group are left", () => {
    assert.equal(runnerLine('echo done\n'), 'status 0 unread 0 left 0\n')
    // exit 4 leaves the harness's end line unread (29 bytes).
    assert.equal(runnerLine('sleep 1 >/dev/null 2>&1 &\nexit 4\n'), 'status 4 unread 29 left 1\n')
    // A process that left the group (setsid) is not waited for: nothing of the group is left.
    assert.equal(runnerLine('setsid sleep 1 >/dev/null 2>&1 &\nwait\n'), 'status 0 unread 0 left 0\n')
  })
})
