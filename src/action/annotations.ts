/**
 * Findings as GitHub annotations: merged when identical, the most important first, and no
 * more than GitHub shows for a step. Pure.
 */
import { type AuditFinding, ownFileLocations } from '../audit/classify.js'
import { type Finding, RUN_SIGNATURES } from '../verdict/detect.js'
import { remedy, remedyFor } from '../verdict/remedy.js'
import { type RunScripts, findingPlace } from '../report/finding-place.js'
import { OUTCOME_TABLE, runOutcomeOf } from '../verdict/outcomes.js'

/** GitHub shows at most this many error annotations per step. */
export const MAX_ERROR_ANNOTATIONS = 10

export interface Annotation {
  title: string
  message: string
  file?: string
  startLine?: number
}

interface Group {
  finding: Finding
  dates: string[]
}

/** Lower is more important: a date that failed as a whole before a single probe line. */
function rank(finding: Finding): number {
  switch (finding.stage) {
    case 'boot':
      return 0
    case 'clock':
      return 1
    case 'timeout':
      return 2
    case 'install':
    case 'setup':
      return finding.signature.id === 'setup-failed' || RUN_SIGNATURES.has(finding.signature.id) ? 2 : 3
    case 'services':
      return 3
    case 'probe':
      if (RUN_SIGNATURES.has(finding.signature.id)) return 2
      return finding.signature.id === 'exit-status' ? 4 : 3
  }
}

function identity(finding: Finding): string {
  return [
    finding.stage,
    finding.line ?? '',
    finding.command ?? '',
    finding.signature.id,
    finding.message.replace(/\d+/g, '#'),
  ].join('\u0000')
}

function stageKind(finding: Finding): string {
  switch (finding.stage) {
    case 'probe':
      // A probe finding that says the run did not test what it was asked is never called a Year-2038 failure.
      return runOutcomeOf(finding.signature.id)?.title ?? 'Year-2038 failure'
    case 'install':
      return 'Installing the .debs failed'
    case 'setup':
      return finding.signature.id === 'setup-failed' || RUN_SIGNATURES.has(finding.signature.id)
        ? OUTCOME_TABLE['setup-failed'].finding!.title
        : 'Setup line failed'
    case 'services':
      return `Year-2038 failure of ${finding.program ?? 'a service'}`
    case 'boot':
      return 'Guest did not boot'
    case 'clock':
      return 'Guest not at the requested date'
    case 'timeout':
      return OUTCOME_TABLE.timeout.finding!.title
  }
}

function shortDate(date: string): string {
  return date.replace(/T00:00:00Z$/, '')
}

export function annotationFor(group: Group, scripts: RunScripts): Annotation {
  const { finding, dates } = group
  const when = dates.map(shortDate).join(', ')
  const where = `${finding.arch} ${finding.suite}, clock ${finding.clock}`
  const title = `${stageKind(finding)} at ${when} (${where})`
  const status = finding.exitStatus ? ` (exit status ${finding.exitStatus})` : ''
  let message: string
  if ((finding.stage === 'probe' || finding.stage === 'setup') && finding.command) {
    const label = finding.check ? `[${finding.check}] ` : ''
    const ran = finding.ranAs !== undefined ? `\nran as: ${finding.ranAs}` : ''
    message = `${label}${finding.command}${status}${ran}\n${finding.message}`
  } else if (finding.stage === 'probe') {
    message = `${finding.program ?? 'probe'}${status}\n${finding.message}`
  } else {
    const context = finding.context?.slice(-5).join('\n')
    message = context ? `${finding.message}\n${context}` : finding.message
  }
  const fix = remedyFor(finding)
  const annotation: Annotation = { title, message: fix ? `${message}\n${fix}` : message }
  const { file, line } = findingPlace(finding, scripts)
  if (line !== undefined && file) {
    annotation.file = file
    annotation.startLine = line
  }
  return annotation
}

/**
 * The annotations for a run's findings, at most `limit` of them. `scripts`: the run's probe and
 * setup script; findings
 * on their lines point at them.
 */
export function buildAnnotations(
  findings: Finding[],
  scripts: RunScripts,
  limit: number = MAX_ERROR_ANNOTATIONS,
): Annotation[] {
  const groups = new Map<string, Group>()
  for (const finding of findings) {
    const key = identity(finding)
    const group = groups.get(key)
    if (group) {
      if (!group.dates.includes(finding.date)) group.dates.push(finding.date)
    } else {
      groups.set(key, { finding, dates: [finding.date] })
    }
  }
  const ordered = [...groups.values()].sort(
    (a, b) =>
      rank(a.finding) - rank(b.finding) ||
      (a.finding.line ?? 0) - (b.finding.line ?? 0) ||
      a.dates[0]!.localeCompare(b.dates[0]!),
  )
  const annotations = ordered.map((g) => annotationFor(g, scripts))
  if (annotations.length <= limit) return annotations
  const shown = annotations.slice(0, limit - 1)
  const hidden = annotations.length - shown.length
  shown.push({
    title: `${hidden} more Year-2038 findings`,
    message: `GitHub shows ${MAX_ERROR_ANNOTATIONS} annotations per step: ${hidden} more findings are in the job summary and the JSON report.`,
  })
  return shown
}

/** GitHub shows at most this many warning annotations per step. */
export const MAX_WARNING_ANNOTATIONS = 10

/**
 * The static audit's findings, one annotation per package: warnings, or errors when they
 * fail the step (fail-on: audit). Not tied to a file of the repository.
 */
export function auditAnnotations(
  findings: readonly AuditFinding[],
  target: { arch: string; suite: string },
  limit: number = MAX_WARNING_ANNOTATIONS,
): Array<Annotation & { severity: AuditFinding['severity'] }> {
  const fix = remedy(target.arch, target.suite)
  const withFix = (message: string): string => (fix ? `${message}\n${fix}` : message)
  const where = `${target.arch} ${target.suite}, static audit`
  const annotations: Array<Annotation & { severity: AuditFinding['severity'] }> = findings.flatMap((finding) => {
    const { severity, source } = finding
    if (source?.kind === 'workdir') {
      return ownFileLocations(finding).map(({ file, files }) => ({
        severity,
        title: `32-bit time_t in ${file} (${where})`,
        message: withFix(files.map((f) => `${f.path} (${f.class}): ${f.symbols.join(', ')}`).join('\n')),
        file,
      }))
    }
    const [deb] = ownFileLocations(finding)
    return [
      {
        severity,
        title: `32-bit time_t in ${finding.package}${deb ? ` (${deb.file})` : ''} (${where})`,
        message: withFix(finding.message),
        ...(deb ? { file: deb.file } : {}),
      },
    ]
  })
  if (annotations.length <= limit) return annotations
  const kept = annotations.slice(0, limit - 1)
  const rest = annotations.length - kept.length
  kept.push({
    severity: kept[0]!.severity,
    title: `${rest} more packages with 32-bit time_t files`,
    message: `The job summary and the JSON report list all ${annotations.length} packages.`,
  })
  return kept
}
