import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { type SerialRecord, encodeRecord, parseRecords, recordMarker } from '../../src/protocol/records.js'

const TOKEN = 'a1b2c3d4e5f6'

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url))
}

function stream(...parts: Array<Buffer | string>): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)))
}

const rec = (seq: number, kind: string, payload: string | Buffer, token = TOKEN) =>
  encodeRecord(token, seq, kind, payload)

/** Records as [seq, kind, payload text], to compare. */
const plain = (records: SerialRecord[]) =>
  records.map((r) => ({ seq: r.seq, kind: r.kind, payload: r.data.toString('utf8') }))

describe('encodeRecord', () => {
  test('writes the marker, token, seq, kind, byte length and payload on one line', () => {
    assert.equal(rec(7, 'out', 'hello').toString('latin1'), '\x1eY2038|a1b2c3d4e5f6|7|out|5|hello\n')
  })

  test('the length counts bytes, not characters', () => {
    assert.equal(rec(1, 'out', 'é').toString('latin1'), '\x1eY2038|a1b2c3d4e5f6|1|out|2|\xc3\xa9\n')
  })

  test('recordMarker is the prefix of every record', () => {
    assert.equal(
      rec(3, 'end', '').subarray(0, recordMarker(TOKEN).length).toString('latin1'),
      recordMarker(TOKEN).toString('latin1'),
    )
  })
})

