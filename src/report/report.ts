/**
 * The run's results for people (a text report) and for programs (JSON, schema version
 * REPORT_SCHEMA_VERSION, described in docs/report.schema.json). Pure.
 */
import { type RunScripts, findingPlace, runScripts } from './finding-place.js'
import { ROLLOVER, formatInstant, rolloverName } from '../config/dates.js'
import { classCounts } from '../audit/classify.js'
import { isJudged, outcomeLine, outcomePasses, outcomeWhat } from '../verdict/outcomes.js'
import { remedy, remedyFor, userlandSuite } from '../verdict/remedy.js'
import type { Finding } from '../verdict/detect.js'
import type { SystemDetails } from '../image/build.js'
import type { AuditReport, DateResult, RunReport, SearchReport } from './model.js'
import { searchTextLines } from './search-text.js'
import { redactCredentials } from '../config/text.js'

/**
 * 2: the audit section. 3: the control date (`control`), whose failures set findings aside.
 * 4: the stages before the probe (`stages`, outcome setup-failed, finding stages install and
 * setup) and the files from $Y2038_OUT (`out`). 5: the setup script (`setup`), where setup
 * findings are located. 6: the outcome clock-moved. 7: the date search
 * (`search`). Every field of the earlier versions is kept as it was.
 */
export const REPORT_SCHEMA_VERSION = 8
export const REPORT_SCHEMA_ID = 'https://github.com/y2038-action/y2038-action/blob/main/docs/report.schema.json'

export interface JsonDate {
  date: string
  bootDate: string
  fromSnapshot?: true
  outcome: string
  findings: number
  durationSeconds: number
  guestClockAtProbe?: string
  timeT?: number
  omittedOutputLines?: number
  consoleLog: string
  stages?: DateResult['stages']
  out?: DateResult['out']
  init?: DateResult['init']
  services?: DateResult['services']
  crossing?: string
  confirmation?: DateResult['confirmation']
  /** The well-known rollover this date is the edge of (`dates: rollovers`). */
  rollover?: string
}

function jsonDate(d: DateResult): JsonDate {
  const rollover = rolloverName(new Date(d.date))
  return {
    date: d.date,
    bootDate: d.bootDate,
    ...(d.fromSnapshot ? { fromSnapshot: true } : {}),
    outcome: d.outcome,
    findings: d.findings.length,
    durationSeconds: d.durationSeconds,
    ...(d.guestClockAtProbe ? { guestClockAtProbe: d.guestClockAtProbe } : {}),
    ...(d.timeT ? { timeT: d.timeT } : {}),
    ...(d.omittedOutputLines ? { omittedOutputLines: d.omittedOutputLines } : {}),
    consoleLog: d.consoleLog,
    ...(d.stages ? { stages: d.stages } : {}),
    ...(d.out ? { out: d.out } : {}),
    ...(d.init ? { init: d.init } : {}),
    ...(d.services ? { services: d.services } : {}),
    ...(d.crossing ? { crossing: d.crossing } : {}),
    ...(d.confirmation ? { confirmation: d.confirmation } : {}),
    ...(rollover ? { rollover } : {}),
  }
}

export interface JsonReport {
  $schema: string
  schemaVersion: number
  tool: { name: string; version: string }
  rollover: string
  startedAt: string
  durationSeconds: number
  result: 'pass' | 'fail'
  target: {
    arch: string
    suite: string
    clock: string
    accel: string
    kernel: { package: string; arch: string; suite: string; release: string; note?: string }
    qemu: string
    packages: string[]
    mirror: string
    /** What ran as PID 1 (version 5). */
    init: 'sh' | 'systemd'
    /** The user's own system, instead of a Debian root built here (version 8). */
    system?: { image: string; digest: string; os?: string; libc: string; dpkg: boolean }
  }
  probe: { kind: string; path?: string }
  /** The setup script, when the run has one (version 5): `path` for a file of the repository. */
  setup?: { kind: string; path?: string }
  artifacts: {
    kernel: { key: string; built: boolean; buildSeconds: number }
    userland: { key: string; built: boolean; buildSeconds: number }
  }
  dates: JsonDate[]
  /** The run at the control date; absent with `control: none`. */
  control?: JsonDate & { failures: Finding[] }
  findings: Finding[]
  ignored: Array<{ reason: string; finding: Finding }>
  flaky: Array<{ reason: string; finding: Finding }>
  audit: AuditReport
  /** dates: search (version 7): where each probe line changes its answer, to the second. */
  search?: SearchReport
}

