import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { type CliIo, FLAGS, HELP, joinDashValues, main } from '../../src/cli/cli.js'
import { VERSION } from '../../src/config/version.js'

interface Run {
  code: number
  stdout: string
  stderr: string
}

let cwd: string
let cacheHome: string

before(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'y2038-cli-'))
  cacheHome = mkdtempSync(path.join(os.tmpdir(), 'y2038-cli-cache-'))
})

after(() => {
  rmSync(cwd, { recursive: true, force: true })
  rmSync(cacheHome, { recursive: true, force: true })
})

async function run(...argv: string[]): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (text) => {
      stdout += text
    },
    stderr: (text) => {
      stderr += text
    },
    cwd,
    env: { HOME: cacheHome, XDG_CACHE_HOME: cacheHome },
  }
  const code = await main(argv, io)
  return { code, stdout, stderr }
}

/** Exit 2 with one line on stderr, nothing on stdout: the run stopped at its input. */
function assertInputFailure(result: Run, ...parts: string[]): void {
  assert.equal(result.code, 2, result.stderr)
  assert.equal(result.stdout, '')
  assert.ok(result.stderr.endsWith('\n'), JSON.stringify(result.stderr))
  assert.equal(result.stderr.split('\n').length, 2, `one line: ${JSON.stringify(result.stderr)}`)
  assert.ok(result.stderr.startsWith('y2038: '), result.stderr)
  for (const part of parts) assert.ok(result.stderr.includes(part), `'${result.stderr}' should mention '${part}'`)
  // No build or boot started: nothing was logged and nothing was cached.
  assert.doesNotMatch(result.stderr, /==>|Building|mmdebstrap/)
}

describe('main: help and version', () => {
  test('--help prints every flag and exits 0', async () => {
    const result = await run('--help')
    assert.equal(result.code, 0)
    assert.equal(result.stderr, '')
    assert.equal(result.stdout, HELP)
    // Every flag the parser takes is explained, and the help names no flag the parser refuses.
    const taken = Object.keys(FLAGS).sort()
    assert.ok(taken.length >= 26, `${taken.length} flags`)
    for (const flag of taken) assert.match(result.stdout, new RegExp(`^ {2}--${flag}\\b`, 'm'), `--${flag} in the help`)
    const explained = [...result.stdout.matchAll(/^ {2}--([\w-]+)/gm)].map((m) => m[1]!).sort()
    assert.deepEqual(explained, taken)
    assert.match(result.stdout, /^Usage: y2038 \[options\]/)
    assert.match(result.stdout, /Exit status: 0 no findings, 1 findings \(see --fail-on\), 2/)
  })

  test('-h is --help', async () => {
    const result = await run('-h')
    assert.equal(result.code, 0)
    assert.equal(result.stdout, HELP)
  })

  test('--help wins over a bad value', async () => {
    const result = await run('--arch', 'sparc', '--help')
    assert.equal(result.code, 0)
    assert.equal(result.stdout, HELP)
  })

  test('--version prints the version', async () => {
    const result = await run('--version')
    assert.equal(result.code, 0)
    assert.equal(result.stdout, `${VERSION}\n`)
  })
})