describe('parseRecords', () => {
  test('round-trips encoded records', () => {
    const records = [
      { seq: 1, kind: 'hello', payload: 'harness=1 machine=i686 kernel=6.1.0-50-686' },
      { seq: 2, kind: 'cmd', payload: '3 check coreutils-date date -u' },
      { seq: 3, kind: 'out', payload: '' },
      { seq: 4, kind: 'out', payload: 'a | pipe | in | the | payload' },
      { seq: 5, kind: 'end', payload: '4' },
    ]
    const data = stream(...records.map((r) => rec(r.seq, r.kind, r.payload)))
    const parsed = parseRecords(data, TOKEN)
    assert.deepEqual(plain(parsed.records), records)
    assert.deepEqual({ ...parsed, records: [] }, { records: [], corrupt: 0, missing: [], outOfOrder: [] })
  })

  test('an empty stream has no records', () => {
    assert.deepEqual(parseRecords(Buffer.alloc(0), TOKEN), { records: [], corrupt: 0, missing: [], outOfOrder: [] })
  })

  test('garbage lines and kernel messages between records are ignored', () => {
    const data = stream(
      'garbage \x00\xff line\n',
      rec(1, 'hello', 'harness=1'),
      '[    4.158330] virtio_console: something happened\n',
      '\n',
      'Y2038|a1b2c3d4e5f6|9|out|3|abc\n',
      rec(2, 'out', 'one'),
      '[    5.000000] random: crng init done\r\n',
      rec(3, 'end', '2'),
      'trailing noise without newline',
    )
    const parsed = parseRecords(data, TOKEN)
    assert.deepEqual(
      plain(parsed.records).map((r) => [r.seq, r.kind, r.payload]),
      [
        [1, 'hello', 'harness=1'],
        [2, 'out', 'one'],
        [3, 'end', '2'],
      ],
    )
    assert.equal(parsed.corrupt, 0)
    assert.deepEqual(parsed.missing, [])
  })

  test('garbage before the marker on the same line is ignored', () => {
    const data = stream('[    3.1] kernel says hi', rec(1, 'out', 'payload after garbage'), 'xx', rec(2, 'end', '1'))
    const parsed = parseRecords(data, TOKEN)
    assert.deepEqual(
      plain(parsed.records).map((r) => r.payload),
      ['payload after garbage', '1'],
    )
    assert.equal(parsed.corrupt, 0)
  })

  test('a cut-off record followed by a whole one on the same line: the whole one is kept', () => {
    const cut = rec(1, 'out', 'this was cut off').subarray(0, 30)
    const parsed = parseRecords(stream(cut, rec(2, 'out', 'whole')), TOKEN)
    assert.deepEqual(plain(parsed.records), [{ seq: 2, kind: 'out', payload: 'whole' }])
    assert.deepEqual(parsed.missing, [1])
  })

  test('a record cut off at the end of the stream is corrupt and not returned', () => {
    const last = rec(3, 'out', 'the guest died while writing this')
    const data = stream(rec(1, 'hello', 'harness=1'), rec(2, 'out', 'fine'), last.subarray(0, last.length - 10))
    const parsed = parseRecords(data, TOKEN)
    assert.deepEqual(
      parsed.records.map((r) => r.seq),
      [1, 2],
    )
    assert.equal(parsed.corrupt, 1)
    assert.deepEqual(parsed.missing, [])
  })

  test('a record whose payload was cut off mid-stream is corrupt', () => {
    const cut = rec(2, 'out', 'cut in the middle')
    const data = stream(rec(1, 'hello', 'x'), cut.subarray(0, cut.length - 6), '\n', rec(3, 'end', '2'))
    const parsed = parseRecords(data, TOKEN)
    assert.deepEqual(
      parsed.records.map((r) => r.seq),
      [1, 3],
    )
    assert.equal(parsed.corrupt, 1)
    assert.deepEqual(parsed.missing, [2])
  })

  test('a record with a header cut off is corrupt', () => {
    const parsed = parseRecords(stream(`\x1eY2038|${TOKEN}|1|ou\n`), TOKEN)
    assert.deepEqual(parsed.records, [])
    assert.equal(parsed.corrupt, 1)
  })

  test('a record with more bytes than its length says is corrupt', () => {
    const parsed = parseRecords(stream(`\x1eY2038|${TOKEN}|1|out|3|abcdef\n`), TOKEN)
    assert.deepEqual(parsed.records, [])
    assert.equal(parsed.corrupt, 1)
  })

  test('missing sequence numbers are reported', () => {
    const data = stream(rec(1, 'hello', 'x'), rec(3, 'out', 'y'), rec(6, 'end', '5'))
    const parsed = parseRecords(data, TOKEN)
    assert.deepEqual(
      parsed.records.map((r) => r.seq),
      [1, 3, 6],
    )
    assert.deepEqual(parsed.missing, [2, 4, 5])
  })

  test('a missing first record is reported', () => {
    assert.deepEqual(parseRecords(stream(rec(2, 'out', 'y')), TOKEN).missing, [1])
  })

  test("records of another boot's token are ignored", () => {
    const data = stream(
      rec(1, 'hello', 'old boot', 'deadbeef0000'),
      rec(1, 'hello', 'this boot'),
      rec(2, 'out', 'probe', 'deadbeef0000'),
    )
    const parsed = parseRecords(data, TOKEN)
    assert.deepEqual(plain(parsed.records), [{ seq: 1, kind: 'hello', payload: 'this boot' }])
    assert.equal(parsed.corrupt, 0)
    assert.deepEqual(parsed.missing, [])
  })

  test('a token that only starts with ours is not ours', () => {
    const parsed = parseRecords(stream(rec(1, 'out', 'x', `${TOKEN}ff`)), TOKEN)
    assert.deepEqual(parsed.records, [])
  })

  test('a repeated sequence number is kept once, the first copy, and reported as out of sequence', () => {
    const data = stream(rec(1, 'out', 'first'), rec(2, 'out', 'two'), rec(1, 'out', 'again'))
    const parsed = parseRecords(data, TOKEN)
    assert.deepEqual(plain(parsed.records), [
      { seq: 1, kind: 'out', payload: 'first' },
      { seq: 2, kind: 'out', payload: 'two' },
    ])
    assert.deepEqual(parsed.outOfOrder, [1])
    assert.deepEqual(parsed.missing, [])
  })

  test('a record after a later one is out of sequence, not reordered', () => {
    const parsed = parseRecords(stream(rec(3, 'end', ''), rec(1, 'hello', ''), rec(2, 'out', '')), TOKEN)
    assert.deepEqual(
      parsed.records.map((r) => r.seq),
      [3],
    )
    assert.deepEqual(parsed.missing, [1, 2])
    assert.deepEqual(parsed.outOfOrder, [1, 2])
  })

  test('a payload may hold newlines, NUL bytes and text that looks like a record', () => {
    const forged = rec(2, 'end', '0')
    const payload = Buffer.concat([Buffer.from('line one\nline two\n\x00\xff'), forged, Buffer.from('tail')])
    const parsed = parseRecords(stream(rec(1, 'out', payload), rec(2, 'end', '1')), TOKEN)
    assert.equal(parsed.records.length, 2)
    assert.deepEqual(parsed.records[0]!.data, payload)
    assert.equal(parsed.records[1]!.data.toString(), '1')
    assert.deepEqual(
      { corrupt: parsed.corrupt, missing: parsed.missing, outOfOrder: parsed.outOfOrder },
      {
        corrupt: 0,
        missing: [],
        outOfOrder: [],
      },
    )
  })

  test('a payload with UTF-8 multibyte characters parses', () => {
    const payload = 'ls: « /tmp/ça » — 2038 ✓ 🕰'
    assert.notEqual(Buffer.byteLength(payload), payload.length)
    const parsed = parseRecords(rec(1, 'out', payload), TOKEN)
    assert.deepEqual(plain(parsed.records), [{ seq: 1, kind: 'out', payload }])
    assert.equal(parsed.corrupt, 0)
  })

  test('a CR before the newline is tolerated', () => {
    const data = Buffer.from(`\x1eY2038|${TOKEN}|1|out|5|hello\r\n\x1eY2038|${TOKEN}|2|end|1|1\r\n`, 'latin1')
    const parsed = parseRecords(data, TOKEN)
    assert.deepEqual(plain(parsed.records), [
      { seq: 1, kind: 'out', payload: 'hello' },
      { seq: 2, kind: 'end', payload: '1' },
    ])
    assert.equal(parsed.corrupt, 0)
  })

  test('a payload that really ends in CR keeps it', () => {
    const parsed = parseRecords(rec(1, 'out', 'abc\r'), TOKEN)
    assert.deepEqual(plain(parsed.records), [{ seq: 1, kind: 'out', payload: 'abc\r' }])
  })

  test('the last record without its newline is corrupt: the guest wrote it whole or not at all', () => {
    const data = rec(1, 'end', '0')
    const parsed = parseRecords(data.subarray(0, data.length - 1), TOKEN)
    assert.deepEqual(parsed.records, [])
    assert.equal(parsed.corrupt, 1)
  })
})

