/**
 * The serial protocol between the guest harness and the host. The guest writes records:
 *
 *     \x1eY2038|<token>|<seq>|<kind>|<length>|<payload of <length> bytes>\n
 *
 * The payload is raw bytes and may hold newlines (the probe's output travels in chunks).
 * <token> is random per boot, so nothing from another boot is taken for a record; <length>
 * delimits the payload, so whatever a payload holds (even text that looks like a record)
 * is never read as framing; <seq> counts from 1, so a lost record shows as a gap, and a
 * record that repeats or goes back in the sequence shows that something other than the
 * harness wrote to the port. Anything between records is ignored. Pure.
 */

export interface SerialRecord {
  seq: number
  kind: string
  data: Buffer
}

export interface ParsedStream {
  records: SerialRecord[]
  /** Places that carried this boot's marker but no whole, well-formed record. */
  corrupt: number
  /** Sequence numbers that never arrived. */
  missing: number[]
  /** Sequence numbers that arrived again or after a later one: not the harness's writing. */
  outOfOrder: number[]
}

export function recordMarker(token: string): Buffer {
  return Buffer.from(`\x1eY2038|${token}|`, 'latin1')
}

/** Encodes one record as the guest does; for tests and for fixtures. */
export function encodeRecord(token: string, seq: number, kind: string, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload
  return Buffer.concat([
    Buffer.from(`\x1eY2038|${token}|${seq}|${kind}|${body.length}|`, 'latin1'),
    body,
    Buffer.from('\n'),
  ])
}

const HEADER = /^(\d{1,9})\|([a-z]{1,16})\|(\d{1,10})\|/

/** The record whose marker ends at `start`, and where the next search begins; undefined if none. */
function recordAt(data: Buffer, start: number): { record: SerialRecord; next: number } | undefined {
  const head = HEADER.exec(data.subarray(start, start + 48).toString('latin1'))
  if (!head) return undefined
  const [whole, seq, kind, length] = head
  const from = start + whole!.length
  const to = from + Number(length)
  if (to >= data.length) return undefined
  // A terminal in cooked mode turns \n into \r\n.
  let next: number
  if (data[to] === 0x0a) next = to + 1
  else if (data[to] === 0x0d && data[to + 1] === 0x0a) next = to + 2
  else return undefined
  return { record: { seq: Number(seq), kind: kind!, data: Buffer.from(data.subarray(from, to)) }, next }
}

export function parseRecords(data: Buffer, token: string): ParsedStream {
  const marker = recordMarker(token)
  const records: SerialRecord[] = []
  const missing: number[] = []
  const outOfOrder: number[] = []
  let corrupt = 0
  let expected = 1
  let at = data.indexOf(marker)
  while (at >= 0) {
    const found = recordAt(data, at + marker.length)
    if (!found) {
      corrupt++
      at = data.indexOf(marker, at + 1)
      continue
    }
    const { record, next } = found
    if (record.seq < expected) {
      outOfOrder.push(record.seq)
    } else {
      for (let seq = expected; seq < record.seq; seq++) missing.push(seq)
      records.push(record)
      expected = record.seq + 1
    }
    at = data.indexOf(marker, next)
  }
  return { records, corrupt, missing, outOfOrder }
}
