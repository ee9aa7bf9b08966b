/**
 * The user's own system as the userland (`--image`), with images built here from Debian's
 * archive: a busybox-only armhf root filesystem tarball (no bash, no perl, no dpkg), and an
 * armhf Debian bookworm userland with a program of the test's own as an OCI image, pushed to
 * a registry on 127.0.0.1 (Debian's docker-registry) and run as docker://. Real mmdebstrap,
 * skopeo, umoci and QEMU. Runs as root (umoci keeps the images' owners).
 */
import assert from 'node:assert/strict'
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type CliRun, makeRepo, runCli, storeEntries, CACHE_DIR } from './helpers.js'
import { scratchDir } from '../support/scratch.js'

const BEFORE = '2038-01-18T00:00:00Z'
const AFTER = '2038-01-20T00:00:00Z'
const MIRROR = 'deb http://deb.debian.org/debian bookworm main'

const run = (program: string, args: string[], cwd?: string): string =>
  execFileSync(program, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 2 ** 20 })

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/** A busybox-only armhf root: busybox-static's one program, its applets as links, an os-release. */
function busyboxTarball(dir: string): string {
  const extracted = path.join(dir, 'busybox-extracted')
  run('mmdebstrap', [
    '--mode=root',
    '--variant=extract',
    '--architectures=armhf',
    '--include=busybox-static',
    'bookworm',
    extracted,
    MIRROR,
  ])
  const root = path.join(dir, 'busybox-root')
  run('mkdir', ['-p', `${root}/bin`, `${root}/etc`])
  run('cp', [`${extracted}/bin/busybox`, `${root}/bin/busybox`])
  for (const applet of ['sh', 'date', 'ls', 'stat', 'touch', 'cat', 'mkdir', 'sleep', 'env', 'true', 'test'])
    run('ln', ['-s', 'busybox', `${root}/bin/${applet}`])
  writeFileSync(`${root}/etc/os-release`, 'NAME="Gateway OS"\nPRETTY_NAME="Gateway OS 1.0 (busybox)"\nID=gateway\n')
  const tarball = path.join(dir, 'gateway-rootfs.tar.gz')
  run('tar', [
    '--create',
    '--gzip',
    '--file',
    tarball,
    '--numeric-owner',
    '--owner=0',
    '--group=0',
    '--directory',
    root,
    '.',
  ])
  return tarball
}

/** An OCI layout at `layout` with tag `tag`: an armhf Debian bookworm root with busybox, sudo and the test's own program. */
function debianImage(dir: string, layout: string, tag: string): string {
  const tar = path.join(dir, 'debian-armhf.tar')
  run('mmdebstrap', [
    '--mode=root',
    '--variant=essential',
    '--architectures=armhf',
    '--include=busybox,sudo',
    '--format=tar',
    'bookworm',
    tar,
    MIRROR,
  ])
  run('umoci', ['init', '--layout', layout])
  run('umoci', ['new', '--image', `${layout}:${tag}`])
  // Before the unpack: a repack builds on the config the bundle was unpacked from.
  run('umoci', ['config', '--image', `${layout}:${tag}`, '--architecture', 'arm', '--os', 'linux'])
  const bundle = path.join(dir, 'bundle')
  run('umoci', ['unpack', '--image', `${layout}:${tag}`, bundle])
  run('tar', ['--extract', '--file', tar, '--directory', `${bundle}/rootfs`, '--numeric-owner'])
  stampProgram(bundle, 'first')
  run('umoci', ['repack', '--image', `${layout}:${tag}`, bundle])
  return bundle
}

/** The test's own program: Perl's gmtime of the clock (Debian bookworm's armhf perl has a 32-bit time_t). */
function stampProgram(bundle: string, edition: string): void {
  const file = `${bundle}/rootfs/usr/local/bin/stamp`
  writeFileSync(
    file,
    `#!/usr/bin/perl\n# ${edition} ${randomBytes(8).toString('hex')}\nprint scalar(gmtime(time())), "\\n";\n`,
  )
  run('chmod', ['755', file])
}

const findingChecks = (r: CliRun, date: string): string[] =>
  r
    .report!.findings.filter((f) => f.date === date)
    .map((f) => f.check ?? `${f.stage}:${f.message}`)
    .sort()

