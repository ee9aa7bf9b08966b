/**
 * The stages that run before the probe, once per boot (install the user's .debs, run their
 * setup script), judged from their records the way the probe is; and the probe's files that
 * came back from $Y2038_OUT. Pure.
 */
import { formatInstant, isAfterRollover } from '../config/dates.js'
import type { ClockMode } from '../config/options.js'
import { lastLines } from '../config/text.js'
import { type DateVerdict, type Finding, cutShort, isNoise, probeLineFinding, reconcile } from './detect.js'
import type { GuestReport } from './guest-report.js'
import type { Outcome } from './outcomes.js'
import { type GuestEvent, decodeRecord } from '../protocol/events.js'
import type { ParsedStream } from '../protocol/records.js'
import type { StageName } from '../protocol/run-config.js'

export type { StageName }

const SCRIPT_NAME: Record<StageName, string> = {
  install: 'the installation of the .debs (dpkg --install)',
  setup: 'the setup script',
}

export interface StageEvidence {
  stage: StageName
  guest: GuestReport
  /** The setup script's text, one entry per line (for how a failing command was written). */
  source?: string[]
  date: Date
  clock: ClockMode
  arch: string
  suite: string
  timedOut: boolean
  timeoutSeconds: number
  console: string
}

export interface StageVerdict {
  stage: StageName
  /** The stage started (its first record arrived). */
  ran: boolean
  /** How the stage ended; `ok` lets the probe run. */
  outcome: 'ok' | Extract<Outcome, 'setup-failed' | 'timeout' | 'tampered'>
  /** The guest's clock when the stage started. */
  clockAtStart?: string
  findings: Finding[]
}

/**
 * One stage's verdict. A failing line that does not stop the stage is a finding at the
 * stage; a stage that stops before its end (exit, set -e, a signal, a syntax error), that
 * the guest cut short, or whose records were tampered with is a failed stage.
 */
export function evaluateStage(evidence: StageEvidence): StageVerdict {
  const { guest, stage } = evidence
  const base = { date: formatInstant(evidence.date), clock: evidence.clock, arch: evidence.arch, suite: evidence.suite }
  const ran = guest.clockAtProbe !== undefined
  const clockAtStart = ran ? formatInstant(new Date(guest.clockAtProbe! * 1000)) : undefined
  const afterRollover = ran && isAfterRollover(new Date(guest.clockAtProbe! * 1000))
  const script = SCRIPT_NAME[stage]
  const findings: Finding[] = []
  const result = (outcome: StageVerdict['outcome']): StageVerdict => ({
    stage,
    ran,
    outcome,
    ...(clockAtStart ? { clockAtStart } : {}),
    findings,
  })
  const where =
    guest.lastCommand && stage === 'setup' ? { line: guest.lastCommand.line, command: guest.lastCommand.command } : {}

  // The stage's run was cut by the timeout only when its own records stopped.
  const cut = cutShort(guest, { script, timedOut: evidence.timedOut && !guest.complete })
  if (cut?.rung === 'tampered') {
    findings.push({
      ...base,
      stage,
      message: `the results of ${script} were tampered with: records ${cut.records.slice(0, 5).join(', ')} arrived out of sequence`,
      signature: { id: 'tampered', match: '' },
    })
    return result('tampered')
  }
  // A stage that never started (the guest stopped or timed out before it, or an earlier
  // stage failed and the guest powered off) decides nothing: the boot's verdict says why.
  if (!ran) return result('ok')
  for (const line of guest.lines) {
    if (stage === 'setup') {
      const finding = probeLineFinding(line, base, afterRollover, evidence.source?.[line.line - 1], 'setup')
      if (finding) findings.push(finding)
    }
  }
  if (cut?.rung === 'timeout') {
    findings.push({
      ...base,
      stage,
      ...where,
      message: `${script} did not finish within ${evidence.timeoutSeconds} s`,
      signature: { id: 'timeout', match: '' },
      context: lastLines(evidence.console, 25),
    })
    return result('timeout')
  }
  if (cut?.rung === 'incomplete') {
    findings.push({
      ...base,
      stage,
      ...where,
      message: `the guest stopped before ${script} finished`,
      signature: { id: 'incomplete', match: '' },
      context: lastLines(evidence.console, 25),
    })
    return result('setup-failed')
  }
  if (cut?.rung === 'stopped') {
    const said = stage === 'install' ? installComplaint(guest) : undefined
    findings.push({
      ...base,
      stage,
      ...(cut.line !== undefined ? { line: cut.line } : where),
      ...(stage === 'install' ? { program: 'dpkg' } : {}),
      message: said ? `${script} failed: ${said}` : cut.message,
      signature: { id: 'setup-failed', match: '' },
      ...(stage === 'install' ? { context: guest.lines.flatMap((l) => l.output).slice(-30) } : {}),
    })
    return result('setup-failed')
  }
  return result('ok')
}