/**
 * The earliest instant the probe was seen failing: the search's first failing second, or the
 * first date of the run that did not pass, whichever is earlier.
 */
export function firstFailingDate(
  report: Pick<JsonReport, 'dates'> & { search?: Pick<SearchReport, 'firstFailing'> },
): string | undefined {
  const failing = report.dates.filter((d) => !outcomePasses(d.outcome)).map((d) => d.date)
  const candidates = [...failing, ...(report.search?.firstFailing ? [report.search.firstFailing] : [])]
  return candidates.sort()[0]
}

/** pass: every date passed, and with fail-on audit, the audit found nothing either. */
export function runResult(report: RunReport): 'pass' | 'fail' {
  if (!report.dates.every((d) => outcomePasses(d.outcome))) return 'fail'
  return report.options.failOn === 'audit' && report.audit.findings.length > 0 ? 'fail' : 'pass'
}

export function toJsonReport(report: RunReport, toolVersion: string): JsonReport {
  const { target, options } = report
  return {
    $schema: REPORT_SCHEMA_ID,
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'y2038-action', version: toolVersion },
    rollover: formatInstant(ROLLOVER),
    startedAt: report.startedAt,
    durationSeconds: report.durationSeconds,
    result: runResult(report),
    target: {
      arch: target.arch,
      suite: target.suite,
      clock: options.clock,
      accel: report.accel,
      kernel: {
        package: target.kernelPackage,
        arch: target.machine.kernelArch,
        suite: target.kernelSuite,
        release: report.kernel.release,
        ...(target.kernelNote ? { note: target.kernelNote } : {}),
      },
      qemu: target.machine.qemuBinary,
      packages: options.packages,
      mirror: redactCredentials(options.mirror),
      init: options.init,
      ...(report.system ? { system: jsonSystem(report.system) } : {}),
    },
    ...runScripts(options),
    artifacts: {
      kernel: { key: report.kernel.key, built: report.kernel.built, buildSeconds: report.kernel.buildSeconds },
      userland: { key: report.userland.key, built: report.userland.built, buildSeconds: report.userland.buildSeconds },
    },
    dates: report.dates.map(jsonDate),
    ...(report.control ? { control: { ...jsonDate(report.control), failures: report.control.findings } } : {}),
    findings: report.findings,
    ignored: report.ignored.map((i) => ({ reason: i.reason, finding: i.finding })),
    flaky: report.flaky.map((i) => ({ reason: i.reason, finding: i.finding })),
    audit: report.audit,
    ...(report.search ? { search: report.search } : {}),
  }
}

function jsonSystem(system: SystemDetails): NonNullable<JsonReport['target']['system']> {
  const { given, digest, os, libc, dpkg } = system
  return { image: redactCredentials(given), digest, ...(os ? { os } : {}), libc, dpkg }
}

/** The user's own system in a line: what it is, its C library and its digest. */
export function systemLine(system: SystemDetails): string {
  const libc = system.libc === 'unknown' ? 'no C library found (static)' : system.libc
  return `system: ${system.os ?? 'no os-release'}, ${libc}${system.dpkg ? ', dpkg' : ''} (${system.digest})`
}

