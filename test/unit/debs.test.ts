import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { parsePackagesIndex } from '../../src/debian/apt-index.js'
import {
  type DebPackage,
  groupNames,
  inspectDebs,
  mirrorDependencies,
  mirrorShortfall,
  namesOf,
  parseControlFields,
  relationGroups,
} from '../../src/debian/debs.js'
import { InputError } from '../../src/config/errors.js'
import type { RepositoryFile } from '../../src/config/workspace.js'
import { ProcessRunner } from '../../src/host/proc.js'

/** A .deb as inspectDebs returns it, for the pure functions. */
function deb(fields: Partial<DebPackage> & Pick<DebPackage, 'package'>): DebPackage {
  return {
    path: `/repo/dist/${fields.package}.deb`,
    relativePath: `dist/${fields.package}.deb`,
    version: '1.0-1',
    architecture: 'i386',
    depends: '',
    provides: '',
    ...fields,
  }
}

describe('parseControlFields', () => {
  test('one field per line, values trimmed', () => {
    const fields = parseControlFields('Package: hello-time\nVersion:  1:2.0-1 \nArchitecture: i386\n')
    assert.deepEqual(
      [...fields],
      [
        ['Package', 'hello-time'],
        ['Version', '1:2.0-1'],
        ['Architecture', 'i386'],
      ],
    )
  })

  test('continuation lines are folded into the field with one space', () => {
    const fields = parseControlFields(
      'Package: a\nDepends: libc6 (>= 2.36),\n libfoo1 | libfoo-compat,\n\t perl\nProvides: x\n',
    )
    assert.equal(fields.get('Depends'), 'libc6 (>= 2.36), libfoo1 | libfoo-compat, perl')
    assert.equal(fields.get('Provides'), 'x')
    assert.equal(fields.get('Package'), 'a')
  })

  test('a field whose value starts on the next line', () => {
    assert.equal(parseControlFields('Depends:\n a,\n b\n').get('Depends'), 'a, b')
  })

  test('a continuation line before any field, and lines that are not fields, are ignored', () => {
    assert.deepEqual([...parseControlFields(' stray\nnot a field\nPackage: p\n')], [['Package', 'p']])
  })
})

describe('relationGroups', () => {
  test('splits on commas, collapses whitespace, drops empty groups', () => {
    assert.deepEqual(relationGroups('a (>= 1),  b |\n   c , , d:any [i386]\t,'), ['a (>= 1)', 'b | c', 'd:any [i386]'])
  })

  test('an empty field has no groups', () => {
    assert.deepEqual(relationGroups(''), [])
    assert.deepEqual(relationGroups(' , '), [])
  })
})

describe('groupNames', () => {
  test("the names of a group's alternatives, without versions, qualifiers and restrictions", () => {
    assert.deepEqual(groupNames('a (>= 1) | b:any [i386]'), ['a', 'b'])
    assert.deepEqual(groupNames('libstdc++6 (>= 12)'), ['libstdc++6'])
    assert.deepEqual(groupNames('  x.y-z  |  w2 '), ['x.y-z', 'w2'])
  })
})

describe('namesOf', () => {
  test("a package's own name and the names it provides", () => {
    assert.deepEqual(namesOf({ package: 'hello-time', provides: 'hello-clock (= 2.0), time-teller' }), [
      'hello-time',
      'hello-clock',
      'time-teller',
    ])
    assert.deepEqual(namesOf({ package: 'solo', provides: '' }), ['solo'])
  })
})

