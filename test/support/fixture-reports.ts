/**
 * Every report the tool writes, rendered from the recorded guests of test/fixtures: the text
 * and JSON reports, SARIF, the job summary and the annotations of three runs (a probe file
 * with and without a control date, the built-in probe), and the merge of their JSON reports
 * with the recorded one (text, JSON, SARIF, the report action's summary). A refactoring that
 * changes none of the tool's behaviour leaves every file byte for byte as it was:
 * test/unit/fixture-reports.test.ts compares them with test/fixtures/reports/.
 *
 * `node --import tsx test/support/fixture-reports.ts DIR` writes them to DIR.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { bootDateFor, formatInstant, parseInstant } from '../../src/config/dates.js'
import type { ProbeSource, RunOptions } from '../../src/config/options.js'
import { resolveTarget } from '../../src/config/targets.js'
import { parseRecords } from '../../src/protocol/records.js'
import { buildGuestReport } from '../../src/verdict/guest-report.js'
import { evaluateBoot } from '../../src/verdict/detect.js'
import { settleDates } from '../../src/report/settle.js'
import type { DateResult, RunReport } from '../../src/report/model.js'
import { formatTextReport, toJsonReport } from '../../src/report/report.js'
import { formatMergedText, mergeReports, readInput, toMergedJson } from '../../src/report/merge.js'
import { toSarif } from '../../src/report/sarif.js'
import { buildSummary } from '../../src/action/summary.js'
import { buildReportSummary } from '../../src/action/report-summary.js'
import { auditAnnotations, buildAnnotations } from '../../src/action/annotations.js'
import { runScripts } from '../../src/report/finding-place.js'

const TOOL_VERSION = '0.0.0-fixture'

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url))
}

interface RecordedDate {
  date: string
  results: string
  token: string
}

/** A run of `probe` at the recorded dates, judged and settled as the engine does. */
function recordedRun(probe: ProbeSource, recorded: RecordedDate[], control?: RecordedDate): RunReport {
  const target = resolveTarget('i386', 'bookworm')
  const all = [...(control ? [control] : []), ...recorded]
  const options: RunOptions = {
    dates: recorded.map((r) => parseInstant(r.date)!),
    arch: 'i386',
    suite: 'bookworm',
    packages: [],
    probe,
    clock: 'step',
    mirror: 'http://deb.debian.org/debian',
    timeoutSeconds: 600,
    accel: 'auto',
    cacheDir: '/cache/y2038-action',
    audit: 'packages',
    failOn: 'findings',
    control: control ? parseInstant(control.date)! : undefined,
    debs: [],
    init: 'sh',
    systemdTarget: 'multi-user.target',
    crossMarginSeconds: 30,
    confirm: true,
  }
  const probeSource = probe.kind === 'file' ? fixture('userprobe.sh').toString('utf8').split('\n') : undefined
  const consoleText = fixture('i386-bookworm-step-2038-01-20.console.log').toString('utf8')
  const boots = all.map((r, i) => {
    const date = parseInstant(r.date)!
    const guest = buildGuestReport(parseRecords(fixture(r.results), r.token))
    const verdict = evaluateBoot({
      date,
      clock: options.clock,
      arch: options.arch,
      suite: options.suite,
      guest,
      ...(probeSource ? { probeSource } : {}),
      console: consoleText,
      timedOut: false,
      timeoutSeconds: options.timeoutSeconds,
      durationMs: 13_000 + i * 100,
    })
    const stamp = formatInstant(date).replace(/:/g, '')
    const result: Omit<DateResult, 'outcome' | 'findings'> = {
      date: formatInstant(date),
      bootDate: formatInstant(bootDateFor(date, options.clock)),
      clock: options.clock,
      durationSeconds: 13 + i / 10,
      reachedProbe: guest.clockAtProbe !== undefined,
      guestClockAtProbe: formatInstant(new Date(guest.clockAtProbe! * 1000)),
      timeT: guest.timeT,
      consoleLog: `/out/i386-bookworm-step-${stamp}/console.log`,
    }
    return { date, verdict, result }
  })
  const settled = control ? settleDates(boots.slice(1), boots[0]) : settleDates(boots)
  return {
    accel: 'tcg',
    target,
    options,
    kernel: {
      // Recorded keys: the recipes' own keys change with the guest's scripts, the reports do not.
      key: 'kernel-i386-bookworm-f7b8d0bf5de2b374',
      dir: '/cache/k',
      source: 'local',
      built: false,
      buildSeconds: 26.2,
      release: '6.1.0-50-686',
    },
    userland: {
      key: 'userland-i386-bookworm-5b1f0e4f8c2d9a31',
      dir: '/cache/u',
      source: 'built',
      built: true,
      buildSeconds: 13.7,
    },
    dates: settled.dates,
    ...(settled.control ? { control: settled.control } : {}),
    findings: settled.findings,
    ignored: settled.ignored,
    flaky: [],
    audit: {
      mode: 'packages',
      affected: true,
      note: 'the ELF files of sudo, read for the glibc time functions they import',
      packages: [],
      findings: [
        {
          stage: 'audit',
          package: 'sudo',
          class: 'time32',
          severity: 'warning',
          message: '/usr/bin/sudo imports 32-bit time functions: gettimeofday, nanosleep',
          files: [{ path: '/usr/bin/sudo', class: 'time32', symbols: ['gettimeofday', 'nanosleep'] }],
          probeFindings: [{ date: '2038-01-20T00:00:00Z', line: 4, command: 'sudo -n true' }],
        },
        {
          stage: 'audit',
          package: 'bin',
          class: 'mixed',
          severity: 'warning',
          message: 'bin/tool imports 32-bit and 64-bit time functions: stat64, __clock_gettime64',
          files: [{ path: 'bin/tool', class: 'mixed', symbols: ['stat64', '__clock_gettime64'] }],
          source: { kind: 'workdir', path: 'tools' },
        },
      ],
    },
    startedAt: '2026-11-29T05:21:24.770Z',
    durationSeconds: 25.9,
  }
}

