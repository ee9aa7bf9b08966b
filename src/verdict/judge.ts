/**
 * One date's verdict from what its boot left (and the stages' before it): the guest's report, the stages before the
 * probe, the console and how QEMU ended; with init systemd, the units that failed after the
 * clock moved; with clock cross, what failed before the crossing set aside. Pure.
 */
import { formatInstant } from '../config/dates.js'
import type { ClockMode, RunOptions } from '../config/options.js'
import { type ParsedStream, parseRecords } from '../protocol/records.js'
import { STAGES, type StageTokens } from '../protocol/run-config.js'
import {
  type BootEvidence,
  type DateVerdict,
  type IgnoredFinding,
  evaluateBoot,
  matchSignature,
  reconcile,
} from './detect.js'
import { DEFAULT_LIMITS, type GuestReport, buildGuestReport } from './guest-report.js'
import { sideOfCrossing, splitAtCrossing } from './crossing.js'
import { type ServiceState, evaluateServices } from './services.js'
import { type StageEvidence, type StageVerdict, evaluateStage, withStages } from './stages.js'

/** A script's records read back, every line with a Year-2038 sign kept whatever the limits. */
export function readGuest(stream: ParsedStream): GuestReport {
  return buildGuestReport(stream, { ...DEFAULT_LIMITS, isSign: (line) => matchSignature(line, true) !== undefined })
}

export interface DateEvidence extends BootEvidence {
  /** How the stages before the probe went (in this boot, or in the one that was saved). */
  stages: StageVerdict[]
  init: 'sh' | 'systemd'
  /** The units systemctl listed as failed after the probe. */
  failedAfter: string[]
}

export interface DateJudgement {
  verdict: DateVerdict
  /** Findings set aside by the boot itself (clock cross: before the crossing). */
  ignored: IgnoredFinding[]
  /** init: systemd: how each unit that failed went. */
  services?: ServiceState[]
}

export function judgeDate(evidence: DateEvidence): DateJudgement {
  const { guest, date } = evidence
  let services: ServiceState[] | undefined
  const verdict = withStages(evidence.stages, () => {
    const probed = evaluateBoot(evidence)
    if (evidence.init !== 'systemd' || guest.clockAtProbe === undefined) return probed
    const judged = evaluateServices({
      console: evidence.console,
      base: baseOf(evidence),
      ...(guest.uptimeAtProbe !== undefined ? { uptimeAtProbe: guest.uptimeAtProbe } : {}),
      clockAtProbe: guest.clockAtProbe,
      bootFailed: guest.bootFailedUnits ?? [],
      failedAfter: evidence.failedAfter,
    })
    services = judged.services
    const serviceFindings = judged.findings.map((f) => (evidence.crossing ? sideOfCrossing(f, date) : f))
    return reconcile(probed, [...probed.findings, ...serviceFindings])
  })
  const { kept, beforeCrossing } = splitAtCrossing(verdict, date)
  return { verdict: kept, ignored: beforeCrossing, ...(services ? { services } : {}) }
}

/** What judging a boot's stages needs besides their records: the setup script's text, one entry per line. */
export type StagesContext = Omit<StageEvidence, 'stage' | 'guest' | 'source'> & { setupSource?: string[] }

/** The verdicts of the stages that ran before the job, from a boot's results (each stage's records under its token). */
export function judgeStages(data: Buffer, tokens: StageTokens, context: StagesContext): StageVerdict[] {
  const { setupSource, ...shared } = context
  return STAGES.filter((name) => tokens[name] !== undefined).map((stage) =>
    evaluateStage({
      ...shared,
      stage,
      guest: readGuest(parseRecords(data, tokens[stage]!)),
      ...(stage === 'setup' && setupSource ? { source: setupSource } : {}),
    }),
  )
}

/** The part of the stages' context that is the run's options (and the setup script's text). */
export function runStagesContext(
  options: Pick<RunOptions, 'clock' | 'arch' | 'suite' | 'timeoutSeconds'>,
  setupText: string | undefined,
): Omit<StagesContext, 'date' | 'timedOut' | 'console'> {
  const { clock, arch, suite, timeoutSeconds } = options
  return {
    clock,
    arch,
    suite,
    timeoutSeconds,
    ...(setupText !== undefined ? { setupSource: setupText.split('\n') } : {}),
  }
}

function baseOf(evidence: { date: Date; clock: ClockMode; arch: string; suite: string }) {
  return { date: formatInstant(evidence.date), clock: evidence.clock, arch: evidence.arch, suite: evidence.suite }
}
