/**
 * Findings as SARIF 2.1.0 for GitHub code scanning: one result per finding, on the line of the
 * probe (or the setup script) that failed, its rule the finding's signature, the date and the
 * target in its message. Pure.
 *
 * A finding with no file of the repository to stand on (the built-in or an inline probe, an
 * inline setup script, the .deb install, a guest that did not boot, did not reach its date
 * or timed out) is not a result: code scanning shows a result only at a location in the
 * repository, and no line of it ran the command. Such a finding is a notification of the
 * run's invocation instead (`toolExecutionNotifications`), with the same rule and message,
 * so that the file still holds every finding; the job summary and the report show them.
 */
import { createHash } from 'node:crypto'
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif'
import { SIGNATURES } from '../verdict/detect.js'
import { findingSeverity, runOutcomeOf } from '../verdict/outcomes.js'
import { ownFileLocations } from '../audit/classify.js'
import type { Finding } from '../verdict/detect.js'
import { type ReadReport, findingWhere, targetLabel } from './merge.js'

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json'
export const TOOL_URI = 'https://github.com/y2038-action/y2038-action'

/**
 * Rules for the signatures that are neither failure texts (detect.ts's SIGNATURES) nor an
 * outcome's own finding (outcomes.ts's table).
 */
const OTHER_RULES: Record<string, string> = {
  'exit-status': 'A line failed with a non-zero exit status and no known Year-2038 message',
  'time32-file': 'A file of the repository is built with a 32-bit time_t (static audit)',
  'no-probe': 'The guest never reached the probe',
  'clock-step-failed': "The guest's clock could not be set to the date",
}

function ruleText(id: string): string {
  const known = SIGNATURES.find((s) => s.id === id)?.description ?? runOutcomeOf(id)?.rule ?? OTHER_RULES[id]
  if (!known) return `Year-2038 finding: ${id}`
  return known.charAt(0).toUpperCase() + known.slice(1)
}

export interface SarifOptions {
  toolVersion: string
  /**
   * Code scanning's category for this file (`runAutomationDetails.id` is `<category>/`): one
   * per matrix cell for the per-job files, so that they do not replace each other, and one
   * for the merged file.
   */
  category: string
}

/** A SARIF URI for a path of the repository: each segment percent-encoded, the slashes kept. */
function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/')
}

function messageText(report: ReadReport, finding: Finding, where: string): string {
  const what = `${finding.command ?? finding.program ?? finding.stage}${finding.ranAs !== undefined ? ` (ran as \`${finding.ranAs}\`)` : ''}`
  const check = finding.check ? ` (check ${finding.check})` : ''
  const exit =
    finding.exitStatus !== undefined && finding.exitStatus !== 0 ? ` (exit status ${finding.exitStatus})` : ''
  const line = finding.line !== undefined ? `${where}: ` : ''
  return `${line}${what}${check} failed at ${finding.date} on ${targetLabel(report.target)}: ${finding.message}${exit}`
}

/** A probe line's or a unit's finding as the search found it: the first second it fails, when it found one. */
function firstFailingOf(report: ReadReport, finding: Finding): { firstFailingSecond?: string } {
  const lines = report.search?.lines ?? []
  const line =
    finding.stage === 'probe' && finding.line !== undefined
      ? lines.find((l) => l.line === finding.line)
      : finding.stage === 'services' && finding.program !== undefined
        ? lines.find((l) => l.unit === finding.program)
        : undefined
  const change = line?.changes.find((c) => c.to === 'fail')
  return change ? { firstFailingSecond: change.firstAfter } : {}
}

/** The SARIF log of the findings of these reports, in their order. */
export function toSarif(reports: ReadReport[], options: SarifOptions): Log {
  const rules: ReportingDescriptor[] = []
  const ruleIndex = (id: string): number => {
    let index = rules.findIndex((r) => r.id === id)
    if (index < 0) {
      index = rules.push({
        id,
        name: id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
        shortDescription: { text: ruleText(id) },
        helpUri: `${TOOL_URI}#the-probe`,
        defaultConfiguration: { level: findingSeverity(id) },
      })
      index -= 1
    }
    return index
  }
  const results: Result[] = []
  const notifications: Notification[] = []
  for (const report of reports) {
    for (const finding of report.findings) {
      const { where, file } = findingWhere(report, finding)
      const index = ruleIndex(finding.signature.id)
      const text = messageText(report, finding, where)
      const properties = {
        date: finding.date,
        arch: report.target.arch,
        suite: report.target.suite,
        clock: report.target.clock,
        init: report.target.init ?? 'sh',
        packages: report.target.packages,
        stage: finding.stage,
        ...(finding.exitStatus !== undefined ? { exitStatus: finding.exitStatus } : {}),
        ...firstFailingOf(report, finding),
      }
      if (file === undefined || finding.line === undefined) {
        notifications.push({
          level: findingSeverity(finding.signature.id),
          message: { text: `${text} (no file of the repository to place it on)` },
          descriptor: { id: finding.signature.id, index },
          properties,
        })
        continue
      }
      const identity = [
        finding.signature.id,
        file,
        finding.command ?? '',
        finding.check ?? '',
        targetLabel(report.target),
        finding.date,
      ].join('\u0000')
      results.push({
        ruleId: finding.signature.id,
        ruleIndex: index,
        level: findingSeverity(finding.signature.id),
        message: { text },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: fileUri(file), uriBaseId: '%SRCROOT%' },
              region: { startLine: finding.line },
            },
          },
        ],
        partialFingerprints: {
          'y2038FindingHash/v1': createHash('sha256').update(identity).digest('hex').slice(0, 32),
        },
        properties,
      })
    }
    // The static audit's findings on the user's own files: on the file of the workdir, or on the .deb.
    for (const finding of report.audit?.findings ?? []) {
      const level = finding.severity === 'error' ? 'error' : 'warning'
      for (const { file: uri, files } of ownFileLocations(finding)) {
        const index = ruleIndex('time32-file')
        const inside = finding.source?.kind === 'deb' ? ` in ${uri}` : ''
        const text = `${files.map((f) => `${f.path} (${f.class}: ${f.symbols.slice(0, 6).join(', ')})`).join('; ')}${inside} uses a 32-bit time_t on ${targetLabel(report.target)}`
        const identity = ['time32-file', uri, ...files.map((f) => f.path), targetLabel(report.target)].join('\u0000')
        results.push({
          ruleId: 'time32-file',
          ruleIndex: index,
          level,
          message: { text },
          locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(uri), uriBaseId: '%SRCROOT%' } } }],
          partialFingerprints: {
            'y2038FindingHash/v1': createHash('sha256').update(identity).digest('hex').slice(0, 32),
          },
          properties: {
            arch: report.target.arch,
            suite: report.target.suite,
            stage: 'audit',
            package: finding.package,
          },
        })
      }
    }
  }
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'y2038-action', version: options.toolVersion, informationUri: TOOL_URI, rules },
        },
        automationDetails: { id: `${options.category}/` },
        invocations: [
          {
            executionSuccessful: true,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results,
      },
    ],
  }
}
