/**
 * The one decoder of the guest's records: each record of the results port as a typed event,
 * and the marks run-probe.bash writes into the probe's output stream. Everything the host
 * learns from a guest passes through here. Pure.
 *
 * Marks (behind a marker made of the session's secret, `marks` record):
 *
 *     cmd LINE PREV DEPTH uUPTIME bBTIME TEXT   a command of the probe starts; PREV is $? before it
 *     fail LINE STATUS DEPTH uUPTIME PIPESTATUS TEXT   bash's ERR trap: a command failed
 *     ran TEXT                        right after a fail: that command as bash ran it, its words expanded (harness 9)
 *     check LINE NAME                 the line runs the named check
 *     done STATUS [watched]           the harness's end line ran (after the probe's last line)
 *     exit STATUS                     the probe's shell is exiting
 *     exittrap LINE TEXT              the probe's EXIT action starts; LINE set it (0: not a line of the probe)
 *     trapfail STATUS DEPTH PIPESTATUS   a command of that action failed (bash names neither it nor its line)
 *     syntax MESSAGE                  bash -n refused the probe; nothing of it ran
 */
import type { ParsedStream, SerialRecord } from './records.js'

/** The init a guest booted with (init: systemd), as it reported it before the job. */
export interface InitInfo {
  kind: string
  target?: string
  seconds?: number
  state?: string
}

/** Every record kind the guest writes, with what it carries. */
export type GuestEvent =
  /** The harness's greeting: its version, the machine and the kernel. */
  | { kind: 'hello'; harnessVersion: number; machine?: string; kernelRelease?: string }
  /** The time_t width the userland is built with, as detected in the guest. */
  | { kind: 'userland'; timeT?: 32 | 64 }
  /** A stage before the job starts (its name). */
  | { kind: 'stage'; name: string }
  /** Setting the clock: `ok`, or why not. */
  | { kind: 'step'; ok: boolean; message: string }
  /** The guest's clock, seconds since the epoch, when the script starts. */
  | { kind: 'clock'; epoch: number }
  /** Seconds since boot at the same moment. */
  | { kind: 'uptime'; seconds: number }
  | { kind: 'init'; init: InitInfo }
  /** systemd units that had failed before the clock moved (bootfailed) or after the probe (failedunits). */
  | { kind: 'bootfailed' | 'failedunits'; units: string[] }
  /** The secret behind which the script's marks are written, as the marker to look for. */
  | { kind: 'marks'; marker: Buffer }
  /** A chunk of the script's output stream (output and marks). */
  | { kind: 'out'; data: Buffer }
  /** The status of the script's shell, seen by its parent. */
  | { kind: 'status'; status: number }
  /** Bytes of the script's text its shell never read: 0 when bash got to its end (run-script.pl, since harness 7). */
  | { kind: 'unread'; bytes: number }
  /** Bytes of output the guest did not send (over its limit). */
  | { kind: 'dropped'; bytes: number }
  /** The framer's last record: the bytes of output it sent. */
  | { kind: 'end'; bytes: number }
  /** How the framer watches the clock (`timerfd`, or `btime:<why not>`) and the boot time it starts from. */
  | { kind: 'clockwatch'; how: string; btime: number }
  /** Something set the clock: the boot time before and after, and when (seconds since boot). */
  | { kind: 'clockmoved'; uptime?: number; btime: number; was: number }
  /** send-out.pl: a file of $Y2038_OUT begins; its data follows; one it left out; the totals. */
  | { kind: 'file'; name: string }
  | { kind: 'data'; data: Buffer }
  | { kind: 'skip'; name: string; why: string }
  | { kind: 'outend'; files: number; bytes: number; notSent: number; cut: boolean }

const int = (text: string | undefined): number | undefined =>
  text !== undefined && /^-?\d{1,12}$/.test(text) ? Number(text) : undefined

/** Seconds since the epoch, whole or with a fraction (`date +%s.%N`). */
const epochSeconds = (text: string | undefined): number | undefined =>
  text !== undefined && /^-?\d{1,12}(?:\.\d{1,9})?$/.test(text) ? Number(text) : undefined

const seconds = (text: string | undefined): number | undefined =>
  text !== undefined && /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : undefined

function keyValues(payload: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of payload.split(' ')) {
    const eq = part.indexOf('=')
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1)
  }
  return out
}

const UNIT_SUFFIX = /\.(?:service|socket|mount|timer|path|swap|scope|slice|target|device|automount)$/

/** systemd unit names, from a list with one unit per line in its first column (systemctl's). */
export function unitNames(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((unit) => /^[\w@:.\\-]+$/.test(unit) && UNIT_SUFFIX.test(unit))
}