function findingLines(finding: Finding, scripts: RunScripts): string[] {
  const place = findingPlace(finding, scripts)
  const where =
    place.line === undefined && finding.stage === 'services' ? `services  ${finding.program ?? ''}` : place.label
  const what = finding.check ? `[${finding.check}] ` : ''
  const said = finding.stage === 'services' ? '' : (finding.command ?? finding.program ?? '')
  const when = finding.guestTime
    ? ` (at ${finding.guestTime}${finding.crossing ? `, ${finding.crossing} the crossing` : ''})`
    : ''
  const lines = [`  ${[where, `${what}${said}`].filter((part) => part !== '').join('  ')}${when}`]
  if (finding.ranAs !== undefined) lines.push(`      ran as: ${finding.ranAs}`)
  lines.push(`      ${finding.message}`)
  if (finding.exitStatus !== undefined && finding.exitStatus !== 0)
    lines.push(`      exit status ${finding.exitStatus}`)
  if (finding.stage !== 'probe' && finding.context && finding.context.length > 0) {
    for (const line of finding.context.slice(-8)) lines.push(`      | ${line}`)
  }
  return lines
}

/** The audit's block of the text report: one line per package, its time32 files below. */
export function auditLines(audit: AuditReport, fix?: string): string[] {
  const head = `Static time_t audit (${audit.mode})`
  if (!audit.affected || audit.packages.length === 0) return [`${head}: ${audit.note}`]
  const read = audit.elfFiles !== undefined ? `; ${audit.elfFiles} ELF files read in ${audit.seconds} s at build` : ''
  const lines = [`${head}: ${audit.note}${read}`]
  const width = Math.max(...audit.packages.map((p) => p.package.length))
  for (const pkg of audit.packages) {
    const followed = pkg.followedFrom ? `  (for ${pkg.followedFrom}, which holds no ELF file)` : ''
    lines.push(`  ${pkg.package.padEnd(width)}  ${pkg.class.padEnd(7)}  ${classCounts(pkg)}${followed}`)
    const finding = audit.findings.find((f) => f.package === pkg.package)
    for (const file of finding?.files.slice(0, 5) ?? []) {
      lines.push(`  ${' '.repeat(width)}    ${file.path} (${file.class}: ${file.symbols.slice(0, 6).join(', ')})`)
    }
    if (finding && finding.files.length > 5) lines.push(`  ${' '.repeat(width)}    … ${finding.files.length - 5} more`)
  }
  if (fix && audit.findings.length > 0) lines.push(`  ${fix}`)
  return lines
}

/** One line on the control date: when, how it went, how many probe lines failed there. */
export function controlText(report: RunReport): string {
  const control = report.control
  if (!control) return 'control: none (a line that fails at every date counts as a finding)'
  const failing = control.findings.filter((f) => f.stage === 'probe').length
  const how = isJudged(control.outcome)
    ? `${failing} probe line(s) failed there`
    : `did not complete: ${outcomeWhat(control.outcome)}`
  return `control: ${control.date}, ${how} (${control.durationSeconds} s; console: ${control.consoleLog})`
}

