/**
 * The date search as people read it: for each probe line, when its answer changes, each
 * instant named by the rollover it is (or how long before one), and a timeline of the range
 * with the rollovers marked. The text report and the job summary both use it. Pure.
 */
import { ROLLOVER, ROLLOVERS, formatInstant } from '../config/dates.js'
import { type LineChange, type LineSearch, LOOKAHEADS } from '../search/bisect.js'
import type { SearchReport } from '../search/drive.js'
import { type RunScripts, scriptName } from './finding-place.js'

/** "the signed 32-bit time_t rollover", "365 days before the signed 32-bit time_t rollover", or nothing. */
export function instantName(instant: string): string | undefined {
  const seconds = Date.parse(instant) / 1000
  for (const rollover of ROLLOVERS) {
    const at = rollover.at.getTime() / 1000
    if (seconds === at) return `the ${rollover.name} rollover`
    for (const [ahead, words] of LOOKAHEADS) {
      if (seconds === at - ahead) return `${words} before the ${rollover.name} rollover`
    }
  }
  return undefined
}

/** "passes until T1, fails from T2", the way a change reads in a report. */
export function changeText(change: LineChange): string {
  const [was, is] = change.to === 'fail' ? ['passes', 'fails'] : ['fails', 'passes']
  const name = instantName(change.firstAfter)
  const exact = change.exact ? '' : ' (not narrowed to the second)'
  return `${was} until ${change.lastBefore}, ${is} from ${change.firstAfter}${name ? ` (${name})` : ''}${exact}`
}

/** What the search found for a line that does not change at a given instant. */
function steadyText(line: LineSearch): string {
  if (line.verdict === 'fails') return 'fails at every date of the range (not a rollover)'
  if (line.verdict === 'passes') return 'passes at every date of the range'
  return `flaky: ${line.reason ?? 'its answer changes'} (no date given)`
}

export const TIMELINE_WIDTH = 64

/**
 * The range as a bar: `=` where the line passes, `X` where it fails, `?` where it is flaky,
 * one column per 1/TIMELINE_WIDTH of the range.
 */
export function timeline(search: Pick<SearchReport, 'from' | 'to'>, line: LineSearch, width = TIMELINE_WIDTH): string {
  const from = Date.parse(search.from)
  const to = Date.parse(search.to)
  if (line.verdict === 'flaky') return '?'.repeat(width)
  const cells: string[] = []
  for (let i = 0; i < width; i++) {
    const t = from + ((to - from) * (i + 0.5)) / width
    // Before its first change, the opposite of what it changes to.
    let failing = line.verdict === 'fails' || line.changes[0]?.to === 'pass'
    for (const change of line.changes) if (t >= Date.parse(change.firstAfter)) failing = change.to === 'fail'
    cells.push(failing ? 'X' : '=')
  }
  return cells.join('')
}

/** The line under the bars: `^` at each rollover inside the range. */
export function rolloverMarks(search: Pick<SearchReport, 'from' | 'to'>, width = TIMELINE_WIDTH): string {
  const from = Date.parse(search.from)
  const to = Date.parse(search.to)
  const marks = Array.from({ length: width }, () => ' ')
  for (const rollover of ROLLOVERS) {
    const t = rollover.at.getTime()
    if (t < from || t > to) continue
    marks[Math.min(width - 1, Math.floor(((t - from) / (to - from)) * width))] = '^'
  }
  return marks.join('').trimEnd()
}

/** `ci/probe.sh:3  sudo -n true`, or `unit systemd-journald.service`. */
function subjectLabel(probe: string, line: LineSearch): string {
  return line.unit !== undefined ? `unit ${line.unit}` : `${probe}:${line.line}  ${line.command ?? ''}`.trimEnd()
}

/** The runs a search took, in words. */
export function searchCost(search: SearchReport): string {
  return (
    `${search.scanRuns} scan date(s), ${search.bisectionRuns} bisection run(s), ${search.confirmationRuns} confirmation run(s)` +
    (search.stepsRanOut ? '; the bisection ran out of steps before every change was narrowed to the second' : '')
  )
}

/** The search's answer in one line: the first failing second, or why there is none. */
export function firstFailingText(search: SearchReport): string {
  if (search.lines.length === 0) return 'no probe line was timed: no run of the search reached the probe'
  if (!search.firstFailing) return 'no line starts to fail in the range'
  const before = new Date(search.firstFailing) < ROLLOVER ? ' (before the signed 32-bit time_t rollover)' : ''
  return `first failing second: ${search.firstFailing}${before}`
}

/** The text report's section. */
export function searchTextLines(search: SearchReport, scripts: RunScripts): string[] {
  const probe = scriptName(scripts, 'probe')
  const out = [`When each line changes (search ${search.from} to ${search.to}; ${searchCost(search)}):`]
  const pad = ' '.repeat(4)
  for (const line of search.lines) {
    out.push(`  ${subjectLabel(probe, line)}`)
    out.push(`${pad}${search.from.slice(0, 4)} ${timeline(search, line)} ${search.to.slice(0, 4)}`)
    if (line.verdict !== 'changes') out.push(`${pad}${steadyText(line)}`)
    for (const change of line.changes) {
      out.push(`${pad}${changeText(change)}`)
      if (change.to === 'fail' && change.message) out.push(`${pad}  at ${change.firstAfter}: ${change.message}`)
    }
    if (line.beforeRollover) out.push(`${pad}fails before ${formatInstant(ROLLOVER)}`)
  }
  out.push(`${pad}     ${rolloverMarks(search)}`)
  out.push(
    `${pad}     ^: ${ROLLOVERS.filter((r) => r.at >= new Date(search.from) && r.at <= new Date(search.to))
      .map((r) => r.name)
      .join(', ')}`,
  )
  out.push(`  ${firstFailingText(search)}`)
  return out
}

/**
 * The job summary's section: its Markdown head, and the timelines as plain lines for the
 * summary to put in a code block.
 */
export function searchSummary(search: SearchReport, scripts: RunScripts): { head: string[]; timelines: string[] } {
  const probe = scriptName(scripts, 'probe')
  const head = ['### When each line changes', '', `Search ${search.from} to ${search.to}: ${searchCost(search)}.`, '']
  const answer = firstFailingText(search)
  const sentence = answer.charAt(0).toUpperCase() + answer.slice(1)
  head.push(search.firstFailing ? `**${sentence}**` : `${sentence}.`)
  const timelines: string[] = []
  for (const line of search.lines) {
    timelines.push(subjectLabel(probe, line))
    timelines.push(`  ${search.from.slice(0, 4)} ${timeline(search, line)} ${search.to.slice(0, 4)}`)
    if (line.verdict !== 'changes') timelines.push(`  ${steadyText(line)}`)
    for (const change of line.changes) timelines.push(`  ${changeText(change)}`)
  }
  timelines.push(`       ${rolloverMarks(search)}`)
  return { head, timelines }
}
