/**
 * The user's own software in real i386 bookworm guests: a .deb built here with gcc -m32 and
 * dpkg-deb (its dependency bc from the mirror), a workdir, a setup script, and files back
 * through $Y2038_OUT; and the inputs that are refused before anything is built.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { runAction } from './action-runner.js'
import { type CliRun, makeRepo, runCli, storeEntries } from './helpers.js'
import type { JsonReport } from '../../src/report/report.js'

const BEFORE = '2038-01-18T00:00:00Z'
const AFTER = '2038-01-20T00:00:00Z'

const HELLO_C = `#include <stdio.h>
#include <time.h>
int main(void) {
  time_t now = time(NULL);
  if (now == (time_t)-1) {
    perror("hello-time: time");
    return 1;
  }
  printf("hello-time " VERSION " at %ld\\n", (long)now);
  return 0;
}
`

const scratch = mkdtempSync(path.join(os.tmpdir(), 'y2038-debs-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

/**
 * Builds hello-time_<version>_<arch>.deb into `dir`: a program that calls time() with a
 * 32-bit time_t (gcc -m32), so that it fails after the rollover with EOVERFLOW.
 */
function buildDeb(
  dir: string,
  version: string,
  options: { arch?: string; depends?: string; name?: string } = {},
): string {
  const arch = options.arch ?? 'i386'
  const name = options.name ?? 'hello-time'
  const root = mkdtempSync(path.join(scratch, 'pkg-'))
  mkdirSync(path.join(root, 'DEBIAN'))
  mkdirSync(path.join(root, 'usr', 'bin'), { recursive: true })
  writeFileSync(path.join(root, 'hello.c'), HELLO_C)
  execFileSync('gcc', [
    arch === 'i386' ? '-m32' : '-m64',
    `-DVERSION="${version}"`,
    '-O2',
    '-o',
    path.join(root, 'usr', 'bin', name),
    path.join(root, 'hello.c'),
  ])
  rmSync(path.join(root, 'hello.c'))
  writeFileSync(
    path.join(root, 'DEBIAN', 'control'),
    [
      `Package: ${name}`,
      `Version: ${version}`,
      `Architecture: ${arch}`,
      'Maintainer: y2038-action tests <tests@example.org>',
      `Depends: ${options.depends ?? 'libc6 (>= 2.34), bc'}`,
      'Description: prints the time with a 32-bit time_t',
      '',
    ].join('\n'),
  )
  const deb = path.join(dir, `${name}_${version}_${arch}.deb`)
  execFileSync('dpkg-deb', ['--root-owner-group', '--build', root, deb], { stdio: 'ignore' })
  return deb
}

function probeFindings(report: JsonReport): Array<[string, string, number | undefined, string]> {
  return report.findings.map((f) => [f.date, f.stage, f.line, f.signature.id])
}

