import assert from 'node:assert/strict'
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  realpathSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { InputError } from '../../src/config/errors.js'
import { WORKDIR_LIMIT_BYTES, parseDebs, parseSetup, parseWorkdir } from '../../src/config/workspace.js'
import { bashSyntaxError } from '../../src/host/bash-syntax.js'
import type { ScriptPlace } from '../../src/config/workspace.js'

/** The repository as the place of the scripts, checked by the host's bash -n. */
const at = (repositoryRoot: string, anywhere = false): ScriptPlace => ({
  repositoryRoot,
  anywhere,
  syntaxError: bashSyntaxError,
})

/** Asserts fn throws an InputError for `input` with exactly `message`, on one line. */
function throwsExactly(fn: () => unknown, input: string, message: string): void {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  assert.ok(caught instanceof InputError, `expected an InputError, got ${String(caught)}`)
  assert.equal(caught.input, input)
  assert.equal(caught.message, message)
  assert.ok(!caught.message.includes('\n'), `message '${caught.message}' should be one line`)
}

/** A temporary directory with a repository `repo` and a directory `outside` next to it. */
function makeBase(prefix: string): { base: string; repo: string; outside: string } {
  const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)))
  const repo = path.join(base, 'repo')
  const outside = path.join(base, 'outside')
  mkdirSync(repo)
  mkdirSync(outside)
  return { base, repo, outside }
}

function write(file: string, text = ''): void {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, text)
}

describe('parseDebs', () => {
  let base: string
  let repo: string
  let outside: string

  before(() => {
    ;({ base, repo, outside } = makeBase('y2038-workspace-debs-'))
    write(path.join(repo, 'dist', 'b_1.0_i386.deb'), 'b')
    write(path.join(repo, 'dist', 'a_1.0_i386.deb'), 'a')
    write(path.join(repo, 'dist', 'sub', 'c_1.0_all.deb'), 'c')
    write(path.join(repo, 'dist', 'notes.txt'), 'n')
    write(path.join(repo, 'top.deb'), 't')
    mkdirSync(path.join(repo, 'pkgs.deb'))
    write(path.join(outside, 'evil.deb'), 'e')
    symlinkSync(path.join(outside, 'evil.deb'), path.join(repo, 'link-out.deb'))
    symlinkSync('top.deb', path.join(repo, 'link-in.deb'))
  })

  after(() => {
    rmSync(base, { recursive: true, force: true })
  })

  const file = (relative: string) => ({ path: path.join(repo, ...relative.split('/')), relativePath: relative })

  test('nothing given is no .deb', () => {
    assert.deepEqual(parseDebs(undefined, repo), [])
    assert.deepEqual(parseDebs('', repo), [])
    assert.deepEqual(parseDebs(' \n\t', repo), [])
  })

  test('one path', () => {
    assert.deepEqual(parseDebs('top.deb', repo), [file('top.deb')])
    assert.deepEqual(parseDebs('  ./dist/a_1.0_i386.deb\n', repo), [file('dist/a_1.0_i386.deb')])
  })

  test('a glob matching several files, sorted by path', () => {
    assert.deepEqual(parseDebs('dist/**/*.deb', repo), [
      file('dist/a_1.0_i386.deb'),
      file('dist/b_1.0_i386.deb'),
      file('dist/sub/c_1.0_all.deb'),
    ])
  })

  test('paths and globs on several lines and spaces, sorted by path', () => {
    assert.deepEqual(parseDebs('top.deb\n  dist/*.deb\t\n', repo), [
      file('dist/a_1.0_i386.deb'),
      file('dist/b_1.0_i386.deb'),
      file('top.deb'),
    ])
  })

  test('the same file named twice, or by a path and a glob, or through a link, is one .deb', () => {
    assert.deepEqual(parseDebs('top.deb top.deb ./top.deb', repo), [file('top.deb')])
    assert.deepEqual(parseDebs('dist/a_1.0_i386.deb dist/*.deb', repo), [
      file('dist/a_1.0_i386.deb'),
      file('dist/b_1.0_i386.deb'),
    ])
    assert.deepEqual(parseDebs('link-in.deb top.deb', repo), [file('top.deb')])
  })

  test('a pattern that matches nothing', () => {
    throwsExactly(
      () => parseDebs('top.deb build/*.deb', repo),
      'debs',
      `debs: 'build/*.deb' matches no file in the repository ${repo}`,
    )
  })

  test('a file that does not exist', () => {
    throwsExactly(
      () => parseDebs('dist/missing.deb', repo),
      'debs',
      `debs: 'dist/missing.deb' does not exist in the repository ${repo}`,
    )
  })

  test('a directory', () => {
    throwsExactly(
      () => parseDebs('dist', repo),
      'debs',
      "debs: 'dist' is a directory: give .deb files (a path or a glob like dist/*.deb)",
    )
    throwsExactly(
      () => parseDebs('pkgs.deb', repo),
      'debs',
      "debs: 'pkgs.deb' is a directory: give .deb files (a path or a glob like dist/*.deb)",
    )
  })

  test('a file that does not end in .deb, named or matched', () => {
    throwsExactly(
      () => parseDebs('dist/notes.txt', repo),
      'debs',
      "debs: 'dist/notes.txt' is not a .deb file (give Debian binary packages, *.deb)",
    )
    throwsExactly(
      () => parseDebs('dist/*', repo),
      'debs',
      "debs: 'dist/notes.txt' is not a .deb file (give Debian binary packages, *.deb)",
    )
  })

  test('a path outside the repository via ../', () => {
    throwsExactly(
      () => parseDebs('../outside/evil.deb', repo),
      'debs',
      `debs: '../outside/evil.deb' is outside the repository ${repo}: give a path inside it`,
    )
  })

  test('an absolute path outside the repository', () => {
    const evil = path.join(outside, 'evil.deb')
    throwsExactly(
      () => parseDebs(evil, repo),
      'debs',
      `debs: '${evil}' is outside the repository ${repo}: give a path inside it`,
    )
  })

  test('a symlink in the repository pointing outside it', () => {
    throwsExactly(
      () => parseDebs('link-out.deb', repo),
      'debs',
      `debs: 'link-out.deb' is outside the repository ${repo}: give a path inside it`,
    )
  })

  test('a glob that reaches the symlink pointing outside', () => {
    throwsExactly(
      () => parseDebs('link-*.deb', repo),
      'debs',
      `debs: 'link-out.deb' is outside the repository ${repo}: give a path inside it`,
    )
  })

  test('a repository given through a symlink: paths are the real ones', () => {
    const alias = path.join(base, 'alias')
    symlinkSync(repo, alias)
    assert.deepEqual(parseDebs('top.deb', alias), [file('top.deb')])
  })
})

