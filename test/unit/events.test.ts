import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { decodeMark, decodeRecord, isTrapEcho, splitAtMarks, unitNames } from '../../src/protocol/events.js'

const echo = (mark: string, next: string | undefined): boolean =>
  isTrapEcho(decodeMark(mark), next === undefined ? undefined : decodeMark(next))

describe('isTrapEcho', () => {
  test('a cmd whose $? is the status of the fail right after it, same line and depth', () => {
    assert.equal(echo('cmd 7 1 2 "$@"', 'fail 7 1 2 1 "$@"'), true)
    assert.equal(echo('cmd 7 1 2 x', 'fail 8 1 2 1 x'), false)
    assert.equal(echo('cmd 7 1 3 x', 'fail 7 1 2 1 x'), false)
    assert.equal(echo('cmd 7 2 2 x', 'fail 7 1 2 1 x'), false)
    assert.equal(echo('cmd 7 0 2 false', 'fail 7 0 2 1 false'), false)
  })

  test('a cmd whose $? is the status of the exit right after it', () => {
    assert.equal(echo('cmd 2 3 2 exit 3', 'exit 3'), true)
    assert.equal(echo('cmd 2 0 2 exit 0', 'exit 0'), false)
    assert.equal(echo('cmd 2 1 2 exit 3', 'exit 3'), false)
    assert.equal(echo('cmd 2 1 2 x', undefined), false)
  })
})

describe('decodeMark', () => {
  test('ran: the failing command as bash ran it', () => {
    assert.deepEqual(decodeMark("ran test 'a b' = 2038"), { kind: 'ran', text: "test 'a b' = 2038" })
  })

  test("the probe's EXIT action and a failure in it", () => {
    assert.deepEqual(decodeMark("exittrap 12 rm -f '/tmp/a b'"), {
      kind: 'exittrap',
      line: 12,
      text: "rm -f '/tmp/a b'",
    })
    assert.deepEqual(decodeMark('exittrap 0 cleanup'), { kind: 'exittrap', line: 0, text: 'cleanup' })
    assert.deepEqual(decodeMark('trapfail 2 3 0,2'), { kind: 'trapfail', status: 2, depth: 3, pipeline: [0, 2] })
    assert.deepEqual(decodeMark('trapfail 1 2 1'), { kind: 'trapfail', status: 1, depth: 2, pipeline: [1] })
    assert.equal(decodeMark('trapfail x 2 1'), undefined)
    assert.equal(decodeMark('exittrap cleanup'), undefined)
  })

  test('cmd and fail with their uptime, btime and pipeline', () => {
    assert.deepEqual(decodeMark('cmd 3 1 2 u12.5 b2147483000 sudo -n true'), {
      kind: 'cmd',
      line: 3,
      prev: 1,
      depth: 2,
      uptime: 12.5,
      btime: 2147483000,
      text: 'sudo -n true',
    })
    assert.deepEqual(decodeMark('fail 4 1 2 u3 0,1 false | true'), {
      kind: 'fail',
      line: 4,
      status: 1,
      depth: 2,
      uptime: 3,
      pipeline: [0, 1],
      text: 'false | true',
    })
    assert.deepEqual(decodeMark('done 0'), { kind: 'done', status: 0 })
    assert.deepEqual(decodeMark('exit x'), { kind: 'exit' })
    assert.equal(decodeMark('cmd x'), undefined)
    assert.equal(decodeMark('nonsense 1'), undefined)
  })
})

describe('splitAtMarks', () => {
  const marker = Buffer.from('\x1eY2038Mabc:', 'latin1')
  const text = (pieces: (Buffer | { kind: string })[]): string[] =>
    pieces.map((p) => (Buffer.isBuffer(p) ? `out:${p.toString()}` : p.kind))

  test('output and marks in order, the trap echo dropped, an undecodable mark neither mark nor output', () => {
    const data = Buffer.from(
      'a\n\x1eY2038Mabc:cmd 1 0 2 false\n\x1eY2038Mabc:cmd 1 1 2 false\n\x1eY2038Mabc:fail 1 1 2 1 false\nb\n\x1eY2038Mabc:junk\nc',
      'latin1',
    )
    assert.deepEqual(text(splitAtMarks(data, marker)), ['out:a\n', 'cmd', 'out:', 'out:', 'fail', 'out:b\n', 'out:c'])
  })

  test('without a marker the whole stream is output', () => {
    assert.deepEqual(text(splitAtMarks(Buffer.from('x'), undefined)), ['out:x'])
  })
})

describe('decodeRecord', () => {
  const record = (kind: string, payload: string) => ({ seq: 1, kind, data: Buffer.from(payload) })

  test('the units systemctl listed, from its first column, for both unit records', () => {
    const listed = 'foo.service loaded failed failed Foo\nserial-getty@ttyS0.service loaded failed failed Serial\n'
    for (const kind of ['bootfailed', 'failedunits'])
      assert.deepEqual(decodeRecord(record(kind, listed)), {
        kind,
        units: ['foo.service', 'serial-getty@ttyS0.service'],
      })
    assert.deepEqual(unitNames('Failed to connect to bus: No such file or directory'), [])
  })

  test('a record that does not parse, or of a kind the host does not know, is no event', () => {
    assert.equal(decodeRecord(record('clock', 'soon')), undefined)
    assert.equal(decodeRecord(record('hello', 'machine=i686')), undefined)
    assert.equal(decodeRecord(record('whatever', '1')), undefined)
    assert.deepEqual(decodeRecord(record('outend', '2 10 1 1')), {
      kind: 'outend',
      files: 2,
      bytes: 10,
      notSent: 1,
      cut: true,
    })
  })
})
