import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { checkMirror, fetchRefusedPort, mirrorRequest, proxySet } from '../../src/debian/mirror.js'

describe('mirrorRequest', () => {
  test("the URL's credentials become a Basic header, never part of what is fetched or shown", () => {
    const request = mirrorRequest('https://user:p%40ss@mirror.example/debian/dists/bookworm/InRelease')
    assert.equal(request.href, 'https://mirror.example/debian/dists/bookworm/InRelease')
    assert.deepEqual(request.headers, { authorization: `Basic ${Buffer.from('user:p@ss').toString('base64')}` })
    assert.doesNotMatch(request.shown, /p%40ss|p@ss/)
  })

  test('without credentials, no header', () => {
    assert.deepEqual(mirrorRequest('http://deb.debian.org/debian').headers, {})
  })
})

describe('a port Node will not fetch from (real fetch, no network)', () => {
  test('fetch refuses port 9 before connecting: that is seen as such', async () => {
    const error = await fetch('http://127.0.0.1:9/debian').then(
      () => undefined,
      (e: unknown) => e,
    )
    assert.ok(error, 'fetch to port 9 was refused')
    assert.equal(fetchRefusedPort(error), true)
    assert.equal(fetchRefusedPort(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })), false)
  })

  test('checkMirror leaves such a mirror to the build, which connects and says what it finds', async () => {
    await checkMirror('http://127.0.0.1:9/debian', 'bookworm', fetch, {})
  })

  test('a closed port fetch does try is "cannot reach", with the reason', async () => {
    await assert.rejects(checkMirror('http://127.0.0.1:3/debian', 'bookworm', fetch, {}), {
      name: 'InputError',
      message: /cannot reach http:\/\/127\.0\.0\.1:3\/debian \(ECONNREFUSED\)/,
    })
  })
})

describe('proxySet', () => {
  test('any of the four variables', () => {
    assert.equal(proxySet({}), false)
    for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY'])
      assert.equal(proxySet({ [name]: 'http://proxy:3128' }), true, name)
  })
})
