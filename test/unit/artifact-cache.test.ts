import assert from 'node:assert/strict'
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { ensurePrivateDir } from '../../src/action/artifact-cache.js'
import { cacheTransferDir } from '../../src/action/run.js'

describe('the staging directory of the Actions cache', () => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'y2038-transfer-test-'))
  after(() => rmSync(base, { recursive: true, force: true }))
  const uid = process.getuid!()

  test('one fixed path per user id: the cache version hashes it', () => {
    assert.equal(cacheTransferDir(1001), '/tmp/y2038-action-transfer-1001')
    assert.equal(cacheTransferDir(0), '/tmp/y2038-action-transfer-0')
  })

  test('made with mode 700; an existing one of ours is narrowed to 700', async () => {
    const fresh = path.join(base, 'fresh')
    await ensurePrivateDir(fresh)
    assert.equal(lstatSync(fresh).mode & 0o777, 0o700)
    const open = path.join(base, 'open')
    mkdirSync(open)
    chmodSync(open, 0o777)
    await ensurePrivateDir(open)
    assert.equal(lstatSync(open).mode & 0o777, 0o700)
  })

  test('a link, a file, or another user’s directory is refused', async () => {
    const target = path.join(base, 'target')
    mkdirSync(target)
    const link = path.join(base, 'link')
    symlinkSync(target, link)
    await assert.rejects(ensurePrivateDir(link), { message: `${link} is not a directory` })
    const file = path.join(base, 'file')
    writeFileSync(file, '')
    await assert.rejects(ensurePrivateDir(file), { message: `${file} is not a directory` })
    const theirs = path.join(base, 'theirs')
    mkdirSync(theirs)
    if (uid === 0) chownSync(theirs, 4242, 4242)
    await assert.rejects(ensurePrivateDir(theirs, uid === 0 ? 0 : uid + 1), {
      message: `${theirs} belongs to user ${uid === 0 ? 4242 : uid}, not to this user (${uid === 0 ? 0 : uid + 1})`,
    })
  })
})