describe('your own program in the guest', () => {
  it('the README example through the action: debs and workdir, failing only after the rollover, files back', async () => {
    const run = await runAction(
      {
        dates: `${BEFORE}\n${AFTER}`,
        debs: 'hello-time_*.deb',
        workdir: 'tests',
        run: [
          'hello-time',
          './run-tests.sh > "$Y2038_OUT/tests.log"',
          'dpkg-query -W -f \'${Version}\' hello-time > "$Y2038_OUT/version"',
          'echo 6*7 | bc',
        ].join('\n'),
      },
      { 'tests/run-tests.sh': '#!/bin/sh\necho "tests ran in $(pwd)"\nls\n' },
      {},
      (workspace) => {
        execFileSync('chmod', ['+x', path.join(workspace, 'tests', 'run-tests.sh')])
        buildDeb(workspace, '1.0')
      },
    )
    assert.equal(run.code, 1, run.stdout)
    assert.equal(run.outputs.result, 'fail')
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8')) as JsonReport
    // Exactly the program's line, and only after the rollover: bc (the dependency from the
    // mirror) and the workdir's script pass at both dates.
    assert.deepEqual(probeFindings(report), [[AFTER, 'probe', 1, 'eoverflow']])
    assert.equal(report.findings[0]!.message, 'hello-time: time: Value too large for defined data type')
    assert.deepEqual(
      report.dates.map((d) => [d.date, d.outcome]),
      [
        [BEFORE, 'pass'],
        [AFTER, 'fail'],
      ],
    )
    for (const date of report.dates) {
      assert.deepEqual(
        date.stages?.map((s) => [s.stage, s.outcome]),
        [['install', 'ok']],
      )
      const out = date.out!
      assert.equal(path.dirname(path.dirname(out.dir)), run.outputs['output-dir'])
      assert.equal(out.files, 2)
      assert.equal(readFileSync(path.join(out.dir, 'version'), 'utf8'), '1.0')
      assert.equal(readFileSync(path.join(out.dir, 'tests.log'), 'utf8'), 'tests ran in /work\nrun-tests.sh\n')
    }
    assert.match(run.summary, /Files the probe left in `\$Y2038_OUT`: 2038-01-18T00:00:00Z: 2 \(/)
    // The static audit reads the user's own .deb: its program is time32, annotated on the .deb.
    assert.deepEqual(
      report.audit.findings.map((f) => [f.package, f.class, f.source, f.files.map((x) => x.path)]),
      [['hello-time', 'time32', { kind: 'deb', path: 'hello-time_1.0_i386.deb' }, ['/usr/bin/hello-time']]],
    )
    assert.match(
      run.stdout,
      /^::warning title=32-bit time_t in hello-time \(hello-time_1\.0_i386\.deb\) \(i386 bookworm%2C static audit\),file=hello-time_1\.0_i386\.deb::/m,
    )
  })

  it('the audit reads the workdir: a program built without _TIME_BITS=64 is time32 on its path, one built with it is not', async () => {
    const repo = makeRepo()
    mkdirSync(path.join(repo, 'bin'))
    writeFileSync(path.join(repo, 'bin', 'clock.c'), HELLO_C)
    const build = (name: string, flags: string[]): void => {
      execFileSync('gcc', [
        '-m32',
        '-DVERSION="1"',
        ...flags,
        '-o',
        path.join(repo, 'bin', name),
        path.join(repo, 'bin', 'clock.c'),
      ])
    }
    build('clock-old', [])
    build('clock-new', ['-D_FILE_OFFSET_BITS=64', '-D_TIME_BITS=64'])
    const run = await runCli(
      ['--workdir', 'bin', '--date', BEFORE, '--control', 'none', '--run', 'true', '--sarif', 'out.sarif'],
      repo,
    )
    assert.equal(run.code, 0, run.stdout + run.stderr)
    const audit = run.report!.audit
    assert.deepEqual(
      audit.packages.map((p) => [p.package, p.class, p.files.map((f) => [f.path, f.class])]),
      [
        [
          'workdir',
          'time32',
          [
            ['bin/clock-new', 'time64'],
            ['bin/clock-old', 'time32'],
          ],
        ],
      ],
    )
    assert.deepEqual(
      audit.findings.map((f) => [f.source, f.files.map((x) => x.path)]),
      [[{ kind: 'workdir', path: 'bin' }, ['bin/clock-old']]],
    )
    const sarif = JSON.parse(readFileSync(path.join(repo, 'out.sarif'), 'utf8')) as {
      runs: Array<{
        results: Array<{
          ruleId: string
          level: string
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>
        }>
      }>
    }
    assert.deepEqual(
      sarif.runs[0]!.results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri]),
      [['time32-file', 'warning', 'bin/clock-old']],
    )
  })

  it('a new build of the .deb with the same dependencies reuses the root filesystem and runs the new version', async () => {
    const repo = makeRepo()
    const probe = [
      'hello-time',
      'dpkg-query -W -f \'${Version}\' hello-time > "$Y2038_OUT/version"',
      'hello-time > "$Y2038_OUT/said" || true',
    ].join('\n')
    const runVersion = async (version: string): Promise<CliRun> => {
      for (const old of ['1.0', '1.1']) rmSync(path.join(repo, `hello-time_${old}_i386.deb`), { force: true })
      buildDeb(repo, version)
      return runCli(['--debs', '*.deb', '--date', BEFORE, '--control', 'none', '--run', probe], repo)
    }
    const first = await runVersion('1.0')
    assert.equal(first.code, 0, first.stderr)
    const second = await runVersion('1.1')
    assert.equal(second.code, 0, second.stderr)
    assert.equal(second.report!.artifacts.userland.key, first.report!.artifacts.userland.key)
    assert.equal(second.report!.artifacts.userland.built, false)
    const out = second.report!.dates[0]!.out!
    assert.equal(readFileSync(path.join(out.dir, 'version'), 'utf8'), '1.1')
    assert.match(readFileSync(path.join(out.dir, 'said'), 'utf8'), /^hello-time 1\.1 at 21473856\d\d\n$/)
  })

  it('a failing setup line is reported at stage setup with its line, and the run says setup failed', async () => {
    const repo = makeRepo({
      'ci/setup.sh': 'set -e\necho preparing\nls /no/such/file\necho never reached\n',
    })
    const run = await runCli(['--setup', 'ci/setup.sh', '--date', AFTER, '--run', 'echo the probe ran'], repo)
    assert.equal(run.code, 1, run.stderr)
    const report = run.report!
    // The setup ran once, in the boot that was to be saved; no date ran the probe.
    assert.deepEqual(
      [...(report.control ? [report.control] : []), ...report.dates].map((d) => [d.outcome, 'guestClockAtProbe' in d]),
      [
        ['setup-failed', false],
        ['setup-failed', false],
      ],
    )
    assert.deepEqual(probeFindings(report), [[AFTER, 'setup', 3, 'setup-failed']])
    assert.equal(
      report.findings[0]!.message,
      "the setup script stopped at line 3 (`ls /no/such/file`) with status 2, before its end: ls: cannot access '/no/such/file': No such file or directory",
    )
    assert.deepEqual(report.dates[0]!.stages, [
      {
        stage: 'setup',
        outcome: 'setup-failed',
        clockAtStart: report.dates[0]!.stages![0]!.clockAtStart,
        fromSnapshot: true,
      },
    ])
    assert.match(run.stdout, /^2038-01-20T00:00:00Z {2}FAIL {2}setup failed: the probe did not run/m)
    assert.match(run.stdout, /^ {2}ci\/setup\.sh:3 {2}ls \/no\/such\/file$/m)
    assert.equal(existsSync(path.join(repo, 'out')), true)
  })
})

