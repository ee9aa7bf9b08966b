import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { CorruptImageError, describePayload, verifyPayload } from '../../src/image/payload.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-payload-'))
after(() => rmSync(dir, { recursive: true, force: true }))

describe('describePayload and verifyPayload', () => {
  test('lists each file with its size and sha256, sorted by name', async () => {
    const at = mkdtempSync(path.join(dir, 'a-'))
    writeFileSync(path.join(at, 'vmlinuz'), 'kernel')
    writeFileSync(path.join(at, 'initrd.img'), '')
    assert.deepEqual(await describePayload(at, ['vmlinuz', 'initrd.img']), [
      {
        name: 'initrd.img',
        bytes: 0,
        sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      },
      {
        name: 'vmlinuz',
        bytes: 6,
        sha256: '6923dd1bc0460082c5d55a831908c24a282860b7f1cd6c2b79cf1bc8857c639c',
      },
    ])
  })

  test('refuses a name with a slash and a file that is a link', async () => {
    const at = mkdtempSync(path.join(dir, 'b-'))
    writeFileSync(path.join(at, 'real'), 'x')
    symlinkSync('real', path.join(at, 'link'))
    await assert.rejects(describePayload(at, ['../real']), /not a payload file name/)
    await assert.rejects(describePayload(at, ['link']), /is not a regular file/)
  })

  test('a copy that matches passes; a changed byte, a cut file, a missing file or no list do not', async () => {
    const at = mkdtempSync(path.join(dir, 'c-'))
    writeFileSync(path.join(at, 'root.erofs'), 'image bytes')
    writeFileSync(path.join(at, 'audit.json'), '{}')
    const payload = await describePayload(at, ['root.erofs', 'audit.json'])
    await verifyPayload('the copy', at, payload)

    writeFileSync(path.join(at, 'root.erofs'), 'image bytez')
    await assert.rejects(verifyPayload('the copy', at, payload), {
      name: 'CorruptImageError',
      message: 'the copy: root.erofs does not match its digest',
    })
    truncateSync(path.join(at, 'root.erofs'), 5)
    await assert.rejects(verifyPayload('the copy', at, payload), /root\.erofs is 5 bytes, not 11: incomplete/)
    rmSync(path.join(at, 'root.erofs'))
    await assert.rejects(verifyPayload('the copy', at, payload), /the copy lacks root\.erofs/)
    await assert.rejects(verifyPayload('the copy', at, []), CorruptImageError)
    await assert.rejects(verifyPayload('the copy', at, undefined), /lists no files/)
    await assert.rejects(
      verifyPayload('the copy', at, [{ name: '../../etc/passwd', sha256: '0', bytes: 0 }]),
      /bad file name/,
    )
  })
})