describe('parseWorkdir', () => {
  let base: string
  let repo: string

  before(() => {
    ;({ base, repo } = makeBase('y2038-workspace-workdir-'))
    write(path.join(repo, 'work', 'run.sh'), 'echo hi\n')
    write(path.join(repo, 'work', 'sub', 'data.txt'), 'data\n')
    symlinkSync('sub/data.txt', path.join(repo, 'work', 'inside-link'))
    symlinkSync('../work/sub', path.join(repo, 'work', 'sub-again'))
    write(path.join(repo, 'file.txt'), 'x')
    write(path.join(repo, 'escape', 'ok.txt'), 'x')
    symlinkSync('../../outside', path.join(repo, 'escape', 'link'))
    write(path.join(repo, 'sibling', 'ok.txt'), 'x')
    symlinkSync('../work/run.sh', path.join(repo, 'sibling', 'link'))
    write(path.join(repo, 'absolute', 'deep', 'ok.txt'), 'x')
    symlinkSync(path.join(repo, 'absolute', 'deep', 'ok.txt'), path.join(repo, 'absolute', 'deep', 'abs'))
    mkdirSync(path.join(repo, 'big'))
    mkdirSync(path.join(repo, 'exact'))
  })

  after(() => {
    rmSync(base, { recursive: true, force: true })
  })

  test('nothing given is no workdir', () => {
    assert.equal(parseWorkdir(undefined, repo), undefined)
    assert.equal(parseWorkdir('  ', repo), undefined)
  })

  test('a directory of the repository, with its relative path', () => {
    assert.deepEqual(parseWorkdir('work', repo), { path: path.join(repo, 'work'), relativePath: 'work' })
    assert.deepEqual(parseWorkdir(' ./work/ \n', repo), { path: path.join(repo, 'work'), relativePath: 'work' })
    assert.deepEqual(parseWorkdir('work/sub', repo), {
      path: path.join(repo, 'work', 'sub'),
      relativePath: 'work/sub',
    })
  })

  test("the repository's root is '.'", () => {
    // The root holds links that leave their own directories but not the root: they pass.
    const root = makeBase('y2038-workspace-root-')
    try {
      write(path.join(root.repo, 'a.txt'), 'a')
      assert.deepEqual(parseWorkdir('.', root.repo), { path: root.repo, relativePath: '.' })
    } finally {
      rmSync(root.base, { recursive: true, force: true })
    }
  })

  test('a relative symlink that stays inside the directory is accepted', () => {
    assert.deepEqual(parseWorkdir('work', repo)?.relativePath, 'work')
  })

  test('a file is not a directory', () => {
    throwsExactly(
      () => parseWorkdir('file.txt', repo),
      'workdir',
      "workdir: 'file.txt' is not a directory (give a directory of the repository)",
    )
  })

  test('a directory that does not exist', () => {
    throwsExactly(
      () => parseWorkdir('nope', repo),
      'workdir',
      `workdir: 'nope' does not exist in the repository ${repo}`,
    )
  })

  test('a directory outside the repository', () => {
    throwsExactly(
      () => parseWorkdir('../outside', repo),
      'workdir',
      `workdir: '../outside' is outside the repository ${repo}: give a path inside it`,
    )
  })

  test('a symlink inside that points outside the repository: the error names the link', () => {
    throwsExactly(
      () => parseWorkdir('escape', repo),
      'workdir',
      "workdir: 'escape/link' is a symbolic link to '../../outside', outside 'escape': the guest cannot follow it (make it relative and inside the directory, or remove it)",
    )
  })

  test('a symlink that stays in the repository but leaves the directory', () => {
    throwsExactly(
      () => parseWorkdir('sibling', repo),
      'workdir',
      "workdir: 'sibling/link' is a symbolic link to '../work/run.sh', outside 'sibling': the guest cannot follow it (make it relative and inside the directory, or remove it)",
    )
  })

  test('an absolute symlink, even to a file inside the directory, in a subdirectory', () => {
    const target = path.join(repo, 'absolute', 'deep', 'ok.txt')
    throwsExactly(
      () => parseWorkdir('absolute', repo),
      'workdir',
      `workdir: 'absolute/deep/abs' is a symbolic link to '${target}', outside 'absolute': the guest cannot follow it (make it relative and inside the directory, or remove it)`,
    )
  })

  test('the default limit is 512 MiB', () => {
    assert.equal(WORKDIR_LIMIT_BYTES, 536870912)
  })

  test('over the size limit (apparent sizes: a sparse file counts in full)', () => {
    const file = path.join(repo, 'big', 'sparse.img')
    closeSync(openSync(file, 'w'))
    truncateSync(file, 3 * 2 ** 20)
    throwsExactly(
      () => parseWorkdir('big', repo, 2 * 2 ** 20),
      'workdir',
      "workdir: 'big' holds more than 2 MiB: give a smaller directory (the build output or the tests the probe needs)",
    )
    // The same directory under the default limit is fine.
    assert.deepEqual(parseWorkdir('big', repo), { path: path.join(repo, 'big'), relativePath: 'big' })
  })

  test('files summed over subdirectories: exactly the limit passes, one byte more does not', () => {
    const one = path.join(repo, 'exact', 'one.bin')
    const two = path.join(repo, 'exact', 'nested', 'two.bin')
    write(one)
    write(two)
    truncateSync(one, 2 ** 20)
    truncateSync(two, 2 ** 20)
    assert.deepEqual(parseWorkdir('exact', repo, 2 * 2 ** 20), {
      path: path.join(repo, 'exact'),
      relativePath: 'exact',
    })
    truncateSync(two, 2 ** 20 + 1)
    throwsExactly(
      () => parseWorkdir('exact', repo, 2 * 2 ** 20),
      'workdir',
      "workdir: 'exact' holds more than 2 MiB: give a smaller directory (the build output or the tests the probe needs)",
    )
  })
})

