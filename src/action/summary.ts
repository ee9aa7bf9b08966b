/**
 * The job summary, as Markdown with a little HTML for collapsible blocks, the way GitHub
 * renders it. Pure: the console tails come in as data.
 */
import path from 'node:path'
import { classCounts } from '../audit/classify.js'
import { searchSummary } from '../report/search-text.js'
import { OUTCOME_TABLE, isJudged, outcomeCell, outcomePasses } from '../verdict/outcomes.js'
import { rolloverName } from '../config/dates.js'
import { remedy, remedyFor, userlandSuite } from '../verdict/remedy.js'
import type { Finding } from '../verdict/detect.js'
import type { AuditReport, RunReport } from '../report/model.js'
import { runResult, systemLine } from '../report/report.js'
import { type RunScripts, findingPlace, runScripts } from '../report/finding-place.js'

export interface CacheState {
  /** What happened to each artifact: restored from @actions/cache, found locally, or built. */
  kernel: string
  userland: string
  /** The guest saved where it waits for its job, kept across runs; absent when the run kept none. */
  savedGuest?: string
}

export interface SummaryContext {
  /** The last console lines of each date, by date. */
  consoleTails: Record<string, string[]>
  cache: CacheState
  /** Makes a link to a probe line, when the repository is known. */
  lineUrl?: (path: string, line: number) => string
  /** The workflow artifact the report and the console log were published as. */
  artifact?: string
}

/** Text for a Markdown table cell: no line breaks, no bare pipes, no HTML. */
export function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>')
}

/**
 * Inline code in a table cell. GitHub shows a code span's text as it is (`&amp;` would show
 * as such), so only its pipes are escaped; text with backticks becomes HTML, escaped as HTML.
 */
export function code(text: string): string {
  if (text.includes('`')) return `<code>${cell(text)}</code>`
  return `\`${text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``
}

function fence(lines: string[]): string {
  const body = lines.join('\n').replace(/```/g, '`\u200b``')
  return `\n\`\`\`text\n${body}\n\`\`\`\n`
}

function location(finding: Finding, scripts: RunScripts, context: SummaryContext): string {
  const { line, file, script } = findingPlace(finding, scripts)
  if (line === undefined) return finding.stage
  if (!file) return script === 'setup' ? `setup line ${line}` : `line ${line}`
  const text = `${file}:${line}`
  const url = context.lineUrl?.(file, line)
  return url ? `[${cell(text)}](${url})` : cell(text)
}

/** init: systemd: how long the boot to the target took, and every unit that failed, at each date. */
export function servicesSection(report: RunReport): string[] {
  const out = ['### Services (`init: systemd`)', '']
  const dates = [...(report.control ? [report.control] : []), ...report.dates]
  const boot = dates.find((d) => d.init)?.init
  if (boot) {
    out.push(
      `systemd reached \`${cell(boot.target ?? 'its target')}\`${boot.seconds !== undefined ? ` ${boot.seconds} s after boot` : ''}${boot.state ? ` (${cell(boot.state)})` : ''} before the harness ran.`,
    )
    out.push('')
  }
  const rows = dates.flatMap((d) =>
    (d.services ?? []).map((s) => {
      const role = d === report.control ? ' (control)' : ''
      const state =
        s.state === 'failed' ? `❌ failed${s.guestTime ? ` at ${s.guestTime}` : ''}` : 'failed at boot (not Year-2038)'
      return `| ${d.date}${role} | \`${cell(s.unit)}\` | ${state} | ${s.firstLine ? code(s.firstLine) : ''} |`
    }),
  )
  if (rows.length === 0) {
    out.push('No unit failed at any date.')
    return out
  }
  out.push('| Date | Unit | State | First failing line |', '| --- | --- | --- | --- |', ...rows)
  return out
}