describe('bad input for debs and workdir: one line, exit 2, nothing built or cached', () => {
  const refused = async (args: string[], repo: string): Promise<string> => {
    const before = storeEntries()
    const run = await runCli(args, repo)
    assert.equal(run.code, 2, run.stderr)
    assert.equal(run.report, undefined)
    assert.deepEqual(storeEntries(), before)
    return run.stderr.trim().split('\n').at(-1)!
  }

  it('a .deb that does not exist', async () => {
    const repo = makeRepo()
    assert.equal(
      await refused(['--debs', 'dist/missing.deb'], repo),
      `y2038: error: debs: 'dist/missing.deb' does not exist in the repository ${repo}`,
    )
  })

  it('a directory given as debs', async () => {
    const repo = makeRepo({ 'dist/readme': 'x' })
    assert.equal(
      await refused(['--debs', 'dist'], repo),
      "y2038: error: debs: 'dist' is a directory: give .deb files (a path or a glob like dist/*.deb)",
    )
  })

  it('a .deb for another architecture', async () => {
    const repo = makeRepo()
    buildDeb(repo, '1.0', { arch: 'amd64' })
    assert.equal(
      await refused(['--debs', 'hello-time_1.0_amd64.deb'], repo),
      "y2038: error: debs: 'hello-time_1.0_amd64.deb' is for amd64 (Architecture: amd64), but the guest is i386: build it for i386, or set arch to amd64",
    )
  })

  it('a broken .deb', async () => {
    const repo = makeRepo({ 'broken.deb': 'not an ar archive\n' })
    assert.match(
      await refused(['--debs', 'broken.deb'], repo),
      /^y2038: error: debs: 'broken\.deb' is not a valid Debian package: dpkg-deb: error: /,
    )
  })

  it('a .deb whose dependency the mirror does not have, found before any build', async () => {
    const repo = makeRepo()
    buildDeb(repo, '1.0', { depends: 'libc6, y2038-no-such-package (>= 1.0)' })
    // This message comes only from the mirror's index, read before any build.
    assert.equal(
      await refused(['--debs', 'hello-time_1.0_i386.deb'], repo),
      "y2038: error: debs: 'hello-time_1.0_i386.deb' depends on 'y2038-no-such-package (>= 1.0)', which nothing in bookworm/i386 at http://deb.debian.org/debian or among the .debs provides",
    )
  })

  it('a workdir outside the repository', async () => {
    const repo = makeRepo({ 'probe.sh': 'true\n' })
    assert.equal(
      await refused(['--workdir', '..'], repo),
      `y2038: error: workdir: '..' is outside the repository ${repo}: give a path inside it`,
    )
  })

  it('a workdir over the size limit', async () => {
    const repo = makeRepo({ 'big/readme': 'x' })
    // Sparse: it takes no disk, but its size counts.
    writeFileSync(path.join(repo, 'big', 'image.bin'), '')
    truncateSync(path.join(repo, 'big', 'image.bin'), 600 * 2 ** 20)
    assert.equal(
      await refused(['--workdir', 'big'], repo),
      "y2038: error: workdir: 'big' holds more than 512 MiB: give a smaller directory (the build output or the tests the probe needs)",
    )
  })

  it('a symbolic link in workdir that leads out of it', async () => {
    const repo = makeRepo({ 'work/test.sh': 'true\n' })
    symlinkSync('../../../etc', path.join(repo, 'work', 'escape'))
    assert.equal(
      await refused(['--workdir', 'work'], repo),
      "y2038: error: workdir: 'work/escape' is a symbolic link to '../../../etc', outside 'work': the guest cannot follow it (make it relative and inside the directory, or remove it)",
    )
  })
})