describe('the user own system (--image)', { concurrency: false }, () => {
  let work: string
  let registry: ChildProcess | undefined
  let port: number
  let bundle: string
  let layout: string
  let storeBefore: string[]

  before(async () => {
    storeBefore = storeEntries()
    work = scratchDir('y2038-own-system-')
    layout = path.join(work, 'oci')
    bundle = debianImage(work, layout, 'gateway')
    port = await freePort()
    const config = path.join(work, 'registry.yml')
    writeFileSync(
      config,
      `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${work}/registry\nhttp:\n  addr: 127.0.0.1:${port}\n`,
    )
    registry = spawn('docker-registry', ['serve', config], { stdio: 'ignore' })
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`http://127.0.0.1:${port}/v2/`).then(
        (r) => r.ok,
        () => false,
      )
      if (up) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    push()
    assert.equal(
      (
        JSON.parse(run('skopeo', ['inspect', '--tls-verify=false', `docker://127.0.0.1:${port}/gateway:1`])) as {
          Architecture: string
        }
      ).Architecture,
      'arm',
      'the image pushed is an ARM one',
    )
  })

  after(() => {
    registry?.kill()
    // The entries these runs stored (a system's root image is tens of MiB): not kept across test runs.
    for (const entry of storeEntries()) {
      if (!storeBefore.includes(entry) && /^(system|saved-guest)-armhf-/.test(entry))
        run('rm', ['-rf', path.join(CACHE_DIR, 'artifacts', entry)])
    }
  })

  /** The layout's image to the registry as gateway:1. */
  const push = (): void => {
    run('skopeo', [
      'copy',
      '--quiet',
      '--dest-tls-verify=false',
      `oci:${layout}:gateway`,
      `docker://127.0.0.1:${port}/gateway:1`,
    ])
  }

  const pushedDigest = (): string =>
    (
      JSON.parse(run('skopeo', ['inspect', '--tls-verify=false', `docker://127.0.0.1:${port}/gateway:1`])) as {
        Digest: string
      }
    ).Digest

  it('a busybox-only armhf tarball: the probe runs in the harness own bash, busybox date is wrong after the rollover', async () => {
    const tarball = busyboxTarball(work)
    const repo = makeRepo({
      'probe.sh': [
        'check no-bash test ! -e /bin/bash -a ! -e /usr/bin/bash',
        'check no-perl test ! -e /usr/bin/perl',
        'check no-dpkg test ! -e /usr/bin/dpkg',
        'check busybox-date expect_year busybox date -u',
        '',
      ].join('\n'),
    })
    const r = await runCli(
      [
        '--image',
        `rootfs:${tarball}`,
        '--arch',
        'armhf',
        '--probe',
        'probe.sh',
        '--control',
        'none',
        '--date',
        BEFORE,
        '--date',
        AFTER,
      ],
      repo,
    )
    assert.equal(r.code, 1, r.stderr)
    const report = r.report!
    assert.deepEqual(
      report.dates.map((d) => [d.date, d.outcome, d.guestClockAtProbe]),
      [
        [BEFORE, 'pass', BEFORE],
        [AFTER, 'fail', AFTER],
      ],
    )
    assert.deepEqual(findingChecks(r, AFTER), ['busybox-date'])
    assert.match(report.findings[0]!.message, /busybox printed "[^"]*19[67]\d[^"]*" while the clock is in 2038/)
    const digest = `sha256:${createHash('sha256').update(readFileSync(tarball)).digest('hex')}`
    assert.deepEqual(report.target.system, {
      image: `rootfs:${tarball}`,
      digest,
      os: 'Gateway OS 1.0 (busybox)',
      libc: 'unknown',
      dpkg: false,
    })
    assert.match(r.stdout, /^system: Gateway OS 1\.0 \(busybox\), no C library found \(static\) \(sha256:/m)
    assert.match(report.audit.note ?? '', /no dpkg file lists: grouped by directory/)
    assert.deepEqual(
      report.audit.packages.map((p) => p.package),
      ['/bin'],
    )
  })

  it('an armhf Debian image from a local registry: its program and the seed failures after the rollover, nothing before', async () => {
    const repo = makeRepo({
      'probe.sh': [
        'check stamp expect_year stamp',
        'check busybox-date expect_year busybox date -u',
        'check sudo sudo -n true',
        'check coreutils-date date -u',
        '',
      ].join('\n'),
    })
    const image = `docker://127.0.0.1:${port}/gateway:1`
    const r = await runCli(
      ['--image', image, '--probe', 'probe.sh', '--control', 'none', '--date', BEFORE, '--date', AFTER],
      repo,
    )
    assert.equal(r.code, 1, r.stderr)
    const report = r.report!
    assert.equal(report.target.arch, 'armhf', 'the architecture is the image config')
    assert.deepEqual(findingChecks(r, BEFORE), [])
    assert.deepEqual(findingChecks(r, AFTER), ['busybox-date', 'stamp', 'sudo'])
    assert.deepEqual(
      report.dates.map((d) => [d.outcome, d.timeT, d.guestClockAtProbe]),
      [
        ['pass', 32, BEFORE],
        ['fail', 32, AFTER],
      ],
    )
    assert.deepEqual(report.target.system, {
      image,
      digest: pushedDigest(),
      os: 'Debian GNU/Linux 12 (bookworm)',
      libc: 'glibc',
      dpkg: true,
    })
    assert.equal(report.artifacts.userland.built, true)
    assert.match(report.artifacts.userland.key, /^system-armhf-[0-9a-f]{16}$/)
    // Grouped by package where dpkg's lists say so.
    assert.ok(report.audit.packages.some((p) => p.package === 'sudo' && p.class === 'time32'))

    // Again: the userland is the cached one.
    const again = await runCli(['--image', image, '--probe', 'probe.sh', '--control', 'none', '--date', AFTER], repo)
    assert.equal(again.code, 1, again.stderr)
    assert.equal(again.report!.artifacts.userland.key, report.artifacts.userland.key)
    assert.equal(again.report!.artifacts.userland.built, false)
    assert.deepEqual(findingChecks(again, AFTER), ['busybox-date', 'stamp', 'sudo'])

    // The tag moved to another image: another digest, another userland, built.
    stampProgram(bundle, 'second')
    run('umoci', ['repack', '--image', `${layout}:gateway`, bundle])
    push()
    const moved = await runCli(['--image', image, '--probe', 'probe.sh', '--control', 'none', '--date', BEFORE], repo)
    assert.equal(moved.code, 0, moved.stderr)
    assert.notEqual(moved.report!.target.system!.digest, report.target.system!.digest)
    assert.equal(moved.report!.target.system!.digest, pushedDigest())
    assert.notEqual(moved.report!.artifacts.userland.key, report.artifacts.userland.key)
    assert.equal(moved.report!.artifacts.userland.built, true)
  })

  it('bad images: another architecture, not a tarball, no such reference, no /bin/sh: one line each, exit 2, nothing stored', async () => {
    const repo = makeRepo({
      'notes.tar': 'not a tar archive at all\n',
    })
    const noShell = path.join(work, 'no-shell')
    run('mkdir', ['-p', `${noShell}/etc`])
    writeFileSync(`${noShell}/etc/os-release`, 'NAME=empty\n')
    const noShellTar = path.join(work, 'no-shell.tar')
    run('tar', ['--create', '--file', noShellTar, '--directory', noShell, '.'])
    const before = storeEntries()
    const cases: Array<[string[], RegExp]> = [
      [
        ['--image', `docker://127.0.0.1:${port}/gateway:1`, '--arch', 'i386'],
        /^y2038: error: arch: 'i386' does not match docker:\/\/127\.0\.0\.1:\d+\/gateway:1, which is for linux\/arm \(armhf\)/,
      ],
      [
        ['--image', 'rootfs:notes.tar', '--arch', 'armhf'],
        /^y2038: error: image: rootfs:notes\.tar is not a root filesystem tarball tar can unpack: /,
      ],
      [
        ['--image', `docker://127.0.0.1:${port}/nothing-here:1`],
        /^y2038: error: image: cannot read docker:\/\/127\.0\.0\.1:\d+\/nothing-here:1: /,
      ],
      [
        ['--image', `rootfs:${noShellTar}`, '--arch', 'armhf'],
        /^y2038: error: image: rootfs:\S+no-shell\.tar has no \/bin\/sh: /,
      ],
    ]
    for (const [args, message] of cases) {
      const r = await runCli([...args, '--date', AFTER, '--control', 'none'], repo)
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('y2038: '))
      assert.equal(lines.length, 1, r.stderr)
      assert.match(lines[0]!, message)
      assert.equal(r.report, undefined)
    }
    assert.deepEqual(
      storeEntries().filter((e) => !before.includes(e) && !e.startsWith('runtime-') && !e.startsWith('kernel-')),
      [],
      'nothing of the bad images stored',
    )
  })
})
