import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { InputError } from '../../src/config/errors.js'
import { formatInstant, rolloverName } from '../../src/config/dates.js'
import {
  DEFAULTS,
  parseAccel,
  defaultCacheDir,
  parseArch,
  parseCacheDir,
  parseClock,
  parseControl,
  parseDates,
  parseMirror,
  parseOptions,
  parsePackages,
  parseParallel,
  parseProbe,
  parseSuite,
  parseTimeout,
  splitList,
} from '../../src/config/options.js'
import { bashSyntaxError } from '../../src/host/bash-syntax.js'
import type { ScriptPlace } from '../../src/config/workspace.js'

/** The repository as the place of the scripts, checked by the host's bash -n. */
const at = (repositoryRoot: string, anywhere = false): ScriptPlace => ({
  repositoryRoot,
  anywhere,
  syntaxError: bashSyntaxError,
})

/** Asserts fn throws an InputError for `input` whose message starts with the input's name and contains every `parts`. */
function throwsInput(fn: () => unknown, input: string, ...parts: string[]): InputError {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  assert.ok(caught instanceof InputError, `expected an InputError, got ${String(caught)}`)
  assert.equal(caught.input, input)
  assert.ok(caught.message.startsWith(`${input}: `), `message '${caught.message}' should start with '${input}: '`)
  for (const part of parts)
    assert.ok(caught.message.includes(part), `message '${caught.message}' should mention '${part}'`)
  return caught
}

const isos = (dates: Date[]) => dates.map((d) => d.toISOString())

describe('splitList', () => {
  test('splits lines and commas, trims, drops blanks and comments', () => {
    assert.deepEqual(splitList(' a, b\n\n# note\nc ,', /[\n,]/), ['a', 'b', 'c'])
  })

  test('takes an array of strings and undefined', () => {
    assert.deepEqual(splitList(['a,b', 'c'], /[\n,]/), ['a', 'b', 'c'])
    assert.deepEqual(splitList(undefined, /[\n,]/), [])
  })
})

