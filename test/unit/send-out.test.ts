import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, describe, test } from 'node:test'
import { parseRecords } from '../../src/protocol/records.js'
import { GUEST_SYSCALLS, syscallsText } from '../../src/protocol/run-config.js'
import { readOutFiles } from '../../src/verdict/stages.js'

const SEND_OUT = fileURLToPath(new URL('../../src/guest/send-out.pl', import.meta.url))
const TOKEN = '5e9d0a1b2c3d'
const HOST = process.arch === 'arm64' ? 'arm64' : 'amd64'

/**
 * Runs send-out.pl with the host's perl, its fd 3 (the results port) a file, as init.sh
 * runs it after the probe. A timeout proves that nothing in the walk blocks.
 */
function sendOut(
  dir: string,
  limit: number | string,
  token = TOKEN,
): { status: number | null; stderr: string; data: Buffer } {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'y2038-send-out-port-'))
  const portFile = path.join(scratch, 'port')
  const fd = openSync(portFile, 'w')
  try {
    const run = spawnSync('perl', [SEND_OUT, dir, token, String(limit)], {
      stdio: ['ignore', 'pipe', 'pipe', fd],
      env: { ...process.env, Y2038_SYSCALLS: syscallsText(GUEST_SYSCALLS[HOST]) },
      encoding: 'utf8',
      timeout: 20_000,
    })
    assert.equal(run.error, undefined, `send-out.pl did not finish: ${String(run.error)}`)
    return { status: run.status, stderr: run.stderr, data: readFileSync(portFile) }
  } finally {
    closeSync(fd)
    rmSync(scratch, { recursive: true, force: true })
  }
}

