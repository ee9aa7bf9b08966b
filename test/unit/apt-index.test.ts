import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import { type AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { after, before, describe, test } from 'node:test'
import {
  IndexFetchError,
  PackagesParser,
  archMatches,
  compareVersions,
  fetchPackagesIndex,
  mergeIndexes,
  missingPackages,
  parsePackagesIndex,
  parseProvides,
  parseRelations,
  satisfiesVersion,
  unsatisfiable,
} from '../../src/debian/apt-index.js'
import type { CommandRunner } from '../../src/host/proc.js'
import { shellQuote } from '../../src/config/text.js'

const hasProgram = (name: string): boolean => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0
const HAS_DPKG = hasProgram('dpkg')
const HAS_XZ = hasProgram('xz')

describe('compareVersions', () => {
  // Each pair is in dpkg's ascending order.
  const ascending: [string, string][] = [
    ['1.0~rc1', '1.0'],
    ['1.0~~', '1.0~'],
    ['1.0~', '1.0'],
    ['1.0', '1.0a'],
    ['1.0a', '1.0+'],
    ['1.0', '1.0.1'],
    ['2.0', '1:0.1'],
    ['1:9.9', '2:0'],
    ['1.0-1', '1.0-1+b1'],
    ['1.0-1+b1', '1.0-2'],
    ['2.30-1', '2.30-10'],
    ['2.30-9', '2.30-10'],
    ['1.2.3', '1.10'],
    ['1.0-1~bpo12+1', '1.0-1'],
    ['0.9', '1.0'],
    ['1.0', '1.0-0.1'],
    ['1.0a', '1.0b'],
    ['1.0-1', '1.0-a'],
    ['7.1.1-1', '7.1.1+dfsg-1'],
    ['2.36-9+deb12u4', '2.36-9+deb12u10'],
  ]
  for (const [low, high] of ascending) {
    test(`${low} < ${high}`, () => {
      assert.equal(compareVersions(low, high), -1)
      assert.equal(compareVersions(high, low), 1)
    })
  }

  test('equal versions: leading zeros, a missing epoch, a missing or zero revision', () => {
    assert.equal(compareVersions('1.0', '1.0'), 0)
    assert.equal(compareVersions('1.01', '1.1'), 0)
    assert.equal(compareVersions('0:1.0', '1.0'), 0)
    assert.equal(compareVersions('1.0-0', '1.0'), 0)
  })

  test('satisfiesVersion applies each operator', () => {
    const results = (['<<', '<=', '=', '>=', '>>'] as const).map((op) => [
      satisfiesVersion('1.0', op, '1.0'),
      satisfiesVersion('1.0~rc1', op, '1.0'),
      satisfiesVersion('1:0.1', op, '1.0'),
    ])
    assert.deepEqual(results, [
      [false, true, false],
      [true, true, false],
      [true, false, false],
      [true, false, true],
      [false, false, true],
    ])
  })

  test('agrees with dpkg --compare-versions', { skip: !HAS_DPKG && 'dpkg is not installed here' }, () => {
    // The listed pairs, and pseudo-random valid versions (a fixed seed: the same pairs each run).
    let seed = 2038
    const random = (n: number): number => {
      seed = (seed * 48271) % 2147483647
      return seed % n
    }
    const pick = (chars: string, length: number): string =>
      Array.from({ length }, () => chars[random(chars.length)]).join('')
    const version = (): string => {
      const epoch = random(4) === 0 ? `${random(3)}:` : ''
      const upstream = `${random(10)}${pick('0019a.~+z', random(5))}`
      const revision = random(2) === 0 ? `-${pick('019b.~+', 1 + random(3))}` : ''
      return `${epoch}${upstream}${revision}`
    }
    const pairs: [string, string][] = [...ascending]
    for (let i = 0; i < 300; i++) pairs.push([version(), version()])
    // Equal in dpkg's order, written differently: an explicit epoch 0, leading zeros.
    for (let i = 0; i < 30; i++) {
      const v = version()
      pairs.push([v, v.includes(':') ? v.replace(/(\d+)$/, '0$1') : `0:${v}`])
    }
    const script = pairs
      .map(([a, b]) => {
        const [qa, qb] = [shellQuote(a), shellQuote(b)]
        return `if dpkg --compare-versions ${qa} lt ${qb}; then echo -1; elif dpkg --compare-versions ${qa} eq ${qb}; then echo 0; else echo 1; fi`
      })
      .join('\n')
    const result = spawnSync('sh', ['-c', script], { encoding: 'utf8' })
    assert.equal(result.status, 0, result.stderr)
    assert.equal(result.stderr, '', 'dpkg found every generated version valid')
    const expected = result.stdout.trim().split('\n').map(Number)
    assert.equal(expected.length, pairs.length)
    const disagreements = pairs
      .map(([a, b], i) => ({ a, b, dpkg: expected[i], ours: compareVersions(a, b) }))
      .filter((row) => row.dpkg !== row.ours)
    assert.deepEqual(disagreements, [])
    // The generator makes all three outcomes, or the comparison above would prove little.
    assert.deepEqual(new Set(expected), new Set([-1, 0, 1]))
  })
})

describe('parseRelations', () => {
  test('groups of alternatives with versions and arch qualifiers', () => {
    assert.deepEqual(parseRelations('a (>= 1.2) | b:any, c, libc6 (<< 2.37~),e:native (=1:2.0-1)'), [
      {
        text: 'a (>= 1.2) | b:any',
        alternatives: [
          { name: 'a', op: '>=', version: '1.2' },
          { name: 'b', arch: 'any' },
        ],
      },
      { text: 'c', alternatives: [{ name: 'c' }] },
      { text: 'libc6 (<< 2.37~)', alternatives: [{ name: 'libc6', op: '<<', version: '2.37~' }] },
      { text: 'e:native (=1:2.0-1)', alternatives: [{ name: 'e', arch: 'native', op: '=', version: '1:2.0-1' }] },
    ])
  })

  test('a folded field, empty groups and the obsolete < and > operators', () => {
    assert.deepEqual(parseRelations('a (< 2),\n  b (> 1),\n , c (>>3)\n'), [
      { text: 'a (< 2)', alternatives: [{ name: 'a', op: '<=', version: '2' }] },
      { text: 'b (> 1)', alternatives: [{ name: 'b', op: '>=', version: '1' }] },
      { text: 'c (>>3)', alternatives: [{ name: 'c', op: '>>', version: '3' }] },
    ])
  })

  test('architecture restrictions keep the alternatives that apply to the target', () => {
    const field = 'a [i386], b [!i386] | c, d [linux-any], e [any-arm] | f [amd64 arm64], g'
    const names = (arch?: string): string[][] =>
      parseRelations(field, arch === undefined ? {} : { arch }).map((g) => g.alternatives.map((r) => r.name))
    assert.deepEqual(names('i386'), [['a'], ['c'], ['d'], ['g']])
    assert.deepEqual(names('armhf'), [['b', 'c'], ['d'], ['e'], ['g']])
    assert.deepEqual(names('arm64'), [['b', 'c'], ['d'], ['f'], ['g']])
    // Nothing to decide on: all kept.
    assert.deepEqual(names(), [['a'], ['b', 'c'], ['d'], ['e', 'f'], ['g']])
  })

  test('build profiles: none active by default', () => {
    const field = 'a <!nocheck>, b <nocheck>, c <stage1 !cross> <nocheck>, d'
    const names = (profiles?: string[]): string[] =>
      parseRelations(field, profiles ? { profiles } : {}).map((g) => g.text.split(' ')[0]!)
    assert.deepEqual(names(), ['a', 'd'])
    assert.deepEqual(names(['nocheck']), ['b', 'c', 'd'])
    assert.deepEqual(names(['stage1']), ['a', 'c', 'd'])
    assert.deepEqual(names(['stage1', 'cross']), ['a', 'd'])
  })

  test('a restriction and a profile together', () => {
    assert.deepEqual(parseRelations('a [i386] <!nocheck>', { arch: 'i386' }), [
      { text: 'a [i386] <!nocheck>', alternatives: [{ name: 'a' }] },
    ])
    assert.deepEqual(parseRelations('a [i386] <!nocheck>', { arch: 'i386', profiles: ['nocheck'] }), [])
  })

  test('bad syntax is an error naming the alternative', () => {
    assert.throws(() => parseRelations('a, b (>= 1'), /^Error: 'b \(>= 1' is not a Debian relation/)
    assert.throws(() => parseRelations('a (~ 1)'), /'a \(~ 1\)' is not a Debian relation/)
    assert.throws(() => parseRelations('a | '), /'' is not a Debian relation \(in 'a \|'\)/)
    assert.throws(() => parseRelations('a [i386 !amd64]', { arch: 'i386' }), /mixes negated and plain terms/)
  })

  test('archMatches', () => {
    assert.deepEqual(
      [
        archMatches('any', 'armel'),
        archMatches('linux-any', 'i386'),
        archMatches('any-i386', 'i386'),
        archMatches('any-i386', 'hurd-i386'),
        archMatches('linux-any', 'hurd-i386'),
        archMatches('any-arm', 'armhf'),
        archMatches('any-arm', 'arm64'),
        archMatches('amd64', 'i386'),
        archMatches('any-amd64', 'x32'),
      ],
      [true, true, true, true, false, true, false, false, true],
    )
  })
})

const PACKAGES = `Package: libc6
Source: glibc
Version: 2.36-9+deb12u4
Installed-Size: 12345
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Architecture: i386
Multi-Arch: same
Depends: libgcc-s1
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system. Package: not-a-package
Description-md5: 4cb0b3a1ac4dd5e8e6c5a2d3f6b0a1c9

Package: libc6
Version: 2.37-1
Architecture: i386
Multi-Arch: same

Package: python3
Version: 3.11.2-1+b1
Architecture: i386
Multi-Arch: allowed
Provides: python3-profiler,
 python3-supported-min (= 3.11), python3-supported-max (= 3.11)

package: mawk
VERSION: 1.3.4.20200120-3.1
Architecture: i386
Multi-Arch: foreign
Provides: awk

Package: postfix
Version: 3.7.10-0+deb12u1
Architecture: i386
Provides: default-mta, mail-transport-agent

Package: make
Version: 4.3-4.1
Architecture: i386
Multi-Arch: allowed

Package: tzdata
Version: 2024a-0+deb12u1
Architecture: all
Multi-Arch: foreign
Provides: tzdata-bookworm

Package: libfoo1
Version: 1.0-1
Architecture: i386
Multi-Arch: same
Provides: libfoo-abi-1

Package: no-version
Architecture: i386
`

describe('parsePackagesIndex', () => {
  const index = parsePackagesIndex(PACKAGES)

  test('keeps each stanza with a name and version, its versions and fields', () => {
    assert.equal(index.stanzas, 8)
    assert.deepEqual([...index.packages.keys()], ['libc6', 'python3', 'mawk', 'postfix', 'make', 'tzdata', 'libfoo1'])
    assert.deepEqual(index.packages.get('libc6'), [
      { name: 'libc6', version: '2.36-9+deb12u4', architecture: 'i386', multiArch: 'same', provides: [] },
      { name: 'libc6', version: '2.37-1', architecture: 'i386', multiArch: 'same', provides: [] },
    ])
    // Field names in any case; Multi-Arch: foreign.
    assert.deepEqual(index.packages.get('mawk'), [
      {
        name: 'mawk',
        version: '1.3.4.20200120-3.1',
        architecture: 'i386',
        multiArch: 'foreign',
        provides: [{ name: 'awk' }],
      },
    ])
  })

  test('a folded Provides, with and without versions', () => {
    assert.deepEqual(index.packages.get('python3')![0]!.provides, [
      { name: 'python3-profiler' },
      { name: 'python3-supported-min', version: '3.11' },
      { name: 'python3-supported-max', version: '3.11' },
    ])
    assert.deepEqual(
      [...index.provides.entries()].map(([name, providers]) => [
        name,
        providers.map((p) => `${p.by.name}${p.version === undefined ? '' : `=${p.version}`}`),
      ]),
      [
        ['python3-profiler', ['python3']],
        ['python3-supported-min', ['python3=3.11']],
        ['python3-supported-max', ['python3=3.11']],
        ['awk', ['mawk']],
        ['default-mta', ['postfix']],
        ['mail-transport-agent', ['postfix']],
        ['tzdata-bookworm', ['tzdata']],
        ['libfoo-abi-1', ['libfoo1']],
      ],
    )
  })

  test('text cut anywhere, in CRLF, gives the same index', () => {
    const text = PACKAGES.replace(/\n/g, '\r\n')
    for (const size of [1, 2, 7, 64]) {
      const parser = new PackagesParser()
      for (let i = 0; i < text.length; i += size) parser.write(text.slice(i, i + size))
      assert.deepEqual(parser.end(), index, `chunks of ${size}`)
    }
  })

  test('the last stanza without a final newline, and a second text into the same index', () => {
    const parser = new PackagesParser()
    parser.write('Package: a\nVersion: 1')
    parser.end()
    parser.write('Package: b\nVersion: 2\n')
    const both = parser.end()
    assert.deepEqual([...both.packages.keys()], ['a', 'b'])
    assert.equal(both.stanzas, 2)
  })

  test('parseProvides skips what is not a name with an optional = version', () => {
    assert.deepEqual(parseProvides('a (= 1), b (>= 2), c:any, , d'), [
      { name: 'a', version: '1' },
      { name: 'c' },
      { name: 'd' },
    ])
  })

  test('mergeIndexes holds every package of each', () => {
    const amd64 = parsePackagesIndex('Package: libc6\nVersion: 2.36-9\nArchitecture: amd64\nProvides: x\n')
    const merged = mergeIndexes([index, amd64])
    assert.equal(merged.stanzas, 9)
    assert.deepEqual(
      merged.packages.get('libc6')!.map((p) => `${p.version}/${p.architecture}`),
      ['2.36-9+deb12u4/i386', '2.37-1/i386', '2.36-9/amd64'],
    )
    assert.deepEqual(
      merged.provides.get('x')!.map((p) => p.by.architecture),
      ['amd64'],
    )
  })
})

describe('unsatisfiable', () => {
  const index = parsePackagesIndex(PACKAGES)
  const texts = (field: string, options = {}): string[] =>
    unsatisfiable(field, index, { arch: 'i386', ...options }).map((g) => g.text)

  test('versions: any version of the name that fits', () => {
    assert.deepEqual(
      texts('libc6 (>= 2.36), libc6 (>= 2.38), libc6 (<< 2.37), libc6 (>> 2.37-1), libc6 (= 2.36-9+deb12u4)'),
      ['libc6 (>= 2.38)', 'libc6 (>> 2.37-1)'],
    )
  })

  test('alternatives: one is enough', () => {
    assert.deepEqual(texts('nosuch | libc6, nosuch | other, libc6 (>= 9) | make'), ['nosuch | other'])
  })

  test('Provides: any for an unversioned relation, a fitting version for a versioned one', () => {
    assert.deepEqual(
      texts(
        'awk, awk (>= 1), python3-supported-min (>= 3.11), python3-supported-min (>> 3.11), mail-transport-agent, libfoo-abi-1',
      ),
      ['awk (>= 1)', 'python3-supported-min (>> 3.11)'],
    )
  })

  test(':any needs Multi-Arch: allowed; :native and unqualified need this architecture, all or foreign', () => {
    assert.deepEqual(texts('python3:any (>= 3.11), make:any, mawk:any, libc6:any, awk:any, tzdata:native'), [
      'mawk:any',
      'libc6:any',
      'awk:any',
    ])
    // For amd64 the i386 packages do not do, but Architecture: all and Multi-Arch: foreign ones do.
    assert.deepEqual(texts('libc6, mawk, awk, tzdata, tzdata-bookworm, python3, libc6:i386', { arch: 'amd64' }), [
      'libc6',
      'python3',
    ])
    // Without a target architecture any will do.
    assert.deepEqual(unsatisfiable('libc6, python3', index), [])
  })

  test('arch-restricted alternatives count for the target only', () => {
    assert.deepEqual(texts('nosuch [i386] | libc6 [amd64], nosuch [amd64] | libc6 [i386]'), [
      'nosuch [i386] | libc6 [amd64]',
    ])
  })

  test("the user's packages count as present, with their versions and Provides", () => {
    const field =
      'mytool (>= 2), mytool (>= 3), mylib | nosuch, virtual-thing (>= 1), virtual-thing (>= 2), plain (>= 9)'
    assert.deepEqual(texts(field), field.split(', '))
    assert.deepEqual(
      texts(field, {
        present: [{ name: 'mytool', version: '2.5-1', provides: 'virtual-thing (= 1.5), mylib' }, 'plain'],
      }),
      ['mytool (>= 3)', 'virtual-thing (>= 2)'],
    )
  })

  test('parsed groups are taken as they are, and keep their text', () => {
    const groups = parseRelations('libc6 (>= 3), make')
    assert.deepEqual(unsatisfiable(groups, index, { arch: 'i386' }), [groups[0]])
  })
})

describe('missingPackages', () => {
  test('names that are neither packages nor provided, in the order given', () => {
    const index = parsePackagesIndex(PACKAGES)
    assert.deepEqual(
      missingPackages(['python2', 'make', 'awk', 'mail-transport-agent', 'libc6:i386', 'nosuch:any', 'zzz'], index),
      ['python2', 'nosuch:any', 'zzz'],
    )
  })
})

describe('fetchPackagesIndex', () => {
  const MAIN =
    'Package: hello\nVersion: 2.10-3\nArchitecture: i386\n\nPackage: base-files\nVersion: 12.4\nArchitecture: i386\n'
  const CONTRIB = 'Package: contrib-tool\nVersion: 1.0\nArchitecture: all\nProvides: tool\n'
  let dir: string
  let server: Server
  let base: string
  const requests: string[] = []
  // The path after /debian/ of each file served, and its bytes.
  const files = new Map<string, Buffer>()

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-apt-index-test-'))
    const xz = (text: string): Buffer => {
      const result = spawnSync('xz', ['-c'], { input: text })
      assert.equal(result.status, 0)
      return result.stdout
    }
    files.set('dists/gz/main/binary-i386/Packages.gz', gzipSync(MAIN))
    files.set('dists/gz/contrib/binary-i386/Packages.gz', gzipSync(CONTRIB))
    files.set('dists/plain/main/binary-i386/Packages', Buffer.from(MAIN))
    files.set('dists/broken/main/binary-i386/Packages.gz', Buffer.from('not gzip'))
    if (HAS_XZ) {
      files.set('dists/xz/main/binary-i386/Packages.xz', xz(MAIN))
      files.set('dists/xz/main/binary-i386/Packages.gz', gzipSync('Package: wrong\nVersion: 1\n'))
      files.set('dists/brokenxz/main/binary-i386/Packages.xz', Buffer.from('not xz'))
    }
    // The same files as a file:// mirror.
    for (const [name, bytes] of files) {
      mkdirSync(path.dirname(path.join(dir, 'mirror', name)), { recursive: true })
      writeFileSync(path.join(dir, 'mirror', name), bytes)
    }
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      requests.push(`${request.url} ${request.headers.authorization ?? ''}`.trim())
      const url = request.url ?? ''
      if (url.startsWith('/moved/')) {
        response.writeHead(301, { location: url.replace('/moved/', '/debian/') }).end()
      } else if (url.startsWith('/error/')) {
        response.writeHead(500).end('no')
      } else if (url.startsWith('/gone/')) {
        response.writeHead(410).end()
      } else if (url.startsWith('/slow/')) {
        // Never answers; the client's timeout ends it.
      } else {
        const bytes = files.get(url.replace(/^\/(?:debian|user)\//, ''))
        if (bytes) response.writeHead(200).end(bytes)
        else response.writeHead(404).end('not found')
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  after(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
    rmSync(dir, { recursive: true, force: true })
  })

  const served = async (
    mirror: string,
    suite: string,
    components?: string[],
    options = {},
  ): Promise<{ names: string[]; requested: string[] }> => {
    requests.length = 0
    const index = await fetchPackagesIndex(mirror, suite, 'i386', components, options)
    return { names: [...index.packages.keys()], requested: [...requests] }
  }

  test('Packages.xz first', { skip: !HAS_XZ && 'xz is not installed here' }, async () => {
    assert.deepEqual(await served(`${base}/debian/`, 'xz'), {
      names: ['hello', 'base-files'],
      requested: ['/debian/dists/xz/main/binary-i386/Packages.xz'],
    })
  })

  test('Packages.gz when there is no .xz, for each component into one index', async () => {
    const index = await fetchPackagesIndex(`${base}/debian`, 'gz', 'i386', ['main', 'contrib'])
    assert.deepEqual([...index.packages.keys()], ['hello', 'base-files', 'contrib-tool'])
    assert.deepEqual(missingPackages(['tool', 'hello', 'nosuch'], index), ['nosuch'])
    assert.deepEqual((await served(`${base}/debian`, 'gz', ['main', 'contrib'])).requested, [
      '/debian/dists/gz/main/binary-i386/Packages.xz',
      '/debian/dists/gz/main/binary-i386/Packages.gz',
      '/debian/dists/gz/contrib/binary-i386/Packages.xz',
      '/debian/dists/gz/contrib/binary-i386/Packages.gz',
    ])
  })

  test('plain Packages last, after a redirect', async () => {
    assert.deepEqual(await served(`${base}/moved`, 'plain'), {
      names: ['hello', 'base-files'],
      requested: [
        '/moved/dists/plain/main/binary-i386/Packages.xz',
        '/debian/dists/plain/main/binary-i386/Packages.xz',
        '/moved/dists/plain/main/binary-i386/Packages.gz',
        '/debian/dists/plain/main/binary-i386/Packages.gz',
        '/moved/dists/plain/main/binary-i386/Packages',
        '/debian/dists/plain/main/binary-i386/Packages',
      ],
    })
  })

  test('credentials in the mirror URL go in a header and never in a message', async () => {
    const { requested } = await served(`http://me:s%40cret@127.0.0.1:${new URL(base).port}/user`, 'plain')
    const header = `Basic ${Buffer.from('me:s@cret').toString('base64')}`
    assert.equal(requested.at(-1), `/user/dists/plain/main/binary-i386/Packages ${header}`)
    await assert.rejects(
      fetchPackagesIndex(`http://me:secret@127.0.0.1:${new URL(base).port}/user`, 'nosuch', 'i386'),
      (error: Error) => {
        assert.ok(!error.message.includes('secret'), error.message)
        assert.match(error.message, /^http:\/\/\*\*\*@127\.0\.0\.1:\d+\/user\/dists\/nosuch\//)
        return true
      },
    )
  })

  test('no index at all: one error naming the directory and what each file answered', async () => {
    await assert.rejects(fetchPackagesIndex(`${base}/debian`, 'nosuch', 'i386'), (error: Error) => {
      assert.ok(error instanceof IndexFetchError)
      assert.equal(error.url, `${base}/debian/dists/nosuch/main/binary-i386/`)
      assert.equal(
        error.message,
        `${base}/debian/dists/nosuch/main/binary-i386/: no Packages index (Packages.xz, Packages.gz, Packages: HTTP 404)`,
      )
      return true
    })
    await assert.rejects(fetchPackagesIndex(`${base}/gone`, 'x', 'i386'), /Packages: HTTP 410\)$/)
    // One component missing fails the whole index.
    await assert.rejects(fetchPackagesIndex(`${base}/debian`, 'gz', 'i386', ['main', 'non-free']), /non-free/)
  })

  test('a server error is not a missing file: no fallback', async () => {
    requests.length = 0
    await assert.rejects(fetchPackagesIndex(`${base}/error`, 'x', 'i386'), (error: Error) => {
      assert.ok(error instanceof IndexFetchError)
      assert.equal(error.status, 500)
      assert.equal(error.message, `${base}/error/dists/x/main/binary-i386/Packages.xz: HTTP 500 Internal Server Error`)
      return true
    })
    assert.equal(requests.length, 1)
  })

  test("a mirror on a port Node's fetch will not use says so, not 'bad port'", async () => {
    await assert.rejects(
      fetchPackagesIndex('http://127.0.0.1:9/debian', 'bookworm', 'i386'),
      (error: Error) =>
        error.message ===
        "http://127.0.0.1:9/debian/dists/bookworm/main/binary-i386/Packages.xz: not read: Node's fetch does not connect to port 9 (a port the Fetch standard blocks; apt does)",
    )
  })

  test('an unreachable mirror, a timeout and a corrupt file name the URL', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    await assert.rejects(
      fetchPackagesIndex(`http://127.0.0.1:${port}/debian`, 'bookworm', 'i386'),
      new RegExp(
        `^IndexFetchError: http://127\\.0\\.0\\.1:${port}/debian/dists/bookworm/main/binary-i386/Packages\\.xz: cannot fetch it \\(ECONNREFUSED\\)$`,
      ),
    )
    await assert.rejects(
      fetchPackagesIndex(`${base}/slow`, 'bookworm', 'i386', ['main'], { timeoutMs: 200 }),
      new RegExp(
        `^IndexFetchError: ${base}/slow/dists/bookworm/main/binary-i386/Packages\\.xz: timed out after 0\\.2 s$`,
      ),
    )
    await assert.rejects(
      fetchPackagesIndex(`${base}/debian`, 'broken', 'i386'),
      new RegExp(
        `^IndexFetchError: ${base}/debian/dists/broken/main/binary-i386/Packages\\.gz: cannot fetch it \\(.+\\)$`,
      ),
    )
  })

  test('a corrupt .xz names the URL and what xz said', { skip: !HAS_XZ && 'xz is not installed here' }, async () => {
    await assert.rejects(
      fetchPackagesIndex(`${base}/debian`, 'brokenxz', 'i386'),
      new RegExp(
        `^IndexFetchError: ${base}/debian/dists/brokenxz/main/binary-i386/Packages\\.xz: xz could not decompress it: .*File format not recognized$`,
      ),
    )
  })

  test('no xz on the host: the error says which package to install', async () => {
    const runner = {
      run: () => Promise.reject(Object.assign(new Error('spawn xz ENOENT'), { code: 'ENOENT' })),
      start: () => {
        throw new Error('not used')
      },
    } as unknown as CommandRunner
    const mirror = pathToFileURL(path.join(dir, 'fake-xz')).href
    mkdirSync(path.join(dir, 'fake-xz', 'dists', 's', 'main', 'binary-i386'), { recursive: true })
    writeFileSync(path.join(dir, 'fake-xz', 'dists', 's', 'main', 'binary-i386', 'Packages.xz'), 'x')
    await assert.rejects(
      fetchPackagesIndex(mirror, 's', 'i386', ['main'], { runner }),
      new RegExp(
        `^IndexFetchError: ${mirror}/dists/s/main/binary-i386/Packages\\.xz: cannot decompress it: xz is not installed \\(Debian package xz-utils\\)$`,
      ),
    )
  })

  test('a file:// mirror, each compression', async () => {
    const mirror = pathToFileURL(path.join(dir, 'mirror')).href
    const suites = HAS_XZ ? ['xz', 'gz', 'plain'] : ['gz', 'plain']
    for (const suite of suites) {
      const index = await fetchPackagesIndex(mirror, suite, 'i386')
      assert.deepEqual([...index.packages.keys()], ['hello', 'base-files'], suite)
    }
    await assert.rejects(
      fetchPackagesIndex(mirror, 'nosuch', 'i386'),
      new RegExp(
        `^IndexFetchError: ${mirror}/dists/nosuch/main/binary-i386/: no Packages index \\(Packages\\.xz, Packages\\.gz, Packages: no such file\\)$`,
      ),
    )
  })
})
