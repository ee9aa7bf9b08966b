/**
 * What the guest reported, rebuilt from its records: the harness's greeting, the clock at
 * probe start, each line of the probe with its commands, output and failures, and how the
 * probe ended. The records and the marks in the probe's output stream are decoded in
 * src/protocol/events.ts; everything between marks is output of the command that started
 * last. Pure.
 */
import { shellQuote } from '../config/text.js'
import { type InitInfo, type Mark, decodeRecord, isHarnessTrace, splitAtMarks } from '../protocol/events.js'
import type { ParsedStream } from '../protocol/records.js'

/** How a command of the probe failed. */
export interface LineFailure {
  status: number
  /** The command that failed, as bash shows it. */
  command: string
  /**
   * error: bash's ERR trap saw it (a command, or a pipeline under pipefail, that failed).
   * quiet: it exited non-zero where bash checks no status (a condition, the left side of
   * `||`, a non-final command of an `&&` list); detection decides with the probe's text.
   */
  how: 'error' | 'quiet'
  /** A pipeline's statuses, one per command, when bash reported more than one. */
  pipeline?: number[]
  /** Seconds since the guest booted when the failure was seen. */
  uptime?: number
  /** The command as bash ran it, its words expanded (its trace), when that differs from `command`. */
  ranAs?: string
}

/** One line of the probe, with everything its commands printed and how they ended. */
export interface ProbeLine {
  line: number
  /** The first command that ran on this line, as bash saw it. */
  command: string
  /** The name given with `check NAME ...`, if any. */
  check?: string
  output: string[]
  /** Output lines not kept (over the limits below); lines with a known sign are always kept. */
  omittedOutput: number
  failures: LineFailure[]
  /** Seconds since boot when a command of the line first started and last started. */
  firstUptime?: number
  lastUptime?: number
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
  /** Seconds since boot at the same moment: turns the uptimes of marks and console lines into guest times. */
  uptimeAtProbe?: number
  /** init: systemd: the target it booted to, the seconds that took, and the state it said it was in. */
  init?: InitInfo
  /** init: systemd: the units that had failed before the clock moved. */
  bootFailedUnits?: string[]
  lines: ProbeLine[]
  /** Output printed before the probe's first command. */
  preamble: string[]
  /** The last command of the probe that started: where it was when it ended or stopped. */
  lastCommand?: { line: number; command: string }
  /** The harness's end line ran, after the probe's last line; $? then. */
  doneStatus?: number
  /** The harness's DEBUG handler was still in place at the end line. */
  endWatched?: boolean
  /**
   * Bytes of the probe's text its shell never read, seen from outside it (run-script.pl):
   * 0 when bash got to the end. Undefined from a harness before version 7.
   */
  unreadBytes?: number
  /** The status the probe's shell exited with, seen by its EXIT trap. */
  exitStatus?: number
  /** The status of the probe's process, seen by the harness after it ended. */
  processStatus?: number
  /** bash -n's message when it refused the probe. */
  syntaxError?: string
  /** Bytes of output the guest did not send (over its limit). */
  droppedBytes: number
  /** The harness reached its end record, no record went missing, and every byte arrived. */
  complete: boolean
  corruptRecords: number
  missingRecords: number
  /** Records that repeated or went back in the sequence: something else wrote to the port. */
  outOfOrderRecords: number[]
  /**
   * How the framer watched the clock while the script ran: `timerfd` (every set of the clock
   * wakes it) or `btime:<why not>` (it looked every second), and the boot time it started from.
   */
  clockWatch?: { how: string; btime: number }
  /** Each time something set the guest's clock while the script ran, as the framer saw it. */
  clockMoves: ClockMove[]
}

/** The guest's clock was set: its boot time (btime, the clock minus the time since boot) moved. */
export interface ClockMove {
  /** Seconds since boot when the framer saw it. */
  uptime?: number
  /** btime before and after, seconds since the epoch: how far the clock moved. */
  was: number
  btime: number
  /**
   * The command that moved it. exact: the command before the first one whose mark shows the
   * new btime. Otherwise the last command whose mark came before the framer saw the move
   * (the move came during it or after it: a probe can switch the marks off).
   */
  by?: { line: number; command: string; exact: boolean }
}