/** One record as an event; undefined for a kind the host does not know or a payload that does not parse. */
export function decodeRecord(record: SerialRecord): GuestEvent | undefined {
  if (record.kind === 'out' || record.kind === 'data') return { kind: record.kind, data: record.data }
  const payload = record.data.toString('utf8')
  switch (record.kind) {
    case 'hello': {
      const kv = keyValues(payload)
      const version = int(kv.harness)
      return version === undefined
        ? undefined
        : {
            kind: 'hello',
            harnessVersion: version,
            ...(kv.machine ? { machine: kv.machine } : {}),
            ...(kv.kernel ? { kernelRelease: kv.kernel } : {}),
          }
    }
    case 'userland': {
      const width = Number(keyValues(payload)['time_t'])
      return { kind: 'userland', ...(width === 32 || width === 64 ? { timeT: width } : {}) }
    }
    case 'stage':
      return { kind: 'stage', name: payload }
    case 'step':
      return { kind: 'step', ok: payload === 'ok', message: payload }
    case 'clock': {
      const epoch = epochSeconds(payload)
      return epoch === undefined ? undefined : { kind: 'clock', epoch }
    }
    case 'uptime': {
      const up = seconds(payload)
      return up === undefined ? undefined : { kind: 'uptime', seconds: up }
    }
    case 'init': {
      const [kind = '', ...rest] = payload.split(' ')
      const kv = keyValues(rest.join(' '))
      const took = seconds(kv.seconds)
      return {
        kind: 'init',
        init: {
          kind,
          ...(kv.target ? { target: kv.target } : {}),
          ...(took !== undefined ? { seconds: took } : {}),
          ...(kv.state ? { state: kv.state } : {}),
        },
      }
    }
    case 'bootfailed':
    case 'failedunits':
      return { kind: record.kind, units: unitNames(payload) }
    case 'marks':
      return /^[0-9a-f]{16,64}$/.test(payload)
        ? { kind: 'marks', marker: Buffer.from(`\x1eY2038M${payload}:`, 'latin1') }
        : undefined
    case 'status': {
      const status = int(payload)
      return status === undefined ? undefined : { kind: 'status', status }
    }
    case 'dropped':
      return { kind: 'dropped', bytes: int(payload) ?? 0 }
    case 'unread': {
      const bytes = int(payload)
      return bytes === undefined || bytes < 0 ? undefined : { kind: 'unread', bytes }
    }
    case 'end': {
      const bytes = int(payload)
      return bytes === undefined ? undefined : { kind: 'end', bytes }
    }
    case 'clockwatch': {
      const m = /^(.+) btime=(\d+)$/.exec(payload)
      return m ? { kind: 'clockwatch', how: m[1]!, btime: Number(m[2]) } : undefined
    }
    case 'clockmoved': {
      const m = /^u(\d+(?:\.\d+)?)? btime=(\d+) was=(\d+)$/.exec(payload)
      return m
        ? {
            kind: 'clockmoved',
            ...(m[1] !== undefined ? { uptime: Number(m[1]) } : {}),
            btime: Number(m[2]),
            was: Number(m[3]),
          }
        : undefined
    }
    case 'file':
      return { kind: 'file', name: payload }
    case 'skip': {
      const [name = '', why = ''] = payload.split('\t')
      return { kind: 'skip', name, why }
    }
    case 'outend': {
      const [files = NaN, bytes = NaN, notSent = 0, cut = 0] = payload.split(' ').map(Number)
      return { kind: 'outend', files, bytes, notSent, cut: cut === 1 }
    }
  }
  return undefined
}

/** The units systemctl listed as failed after the probe (the out token's records), if it could. */
export function failedUnitsAfter(stream: ParsedStream): string[] {
  for (const event of stream.records.map(decodeRecord)) if (event?.kind === 'failedunits') return event.units
  return []
}

/** A mark of the probe's output stream, decoded. */
export type Mark =
  | { kind: 'cmd'; line: number; prev: number; depth: number; uptime?: number; btime?: number; text: string }
  | {
      kind: 'fail'
      line: number
      status: number
      depth: number
      uptime?: number
      /** PIPESTATUS, one per command of the pipeline. */
      pipeline: number[]
      text: string
    }
  /** The command of the fail mark before it as bash ran it (its trace), when the harness traced it. */
  | { kind: 'ran'; text: string }
  | { kind: 'check'; line: number; name: string }
  /** The harness's end line ran; watched: its DEBUG handler was still in place there (since harness 7). */
  | { kind: 'done'; status?: number; watched?: boolean }
  | { kind: 'exit'; status?: number }
  /** The probe's EXIT action starts (since harness 8): the line that set it, 0 when unknown, and its text. */
  | { kind: 'exittrap'; line: number; text: string }
  /** A command of the probe's EXIT action failed. */
  | { kind: 'trapfail'; status: number; depth: number; pipeline: number[] }
  | { kind: 'syntax'; message: string }