const USERPROBE: ProbeSource = { kind: 'file', path: '/work/repo/ci/probe.sh', relativePath: 'ci/probe.sh' }
const BEFORE = { date: '2038-01-18', results: 'i386-bookworm-step-2038-01-18-userprobe.results', token: '8484961eaea3' }
const AFTER = { date: '2038-01-20', results: 'i386-bookworm-step-2038-01-20-userprobe.results', token: 'e94a8d4c95a2' }
const BUILTIN_BEFORE = { date: '2038-01-18', results: 'i386-bookworm-step-2038-01-18.results', token: '0decad019f81' }
const BUILTIN_AFTER = {
  date: '2038-01-20',
  results: 'i386-bookworm-step-2038-01-20-builtin.results',
  token: 'e887edab6985',
}

const lineUrl = (file: string, line: number) => `https://github.com/o/r/blob/0123abc/${file}#L${line}`

/** Every report of the recorded runs, by file name. */
export function fixtureReports(): Map<string, string> {
  const out = new Map<string, string>()
  const runs: Array<[string, RunReport]> = [
    ['probe-file', recordedRun(USERPROBE, [BEFORE, AFTER])],
    ['probe-file-control', recordedRun(USERPROBE, [AFTER], BEFORE)],
    ['builtin-control', recordedRun({ kind: 'builtin' }, [BUILTIN_AFTER], BUILTIN_BEFORE)],
  ]
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`
  const inputs = [readInput({ source: 'recorded.json', text: fixture('report-i386-bookworm-step.json').toString() })]
  for (const [name, report] of runs) {
    const jsonReport = toJsonReport(report, TOOL_VERSION)
    out.set(`${name}.txt`, formatTextReport(report))
    out.set(`${name}.json`, json(jsonReport))
    out.set(`${name}.sarif`, json(toSarif([jsonReport], { toolVersion: TOOL_VERSION, category: name })))
    const tails = Object.fromEntries(report.dates.map((d) => [d.date, ['[   12.3] console line', 'y2038: done']]))
    out.set(
      `${name}.summary.md`,
      buildSummary(report, {
        consoleTails: tails,
        cache: { kernel: 'found locally', userland: 'built' },
        lineUrl,
        artifact: `y2038-${name}`,
      }),
    )
    out.set(
      `${name}.annotations.json`,
      json({
        findings: buildAnnotations(report.findings, runScripts(report.options)),
        audit: auditAnnotations(report.audit.findings, report.target),
      }),
    )
    inputs.push(readInput({ source: `${name}.json`, text: JSON.stringify(jsonReport) }))
  }
  const merged = mergeReports(inputs)
  out.set('merged.txt', formatMergedText(merged))
  out.set('merged.json', json(toMergedJson(merged, TOOL_VERSION)))
  out.set('merged.summary.md', buildReportSummary(merged, { lineUrl }))
  const read = inputs.flatMap((i) => (i.kind === 'report' ? [i.report] : []))
  out.set('merged.sarif', json(toSarif(read, { toolVersion: TOOL_VERSION, category: 'merged' })))
  return out
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  const dir = process.argv[2]
  if (!dir) throw new Error('usage: fixture-reports.ts DIR')
  mkdirSync(dir, { recursive: true })
  for (const [name, text] of fixtureReports()) writeFileSync(path.join(dir, name), text)
}
