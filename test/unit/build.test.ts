import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type AddressInfo } from 'node:net'
import { type Server, createServer } from 'node:http'
import { pathToFileURL } from 'node:url'
import { after, afterEach, before, beforeEach, describe, test } from 'node:test'
import { classifyBuildFailure } from '../../src/image/build.js'
import { checkMirror } from '../../src/debian/mirror.js'
import { InputError, ToolError } from '../../src/config/errors.js'

const context = { suite: 'bookworm', arch: 'i386', mirror: 'http://deb.debian.org/debian' }

function assertInput(error: Error, input: string, ...parts: string[]): void {
  assert.ok(error instanceof InputError, `expected an InputError, got ${error.name}: ${error.message}`)
  assert.equal(error.input, input)
  assert.ok(error.message.startsWith(`${input}: `), error.message)
  for (const part of parts) assert.ok(error.message.includes(part), `'${error.message}' should mention '${part}'`)
}

describe('classifyBuildFailure', () => {
  test('an unknown package names the package', () => {
    const output = [
      'I: running apt-get update...',
      'E: Unable to locate package nosuchpkg',
      'E: apt-get --yes install nosuchpkg failed',
    ].join('\n')
    assertInput(classifyBuildFailure(output, context), 'packages', "'nosuchpkg'", 'bookworm/i386', context.mirror)
  })

  test('a package with no installation candidate', () => {
    assertInput(
      classifyBuildFailure("E: Package 'python2' has no installation candidate", context),
      'packages',
      "'python2'",
    )
  })

  test('an unmet dependency', () => {
    const output = ' foo : Depends: libbar (>= 2) but it is not installable'
    assertInput(classifyBuildFailure(output, context), 'packages', "'foo'", 'libbar (>= 2)')
  })

  test('a suite without a Release file', () => {
    const output = "E: The repository 'http://deb.debian.org/debian nosuch Release' does not have a Release file."
    assertInput(classifyBuildFailure(output, { ...context, suite: 'nosuch' }), 'suite', "'nosuch'")
  })

  test('a mirror that cannot be resolved', () => {
    const mirror = 'http://deb.example.invalid/debian'
    const output = [
      'I: running apt-get update...',
      'Err:1 http://deb.example.invalid/debian bookworm InRelease',
      "  Could not resolve 'deb.example.invalid'",
      'E: apt-get update failed',
    ].join('\n')
    assertInput(
      classifyBuildFailure(output, { ...context, mirror }),
      'mirror',
      mirror,
      "Could not resolve 'deb.example.invalid'",
    )
  })

  test('a mirror that refuses connections', () => {
    const output =
      'W: Failed to fetch http://localhost:9/debian/dists/bookworm/InRelease  Could not connect to localhost:9 (127.0.0.1). - connect (111: Connection refused)'
    assertInput(classifyBuildFailure(output, context), 'mirror')
  })

  test('a mirror in the middle of a sync is a tool error, not an unreachable mirror', () => {
    // As apt prints them: both come as "Failed to fetch".
    for (const output of [
      'E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/main/binary-i386/Packages.xz  Hash Sum mismatch\n   Hashes of expected file:',
      'E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/main/binary-i386/Packages.xz  File has unexpected size (9000 != 8000). Mirror sync in progress? [IP: 151.101.2.132 80]',
    ]) {
      const error = classifyBuildFailure(output, context)
      assert.ok(error instanceof ToolError, `${error.name}: ${error.message}`)
      assert.match(error.message, /^the mirror http:\/\/deb\.debian\.org\/debian served inconsistent files/)
    }
  })

  test('an expired Release file (a stale mirror or a snapshot) names the mirror', () => {
    // Seen here with sid on the project's mirror.
    const error = classifyBuildFailure(
      'E: Release file for http://deb.debian.org/debian/dists/sid/InRelease is expired (invalid since 22d 22h 3min 5s). Updates for this repository will not be applied.',
      { ...context, suite: 'sid' },
    )
    assertInput(error, 'mirror', 'expired Release file for sid')
  })

  test('a package file missing from the mirror is an incomplete mirror, not an unreachable one', () => {
    // Seen here with armel trixie on the project's mirror.
    const error = classifyBuildFailure(
      'E: Failed to fetch http://deb.debian.org/debian/pool/main/g/glibc/libc6_2.41-12%2bdeb13u5_armel.deb  404  Not Found [IP: 203.0.113.80 80]',
      { ...context, suite: 'trixie', arch: 'armel' },
    )
    assert.ok(error instanceof ToolError)
    assert.match(error.message, /lacks libc6_2\.41-12%2bdeb13u5_armel\.deb \(404\).*incomplete or out-of-sync mirror/)
  })

  test('an unknown failure is a tool error with the first E: line', () => {
    const error = classifyBuildFailure('I: doing things\nE: setup failed: something odd\nE: second', context)
    assert.ok(error instanceof ToolError)
    assert.ok(!(error instanceof InputError))
    assert.equal(
      error.message,
      'mmdebstrap failed for bookworm/i386 at http://deb.debian.org/debian: E: setup failed: something odd',
    )
  })

  test('an unknown failure without an E: line shows the last line printed', () => {
    const error = classifyBuildFailure('I: one\nsegmentation fault\n\n', context)
    assert.ok(error instanceof ToolError)
    assert.match(error.message, /: segmentation fault$/)
    assert.match(classifyBuildFailure('', context).message, /\(no output\)$/)
  })
})