describe('parseDates', () => {
  test('no value gives the two default dates, one on each side of the rollover', () => {
    const expected = ['2038-01-18T00:00:00.000Z', '2038-01-20T00:00:00.000Z']
    assert.deepEqual(isos(parseDates(undefined)), expected)
    assert.deepEqual(isos(parseDates('')), expected)
    assert.deepEqual(isos(parseDates('  \n ')), expected)
    assert.deepEqual(isos(parseDates([])), expected)
    assert.deepEqual(DEFAULTS.dates, ['2038-01-18T00:00:00Z', '2038-01-20T00:00:00Z'])
  })

  test('newline-separated dates', () => {
    assert.deepEqual(isos(parseDates('2038-01-18\n2038-01-19T03:14:08Z\n2038-01-20\n')), [
      '2038-01-18T00:00:00.000Z',
      '2038-01-19T03:14:08.000Z',
      '2038-01-20T00:00:00.000Z',
    ])
  })

  test('comma-separated dates, and both mixed', () => {
    assert.deepEqual(isos(parseDates('2038-01-18, 2038-01-20')), [
      '2038-01-18T00:00:00.000Z',
      '2038-01-20T00:00:00.000Z',
    ])
    assert.deepEqual(isos(parseDates('2038-01-17,2038-01-18\n2038-01-20')), [
      '2038-01-17T00:00:00.000Z',
      '2038-01-18T00:00:00.000Z',
      '2038-01-20T00:00:00.000Z',
    ])
  })

  test('an array of values, as repeated --date flags give', () => {
    assert.deepEqual(isos(parseDates(['2038-01-18', '2038-01-20'])), [
      '2038-01-18T00:00:00.000Z',
      '2038-01-20T00:00:00.000Z',
    ])
  })

  test('a date given twice is refused, naming both spellings when they differ', () => {
    assert.throws(
      () => parseDates('2038-01-20, 2038-01-20'),
      (e: Error) => e.message === "dates: '2038-01-20' is given twice: give each date once",
    )
    assert.throws(
      () => parseDates('2038-01-20\n2038-01-18\n2038-01-20T02:00:00+02:00'),
      (e: Error) =>
        e.message === "dates: '2038-01-20' and '2038-01-20T02:00:00+02:00' are the same instant: give each date once",
    )
  })

  test('a bad date names the input and the bad value', () => {
    throwsInput(() => parseDates('2038-01-18\n2038-02-30'), 'dates', "'2038-02-30'")
    throwsInput(() => parseDates('2038-13-01'), 'dates', "'2038-13-01'")
    throwsInput(() => parseDates('next tuesday'), 'dates', "'next tuesday'")
  })

  test('rollovers: one second before each well-known rollover and its first second, with other dates too', () => {
    const dates = parseDates('2030-01-01, rollovers').map(formatInstant)
    assert.deepEqual(dates, [
      '2030-01-01T00:00:00Z',
      '2036-02-07T06:28:15Z',
      '2036-02-07T06:28:16Z',
      '2038-01-19T03:14:07Z',
      '2038-01-19T03:14:08Z',
      '2038-11-20T23:59:41Z',
      '2038-11-20T23:59:42Z',
      '2049-12-31T23:59:59Z',
      '2050-01-01T00:00:00Z',
      '2068-12-31T23:59:59Z',
      '2069-01-01T00:00:00Z',
      '2100-02-28T23:59:59Z',
      '2100-03-01T00:00:00Z',
      '2106-02-07T06:28:15Z',
      '2106-02-07T06:28:16Z',
    ])
    assert.equal(rolloverName(new Date('2038-01-19T03:14:07Z')), 'signed 32-bit time_t, 1 s before')
    assert.equal(rolloverName(new Date('2106-02-07T06:28:16Z')), 'unsigned 32-bit seconds')
    assert.equal(rolloverName(new Date('2038-01-20T00:00:00Z')), undefined)
    // clock boot starts the RTC at each date: the RTC's years end at 2099.
    throwsInput(() => parseDates('rollovers', 'boot'), 'dates', "'2100-02-28T23:59:59Z' is outside")
  })

  test('a date outside the range a guest clock can start at is rejected', () => {
    throwsInput(() => parseDates('1970-01-01'), 'dates', "'1970-01-01'", 'outside')
    throwsInput(
      () => parseDates('2100-01-01', 'boot'),
      'dates',
      "'2100-01-01' is outside the range a guest clock can start at with clock boot (the RTC): 1970-01-02T00:00:00Z to before 2100-01-01T00:00:00Z",
    )
    // Set once the guest runs (step, cross), the kernel's clock holds it.
    assert.deepEqual(parseDates('2106-02-07T06:28:16Z', 'step'), [new Date(2 ** 32 * 1000)])
    throwsInput(
      () => parseDates('2262-01-01', 'cross'),
      'dates',
      "'2262-01-01' is outside the range a guest clock can be set to (the kernel): 1970-01-02T00:00:00Z to before 2262-01-01T00:00:00Z",
    )
    throwsInput(() => parseDates('1969-07-20'), 'dates', 'outside')
    throwsInput(() => parseDates('0075-06-01'), 'dates', "'0075-06-01'", 'outside')
  })

  test('the ends of the range', () => {
    assert.deepEqual(isos(parseDates('1970-01-02')), ['1970-01-02T00:00:00.000Z'])
    assert.deepEqual(isos(parseDates('2099-12-31T23:59:59Z')), ['2099-12-31T23:59:59.000Z'])
  })
})

describe('parseArch', () => {
  test('default and valid values', () => {
    assert.equal(parseArch(undefined), 'i386')
    assert.equal(parseArch(''), 'i386')
    assert.equal(parseArch(' amd64 '), 'amd64')
  })

  test('an unknown architecture lists the valid ones', () => {
    throwsInput(() => parseArch('sparc'), 'arch', "'sparc'", 'i386', 'amd64')
    throwsInput(() => parseArch('I386'), 'arch', "'I386'")
  })
})

