/**
 * The serial protocol between the guest harness and the host. The guest writes one record
 * per line:
 *
 *     \x1eY2038|<token>|<seq>|<kind>|<length>|<payload>
 *
 * <token> is random per boot, so nothing from another boot or from the probe's own output
 * is taken for a record; <length> is the payload's length in bytes, so a record cut off
 * or with garbage inside is recognised and dropped; <seq> counts from 1, so a dropped
 * record shows as a gap. Anything else on the line before the marker is ignored. Pure.
 */

export interface SerialRecord {
  seq: number
  kind: string
  payload: string
}

export interface ParsedStream {
  records: SerialRecord[]
  /** Lines that carried this boot's marker but did not parse or had the wrong length. */
  corrupt: number
  /** Sequence numbers that never arrived. */
  missing: number[]
}

export function recordMarker(token: string): Buffer {
  return Buffer.from(`\x1eY2038|${token}|`, 'latin1')
}

/** Encodes one record as the guest does; for tests and for fixtures. */
export function encodeRecord(token: string, seq: number, kind: string, payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8')
  return Buffer.concat([
    Buffer.from(`\x1eY2038|${token}|${seq}|${kind}|${body.length}|`, 'latin1'),
    body,
    Buffer.from('\n'),
  ])
}

function splitLines(data: Buffer): Buffer[] {
  const lines: Buffer[] = []
  let start = 0
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0x0a) {
      lines.push(data.subarray(start, i))
      start = i + 1
    }
  }
  if (start < data.length) lines.push(data.subarray(start))
  return lines
}

const HEADER = /^(\d{1,9})\|([a-z]{1,16})\|(\d{1,9})\|/

function parseAfterMarker(rest: Buffer): SerialRecord | undefined {
  // The header is ASCII; read it from a bounded prefix.
  const head = HEADER.exec(rest.subarray(0, 48).toString('latin1'))
  if (!head) return undefined
  const [whole, seq, kind, length] = head
  let payload = rest.subarray(whole!.length)
  const want = Number(length)
  // A terminal in cooked mode turns \n into \r\n.
  if (payload.length === want + 1 && payload[payload.length - 1] === 0x0d) payload = payload.subarray(0, want)
  if (payload.length !== want) return undefined
  return { seq: Number(seq), kind: kind!, payload: payload.toString('utf8') }
}

export function parseRecords(data: Buffer, token: string): ParsedStream {
  const marker = recordMarker(token)
  const bySeq = new Map<number, SerialRecord>()
  let corrupt = 0
  for (const line of splitLines(data)) {
    let at = line.indexOf(marker)
    if (at < 0) continue
    let record: SerialRecord | undefined
    // Garbage may itself contain a marker-like prefix: try each occurrence on the line.
    while (at >= 0 && !record) {
      record = parseAfterMarker(line.subarray(at + marker.length))
      at = line.indexOf(marker, at + 1)
    }
    if (!record) {
      corrupt++
      continue
    }
    if (!bySeq.has(record.seq)) bySeq.set(record.seq, record)
  }
  const records = [...bySeq.values()].sort((a, b) => a.seq - b.seq)
  const missing: number[] = []
  const last = records.at(-1)?.seq ?? 0
  for (let seq = 1, i = 0; seq <= last; seq++) {
    if (records[i]?.seq === seq) i++
    else missing.push(seq)
  }
  return { records, corrupt, missing }
}