/** The readable report: one block per date with each finding's line, command and message. */
export function formatTextReport(report: RunReport): string {
  const { target, options } = report
  const scripts = runScripts(options)
  const placeOf = (finding: Finding) => findingPlace(finding, scripts).label
  const out: string[] = []
  const userland = report.system ? redactCredentials(report.system.given) : target.suite
  out.push(
    `y2038: ${target.arch} ${userland}, clock ${options.clock}, ${report.accel.toUpperCase()}, kernel ${report.kernel.release}${target.kernelNote ? ` (${target.kernelNote})` : ''}`,
  )
  if (report.system) out.push(systemLine(report.system))
  out.push(controlText(report))
  for (const date of report.dates) {
    out.push('')
    const timeT = date.timeT ? `, time_t ${date.timeT}-bit` : ''
    const rollover = rolloverName(new Date(date.date))
    out.push(
      `${date.date}${rollover ? ` [${rollover}]` : ''}  ${outcomeLine(date.outcome)}  (${date.durationSeconds} s${timeT})`,
    )
    if (date.guestClockAtProbe && date.guestClockAtProbe !== date.date) {
      out.push(
        `  guest clock at probe start: ${date.guestClockAtProbe}${date.crossing ? `; it crossed ${date.crossing} while the probe ran` : ''}`,
      )
    }
    if (date.init) {
      out.push(
        `  systemd: ${date.init.target ?? 'its target'} reached ${date.init.seconds !== undefined ? `${date.init.seconds} s after boot` : ''}${date.init.state ? ` (${date.init.state})` : ''}`.trimEnd(),
      )
    }
    for (const service of date.services ?? []) {
      if (service.state === 'failed-at-boot')
        out.push(`  ${service.unit}: failed at boot, before the clock moved (not a Year-2038 failure)`)
    }
    for (const stage of date.stages ?? []) {
      const how = stage.outcome === 'ok' ? 'ok' : outcomeWhat(stage.outcome)
      out.push(
        `  ${stage.stage === 'install' ? 'install .debs' : 'setup'}: ${how}${stage.clockAtStart ? ` (at ${stage.clockAtStart}${stage.fromSnapshot ? ', once, before the guest was saved' : ''})` : ''}`,
      )
    }
    for (const finding of date.findings) out.push(...findingLines(finding, scripts))
    const fix = date.findings.map(remedyFor).find((advice) => advice !== undefined)
    if (fix) out.push(`  ${fix}`)
    if (date.out) {
      out.push(
        `  files from $Y2038_OUT: ${date.out.files} (${date.out.bytes} bytes) in ${date.out.dir}${date.out.overLimit ? ' (over the limit: some are missing or cut)' : ''}`,
      )
      for (const missing of date.out.notBroughtBack.slice(0, 5)) out.push(`    not brought back: ${missing}`)
    }
    if (date.omittedOutputLines) {
      out.push(
        `  (${date.omittedOutputLines} lines of probe output not kept here; results.log beside the console log has them all)`,
      )
    }
    out.push(`  console: ${date.consoleLog}`)
    if (date.confirmation) {
      out.push(
        `  run again to confirm: ${outcomeWhat(date.confirmation.outcome)} (${date.confirmation.durationSeconds} s; console: ${date.confirmation.consoleLog})`,
      )
    }
  }
  if (report.ignored.length > 0) {
    out.push('')
    out.push('Not Year-2038 failures (they fail the same way at the control date or before the rollover):')
    const seen = new Set<string>()
    for (const { finding } of report.ignored) {
      const key = `${finding.stage}:${finding.line}:${finding.message}`
      if (seen.has(key)) continue
      seen.add(key)
      out.push(`  ${placeOf(finding)}  ${finding.command ?? ''}: ${finding.message}`)
    }
  }
  if (report.flaky.length > 0) {
    out.push('')
    out.push('Flaky, not Year-2038 failures (their answer changed when the date or the control ran again):')
    for (const { finding, reason } of report.flaky) {
      out.push(`  ${finding.date}  ${placeOf(finding)}  ${finding.command ?? ''}: ${finding.message} (${reason})`)
    }
  }
  if (report.search) out.push('', ...searchTextLines(report.search, scripts))
  out.push('', ...auditLines(report.audit, remedy(target.arch, userlandSuite(target.suite, report.system))))
  const failing = report.dates.filter((d) => !outcomePasses(d.outcome)).length
  out.push('')
  out.push(
    `${report.findings.length} finding(s); ${report.dates.length - failing} of ${report.dates.length} date(s) passed; ` +
      (report.audit.findings.length > 0
        ? `${report.audit.findings.length} package(s) with 32-bit time_t files; `
        : '') +
      `${report.durationSeconds} s`,
  )
  return `${out.join('\n')}\n`
}