describe('mirrorDependencies', () => {
  test('the groups no .deb satisfies, sorted and without duplicates', () => {
    const app = deb({
      package: 'app',
      depends: 'libc6 (>= 2.36), libapp1 (= 1.0-1), perl, virtual-clock | chrony, zlib1g',
    })
    const lib = deb({ package: 'libapp1', depends: 'libc6 (>= 2.36), zlib1g', provides: 'virtual-clock' })
    assert.deepEqual(mirrorDependencies([app, lib]), ['libc6 (>= 2.36)', 'perl', 'zlib1g'])
  })

  test('a group is dropped when one of its alternatives is another .deb, by name or by Provides', () => {
    const a = deb({ package: 'a', depends: 'mirror-only | b, c-virtual, d (>= 3) | e' })
    const b = deb({ package: 'b', provides: 'c-virtual' })
    assert.deepEqual(mirrorDependencies([a, b]), ['d (>= 3) | e'])
  })

  test('no .debs, or .debs without dependencies, need nothing', () => {
    assert.deepEqual(mirrorDependencies([]), [])
    assert.deepEqual(mirrorDependencies([deb({ package: 'a' })]), [])
  })

  test('the same group from two .debs appears once; different spellings of it do not fold', () => {
    const a = deb({ package: 'a', depends: 'libc6 (>= 2.36), perl' })
    const b = deb({ package: 'b', depends: 'perl, libc6 (>= 2.34)' })
    assert.deepEqual(mirrorDependencies([a, b]), ['libc6 (>= 2.34)', 'libc6 (>= 2.36)', 'perl'])
  })
})

describe('mirrorShortfall', () => {
  const index = parsePackagesIndex(
    [
      'Package: libc6',
      'Version: 2.36-9+deb12u4',
      'Architecture: i386',
      '',
      'Package: perl',
      'Version: 5.36.0-7',
      'Architecture: i386',
      'Provides: perl-modules',
      '',
      'Package: libfoo1',
      'Version: 1.0-1',
      'Architecture: i386',
      '',
      'Package: tzdata',
      'Version: 2024a-0+deb12u1',
      'Architecture: all',
      '',
    ].join('\n'),
  )
  const context = { arch: 'i386', suite: 'bookworm', mirror: 'http://deb.debian.org/debian' }
  const where = 'bookworm/i386 at http://deb.debian.org/debian'

  test('everything there is no shortfall', () => {
    const app = deb({ package: 'app', depends: 'libc6 (>= 2.36), perl-modules, tzdata, libfoo1 (>= 1.0)' })
    assert.equal(mirrorShortfall(index, ['perl', 'tzdata'], [app], context), undefined)
    assert.equal(mirrorShortfall(index, [], [], context), undefined)
  })

  test('a user package the mirror does not have', () => {
    const error = mirrorShortfall(index, ['perl', 'nosuchpkg'], [], context)
    assert.ok(error instanceof InputError)
    assert.equal(error.input, 'packages')
    assert.equal(error.message, `packages: 'nosuchpkg' is not a package in ${where}`)
  })

  test('two user packages the mirror does not have', () => {
    const error = mirrorShortfall(index, ['nope-a', 'perl', 'nope-b'], [], context)
    assert.equal(error?.message, `packages: 'nope-a', 'nope-b' are not packages in ${where}`)
  })

  test("a .deb's dependency that nothing provides names the .deb and the relation", () => {
    const app = deb({ package: 'app', depends: 'libc6 (>= 2.36), libmissing1 (>= 2) | libmissing-compat, perl' })
    const error = mirrorShortfall(index, [], [app], context)
    assert.ok(error instanceof InputError)
    assert.equal(error.input, 'debs')
    assert.equal(
      error.message,
      `debs: 'dist/app.deb' depends on 'libmissing1 (>= 2) | libmissing-compat', which nothing in ${where} or among the .debs provides`,
    )
  })

  test('the missing user packages are reported before the .debs', () => {
    const app = deb({ package: 'app', depends: 'libmissing1' })
    assert.equal(mirrorShortfall(index, ['nope'], [app], context)?.input, 'packages')
  })

  test('a dependency satisfied by another .deb, by name or Provides, with its version', () => {
    const app = deb({ package: 'app', depends: 'libapp1 (>= 1.0), app-data-virtual' })
    const lib = deb({ package: 'libapp1', version: '1.2-1', depends: 'libc6' })
    const data = deb({ package: 'app-data', architecture: 'all', provides: 'app-data-virtual' })
    assert.equal(mirrorShortfall(index, [], [app, lib, data], context), undefined)
  })

  test('a versioned dependency the index version does not meet', () => {
    const app = deb({ package: 'app', depends: 'libfoo1 (>= 2.0)' })
    assert.equal(
      mirrorShortfall(index, [], [app], context)?.message,
      `debs: 'dist/app.deb' depends on 'libfoo1 (>= 2.0)', which nothing in ${where} or among the .debs provides`,
    )
  })

  test('a versioned dependency another .deb does not meet', () => {
    const app = deb({ package: 'app', depends: 'libapp1 (>= 2.0)' })
    const lib = deb({ package: 'libapp1', version: '1.2-1' })
    assert.equal(
      mirrorShortfall(index, [], [app, lib], context)?.message,
      `debs: 'dist/app.deb' depends on 'libapp1 (>= 2.0)', which nothing in ${where} or among the .debs provides`,
    )
  })

  test('every unmet group of the first .deb that has one is named', () => {
    const ok = deb({ package: 'ok', depends: 'perl' })
    const app = deb({ package: 'app', depends: 'gone-a, perl, gone-b (<< 3)' })
    assert.equal(
      mirrorShortfall(index, [], [ok, app], context)?.message,
      `debs: 'dist/app.deb' depends on 'gone-a', 'gone-b (<< 3)', which nothing in ${where} or among the .debs provides`,
    )
  })
})