export interface GuestReportLimits {
  /** Output lines kept per probe line before only signs and the last lines are kept. */
  headLines: number
  /** Lines matching `isSign` kept per probe line beyond the head. */
  signLines: number
  /** The last output lines kept per probe line. */
  tailLines: number
  /** Characters kept of one output line. */
  lineChars: number
  /** Lines worth keeping whatever the limits (a Year-2038 sign). */
  isSign: (line: string) => boolean
}

export const DEFAULT_LIMITS: GuestReportLimits = {
  headLines: 200,
  signLines: 100,
  tailLines: 20,
  lineChars: 4096,
  isSign: () => false,
}

/** Output lines of one probe line, kept within the limits. */
class OutputKeeper {
  private head: string[] = []
  private signs: string[] = []
  private tail: { index: number; text: string }[] = []
  private seen = 0
  private omitted = 0

  constructor(private readonly limits: GuestReportLimits) {}

  add(raw: string): void {
    const text = raw.length > this.limits.lineChars ? `${raw.slice(0, this.limits.lineChars)}…` : raw
    const index = this.seen++
    if (this.head.length < this.limits.headLines) {
      this.head.push(text)
      return
    }
    if (this.signs.length < this.limits.signLines && this.limits.isSign(text)) {
      this.signs.push(text)
      return
    }
    this.tail.push({ index, text })
    if (this.tail.length > this.limits.tailLines) {
      this.tail.shift()
      this.omitted++
    }
  }

  lines(): { output: string[]; omitted: number } {
    return { output: [...this.head, ...this.signs, ...this.tail.map((t) => t.text)], omitted: this.omitted }
  }
}

interface CommandEvent {
  line: number
  depth: number
  text: string
  errored: boolean
  uptime?: number
  /** btime (see ClockMove) when the command started. */
  btime?: number
}

/** The probe's commands as they started, per depth, for attributing a later status. */
class CommandTrail {
  private byDepth = new Map<number, CommandEvent[]>()
  topDepth: number | undefined
  last: CommandEvent | undefined

  /** Records a command start; returns the command at the same depth whose status `prev` is. */
  start(event: CommandEvent): CommandEvent | undefined {
    this.topDepth ??= event.depth
    // A command at this depth means every deeper frame (a function body) has ended.
    for (const depth of this.byDepth.keys()) if (depth > event.depth) this.byDepth.delete(depth)
    const recent = this.byDepth.get(event.depth) ?? []
    const previous = recent.at(-1)
    recent.push(event)
    if (recent.length > 16) recent.shift()
    this.byDepth.set(event.depth, recent)
    this.last = event
    return previous
  }

  /** The commands last started at `depth` on `line`, most recent last. */
  recentOn(depth: number, line: number): CommandEvent[] {
    const recent = this.byDepth.get(depth) ?? []
    const out: CommandEvent[] = []
    for (let i = recent.length - 1; i >= 0 && recent[i]!.line === line; i--) out.unshift(recent[i]!)
    return out
  }

  atTop(): CommandEvent | undefined {
    return this.topDepth === undefined ? undefined : this.byDepth.get(this.topDepth)?.at(-1)
  }
}