describe('main: argument errors exit 2 before any build', () => {
  test('an unknown flag', async () => {
    const result = await run('--frobnicate')
    assertInputFailure(result, '--frobnicate', '(see --help)')
  })

  test('a positional argument', async () => {
    assertInputFailure(await run('2038-01-20'), '2038-01-20')
  })

  test('a flag without its value', async () => {
    assertInputFailure(await run('--arch'), '--arch')
  })

  test('--date without its value, at the end or before another flag, names date', async () => {
    assert.equal((await run('--date')).stderr, 'y2038: error: date: --date needs a value (see --help)\n')
    assertInputFailure(await run('--date', '--arch', 'i386'), 'y2038: error: date: --date needs a value')
  })

  test('--timeout -5 is a bad timeout, not an ambiguous argument', async () => {
    const result = await run('--timeout', '-5')
    assertInputFailure(result, 'y2038: error: timeout: ', "'-5'", '30 to 86400')
  })

  test('--arch sparc names arch', async () => {
    assertInputFailure(await run('--arch', 'sparc'), 'y2038: error: arch: ', "'sparc'", 'i386, amd64')
  })

  test('--date 2038-13-45 names dates', async () => {
    assertInputFailure(
      await run('--date', '2038-01-18', '--date', '2038-13-45'),
      'y2038: error: dates: ',
      "'2038-13-45'",
    )
  })

  test('--probe does-not-exist.sh names probe', async () => {
    assertInputFailure(
      await run('--probe', 'does-not-exist.sh'),
      'y2038: error: probe: ',
      "'does-not-exist.sh'",
      'does not exist',
    )
  })

  test('--probe and --run together', async () => {
    assertInputFailure(await run('--probe', 'x.sh', '--run', 'date -u'), 'y2038: error: probe: ')
  })

  test('--suite, --clock, --timeout, --mirror and --packages are checked', async () => {
    assertInputFailure(await run('--suite', 'potato'), 'error: suite: ')
    assertInputFailure(await run('--clock', 'libfaketime'), 'error: clock: ')
    assertInputFailure(await run('--timeout', '5'), 'error: timeout: ')
    assertInputFailure(await run('--mirror', 'ftp://ftp.debian.org/debian'), 'error: mirror: ')
    assertInputFailure(await run('--packages', 'perl', '--packages', 'Bad_Name'), 'error: packages: ', "'Bad_Name'")
  })

  for (const flag of ['date', 'probe', 'run', 'arch', 'cache-dir', 'json']) {
    test(`an empty --${flag} is an error, not the default`, async () => {
      const result = await run(`--${flag}`, ' ')
      assertInputFailure(result)
      assert.equal(
        result.stderr,
        `y2038: error: ${flag}: is empty: give a value, or leave the flag out for the default\n`,
      )
    })
  }

  test('--cache-dir and --output under /proc or on a file are refused before anything runs', async () => {
    const file = path.join(cwd, 'a-file')
    writeFileSync(file, 'x')
    assert.equal(
      (await run('--cache-dir', '/proc/self/y2038')).stderr,
      "y2038: error: cache-dir: '/proc/self/y2038' is under /proc or /sys: give a directory on a filesystem\n",
    )
    assert.equal(
      (await run('--output', 'a-file')).stderr,
      "y2038: error: output: 'a-file' is a file, not a directory\n",
    )
    assert.equal(
      (await run('--output', 'a-file/below')).stderr,
      `y2038: error: output: 'a-file/below' is under ${file}, a file, not a directory\n`,
    )
  })

  test('--json into a directory that does not exist is refused before anything runs', async () => {
    assertInputFailure(
      await run('--json', 'no/such/dir/report.json'),
      `y2038: error: json: 'no/such/dir/report.json': the directory ${path.join(cwd, 'no/such/dir')} does not exist`,
    )
    assertInputFailure(await run('--json', '.'), "y2038: error: json: '.' is a directory: give a file name")
  })
})

describe('joinDashValues', () => {
  test("a value that starts with a dash is the string flag's own; flags, booleans and -- are left alone", () => {
    assert.deepEqual(joinDashValues(['--timeout', '-5', '--date', '-1']), ['--timeout=-5', '--date=-1'])
    assert.deepEqual(joinDashValues(['--date', '--arch', 'i386']), ['--date', '--arch', 'i386'])
    assert.deepEqual(joinDashValues(['--date', '-h']), ['--date', '-h'])
    assert.deepEqual(joinDashValues(['--date', '--arch=i386']), ['--date', '--arch=i386'])
    assert.deepEqual(joinDashValues(['--verbose', '-5']), ['--verbose', '-5'])
    assert.deepEqual(joinDashValues(['--date', '--']), ['--date', '--'])
  })
})