/** dpkg's own words for why the installation failed: its first error line. */
function installComplaint(guest: GuestReport): string | undefined {
  const output = guest.lines.flatMap((l) => l.output).filter((l) => !isNoise(l))
  return (
    output.find((l) => /^dpkg: (?:error|dependency problems)/.test(l)) ??
    output.find((l) => /^dpkg(?:-deb)?: /.test(l)) ??
    output.at(-1)
  )?.trim()
}

/**
 * A date's verdict with the stages before its probe: the first stage that failed decides
 * the outcome (the probe never ran); otherwise the stages' findings join the probe's.
 */
export function withStages(stages: StageVerdict[], probe: () => DateVerdict): DateVerdict {
  const failed = stages.find((s) => s.outcome !== 'ok')
  const stageFindings = stages.flatMap((s) => s.findings)
  if (failed) return { outcome: failed.outcome as Outcome, findings: stageFindings }
  const verdict = probe()
  const findings = [...stageFindings, ...verdict.findings]
  return reconcile(verdict, findings)
}

/** A stage's findings restamped for another date (a stage run once before a saved guest). */
export function stageForDate(stage: StageVerdict, date: Date): StageVerdict {
  return { ...stage, findings: stage.findings.map((f) => ({ ...f, date: formatInstant(date) })) }
}

export interface OutFile {
  /** Relative, with `/` separators, no empty, `.` or `..` parts. */
  name: string
  data: Buffer
}

export interface OutFiles {
  files: OutFile[]
  skipped: { name: string; why: string }[]
  bytes: number
  /** Files left out because the limit had been reached. */
  filesNotSent: number
  /** The last file sent was cut at the limit. */
  cut: boolean
  /** The guest's end record arrived, with every record before it, and its totals match. */
  complete: boolean
}

/** A name from the guest that is safe to write under the host's output directory. */
export function safeOutName(name: string): boolean {
  if (name === '' || name.startsWith('/') || name.includes('\0') || name.includes('\\')) return false
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
}

/** The files send-out.pl sent, from its records. */
export function readOutFiles(stream: ParsedStream): OutFiles {
  const files: OutFile[] = []
  const skipped: OutFiles['skipped'] = []
  let current: { name: string; chunks: Buffer[]; safe: boolean } | undefined
  let end: Extract<GuestEvent, { kind: 'outend' }> | undefined
  let received = 0
  const finish = (): void => {
    if (current?.safe) files.push({ name: current.name, data: Buffer.concat(current.chunks) })
    current = undefined
  }
  for (const event of stream.records.map(decodeRecord)) {
    switch (event?.kind) {
      case 'file':
        finish()
        current = { name: event.name, chunks: [], safe: safeOutName(event.name) }
        if (!current.safe) skipped.push({ name: event.name, why: 'a name that could leave the output directory' })
        break
      case 'data':
        current?.chunks.push(event.data)
        received += event.data.length
        break
      case 'skip':
        skipped.push({ name: event.name, why: event.why })
        break
      case 'outend':
        finish()
        end = event
        break
    }
  }
  finish()
  const bytes = files.reduce((sum, f) => sum + f.data.length, 0)
  const sentFiles = files.length + skipped.filter((s) => s.why.startsWith('a name')).length
  const complete =
    end !== undefined &&
    stream.missing.length === 0 &&
    stream.outOfOrder.length === 0 &&
    end.files === sentFiles &&
    end.bytes === received
  return { files, skipped, bytes, filesNotSent: end?.notSent ?? 0, cut: end?.cut ?? false, complete }
}