// Since harness version 4 both carry `u<seconds since boot>` after the depth; since 5 cmd
// carries `b<btime>` after it.
const CMD = /^(\d+) (\d+) (\d+)(?: u(\d+(?:\.\d+)?))?(?: b(\d+))? ?(.*)$/s
const FAIL = /^(\d+) (\d+) (\d+)(?: u(\d+(?:\.\d+)?))? ([\d,]*) ?(.*)$/s

export function decodeMark(text: string): Mark | undefined {
  const space = text.indexOf(' ')
  const kind = space < 0 ? text : text.slice(0, space)
  const rest = space < 0 ? '' : text.slice(space + 1)
  switch (kind) {
    case 'cmd': {
      const m = CMD.exec(rest)
      if (!m) return undefined
      return {
        kind,
        line: Number(m[1]),
        prev: Number(m[2]),
        depth: Number(m[3]),
        ...(m[4] !== undefined ? { uptime: Number(m[4]) } : {}),
        ...(m[5] !== undefined ? { btime: Number(m[5]) } : {}),
        text: m[6]!,
      }
    }
    case 'fail': {
      const m = FAIL.exec(rest)
      if (!m) return undefined
      return {
        kind,
        line: Number(m[1]),
        status: Number(m[2]),
        depth: Number(m[3]),
        ...(m[4] !== undefined ? { uptime: Number(m[4]) } : {}),
        pipeline: m[5]!.split(',').filter(Boolean).map(Number),
        text: m[6]!,
      }
    }
    case 'check': {
      const m = /^(\d+) (.*)$/s.exec(rest)
      return m ? { kind, line: Number(m[1]), name: m[2]! } : undefined
    }
    case 'done': {
      const [number, word] = rest.split(' ')
      const status = int(number)
      return { kind, ...(status !== undefined ? { status } : {}), ...(word === 'watched' ? { watched: true } : {}) }
    }
    case 'exit': {
      const status = int(rest)
      return { kind, ...(status !== undefined ? { status } : {}) }
    }
    case 'exittrap': {
      const m = /^(\d+) (.*)$/s.exec(rest)
      return m ? { kind, line: Number(m[1]), text: m[2]! } : undefined
    }
    case 'trapfail': {
      const m = /^(\d+) (\d+) ([\d,]*)$/.exec(rest)
      return m
        ? { kind, status: Number(m[1]), depth: Number(m[2]), pipeline: m[3]!.split(',').filter(Boolean).map(Number) }
        : undefined
    }
    case 'ran':
      return { kind, text: rest }
    case 'syntax':
      return { kind, message: rest }
  }
  return undefined
}

/**
 * The tag of the harness's own trace records (PS4: `\x01` once per level, `Y2038T<secret>:`),
 * from the session's marker (`\x1eY2038M<secret>:`). A line of the probe's output that starts
 * with it is the harness's trace that bash wrote to standard error, never the probe's output.
 */
const MARK_PREFIX = '\x1eY2038M'

export function isHarnessTrace(line: string, marker: Buffer | undefined): boolean {
  if (!marker || !line.startsWith('\x01')) return false
  const secret = marker.subarray(MARK_PREFIX.length).toString('latin1')
  let start = 0
  while (line[start] === '\x01') start++
  return line.startsWith(`Y2038T${secret}`, start)
}

/**
 * bash runs the DEBUG trap once more for the first command of the ERR and EXIT handlers,
 * with BASH_COMMAND still the last command that ran: a cmd mark whose $? is the status of
 * the fail (same line and depth) or exit mark right after it is that echo, not a command.
 */
export function isTrapEcho(mark: Mark | undefined, next: Mark | undefined): boolean {
  if (mark?.kind !== 'cmd' || mark.prev === 0 || !next) return false
  if (next.kind === 'fail') return next.line === mark.line && next.status === mark.prev && next.depth === mark.depth
  return next.kind === 'exit' && next.status === mark.prev
}

/**
 * The output stream cut at the marks: output bytes and decoded marks in the order they came,
 * without the trap echoes. A mark that does not decode is dropped; its bytes are not output.
 */
export function splitAtMarks(data: Buffer, marker: Buffer | undefined): (Buffer | Mark)[] {
  if (!marker) return [data]
  const pieces: (Buffer | Mark)[] = []
  const marks: { mark: Mark; at: number }[] = []
  let pos = 0
  while (pos < data.length) {
    const at = data.indexOf(marker, pos)
    if (at < 0) {
      pieces.push(data.subarray(pos))
      break
    }
    pieces.push(data.subarray(pos, at))
    const start = at + marker.length
    const newline = data.indexOf(0x0a, start)
    const stop = newline < 0 ? data.length : newline
    const mark = decodeMark(data.subarray(start, stop).toString('utf8'))
    if (mark) {
      marks.push({ mark, at: pieces.length })
      pieces.push(mark)
    }
    pos = stop + 1
  }
  const echoes = new Set(marks.filter((m, i) => isTrapEcho(m.mark, marks[i + 1]?.mark)).map((m) => m.at))
  return pieces.filter((_, i) => !echoes.has(i))
}