describe('checkMirror against a local mirror that wants a password (real fetch, loopback)', () => {
  let server: Server
  let port = 0
  const proxies: Record<string, string | undefined> = {}
  before(async () => {
    // Behind a proxy checkMirror asks nothing: these tests are about a direct request.
    for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY']) {
      proxies[name] = process.env[name]
      delete process.env[name]
    }
    server = createServer((req, res) => {
      const ok = req.headers.authorization === `Basic ${Buffer.from('ci:s3 cr3t').toString('base64')}`
      res.statusCode = !ok ? 401 : req.url === '/debian/dists/bookworm/InRelease' ? 200 : 404
      res.end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    for (const [name, value] of Object.entries(proxies)) if (value !== undefined) process.env[name] = value
  })

  test('credentials in the URL are sent as a header, and the suite is found', async () => {
    await checkMirror(`http://ci:s3%20cr3t@127.0.0.1:${port}/debian`, 'bookworm')
  })

  test('without them the mirror answers 401, an error naming the mirror', async () => {
    await assert.rejects(checkMirror(`http://127.0.0.1:${port}/debian`, 'bookworm'), {
      message: `mirror: http://127.0.0.1:${port}/debian answered HTTP 401 for dists/bookworm/InRelease`,
    })
  })
})

describe('checkMirror', () => {
  const PROXY_VARS = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY'] as const
  const saved: Record<string, string | undefined> = {}

  beforeEach(() => {
    for (const name of PROXY_VARS) {
      saved[name] = process.env[name]
      delete process.env[name]
    }
  })

  afterEach(() => {
    for (const name of PROXY_VARS) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  })

  function fakeFetch(answer: () => Promise<Response>, calls: Array<{ url: string; init?: RequestInit }>): typeof fetch {
    return (async (input: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(input), init })
      return answer()
    }) as typeof fetch
  }

  test('a rejected request is an InputError for mirror naming the cause', async () => {
    const calls: Array<{ url: string; init?: RequestInit }> = []
    const failing = fakeFetch(
      () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } })),
      calls,
    )
    await assert.rejects(checkMirror('http://deb.example.invalid/debian', 'bookworm', failing), (error: Error) => {
      assertInput(error, 'mirror', 'http://deb.example.invalid/debian', 'ENOTFOUND')
      return true
    })
    assert.equal(calls.length, 1)
  })

  test('a rejected request without a cause still names the mirror', async () => {
    const failing = fakeFetch(() => Promise.reject(new Error('boom')), [])
    await assert.rejects(checkMirror('http://m.example/debian', 'bookworm', failing), (error: Error) => {
      assertInput(error, 'mirror', 'boom')
      return true
    })
  })

  test('404 is an InputError for suite', async () => {
    const notFound = fakeFetch(async () => new Response(null, { status: 404 }), [])
    await assert.rejects(checkMirror('http://deb.debian.org/debian', 'bookwrom', notFound), (error: Error) => {
      assertInput(error, 'suite', "'bookwrom'", 'http://deb.debian.org/debian')
      return true
    })
  })

  test('another error status is an InputError for mirror', async () => {
    const broken = fakeFetch(async () => new Response(null, { status: 503 }), [])
    await assert.rejects(checkMirror('http://deb.debian.org/debian', 'bookworm', broken), (error: Error) => {
      assertInput(error, 'mirror', 'HTTP 503')
      return true
    })
  })

  test("200 resolves, after a HEAD request for the suite's InRelease", async () => {
    const calls: Array<{ url: string; init?: RequestInit }> = []
    const ok = fakeFetch(async () => new Response(null, { status: 200 }), calls)
    await checkMirror('http://deb.debian.org/debian', 'bookworm', ok)
    assert.equal(calls.length, 1)
    assert.equal(calls[0]!.url, 'http://deb.debian.org/debian/dists/bookworm/InRelease')
    assert.equal(calls[0]!.init?.method, 'HEAD')
    assert.ok(calls[0]!.init?.signal, 'the request has a timeout')
  })

  test('behind a proxy the check is skipped', async () => {
    process.env.https_proxy = 'http://proxy.invalid:3128'
    const calls: Array<{ url: string; init?: RequestInit }> = []
    const failing = fakeFetch(() => Promise.reject(new Error('should not be called')), calls)
    await checkMirror('http://deb.debian.org/debian', 'bookworm', failing)
    assert.equal(calls.length, 0)
  })

  describe('a file:// mirror', () => {
    let dir: string
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-mirror-'))
      mkdirSync(path.join(dir, 'dists', 'bookworm'), { recursive: true })
      writeFileSync(path.join(dir, 'dists', 'bookworm', 'InRelease'), 'Suite: bookworm\n')
    })
    after(() => rmSync(dir, { recursive: true, force: true }))

    test('with the suite resolves without fetching', async () => {
      const never = fakeFetch(() => Promise.reject(new Error('no fetch for file://')), [])
      await checkMirror(pathToFileURL(dir).href, 'bookworm', never)
    })

    test('without the suite is an InputError for mirror', async () => {
      await assert.rejects(checkMirror(pathToFileURL(dir).href, 'trixie'), (error: Error) => {
        assertInput(error, 'mirror', "'trixie'")
        return true
      })
    })
  })
})
