import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import { HARNESS_VERSION } from '../../src/protocol/names.js'
import { type RunConfig, runConfigText } from '../../src/protocol/run-config.js'

const LIB = fileURLToPath(new URL('../../src/guest/lib.bash', import.meta.url))

/** Whole seconds since boot, as y2038_wait_crossing reads them. */
function uptimeSeconds(): number {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]!.split('.')[0])
}

/**
 * Runs the real y2038_wait_crossing with bash, Y2038_CROSSING_UPTIME as given (unset when
 * undefined), after `prelude`; what it printed, and how many times it slept (a `sleep`
 * function counts them: a count, not a time, says whether it waited). A wait that never ends
 * fails the test after 10 s instead of hanging it.
 */
function waitCrossing(crossing: string | undefined, prelude = ''): { out: string; sleeps: number } {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH }
  if (crossing !== undefined) env.Y2038_CROSSING_UPTIME = crossing
  const script = `sleep() { echo slept; command sleep "$@"; }\n${prelude}\n. "$1"\ny2038_wait_crossing\necho "rc=$?"`
  const lines = execFileSync('bash', ['-c', script, 'probe', LIB], { env, encoding: 'utf8', timeout: 10_000 })
    .split('\n')
    .filter((l) => l !== '')
  const sleeps = lines.filter((l) => l === 'slept').length
  return {
    out: lines
      .filter((l) => l !== 'slept')
      .map((l) => `${l}\n`)
      .join(''),
    sleeps,
  }
}

describe('y2038_wait_crossing (src/guest/lib.bash, run by bash)', () => {
  test('without a crossing (unset or 0) it returns at once, with status 0', () => {
    for (const crossing of [undefined, '0']) {
      const { out, sleeps } = waitCrossing(crossing)
      assert.equal(out, 'rc=0\n', `Y2038_CROSSING_UPTIME=${crossing}`)
      assert.equal(sleeps, 0, `Y2038_CROSSING_UPTIME=${crossing}`)
    }
  })

  test('under set -euo pipefail too (a probe may set them)', () => {
    const { out, sleeps } = waitCrossing(undefined, 'set -euo pipefail')
    assert.equal(out, 'rc=0\n')
    assert.equal(sleeps, 0)
    const past = waitCrossing(String(Math.max(1, uptimeSeconds() - 1)), 'set -euo pipefail')
    assert.equal(past.out, 'rc=0\n')
  })

  test('a crossing already passed: at once', () => {
    for (const crossing of [String(uptimeSeconds()), String(Math.max(1, uptimeSeconds() - 30)), '1']) {
      const { out, sleeps } = waitCrossing(crossing)
      assert.equal(out, 'rc=0\n', `Y2038_CROSSING_UPTIME=${crossing}`)
      assert.equal(sleeps, 0, `Y2038_CROSSING_UPTIME=${crossing}`)
    }
  })

  test('a crossing two whole seconds of uptime ahead: it sleeps until then, then returns 0', () => {
    const target = uptimeSeconds() + 2
    const { out, sleeps } = waitCrossing(String(target))
    assert.equal(out, 'rc=0\n')
    assert.ok(sleeps > 0, 'it slept')
    assert.ok(uptimeSeconds() >= target, `returned at uptime ${uptimeSeconds()}, before ${target}`)
  })
})

describe('runConfigText with init systemd', () => {
  const config: RunConfig = { clock: 'cross', arch: 'i386', suite: 'bookworm', init: 'systemd' }

  test('the init and the target, one assignment each', () => {
    assert.equal(
      runConfigText({ ...config, systemdTarget: 'graphical.target' }),
      [
        `Y2038_HARNESS_VERSION='${HARNESS_VERSION}'`,
        "Y2038_RESULTS_PORT='y2038'",
        "Y2038_JOB_PORT='y2038-job'",
        "Y2038_WORKDIR_SERIAL='y2038-work'",
        "Y2038_PROBE_SERIAL='y2038-probe'",
        "Y2038_PROBE_DIR='/run/y2038-probe'",
        "Y2038_CLOCK='cross'",
        "Y2038_ARCH='i386'",
        "Y2038_SUITE='bookworm'",
        "Y2038_CWD='/'",
        "Y2038_WORKDIR=''",
        "Y2038_INSTALL_TOKEN=''",
        "Y2038_SETUP_TOKEN=''",
        `Y2038_OUT_LIMIT='${64 * 1024 * 1024}'`,
        "Y2038_INIT='systemd'",
        "Y2038_SYSTEMD_TARGET='graphical.target'",
        "Y2038_SYSCALLS='read=3,write=4,openat=295,close=6,ioctl=54,timerfd_create=322,timerfd_settime64=411'",
        "Y2038_RUNTIME=''",
        '',
      ].join('\n'),
    )
    assert.equal(HARNESS_VERSION, 12)
  })

  test('without a target, multi-user.target', () => {
    assert.match(runConfigText(config), /^Y2038_SYSTEMD_TARGET='multi-user\.target'$/m)
  })

  test('a target with @ and : is a safe value; one with shell syntax is refused', () => {
    assert.match(
      runConfigText({ ...config, systemdTarget: 'y2038@x:y.target' }),
      /^Y2038_SYSTEMD_TARGET='y2038@x:y\.target'$/m,
    )
    assert.throws(
      () => runConfigText({ ...config, systemdTarget: "x.target'; reboot; '" }),
      /unsafe value for Y2038_SYSTEMD_TARGET/,
    )
    assert.throws(() => runConfigText({ ...config, systemdTarget: '$(id).target' }), /unsafe value/)
  })

  test('sourced by a shell, it sets what init.sh reads', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-harness-init-'))
    try {
      const file = path.join(dir, 'run.conf')
      writeFileSync(file, runConfigText({ ...config, systemdTarget: 'y2038@x:y.target' }))
      const out = execFileSync(
        'sh',
        ['-c', '. "$1" && printf "%s|%s|%s" "$Y2038_INIT" "$Y2038_SYSTEMD_TARGET" "$Y2038_CLOCK"', 'sh', file],
        { encoding: 'utf8' },
      )
      assert.equal(out, 'systemd|y2038@x:y.target|cross')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