describe('inspectDebs with real .deb files', () => {
  let base: string
  const runner = new ProcessRunner()

  /** Builds a .deb with `control` (Maintainer and Description added) at `relative`, and returns it as a RepositoryFile. */
  function build(relative: string, control: Record<string, string>): RepositoryFile {
    const tree = mkdtempSync(path.join(base, 'tree-'))
    mkdirSync(path.join(tree, 'DEBIAN'))
    mkdirSync(path.join(tree, 'usr', 'share', 'doc', control.Package!), { recursive: true })
    writeFileSync(path.join(tree, 'usr', 'share', 'doc', control.Package!, 'README'), 'test\n')
    const text = Object.entries({ ...control, Maintainer: 'Test <test@example.org>', Description: 'a test package' })
      .map(([k, v]) => `${k}: ${v}\n`)
      .join('')
    writeFileSync(path.join(tree, 'DEBIAN', 'control'), text)
    const file = path.join(base, 'repo', relative)
    mkdirSync(path.dirname(file), { recursive: true })
    const run = spawnSync('dpkg-deb', ['--root-owner-group', '--build', tree, file], { encoding: 'utf8' })
    assert.equal(run.status, 0, run.stderr)
    return { path: file, relativePath: relative }
  }

  let app: RepositoryFile
  let data: RepositoryFile
  let wrongArch: RepositoryFile
  let twin: RepositoryFile
  let garbage: RepositoryFile

  before(() => {
    base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'y2038-debs-')))
    app = build('dist/hello-time_2.0-1_i386.deb', {
      Package: 'hello-time',
      Version: '1:2.0-1',
      Architecture: 'i386',
      'Pre-Depends': 'libc6 (>= 2.36)',
      // Folded in the control file: dpkg-deb gives it back on one line, parseControlFields either way.
      Depends: 'libfoo1 (>= 1.0) | libfoo-compat,\n perl,\n  hello-data',
      Provides: 'hello-clock (= 2.0)',
    })
    data = build('dist/hello-data_2.0-1_all.deb', {
      Package: 'hello-data',
      Version: '2.0-1',
      Architecture: 'all',
    })
    wrongArch = build('dist/hello-time_2.0-1_amd64.deb', {
      Package: 'hello-amd64',
      Version: '2.0-1',
      Architecture: 'amd64',
    })
    twin = build('other/hello-time_2.1-1_i386.deb', {
      Package: 'hello-time',
      Version: '2.1-1',
      Architecture: 'i386',
    })
    const bad = path.join(base, 'repo', 'x.deb')
    writeFileSync(bad, Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) & 0xff)))
    garbage = { path: bad, relativePath: 'x.deb' }
  })

  after(() => {
    rmSync(base, { recursive: true, force: true })
  })

  test('reads an i386 .deb with Pre-Depends and Depends, and an Architecture: all one', async () => {
    assert.deepEqual(await inspectDebs([app, data], 'i386', runner), [
      {
        ...app,
        package: 'hello-time',
        version: '1:2.0-1',
        architecture: 'i386',
        depends: 'libc6 (>= 2.36), libfoo1 (>= 1.0) | libfoo-compat, perl, hello-data',
        provides: 'hello-clock (= 2.0)',
      },
      {
        ...data,
        package: 'hello-data',
        version: '2.0-1',
        architecture: 'all',
        depends: '',
        provides: '',
      },
    ])
  })

  test('an Architecture: all .deb fits any guest', async () => {
    const [read] = await inspectDebs([data], 'armhf', runner)
    assert.equal(read?.architecture, 'all')
  })

  test('what the mirror must provide for them: hello-data is one of the .debs', async () => {
    const debs = await inspectDebs([app, data], 'i386', runner)
    assert.deepEqual(mirrorDependencies(debs), ['libc6 (>= 2.36)', 'libfoo1 (>= 1.0) | libfoo-compat', 'perl'])
  })

  test('an amd64 .deb for an i386 guest', async () => {
    await assert.rejects(inspectDebs([data, wrongArch], 'i386', runner), (error: unknown) => {
      assert.ok(error instanceof InputError)
      assert.equal(error.input, 'debs')
      assert.equal(
        error.message,
        "debs: 'dist/hello-time_2.0-1_amd64.deb' is for amd64 (Architecture: amd64), but the guest is i386: build it for i386, or set arch to amd64",
      )
      return true
    })
  })

  test('a file that is not a .deb', async () => {
    await assert.rejects(inspectDebs([garbage], 'i386', runner), (error: unknown) => {
      assert.ok(error instanceof InputError)
      assert.equal(error.input, 'debs')
      const prefix = "debs: 'x.deb' is not a valid Debian package: "
      assert.ok(error.message.startsWith(prefix), error.message)
      // dpkg-deb's own last line, naming the file it was given.
      assert.equal(
        error.message.slice(prefix.length),
        `dpkg-deb: error: '${garbage.path}' is not a Debian format archive`,
      )
      assert.ok(!error.message.includes('\n'))
      return true
    })
  })

  test('a .deb that does not exist (gone since the options were read)', async () => {
    const gone = { path: path.join(base, 'repo', 'gone.deb'), relativePath: 'gone.deb' }
    await assert.rejects(inspectDebs([gone], 'i386', runner), (error: unknown) => {
      assert.ok(error instanceof InputError)
      assert.ok(error.message.startsWith("debs: 'gone.deb' is not a valid Debian package: dpkg-deb"), error.message)
      return true
    })
  })

  test('two .debs of the same package', async () => {
    await assert.rejects(inspectDebs([app, data, twin], 'i386', runner), (error: unknown) => {
      assert.ok(error instanceof InputError)
      assert.equal(
        error.message,
        "debs: 'other/hello-time_2.1-1_i386.deb' and 'dist/hello-time_2.0-1_i386.deb' are both the package hello-time: give one",
      )
      return true
    })
  })

  test('no .debs: nothing is run', async () => {
    const refusing = {
      run: () => Promise.reject(new Error('nothing should run')),
      start: () => {
        throw new Error('nothing should run')
      },
    }
    assert.deepEqual(await inspectDebs([], 'i386', refusing), [])
  })
})