describe('parseSuite', () => {
  test('default and valid values', () => {
    assert.equal(parseSuite(undefined), 'bookworm')
    assert.equal(parseSuite('trixie'), 'trixie')
    assert.equal(parseSuite(' sid\n'), 'sid')
  })

  test('an unknown suite lists the valid ones', () => {
    throwsInput(() => parseSuite('buster'), 'suite', "'buster'", 'bookworm', 'trixie', 'sid')
  })
})

describe('parseClock', () => {
  test('default and valid values', () => {
    assert.equal(parseClock(undefined), 'step')
    assert.equal(parseClock(' '), 'step')
    assert.equal(parseClock('boot'), 'boot')
    assert.equal(parseClock('step'), 'step')
  })

  test('an unknown mode lists the valid ones', () => {
    throwsInput(() => parseClock('faketime'), 'clock', "'faketime'", 'step', 'boot')
  })
})

describe('parseTimeout', () => {
  test('default and valid values', () => {
    assert.equal(parseTimeout(undefined), 600)
    assert.equal(parseTimeout(''), 600)
    assert.equal(parseTimeout('30'), 30)
    assert.equal(parseTimeout(' 900 '), 900)
    assert.equal(parseTimeout('86400'), 86400)
  })

  for (const bad of ['29', '86401', '-60', '1.5', '60s', 'ten', '1e3', '0x40']) {
    test(`rejects '${bad}'`, () => {
      throwsInput(() => parseTimeout(bad), 'timeout', `'${bad}'`)
    })
  }
})

describe('parseParallel', () => {
  test('auto or nothing leaves it to the host; a count of guests from 1 to 32', () => {
    assert.equal(parseParallel(undefined), undefined)
    assert.equal(parseParallel(''), undefined)
    assert.equal(parseParallel(' auto '), undefined)
    assert.equal(parseParallel('1'), 1)
    assert.equal(parseParallel(' 4 '), 4)
    assert.equal(parseParallel('32'), 32)
  })

  for (const bad of ['0', '33', '-2', '1.5', 'two', 'all', '2x']) {
    test(`rejects '${bad}'`, () => {
      throwsInput(() => parseParallel(bad), 'parallel', `'${bad}' is not auto or a whole number of guests from 1 to 32`)
    })
  }
})

describe('parseMirror', () => {
  test('default', () => {
    assert.equal(parseMirror(undefined), 'http://deb.debian.org/debian')
    assert.equal(parseMirror(''), DEFAULTS.mirror)
  })

  test('http, https and file URLs, with trailing slashes removed', () => {
    assert.equal(parseMirror('http://deb.debian.org/debian/'), 'http://deb.debian.org/debian')
    assert.equal(parseMirror('https://mirror.example/debian//'), 'https://mirror.example/debian')
    assert.equal(parseMirror('file:///srv/mirror/debian'), 'file:///srv/mirror/debian')
  })

  test('not a URL', () => {
    throwsInput(() => parseMirror('deb.debian.org/debian'), 'mirror', "'deb.debian.org/debian'")
  })

  test('another scheme', () => {
    throwsInput(() => parseMirror('ftp://ftp.debian.org/debian'), 'mirror', "'ftp://ftp.debian.org/debian'")
  })

  test('white space inside', () => {
    throwsInput(() => parseMirror('http://deb.debian.org/de bian'), 'mirror')
  })
})

describe('parsePackages', () => {
  test('none', () => {
    assert.deepEqual(parsePackages(undefined), [])
    assert.deepEqual(parsePackages('  '), [])
  })

  test('space, comma and newline separated, sorted, duplicates removed', () => {
    assert.deepEqual(parsePackages('python3, perl\nlibc6-dev  g++ perl,python3'), [
      'g++',
      'libc6-dev',
      'perl',
      'python3',
    ])
  })

  test('names with digits, dots, plus and minus', () => {
    assert.deepEqual(parsePackages('libstdc++6 gir1.2-glib-2.0'), ['gir1.2-glib-2.0', 'libstdc++6'])
  })

  for (const bad of ['Python3', 'a', '-foo', 'foo_bar', 'foo=1.0', 'foo;rm']) {
    test(`rejects '${bad}'`, () => {
      throwsInput(() => parsePackages(`perl ${bad}`), 'packages', `'${bad}'`)
    })
  }
})

