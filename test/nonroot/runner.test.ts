/**
 * The path GitHub's hosted runners take: a user that is not root, with passwordless sudo.
 * Run as such a user (.ci/run makes one): `npm run test:nonroot`. Boots the default guest,
 * reuses it, builds a guest of its own (a userland with a dependency of your .deb), and is
 * interrupted, and checks after each that nothing in the user's directories is owned by root,
 * that QEMU runs as this user, and that the guest's root filesystem (an image this user owns)
 * keeps its owners: sudo stays setuid root in the guest.
 *
 * The cache directory is Y2038_TEST_NONROOT_CACHE when set: .ci/run hands this user a copy of
 * the i386 bookworm guest the root suite built, so that it is not built a second time (on a
 * host without IA32 that is minutes under emulation). Without it, a fresh directory: the first
 * test builds the default guest as this user.
 */
import assert from 'node:assert/strict'
import { existsSync, lstatSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { CLI, makeRepo, qemuPids } from '../e2e/helpers.js'
import { execFileSync, spawn } from 'node:child_process'
import type { JsonReport } from '../../src/report/report.js'
import { scratchDir } from '../support/scratch.js'
import { notMine, uid } from './helpers.js'

let cacheDir: string

function run(args: string[], cwd: string): Promise<{ code: number | null; stderr: string; report?: JsonReport }> {
  const json = path.join(cwd, 'report.json')
  const child = spawn(
    process.execPath,
    [CLI, '--cache-dir', cacheDir, '--output', path.join(cwd, 'out'), '--json', json, ...args],
    { cwd, stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
  return new Promise((resolve) =>
    child.on('close', (code) =>
      resolve({
        code,
        stderr,
        ...(existsSync(json) ? { report: JSON.parse(readFileSync(json, 'utf8')) as JsonReport } : {}),
      }),
    ),
  )
}

describe('as a user that is not root, with passwordless sudo', () => {
  before(() => {
    assert.notEqual(uid, 0, 'run these tests as a user that is not root (with passwordless sudo), as .ci/run does')
    cacheDir = process.env.Y2038_TEST_NONROOT_CACHE || scratchDir('y2038-nonroot-cache-')
  })

  it('boots and finds the failures; nothing of its own is root-owned, the guest keeps sudo setuid root', async () => {
    const repo = makeRepo()
    const probe = 'test -u /usr/bin/sudo\ntest "$(stat -c %u /usr/bin/sudo)" = 0\nsudo -n true'
    const result = await run(['--run', probe, '--date', '2038-01-20'], repo)
    assert.equal(result.code, 1, result.stderr)
    // Lines 1 and 2 passed: sudo is setuid root in the guest; line 3 fails after the rollover only.
    assert.deepEqual(
      result.report!.findings.map((f) => [f.line, f.signature.id]),
      [[3, 'sudo-time-of-day']],
    )
    assert.equal(result.report!.control!.outcome, 'pass')
    assert.deepEqual(notMine(repo), [])
    assert.deepEqual(notMine(cacheDir), [])
  })

  it('reuses the built guest, and still leaves nothing root-owned', async () => {
    const repo = makeRepo()
    const result = await run(['--run', 'date -u', '--date', '2038-01-18'], repo)
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.report!.artifacts.userland.built, false)
    assert.deepEqual(notMine(repo), [])
  })

  it("your own .deb, workdir and setup: a userland built as this user (sudo), files back from $Y2038_OUT, all of it this user's; sudo stays setuid root", async () => {
    const repo = makeRepo({
      'work/check.sh': '#!/bin/sh\necho "checked in $(pwd)"\n',
      'hello.c': '#include <stdio.h>\nint main(void) { puts("hello from the deb"); return 0; }\n',
      'pkg/DEBIAN/control':
        'Package: y2038-nonroot-hello\nVersion: 1.0\nArchitecture: i386\nMaintainer: tests <t@example.org>\nDepends: libc6, bc\nDescription: test\n',
    })
    execFileSync('chmod', ['+x', path.join(repo, 'work', 'check.sh')])
    execFileSync('mkdir', ['-p', path.join(repo, 'pkg', 'usr', 'bin')])
    execFileSync('gcc', [
      '-m32',
      '-o',
      path.join(repo, 'pkg', 'usr', 'bin', 'y2038-nonroot-hello'),
      path.join(repo, 'hello.c'),
    ])
    execFileSync('dpkg-deb', ['--root-owner-group', '--build', path.join(repo, 'pkg'), path.join(repo, 'hello.deb')], {
      stdio: 'ignore',
    })
    const probe = [
      'y2038-nonroot-hello > "$Y2038_OUT/said"',
      './check.sh > "$Y2038_OUT/checked"',
      'cat /work/made-by-setup > "$Y2038_OUT/setup"',
      'echo 2+3 | bc > "$Y2038_OUT/bc"',
      'test -u /usr/bin/sudo',
      'test "$(stat -c %u /usr/bin/sudo)" = 0',
      'sudo -n true',
    ].join('\n')
    const result = await run(
      [
        '--debs',
        'hello.deb',
        '--workdir',
        'work',
        '--setup',
        'echo made > /work/made-by-setup',
        '--run',
        probe,
        '--date',
        '2038-01-18',
        '--control',
        'none',
      ],
      repo,
    )
    assert.equal(result.code, 0, result.stderr)
    // bc, the .deb's dependency, is not in the default guest: this userland was built now, as this user.
    assert.equal(result.report!.artifacts.userland.built, true)
    const entry = path.join(cacheDir, 'artifacts', result.report!.artifacts.userland.key)
    assert.deepEqual(readdirSync(entry).sort(), ['audit.json', 'manifest.json', 'root.erofs'])
    assert.equal(lstatSync(path.join(cacheDir, 'artifacts')).mode & 0o777, 0o700)
    const out = result.report!.dates[0]!.out!
    assert.equal(readFileSync(path.join(out.dir, 'said'), 'utf8'), 'hello from the deb\n')
    assert.equal(readFileSync(path.join(out.dir, 'checked'), 'utf8'), 'checked in /work\n')
    assert.equal(readFileSync(path.join(out.dir, 'setup'), 'utf8'), 'made\n')
    assert.equal(readFileSync(path.join(out.dir, 'bc'), 'utf8'), '5\n')
    assert.deepEqual(notMine(repo), [])
    assert.deepEqual(notMine(cacheDir), [])
  })

  it("your own system, a busybox-only root filesystem tarball: unpacked with sudo, run by the harness's own programs, all of it this user's", async () => {
    const repo = makeRepo({
      'probe.sh': 'check no-bash test ! -e /bin/bash\ncheck busybox-date expect_year busybox date -u\n',
    })
    // busybox-static's one program, its shell as /bin/sh: no bash, no perl, no dpkg.
    const extracted = path.join(repo, 'extracted')
    const root = path.join(repo, 'root')
    // Root's files (mmdebstrap ran with sudo): removed with sudo, also when a step fails.
    try {
      execFileSync(
        'sudo',
        [
          '-n',
          'mmdebstrap',
          '--mode=root',
          '--variant=extract',
          '--architectures=i386',
          '--include=busybox-static',
          'bookworm',
          extracted,
          'deb http://deb.debian.org/debian bookworm main',
        ],
        { stdio: 'ignore' },
      )
      execFileSync('mkdir', ['-p', path.join(root, 'bin')])
      execFileSync('cp', [path.join(extracted, 'bin', 'busybox'), path.join(root, 'bin', 'busybox')])
      execFileSync('ln', ['-s', 'busybox', path.join(root, 'bin', 'sh')])
    } finally {
      execFileSync('sudo', ['-n', 'rm', '-rf', extracted])
    }
    execFileSync('tar', [
      '--create',
      '--file',
      path.join(repo, 'system.tar'),
      '--owner=0',
      '--group=0',
      '--directory',
      root,
      '.',
    ])
    const result = await run(
      ['--image', 'rootfs:system.tar', '--probe', 'probe.sh', '--date', '2038-01-20', '--control', 'none'],
      repo,
    )
    assert.equal(result.code, 1, result.stderr)
    assert.deepEqual(
      result.report!.findings.map((f) => [f.line, f.check]),
      [[2, 'busybox-date']],
    )
    assert.equal(result.report!.dates[0]!.guestClockAtProbe, '2038-01-20T00:00:00Z')
    assert.equal(result.report!.target.system?.dpkg, false)
    assert.match(result.report!.artifacts.userland.key, /^system-i386-/)
    assert.deepEqual(notMine(repo), [])
    assert.deepEqual(notMine(cacheDir), [])
  })

  it('an output or cache directory this user cannot write: one line naming the flag, exit 2, before anything runs', async () => {
    const repo = makeRepo()
    for (const flag of ['--output', '--cache-dir']) {
      const child = spawn(process.execPath, [CLI, flag, '/root/y2038-unwritable'], {
        cwd: repo,
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      let stderr = ''
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
      const code = await new Promise((resolve) => child.on('close', resolve))
      assert.equal(code, 2)
      assert.equal(
        stderr.trim(),
        `y2038: error: ${flag.slice(2)}: '/root/y2038-unwritable' cannot be written by this user (/root is not writable)`,
      )
    }
  })

  it('stops its guest when terminated, leaving no QEMU and nothing root-owned', async () => {
    const before = qemuPids()
    const repo = makeRepo()
    const child = spawn(
      process.execPath,
      [
        CLI,
        '--cache-dir',
        cacheDir,
        '--output',
        path.join(repo, 'out'),
        '--run',
        'sleep 100000',
        '--date',
        '2038-01-20',
        '--control',
        'none',
      ],
      { cwd: repo, stdio: 'ignore' },
    )
    const pidFile = path.join(repo, 'out', 'i386-bookworm-step-2038-01-20T000000Z', 'qemu.pid')
    for (let i = 0; i < 600 && !(existsSync(pidFile) && qemuPids().some((p) => !before.includes(p))); i++)
      await sleep(100)
    const started = qemuPids().filter((p) => !before.includes(p))
    assert.ok(started.length > 0, 'a guest was running before the signal')
    for (const pid of started) assert.equal(lstatSync(`/proc/${pid}`).uid, uid, `QEMU ${pid} runs as this user`)
    await sleep(2000)
    child.kill('SIGTERM')
    const code = await new Promise((resolve) => child.on('close', resolve))
    assert.equal(code, 143)
    for (let i = 0; i < 50 && qemuPids().some((p) => !before.includes(p)); i++) await sleep(100)
    assert.deepEqual(
      qemuPids().filter((p) => !before.includes(p)),
      [],
    )
    assert.deepEqual(notMine(repo), [])
    rmSync(repo, { recursive: true, force: true })
  })
})