describe('parseRecords on recorded fixtures', () => {
  const cases = [
    { file: 'i386-bookworm-step-2038-01-18.results', token: '0decad019f81', count: 30 },
    { file: 'i386-bookworm-step-2038-01-20-builtin.results', token: 'e887edab6985', count: 58 },
    { file: 'i386-bookworm-step-2038-01-20-userprobe.results', token: 'e94a8d4c95a2', count: 31 },
  ]
  for (const { file, token, count } of cases) {
    test(`${file} parses whole with token ${token}`, () => {
      const parsed = parseRecords(fixture(file), token)
      assert.equal(parsed.records.length, count)
      assert.equal(parsed.corrupt, 0)
      assert.deepEqual(parsed.missing, [])
      assert.deepEqual(parsed.outOfOrder, [])
      assert.deepEqual(
        parsed.records.map((r) => r.seq),
        Array.from({ length: count }, (_, i) => i + 1),
      )
      assert.equal(parsed.records[0]!.kind, 'hello')
      assert.equal(parsed.records.at(-1)!.kind, 'end')
      const outBytes = parsed.records.filter((r) => r.kind === 'out').reduce((n, r) => n + r.data.length, 0)
      assert.equal(parsed.records.at(-1)!.data.toString(), String(outBytes))
    })

    test(`${file} yields nothing with another token`, () => {
      assert.deepEqual(parseRecords(fixture(file), 'ffffffffffff'), {
        records: [],
        corrupt: 0,
        missing: [],
        outOfOrder: [],
      })
    })
  }

  test('the userprobe fixture starts with the greeting, the clock and the secret of the marks', () => {
    const parsed = parseRecords(fixture('i386-bookworm-step-2038-01-20-userprobe.results'), 'e94a8d4c95a2')
    assert.deepEqual(plain(parsed.records.slice(0, 4)), [
      { seq: 1, kind: 'hello', payload: 'harness=2 machine=i686 kernel=6.1.0-50-686' },
      { seq: 2, kind: 'userland', payload: 'time_t=32' },
      { seq: 3, kind: 'step', payload: 'ok' },
      { seq: 4, kind: 'clock', payload: '2147558400' },
    ])
    assert.equal(parsed.records[4]!.kind, 'marks')
    assert.match(parsed.records[4]!.data.toString(), /^[0-9a-f]{24}$/)
  })

  test('a fixture with console noise between its records and truncated still parses what is whole', () => {
    const data = fixture('i386-bookworm-step-2038-01-20-userprobe.results')
    const marker = recordMarker('e94a8d4c95a2')
    const parts: Buffer[] = []
    let start = 0
    for (let at = data.indexOf(marker, 1); at >= 0; at = data.indexOf(marker, at + 1)) {
      parts.push(data.subarray(start, at), Buffer.from(`[   ${parts.length}.000] noise\n`))
      start = at
    }
    parts.push(data.subarray(start))
    const noisy = Buffer.concat(parts)
    const parsed = parseRecords(noisy.subarray(0, noisy.length - 5), 'e94a8d4c95a2')
    assert.equal(parsed.records.length, 30)
    assert.equal(parsed.corrupt, 1)
    assert.deepEqual(parsed.missing, [])
    assert.notEqual(parsed.records.at(-1)!.kind, 'end')
  })
})