describe('parseProbe', () => {
  let base: string
  let repo: string
  let outside: string

  before(() => {
    base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'y2038-options-')))
    repo = path.join(base, 'repo')
    outside = path.join(base, 'outside')
    mkdirSync(path.join(repo, 'ci', 'probes'), { recursive: true })
    mkdirSync(outside)
    writeFileSync(path.join(repo, 'probe.sh'), 'date -u\n')
    writeFileSync(path.join(repo, 'ci', 'probes', 'y2038.sh'), 'date -u\n')
    writeFileSync(path.join(repo, '..hidden.sh'), 'date -u\n')
    writeFileSync(path.join(outside, 'evil.sh'), 'date -u\n')
    symlinkSync(path.join(outside, 'evil.sh'), path.join(repo, 'link-out.sh'))
    symlinkSync(path.join(repo, 'probe.sh'), path.join(repo, 'link-in.sh'))
  })

  after(() => {
    rmSync(base, { recursive: true, force: true })
  })

  test('no probe and no run is the built-in probe', () => {
    assert.deepEqual(parseProbe(undefined, undefined, at(repo)), { kind: 'builtin' })
    assert.deepEqual(parseProbe('  ', '', at(repo)), { kind: 'builtin' })
  })

  test('run is an inline script, kept as given', () => {
    assert.deepEqual(parseProbe(undefined, 'date -u\nsudo -n true', at(repo)), {
      kind: 'inline',
      script: 'date -u\nsudo -n true',
    })
  })

  test('an empty probe, one of comments only, or one too large is refused before it is read whole', () => {
    writeFileSync(path.join(repo, 'empty.sh'), '')
    writeFileSync(path.join(repo, 'comments.sh'), '#!/bin/bash\n# to do\n\n')
    writeFileSync(path.join(repo, 'huge.sh'), Buffer.alloc(1024 * 1024 + 1, 'x'))
    throwsInput(() => parseProbe('empty.sh', undefined, at(repo)), 'probe', "'empty.sh' has no commands")
    throwsInput(() => parseProbe('comments.sh', undefined, at(repo)), 'probe', "'comments.sh' has no commands")
    throwsInput(() => parseProbe(undefined, '# nothing\n', at(repo)), 'run', 'the inline script has no commands')
    throwsInput(() => parseProbe('huge.sh', undefined, at(repo)), 'probe', "'huge.sh' is 1048577 bytes", '1 MiB')
  })

  test('a probe in another language is refused; one for sh carries a note that bash runs it', () => {
    writeFileSync(path.join(repo, 'perl.sh'), '#!/usr/bin/perl\nprint "hi";\n')
    writeFileSync(path.join(repo, 'sh.sh'), '#!/bin/sh\ndate -u\n')
    throwsInput(() => parseProbe('perl.sh', undefined, at(repo)), 'probe', "'perl.sh' starts with #! naming perl")
    assert.deepEqual(parseProbe('sh.sh', undefined, at(repo)), {
      kind: 'file',
      path: path.join(repo, 'sh.sh'),
      relativePath: 'sh.sh',
      note: "probe: 'sh.sh' starts with #! naming sh, but it runs in bash (bash runs POSIX sh scripts; where the two differ, bash's behaviour applies)",
    })
  })

  test('a file at the top of the repository', () => {
    assert.deepEqual(parseProbe('probe.sh', undefined, at(repo)), {
      kind: 'file',
      path: path.join(repo, 'probe.sh'),
      relativePath: 'probe.sh',
    })
  })

  test('a file in a subdirectory, given with ./ and surrounding space', () => {
    assert.deepEqual(parseProbe(' ./ci/probes/y2038.sh ', undefined, at(repo)), {
      kind: 'file',
      path: path.join(repo, 'ci', 'probes', 'y2038.sh'),
      relativePath: 'ci/probes/y2038.sh',
    })
  })

  test('an absolute path inside the repository', () => {
    const probe = parseProbe(path.join(repo, 'ci', 'probes', 'y2038.sh'), undefined, at(repo))
    assert.equal(probe.kind, 'file')
    assert.equal(probe.kind === 'file' && probe.relativePath, 'ci/probes/y2038.sh')
  })

  test('a symlink to a file inside the repository resolves to that file', () => {
    assert.deepEqual(parseProbe('link-in.sh', undefined, at(repo)), {
      kind: 'file',
      path: path.join(repo, 'probe.sh'),
      relativePath: 'probe.sh',
    })
  })

  test('a file whose name starts with two dots is inside the repository', () => {
    assert.deepEqual(parseProbe('..hidden.sh', undefined, at(repo)), {
      kind: 'file',
      path: path.join(repo, '..hidden.sh'),
      relativePath: '..hidden.sh',
    })
  })

  test('a file that does not exist', () => {
    throwsInput(() => parseProbe('nope.sh', undefined, at(repo)), 'probe', "'nope.sh'", 'does not exist')
  })

  test('a file outside the repository via ../', () => {
    throwsInput(
      () => parseProbe('../outside/evil.sh', undefined, at(repo)),
      'probe',
      "'../outside/evil.sh'",
      'outside the repository',
    )
  })

  test('an absolute path outside the repository', () => {
    throwsInput(() => parseProbe(path.join(outside, 'evil.sh'), undefined, at(repo)), 'probe', 'outside the repository')
  })

  test('on the command line (scripts anywhere), a file outside is taken and named by its absolute path', () => {
    const evil = path.join(realpathSync(outside), 'evil.sh')
    assert.deepEqual(parseProbe('../outside/evil.sh', undefined, at(repo, true)), {
      kind: 'file',
      path: evil,
      relativePath: evil,
    })
    assert.deepEqual(parseProbe('probe.sh', undefined, at(repo, true)), {
      kind: 'file',
      path: path.join(repo, 'probe.sh'),
      relativePath: 'probe.sh',
    })
    throwsInput(
      () => parseProbe('../outside/nope.sh', undefined, at(repo, true)),
      'probe',
      "'../outside/nope.sh' does not exist",
    )
    const setup = parseOptions(
      { setup: path.join(outside, 'evil.sh') },
      { repositoryRoot: repo, syntaxError: bashSyntaxError, env: {}, scriptsAnywhere: true },
    ).setup
    assert.deepEqual(setup && setup.kind === 'file' && setup.relativePath, evil)
  })

  test('a symlink inside the repository that points outside it', () => {
    throwsInput(
      () => parseProbe('link-out.sh', undefined, at(repo)),
      'probe',
      "'link-out.sh'",
      'outside the repository',
    )
  })

  test('a directory', () => {
    throwsInput(() => parseProbe('ci/probes', undefined, at(repo)), 'probe', "'ci/probes'", 'not a regular file')
  })

  test('the repository itself', () => {
    throwsInput(() => parseProbe('.', undefined, at(repo)), 'probe')
  })

  test('probe and run both given', () => {
    throwsInput(() => parseProbe('probe.sh', 'date -u', at(repo)), 'probe', 'not both')
  })

  test('parseOptions puts it together, with defaults', () => {
    const options = parseOptions(
      { probe: 'probe.sh', packages: 'perl', dates: '2038-01-20' },
      {
        repositoryRoot: repo,
        syntaxError: bashSyntaxError,
        env: { XDG_CACHE_HOME: '/xdg' },
        now: new Date('2026-11-29T19:58:12.345Z'),
      },
    )
    assert.deepEqual(options, {
      dates: [new Date('2038-01-20T00:00:00Z')],
      arch: 'i386',
      suite: 'bookworm',
      packages: ['perl'],
      probe: { kind: 'file', path: path.join(repo, 'probe.sh'), relativePath: 'probe.sh' },
      clock: 'step',
      mirror: 'http://deb.debian.org/debian',
      timeoutSeconds: 600,
      cacheDir: '/xdg/y2038-action',
      accel: 'auto',
      audit: 'packages',
      failOn: 'findings',
      control: new Date('2026-11-29T19:58:12Z'),
      controlIsHostClock: true,
      debs: [],
      init: 'sh',
      systemdTarget: 'multi-user.target',
      crossMarginSeconds: 30,
      confirm: true,
    })
  })

  test('confirm: true or false, and one line naming the input otherwise', () => {
    const ctx = { repositoryRoot: repo, syntaxError: bashSyntaxError, env: {} }
    assert.equal(parseOptions({ confirm: 'false' }, ctx).confirm, false)
    assert.equal(parseOptions({ confirm: ' true ' }, ctx).confirm, true)
    assert.equal(parseOptions({ confirm: '' }, ctx).confirm, true)
    assert.throws(() => parseOptions({ confirm: 'yes' }, ctx), {
      message: "confirm: 'yes' is not valid (valid: true, false)",
    })
  })

  test('search: a range, dates: search for the default one, the scan among the dates, confirm off unless asked', () => {
    const ctx = { repositoryRoot: repo, syntaxError: bashSyntaxError, env: {}, now: new Date('2026-12-05T10:00:00Z') }
    const ranged = parseOptions({ search: '2036-12-01..2038-02-01', control: 'none' }, ctx)
    assert.deepEqual(ranged.search, { from: new Date('2036-12-01T00:00:00Z'), to: new Date('2038-02-01T00:00:00Z') })
    assert.deepEqual(isos(ranged.dates), [
      '2036-12-01T00:00:00.000Z',
      '2038-01-19T03:14:07.000Z',
      '2038-01-19T03:14:08.000Z',
      '2038-02-01T00:00:00.000Z',
    ])
    assert.equal(ranged.confirm, false)
    assert.equal(parseOptions({ search: '2036-12-01..2038-02-01', confirm: 'true' }, ctx).confirm, true)
    // dates: search: from the control date (auto: the host's clock) to the end of unsigned 32-bit seconds.
    const whole = parseOptions({ dates: 'search' }, ctx)
    assert.deepEqual(whole.search, { from: new Date('2026-12-05T10:00:00Z'), to: new Date('2106-02-07T06:28:16Z') })
    assert.equal(whole.dates.length, 18)
    // Either end left out takes its default; a date given too is run as well, once.
    const open = parseOptions({ search: '..2036-06-01', dates: '2030-01-01, search' }, ctx)
    assert.deepEqual(open.search, { from: new Date('2026-12-05T10:00:00Z'), to: new Date('2036-06-01T00:00:00Z') })
    assert.deepEqual(isos(open.dates), [
      '2030-01-01T00:00:00.000Z',
      '2026-12-05T10:00:00.000Z',
      '2036-02-07T06:28:15.000Z',
      '2036-02-07T06:28:16.000Z',
      '2036-06-01T00:00:00.000Z',
    ])
    assert.equal(parseOptions({}, ctx).search, undefined)
  })

  test('search: one line naming the input for a bad range or clock', () => {
    const ctx = { repositoryRoot: repo, syntaxError: bashSyntaxError, env: {}, now: new Date('2026-12-05T10:00:00Z') }
    throwsInput(() => parseOptions({ search: '2038-01-01' }, ctx), 'search', "'2038-01-01' is not a range", 'FROM..TO')
    throwsInput(() => parseOptions({ search: '2038-01-01..tomorrow' }, ctx), 'search', "'tomorrow'", 'not a date')
    throwsInput(() => parseOptions({ search: '2039-01-01..2038-01-01' }, ctx), 'search', 'ends at or before it starts')
    throwsInput(() => parseOptions({ search: '2030-01-01..2300-01-01' }, ctx), 'search', 'the kernel', '2262')
    throwsInput(
      () => parseOptions({ search: '2030-01-01..2040-01-01', clock: 'boot' }, ctx),
      'clock',
      "'boot' cannot run a search",
      'valid: step',
    )
    throwsInput(() => parseOptions({ dates: 'search', clock: 'cross' }, ctx), 'clock', "'cross' cannot run a search")
  })

  test('audit and fail-on: the valid values, and one line naming the input otherwise', () => {
    const ctx = { repositoryRoot: repo, syntaxError: bashSyntaxError, env: {} }
    assert.equal(parseOptions({ audit: 'all', failOn: 'audit' }, ctx).audit, 'all')
    assert.equal(parseOptions({ audit: 'none', failOn: 'never' }, ctx).failOn, 'never')
    assert.throws(() => parseOptions({ audit: 'some' }, ctx), {
      message: "audit: 'some' is not valid (valid: packages, all, none)",
    })
    assert.throws(() => parseOptions({ failOn: 'always' }, ctx), {
      message: "fail-on: 'always' is not valid (valid: findings, audit, never)",
    })
  })
})