describe('parseSetup', () => {
  let base: string
  let repo: string

  before(() => {
    ;({ base, repo } = makeBase('y2038-workspace-setup-'))
    write(path.join(repo, 'ci', 'setup.sh'), 'apt-get install -y foo\nmake install\n')
    write(path.join(repo, 'setup.bash'), 'echo hi\n')
    write(path.join(repo, 'ci', 'crlf.sh'), 'echo a\necho b\r\n')
    write(path.join(repo, 'ci', 'broken.sh'), 'echo a\nif then fi\necho c\n')
  })

  after(() => {
    rmSync(base, { recursive: true, force: true })
  })

  test('nothing given is no setup', () => {
    assert.equal(parseSetup(undefined, at(repo)), undefined)
    assert.equal(parseSetup(' \n', at(repo)), undefined)
  })

  test('a file path is the file', () => {
    const expected = { kind: 'file', path: path.join(repo, 'ci', 'setup.sh'), relativePath: 'ci/setup.sh' }
    assert.deepEqual(parseSetup('ci/setup.sh', at(repo)), expected)
    assert.deepEqual(parseSetup('./ci/setup.sh\n', at(repo)), expected)
  })

  test('a name ending in .bash without a slash is a file', () => {
    assert.deepEqual(parseSetup('setup.bash', at(repo)), {
      kind: 'file',
      path: path.join(repo, 'setup.bash'),
      relativePath: 'setup.bash',
    })
  })

  test('a multi-line script is inline, kept as given', () => {
    const script = 'apt-get update\nmake -C /work install\n'
    assert.deepEqual(parseSetup(script, at(repo)), { kind: 'inline', script })
  })

  test('a multi-line script whose first line looks like a path is still inline', () => {
    const script = 'ci/setup.sh\necho done\n'
    assert.deepEqual(parseSetup(script, at(repo)), { kind: 'inline', script })
  })

  test('a setup of comments only, or in another language, is refused; one for sh carries a note', () => {
    write(path.join(repo, 'ci', 'comments.sh'), '# later\n')
    throwsExactly(
      () => parseSetup('ci/comments.sh', at(repo)),
      'setup',
      "setup: 'ci/comments.sh' has no commands (only blank lines and comments), so nothing would run: give at least one command",
    )
    throwsExactly(
      () => parseSetup('#!/usr/bin/python3\nprint(1)\n', at(repo)),
      'setup',
      'setup: the inline setup script starts with #! naming python3, but scripts run in bash, which reads that line as a comment: write it in bash, or run python3 from it',
    )
    assert.deepEqual(parseSetup('#!/bin/sh\nmake\n', at(repo)), {
      kind: 'inline',
      script: '#!/bin/sh\nmake\n',
      note: "setup: the inline setup script starts with #! naming sh, but it runs in bash (bash runs POSIX sh scripts; where the two differ, bash's behaviour applies)",
    })
  })

  test('a one-line command is inline', () => {
    assert.deepEqual(parseSetup('ls -l', at(repo)), { kind: 'inline', script: 'ls -l' })
    assert.deepEqual(parseSetup('true', at(repo)), { kind: 'inline', script: 'true' })
  })

  test('a one-line path-like value that does not exist is an error, not a script', () => {
    throwsExactly(
      () => parseSetup('ci/missing.sh', at(repo)),
      'setup',
      `setup: 'ci/missing.sh' does not exist in the repository ${repo}`,
    )
    throwsExactly(
      () => parseSetup('missing.sh', at(repo)),
      'setup',
      `setup: 'missing.sh' does not exist in the repository ${repo}`,
    )
  })

  test('a path-like value naming a directory', () => {
    throwsExactly(
      () => parseSetup('ci/', at(repo)),
      'setup',
      `setup: 'ci/' is not a regular file (a shell script inside ${repo})`,
    )
  })

  test('a path outside the repository', () => {
    write(path.join(base, 'outside', 'evil.sh'), 'echo\n')
    throwsExactly(
      () => parseSetup('../outside/evil.sh', at(repo)),
      'setup',
      `setup: '../outside/evil.sh' is outside the repository ${repo}: give a path inside it`,
    )
  })

  test('a file with Windows line endings', () => {
    throwsExactly(
      () => parseSetup('ci/crlf.sh', at(repo)),
      'setup',
      "setup: 'ci/crlf.sh' has Windows line endings (CRLF, first on line 2), which bash reads as part of each command: convert it to LF (dos2unix, or sed -i 's/\\r$//')",
    )
  })

  test('an inline script with Windows line endings', () => {
    throwsExactly(
      () => parseSetup('echo a\r\necho b\r\n', at(repo)),
      'setup',
      "setup: the inline setup script has Windows line endings (CRLF, first on line 1), which bash reads as part of each command: convert it to LF (dos2unix, or sed -i 's/\\r$//')",
    )
  })

  test('a file that does not parse', () => {
    assert.equal(bashSyntaxError('echo a\nif then fi\necho c\n'), "line 2: syntax error near unexpected token `then'")
    throwsExactly(
      () => parseSetup('ci/broken.sh', at(repo)),
      'setup',
      "setup: 'ci/broken.sh' does not parse: line 2: syntax error near unexpected token `then'",
    )
  })

  test('an inline script that does not parse', () => {
    throwsExactly(
      () => parseSetup('echo a\necho b\nif then fi\n', at(repo)),
      'setup',
      "setup: the inline setup script does not parse: line 3: syntax error near unexpected token `then'",
    )
  })
})