/** The static audit: one table row per package, its time32 files with their symbols in a block. */
export function auditSection(audit: AuditReport, fix?: string): string[] {
  const out = ['### Static `time_t` audit', '']
  if (!audit.affected || audit.packages.length === 0) {
    out.push(`${cell(audit.note)} (\`audit: ${audit.mode}\`).`)
    return out
  }
  out.push(`${cell(audit.note)}: ${audit.elfFiles} ELF files read in ${audit.seconds} s when the guest was built.`)
  out.push('')
  out.push('| Package | Class | Files | 32-bit time functions |')
  out.push('| --- | --- | --- | --- |')
  for (const pkg of audit.packages.slice(0, 200)) {
    const symbols = [...new Set(pkg.files.flatMap((f) => f.time32))].sort()
    const mark = pkg.class === 'time32' || pkg.class === 'mixed' ? '⚠️ ' : ''
    out.push(
      `| \`${cell(pkg.package)}\`${pkg.followedFrom ? ` (for \`${cell(pkg.followedFrom)}\`)` : ''} | ${mark}${pkg.class} | ${classCounts(pkg)} | ${cell(symbols.slice(0, 10).join(', '))}${symbols.length > 10 ? ', …' : ''} |`,
    )
  }
  if (audit.packages.length > 200) out.push(`\n… and ${audit.packages.length - 200} more packages in the JSON report.`)
  const files = audit.findings.flatMap((f) =>
    f.files.map((file) => `${file.path} (${file.class}): ${file.symbols.join(', ')}`),
  )
  if (files.length > 0) {
    out.push('')
    out.push(`<details><summary>${files.length} file${files.length === 1 ? '' : 's'} with a 32-bit time_t</summary>`)
    out.push(fence(files.slice(0, 500)))
    out.push('</details>')
  }
  if (fix && audit.findings.length > 0) out.push('', cell(fix))
  return out
}

/** The control date, apart from the requested ones: what it is for and what it found. */
export function controlLine(report: RunReport): string {
  const control = report.control
  if (!control) return 'Control date: none (`control: none`): a line that fails at every date is reported as a finding.'
  const failing = control.findings.filter((f) => f.stage === 'probe').length
  const state = isJudged(control.outcome)
    ? failing === 0
      ? 'every probe line passed there'
      : `${failing} probe line${failing === 1 ? '' : 's'} failed there too; a line that fails the same way at a requested date is not a Year-2038 failure`
    : `the run there did not complete (${outcomeCell(control.outcome)}): nothing could be compared with it`
  return `Control date ${control.date} (${control.durationSeconds} s): ${state}.`
}

export function buildSummary(report: RunReport, context: SummaryContext): string {
  const { target, options } = report
  const probePath = options.probe.kind === 'file' ? options.probe.relativePath : undefined
  const scripts = runScripts(options)
  const probeName = probePath
    ? `\`${probePath}\``
    : options.probe.kind === 'builtin'
      ? 'built-in probe'
      : 'inline `run` script'
  const out: string[] = []
  out.push(`## Year-2038 check: ${target.arch} ${target.suite}, clock \`${options.clock}\``)
  out.push('')
  const failed = runResult(report) === 'fail'
  out.push(
    failed
      ? `**${OUTCOME_TABLE.fail.mark} ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}** on ${report.dates.filter((d) => !outcomePasses(d.outcome)).length} of ${report.dates.length} date${report.dates.length === 1 ? '' : 's'}`
      : `**${OUTCOME_TABLE.pass.mark} No Year-2038 failures** on ${report.dates.length} date${report.dates.length === 1 ? '' : 's'}`,
  )
  out.push('')
  const timeT = [...new Set(report.dates.map((d) => d.timeT).filter(Boolean))]
  out.push(
    `Kernel ${report.kernel.release} (\`${target.kernelPackage}\`, ${report.accel.toUpperCase()})` +
      (timeT.length > 0 ? ` · userland \`time_t\` ${timeT.join('/')}-bit` : '') +
      ` · probe: ${probeName}` +
      (options.packages.length > 0 ? ` · packages: ${options.packages.map((p) => `\`${p}\``).join(' ')}` : ''),
  )
  if (report.system) out.push(`\n${systemLine(report.system)}`)
  if (target.kernelNote) out.push(`\n> ${target.kernelNote}`)
  out.push('')
  out.push('| Date | Outcome | Findings | Guest clock at probe start | Time |')
  out.push('| --- | --- | ---: | --- | ---: |')
  for (const date of report.dates) {
    out.push(
      `| ${date.date}${rolloverName(new Date(date.date)) ? ` (${cell(rolloverName(new Date(date.date))!)})` : ''} | ${outcomeCell(date.outcome)} | ${date.findings.length} | ${date.guestClockAtProbe ?? '—'} | ${date.durationSeconds} s |`,
    )
  }
  if (options.init === 'systemd') out.push('', ...servicesSection(report))
  const outFiles = report.dates.filter((d) => d.out)
  if (outFiles.length > 0) {
    out.push('')
    out.push(
      `Files the probe left in \`$Y2038_OUT\`: ${outFiles.map((d) => `${d.date}: ${d.out!.files} (${d.out!.bytes} bytes${d.out!.overLimit ? ', over the limit' : ''})`).join(' · ')}, under ${code(path.dirname(path.dirname(outFiles[0]!.out!.dir)))} (output \`output-dir\`).`,
    )
  }
  out.push('')
  out.push(controlLine(report))
  if (report.findings.length > 0) {
    out.push('')
    out.push('### Findings')
    out.push('')
    out.push('| Date | Where | Command | Message |')
    out.push('| --- | --- | --- | --- |')
    for (const f of report.findings) {
      const command = f.command ? code(f.command) : f.program ? cell(f.program) : ''
      const check = f.check ? ` (${cell(f.check)})` : ''
      out.push(`| ${f.date} | ${location(f, scripts, context)} | ${command}${check} | ${cell(f.message)} |`)
    }
    const fix = report.findings.map(remedyFor).find((advice) => advice !== undefined)
    if (fix) out.push('', cell(fix))
    for (const date of report.dates.filter((d) => d.findings.length > 0)) {
      const lines: string[] = []
      for (const f of date.findings) {
        if (f.stage === 'probe' || (f.stage === 'setup' && f.line !== undefined)) {
          const script = f.stage === 'setup' ? 'setup ' : ''
          lines.push(`# ${script}${f.line !== undefined ? `line ${f.line}: ` : ''}${f.command ?? ''}`)
          if (f.ranAs !== undefined) lines.push(`# ran as: ${f.ranAs}`)
          lines.push(...(f.context ?? [f.message]))
        } else if (f.context) {
          lines.push(`# ${f.stage}: ${f.message}`)
          lines.push(...f.context)
        }
      }
      const tail = context.consoleTails[date.date] ?? []
      out.push('')
      out.push(`<details><summary>Output and console at ${date.date}</summary>`)
      if (lines.length > 0) out.push(fence(lines))
      if (tail.length > 0) {
        out.push(`Last ${tail.length} console lines:`)
        out.push(fence(tail))
      }
      out.push('</details>')
    }
  }
  // Failures set aside, each with the reason: folded, as they are not Year-2038 failures.
  const setAside = (summary: string, list: RunReport['ignored']): void => {
    if (list.length === 0) return
    out.push('', `<details><summary>${summary}</summary>`, '')
    out.push('| Date | Where | Command | Message | Why |', '| --- | --- | --- | --- | --- |')
    for (const { finding: f, reason } of list) {
      out.push(
        `| ${f.date} | ${location(f, scripts, context)} | ${f.command ? code(f.command) : ''} | ${cell(f.message)} | ${cell(reason)} |`,
      )
    }
    out.push('</details>')
  }
  setAside('Failures that are not Year-2038 failures', report.ignored)
  setAside('Flaky lines: their answer changed when the date ran again (not Year-2038 failures)', report.flaky)
  if (report.search) {
    const { head, timelines } = searchSummary(report.search, scripts)
    out.push('', ...head, '', fence(timelines))
  }
  out.push(
    '',
    ...auditSection(report.audit, remedy(report.target.arch, userlandSuite(report.target.suite, report.system))),
  )
  out.push('')
  out.push('### Guest cache')
  out.push('')
  out.push('| Artifact | Key | State |')
  out.push('| --- | --- | --- |')
  out.push(`| kernel and initramfs | \`${report.kernel.key}\` | ${cell(context.cache.kernel)} |`)
  out.push(`| root filesystem | \`${report.userland.key}\` | ${cell(context.cache.userland)} |`)
  if (report.savedGuest && context.cache.savedGuest)
    out.push(`| saved guest | \`${report.savedGuest.key}\` | ${cell(context.cache.savedGuest)} |`)
  if (context.artifact) {
    out.push('')
    out.push(`The report and the console log are the workflow artifact ${code(context.artifact)}.`)
  }
  out.push('')
  return `${out.join('\n')}\n`
}

/** GitHub refuses a step summary over 1 MiB; stay well below it. */
export const MAX_SUMMARY_BYTES = 1000 * 1000

/** The summary cut at a line boundary below `limit` bytes, saying so, when it is longer. */
export function capSummary(markdown: string, limit: number = MAX_SUMMARY_BYTES): string {
  if (Buffer.byteLength(markdown) <= limit) return markdown
  const note = '\n\n> The summary was cut here: it was over the size GitHub shows. The JSON report has everything.\n'
  let cut = Buffer.from(markdown)
    .subarray(0, limit - Buffer.byteLength(note) - 64)
    .toString('utf8')
  cut = cut.slice(0, Math.max(0, cut.lastIndexOf('\n')))
  // An open <details> or code fence would swallow the note.
  if ((cut.match(/```/g)?.length ?? 0) % 2 === 1) cut += '\n```'
  const open = (cut.match(/<details>/g)?.length ?? 0) - (cut.match(/<\/details>/g)?.length ?? 0)
  return `${cut}${'\n</details>'.repeat(Math.max(0, open))}${note}`
}