describe('parseCacheDir and defaultCacheDir', () => {
  test('XDG_CACHE_HOME wins over HOME', () => {
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache/me', HOME: '/home/me' }), '/var/cache/me/y2038-action')
  })

  test('HOME/.cache without XDG_CACHE_HOME, or with it blank', () => {
    assert.equal(defaultCacheDir({ HOME: '/home/me' }), '/home/me/.cache/y2038-action')
    assert.equal(defaultCacheDir({ HOME: '/home/me', XDG_CACHE_HOME: ' ' }), '/home/me/.cache/y2038-action')
  })

  test("the user's home directory without HOME", () => {
    assert.equal(defaultCacheDir({}), path.join(os.homedir(), '.cache', 'y2038-action'))
  })

  test('no value takes the default', () => {
    assert.equal(parseCacheDir(undefined, { HOME: '/home/me' }), '/home/me/.cache/y2038-action')
    assert.equal(parseCacheDir('', { XDG_CACHE_HOME: '/xdg' }), '/xdg/y2038-action')
  })

  test('a value is made absolute', () => {
    assert.equal(parseCacheDir('/tmp/cache/', { HOME: '/home/me' }), '/tmp/cache')
    assert.equal(parseCacheDir(' rel/cache ', { HOME: '/home/me' }), path.resolve('rel/cache'))
  })
})