export function buildGuestReport(stream: ParsedStream, limits: GuestReportLimits = DEFAULT_LIMITS): GuestReport {
  const report: GuestReport = {
    lines: [],
    preamble: [],
    droppedBytes: 0,
    complete: false,
    corruptRecords: stream.corrupt,
    missingRecords: stream.missing.length,
    outOfOrderRecords: stream.outOfOrder,
    clockMoves: [],
  }
  const byLine = new Map<number, { entry: ProbeLine; keeper: OutputKeeper }>()
  const preamble = new OutputKeeper(limits)
  const trail = new CommandTrail()
  let current: { entry: ProbeLine; keeper: OutputKeeper } | undefined
  let marker: Buffer | undefined
  const chunks: Buffer[] = []
  let outBytes = 0
  let endCount: number | undefined
  /** The probe's EXIT action, once it started: where its failures go, and the last one reported. */
  let exitAction: { line: number; command: string; last?: { depth: number; status: number } } | undefined
  /** The failure of the mark just before, for the `ran` mark that may follow it. */
  let lastFail: LineFailure | undefined

  const lineFor = (line: number, command = ''): { entry: ProbeLine; keeper: OutputKeeper } => {
    let found = byLine.get(line)
    if (!found) {
      found = { entry: { line, command, output: [], omittedOutput: 0, failures: [] }, keeper: new OutputKeeper(limits) }
      byLine.set(line, found)
      report.lines.push(found.entry)
    } else if (!found.entry.command && command) {
      found.entry.command = command
    }
    return found
  }

  // The command running when each move was seen, and the first command started after a move.
  const runningAtMove: (CommandEvent | undefined)[] = []
  let movedBefore: { event: CommandEvent; previous: CommandEvent | undefined } | undefined
  for (const record of stream.records) applyRecord(record)
  readOutputStream(Buffer.concat(chunks))
  // The probe's EXIT action ended the shell with a status of its own (exit N in it).
  const { processStatus, exitStatus } = report
  if (exitAction && processStatus && exitStatus !== undefined && processStatus !== exitStatus) {
    lineFor(exitAction.line).entry.failures.push({ status: processStatus, command: exitAction.command, how: 'error' })
  }
  // A move the marks show and the framer did not see (its watch could not be armed, or a set
  // and a set back fell between two looks): a move all the same.
  const baseline = report.clockWatch?.btime
  if (report.clockMoves.length === 0 && movedBefore && baseline !== undefined) {
    const { uptime, btime } = movedBefore.event
    report.clockMoves.push({ ...(uptime !== undefined ? { uptime } : {}), was: baseline, btime: btime! })
  }
  report.clockMoves.forEach((move, i) => {
    const exact = i === 0 && movedBefore ? (movedBefore.previous ?? movedBefore.event) : undefined
    const by = exact ?? runningAtMove[i]
    if (by) move.by = { line: by.line, command: by.text, exact: exact !== undefined }
  })

  for (const { entry, keeper } of byLine.values()) {
    const kept = keeper.lines()
    entry.output = kept.output
    entry.omittedOutput = kept.omitted
  }
  report.preamble = preamble.lines().output
  report.lines.sort((a, b) => a.line - b.line)
  if (trail.last) report.lastCommand = { line: trail.last.line, command: trail.last.text }
  report.complete = endCount !== undefined && endCount === outBytes && stream.missing.length === 0
  return report

  function applyRecord(record: ParsedStream['records'][number]): void {
    const event = decodeRecord(record)
    switch (event?.kind) {
      case 'out':
        chunks.push(event.data)
        outBytes += event.data.length
        break
      case 'hello':
        report.harnessVersion = event.harnessVersion
        report.machine = event.machine
        report.kernelRelease = event.kernelRelease
        break
      case 'userland':
        if (event.timeT) report.timeT = event.timeT
        break
      case 'step':
        report.step = { ok: event.ok, message: event.message }
        break
      case 'clock':
        report.clockAtProbe = event.epoch
        break
      case 'uptime':
        report.uptimeAtProbe = event.seconds
        break
      case 'init':
        report.init = event.init
        break
      case 'bootfailed':
        report.bootFailedUnits = event.units
        break
      case 'marks':
        marker = event.marker
        break
      case 'status':
        report.processStatus = event.status
        break
      case 'dropped':
        report.droppedBytes = event.bytes
        break
      case 'unread':
        report.unreadBytes = event.bytes
        break
      case 'end':
        endCount = event.bytes
        break
      case 'clockwatch':
        report.clockWatch = { how: event.how, btime: event.btime }
        break
      case 'clockmoved':
        report.clockMoves.push({
          ...(event.uptime !== undefined ? { uptime: event.uptime } : {}),
          was: event.was,
          btime: event.btime,
        })
        break
    }
  }

  /** Where the clock moves stand after the command `event` started. */
  function watchClock(event: CommandEvent, previous: CommandEvent | undefined): void {
    report.clockMoves.forEach((move, i) => {
      if (event.uptime !== undefined && move.uptime !== undefined && event.uptime <= move.uptime)
        runningAtMove[i] = event
    })
    const baseline = report.clockWatch?.btime
    if (movedBefore || event.btime === undefined || baseline === undefined) return
    if (Math.abs(event.btime - baseline) > 1) movedBefore = { event, previous }
  }

  function addOutput(bytes: Buffer): void {
    if (bytes.length === 0) return
    const pieces = bytes.toString('utf8').split('\n')
    if (pieces.at(-1) === '') pieces.pop()
    const keeper = current?.keeper ?? preamble
    for (const piece of pieces) if (!isHarnessTrace(piece, marker)) keeper.add(piece.replace(/\r$/, ''))
  }

  function readOutputStream(data: Buffer): void {
    for (const piece of splitAtMarks(data, marker)) {
      if (Buffer.isBuffer(piece)) addOutput(piece)
      else applyMark(piece)
    }
  }

  function applyMark(mark: Mark): void {
    const failed = lastFail
    lastFail = undefined
    switch (mark.kind) {
      case 'cmd': {
        const { line, prev, depth, uptime } = mark
        const event: CommandEvent = {
          line,
          depth,
          text: mark.text,
          errored: false,
          ...(uptime !== undefined ? { uptime } : {}),
          ...(mark.btime !== undefined ? { btime: mark.btime } : {}),
        }
        const lastStarted = trail.last
        const previous = trail.start(event)
        watchClock(event, lastStarted)
        if (prev !== 0 && previous && !previous.errored) quietFailure(previous, prev, uptime)
        current = lineFor(line, event.text)
        if (uptime !== undefined) {
          current.entry.firstUptime ??= uptime
          current.entry.lastUptime = uptime
        }
        break
      }
      case 'fail': {
        const { line, status, depth, uptime, pipeline } = mark
        const started = trail.recentOn(depth, line)
        for (const event of started.slice(-Math.max(1, pipeline.length))) event.errored = true
        let command = started.at(-1)?.text ?? mark.text
        if (pipeline.length > 1 && started.length >= pipeline.length) {
          const elements = started.slice(-pipeline.length)
          const failing = pipeline.findLastIndex((s) => s !== 0)
          if (failing >= 0) command = elements[failing]!.text
        } else {
          // The command that failed, not one that ran inside its $(...) after it started.
          const named = started.findLast((event) => event.text === mark.text)
          if (named) {
            named.errored = true
            command = named.text
          }
        }
        const failure: LineFailure = {
          status,
          command,
          how: 'error',
          ...(pipeline.length > 1 ? { pipeline } : {}),
          ...(uptime !== undefined ? { uptime } : {}),
        }
        lineFor(line).entry.failures.push(failure)
        // Its trace is the command bash named (mark.text): kept only when that is the one named here.
        if (command === mark.text) lastFail = failure
        break
      }
      case 'ran':
        if (failed && mark.text.trim() !== failed.command.trim()) failed.ranAs = mark.text
        break
      case 'check':
        lineFor(mark.line).entry.check = mark.name
        break
      case 'done': {
        report.doneStatus = mark.status
        report.endWatched = mark.watched === true
        const top = trail.atTop()
        if (report.doneStatus && top && !top.errored) quietFailure(top, report.doneStatus)
        break
      }
      case 'exit':
        report.exitStatus = mark.status
        break
      case 'exittrap': {
        // The action's output and failures belong to the line that set it (else to the line that ran last).
        const line = mark.line > 0 ? mark.line : (current?.entry.line ?? 0)
        current = lineFor(line)
        exitAction = { line, command: `trap -- ${shellQuote(mark.text)} EXIT` }
        break
      }
      case 'trapfail': {
        if (!exitAction) {
          // Not inside an announced EXIT action (a probe that set the harness's own flag): a failure
          // all the same, of the command that ran last.
          const event = trail.last
          if (event) event.errored = true
          lineFor(event?.line ?? current?.entry.line ?? 0).entry.failures.push({
            status: mark.status,
            command: event?.text ?? '',
            how: 'error',
          })
          break
        }
        // A function of the action whose last command failed returns that status: bash reports it
        // again one level up, and it is the same failure.
        const echo = exitAction.last && exitAction.last.depth > mark.depth && exitAction.last.status === mark.status
        exitAction.last = { depth: mark.depth, status: mark.status }
        if (echo) break
        lineFor(exitAction.line).entry.failures.push({
          status: mark.status,
          command: exitAction.command,
          how: 'error',
          ...(mark.pipeline.length > 1 ? { pipeline: mark.pipeline } : {}),
        })
        break
      }
      case 'syntax':
        report.syntaxError = mark.message
        break
    }
  }

  /** `uptime`: when the status was seen (the next command's start), if known. */
  function quietFailure(event: CommandEvent, status: number, uptime?: number): void {
    event.errored = true
    lineFor(event.line).entry.failures.push({
      status,
      command: event.text,
      how: 'quiet',
      ...(uptime !== undefined ? { uptime } : {}),
    })
  }
}
