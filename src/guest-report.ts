/**
 * What the guest reported, rebuilt from its records: the harness's greeting, the clock at
 * probe start, and each line of the probe with its command, output and failures. Pure.
 */
import type { ParsedStream, SerialRecord } from './serial.js'

/** One line of the probe, with everything its commands printed and how they ended. */
export interface ProbeLine {
  line: number
  /** The first command that ran on this line, as bash saw it. */
  command: string
  /** The name given with `check NAME ...`, if any. */
  check?: string
  output: string[]
  /** Exit statuses of the commands on this line that failed, in order. */
  failures: number[]
}

export interface GuestReport {
  harnessVersion?: number
  machine?: string
  kernelRelease?: string
  /** The time_t width the userland is built with, as detected in the guest. */
  timeT?: 32 | 64
  /** Set in `step` mode: whether setting the clock worked. */
  step?: { ok: boolean; message: string }
  /** The guest's clock (seconds since the epoch) when the probe started. */
  clockAtProbe?: number
  lines: ProbeLine[]
  /** Output printed before the probe's first command. */
  preamble: string[]
  exitStatus?: number
  /** The harness reached its end record and no record went missing. */
  complete: boolean
  corruptRecords: number
  missingRecords: number
}

function keyValues(payload: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of payload.split(' ')) {
    const eq = part.indexOf('=')
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1)
  }
  return out
}

/** Splits "12 rest of text" into 12 and the text. */
function lineAndRest(payload: string): [number, string] | undefined {
  const m = /^(\d+) ?(.*)$/s.exec(payload)
  return m ? [Number(m[1]), m[2]!] : undefined
}

export function buildGuestReport(stream: ParsedStream): GuestReport {
  const report: GuestReport = {
    lines: [],
    preamble: [],
    complete: false,
    corruptRecords: stream.corrupt,
    missingRecords: stream.missing.length,
  }
  const byLine = new Map<number, ProbeLine>()
  let current: ProbeLine | undefined
  const lineFor = (line: number, command = ''): ProbeLine => {
    let entry = byLine.get(line)
    if (!entry) {
      entry = { line, command, output: [], failures: [] }
      byLine.set(line, entry)
      report.lines.push(entry)
    } else if (!entry.command && command) {
      entry.command = command
    }
    return entry
  }
  let ended = false
  for (const record of stream.records) {
    applyRecord(record)
  }
  report.lines.sort((a, b) => a.line - b.line)
  report.complete = ended && stream.missing.length === 0
  return report

  function applyRecord({ kind, payload }: SerialRecord): void {
    switch (kind) {
      case 'hello': {
        const kv = keyValues(payload)
        report.harnessVersion = Number(kv.harness)
        report.machine = kv.machine
        report.kernelRelease = kv.kernel
        break
      }
      case 'userland': {
        const width = Number(keyValues(payload)['time_t'])
        if (width === 32 || width === 64) report.timeT = width
        break
      }
      case 'step':
        report.step = { ok: payload === 'ok', message: payload }
        break
      case 'clock':
        if (/^-?\d+$/.test(payload)) report.clockAtProbe = Number(payload)
        break
      case 'cmd': {
        const parsed = lineAndRest(payload)
        if (parsed) current = lineFor(parsed[0], parsed[1])
        break
      }
      case 'check': {
        const parsed = lineAndRest(payload)
        if (parsed) lineFor(parsed[0]).check = parsed[1]
        break
      }
      case 'out':
        if (current) current.output.push(payload)
        else report.preamble.push(payload)
        break
      case 'fail': {
        const [line, status] = payload.split(' ').map(Number)
        if (Number.isInteger(line) && Number.isInteger(status)) lineFor(line!).failures.push(status!)
        break
      }
      case 'exit':
        if (/^\d+$/.test(payload)) report.exitStatus = Number(payload)
        break
      case 'end':
        ended = true
        break
    }
  }
}