describe('parseAccel', () => {
  test('auto by default; kvm and tcg taken as they are', () => {
    assert.equal(parseAccel(undefined), 'auto')
    assert.equal(parseAccel(' '), 'auto')
    assert.equal(parseAccel('kvm'), 'kvm')
    assert.equal(parseAccel('tcg'), 'tcg')
  })

  test('anything else is an error naming accel and what is valid', () => {
    assert.throws(() => parseAccel('hvf'), {
      name: 'InputError',
      message: "accel: 'hvf' is not valid (valid: auto, kvm, tcg)",
    })
  })
})

describe('parseControl', () => {
  const now = new Date('2026-11-29T19:58:12.345Z')

  test('auto (the default): the host clock to the second', () => {
    assert.deepEqual(parseControl(undefined, now), new Date('2026-11-29T19:58:12Z'))
    assert.deepEqual(parseControl(' auto ', now), new Date('2026-11-29T19:58:12Z'))
    assert.equal(DEFAULTS.control, 'auto')
  })

  test('auto on a host whose clock is within a year of the rollover: 2037-01-19', () => {
    assert.deepEqual(parseControl('auto', new Date('2037-06-01T00:00:00Z')), new Date('2037-01-19T00:00:00Z'))
    assert.deepEqual(parseControl('auto', new Date('2040-01-01T00:00:00Z')), new Date('2037-01-19T00:00:00Z'))
  })

  test('none: no control run', () => {
    assert.equal(parseControl('none', now), undefined)
  })

  test('a date before the rollover, as dates are written', () => {
    assert.deepEqual(parseControl('2030-01-01', now), new Date('2030-01-01T00:00:00Z'))
    assert.deepEqual(parseControl('2038-01-19T03:14:07Z', now), new Date('2038-01-19T03:14:07Z'))
  })

  test('a date at or after the rollover, before 1970-01-02, or not a date: one line naming control', () => {
    throwsInput(
      () => parseControl('2038-01-19T03:14:08Z', now),
      'control',
      'must be from 1970-01-02T00:00:00Z to before 2038-01-19T03:14:08Z',
    )
    throwsInput(() => parseControl('1970-01-01', now), 'control', 'must be from')
    throwsInput(
      () => parseControl('yesterday', now),
      'control',
      'valid: auto, none, or a date before 2038-01-19T03:14:08Z',
    )
  })
})