describe('send-out.pl, run by the host perl', () => {
  let base: string
  const binary = Buffer.from([0x00, 0x01, 0xff, 0x0a, 0x1e, 0x59, 0x00, 0x0d, 0x0a, 0x00])
  // More than one 64 KiB chunk, so that a file travels in several data records.
  const large = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff))

  before(() => {
    base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'y2038-send-out-')))
  })

  after(() => {
    rmSync(base, { recursive: true, force: true })
  })

  const fresh = (name: string): string => {
    const dir = path.join(base, name)
    mkdirSync(dir)
    return dir
  }

  test('every regular file, in sorted walk order, with exact contents; a link skipped; a FIFO does not block', () => {
    const dir = fresh('tree')
    writeFileSync(path.join(dir, 'a.txt'), 'alpha\n')
    mkdirSync(path.join(dir, 'dir', 'nested'), { recursive: true })
    writeFileSync(path.join(dir, 'dir', 'b.bin'), binary)
    writeFileSync(path.join(dir, 'dir', 'nested', 'deep.txt'), 'deep\n')
    writeFileSync(path.join(dir, 'empty'), '')
    const fifo = spawnSync('mkfifo', [path.join(dir, 'fifo')])
    assert.equal(fifo.status, 0, String(fifo.stderr))
    symlinkSync('/etc/passwd', path.join(dir, 'link'))
    writeFileSync(path.join(dir, 'large.bin'), large)

    const run = sendOut(dir, 1024 * 1024)
    assert.equal(run.status, 0, run.stderr)
    assert.equal(run.stderr, '')
    const stream = parseRecords(run.data, TOKEN)
    assert.deepEqual([stream.corrupt, stream.missing, stream.outOfOrder], [0, [], []])
    // The large file came in four data records (64 KiB chunks).
    assert.deepEqual(
      stream.records.map((r) => r.kind),
      [
        'file',
        'data',
        'file',
        'data',
        'file',
        'data',
        'file',
        'file',
        'file',
        'data',
        'data',
        'data',
        'data',
        'skip',
        'outend',
      ],
    )
    const total = 6 + binary.length + 5 + large.length
    assert.equal(stream.records.at(-1)!.data.toString(), `6 ${total} 0 0`)
    assert.deepEqual(readOutFiles(stream), {
      files: [
        { name: 'a.txt', data: Buffer.from('alpha\n') },
        { name: 'dir/b.bin', data: binary },
        { name: 'dir/nested/deep.txt', data: Buffer.from('deep\n') },
        { name: 'empty', data: Buffer.alloc(0) },
        { name: 'fifo', data: Buffer.alloc(0) },
        { name: 'large.bin', data: large },
      ],
      skipped: [{ name: 'link', why: 'a symbolic link' }],
      bytes: total,
      filesNotSent: 0,
      cut: false,
      complete: true,
    })
  })

  test('a FIFO that a process holds open for writing, with nothing in it, does not block either', () => {
    const dir = fresh('fifo-held')
    const fifo = path.join(dir, 'pipe')
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0)
    writeFileSync(path.join(dir, 'z.txt'), 'after\n')
    // Read-write: the open does not wait for a reader, and a writer stays for the walk.
    const writer = openSync(fifo, 'r+')
    try {
      const run = sendOut(dir, 1000)
      assert.equal(run.status, 0, run.stderr)
      assert.deepEqual(readOutFiles(parseRecords(run.data, TOKEN)), {
        files: [
          { name: 'pipe', data: Buffer.alloc(0) },
          { name: 'z.txt', data: Buffer.from('after\n') },
        ],
        skipped: [],
        bytes: 6,
        filesNotSent: 0,
        cut: false,
        complete: true,
      })
    } finally {
      closeSync(writer)
    }
  })

  test('a symbolic link to a directory is skipped, not walked', () => {
    const dir = fresh('dirlink')
    writeFileSync(path.join(dir, 'f'), 'f')
    symlinkSync('/etc', path.join(dir, 'etc'))
    const out = readOutFiles(parseRecords(sendOut(dir, 1000).data, TOKEN))
    assert.deepEqual(out.files, [{ name: 'f', data: Buffer.from('f') }])
    assert.deepEqual(out.skipped, [{ name: 'etc', why: 'a symbolic link' }])
    assert.equal(out.complete, true)
  })

  test('over a small limit: the first file cut at the limit, the second named as over it', () => {
    const dir = fresh('limit')
    writeFileSync(path.join(dir, 'first.txt'), '0123456789ABCDEF')
    writeFileSync(path.join(dir, 'second.txt'), 'xyz')
    const run = sendOut(dir, 10)
    assert.equal(run.status, 0, run.stderr)
    assert.deepEqual(readOutFiles(parseRecords(run.data, TOKEN)), {
      files: [{ name: 'first.txt', data: Buffer.from('0123456789') }],
      skipped: [{ name: 'second.txt', why: 'over the limit of 10 bytes' }],
      bytes: 10,
      filesNotSent: 1,
      cut: true,
      complete: true,
    })
  })

  test('a file that ends exactly at the limit is not cut', () => {
    const dir = fresh('exact')
    writeFileSync(path.join(dir, 'first.txt'), '0123456789')
    writeFileSync(path.join(dir, 'second.txt'), 'xyz')
    assert.deepEqual(readOutFiles(parseRecords(sendOut(dir, 10).data, TOKEN)), {
      files: [{ name: 'first.txt', data: Buffer.from('0123456789') }],
      skipped: [{ name: 'second.txt', why: 'over the limit of 10 bytes' }],
      bytes: 10,
      filesNotSent: 1,
      cut: false,
      complete: true,
    })
  })

  test('an empty directory: only the end record', () => {
    const run = sendOut(fresh('none'), 10)
    assert.equal(run.status, 0, run.stderr)
    assert.equal(run.data.toString('latin1'), `\x1eY2038|${TOKEN}|1|outend|7|0 0 0 0\n`)
  })

  test('a directory that is not there: nothing sent but the end record', () => {
    const run = sendOut(path.join(base, 'missing'), 10)
    assert.equal(run.status, 0, run.stderr)
    assert.deepEqual(readOutFiles(parseRecords(run.data, TOKEN)), {
      files: [],
      skipped: [],
      bytes: 0,
      filesNotSent: 0,
      cut: false,
      complete: true,
    })
  })

  test('a token that is not hex is refused before anything is written', () => {
    const run = sendOut(fresh('badtoken'), 10, 'not-hex')
    assert.notEqual(run.status, 0)
    assert.ok(run.stderr.startsWith('send-out.pl: usage: DIR TOKEN LIMIT'), run.stderr)
    assert.equal(run.stderr.split('\n').length, 2, run.stderr)
    assert.equal(run.data.length, 0)
  })
})
