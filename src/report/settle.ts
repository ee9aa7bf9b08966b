/** A run's dates settled into the report's results: the control's failures set aside, the stages' results. Pure. */
import { formatInstant } from '../config/dates.js'
import type { ClockMode } from '../config/options.js'
import { type DateVerdict, type Finding, type IgnoredFinding, dropBaselineFailures } from '../verdict/detect.js'
import { type StageVerdict, stageForDate, withStages } from '../verdict/stages.js'
import type { GuestReport } from '../verdict/guest-report.js'
import type { DateJudgement } from '../verdict/judge.js'
import { type LineObservation, type UnitsObserved, observeLines, observeUnits } from '../search/observe.js'
import type { ControlResult, DateResult, OutResult, StageResult } from './model.js'

/** One date as it ran: its verdict, what its boot set aside, and the result without its verdict. */
export interface DateRun {
  date: Date
  verdict: DateVerdict
  result: Omit<DateResult, 'outcome' | 'findings'>
  ignored?: IgnoredFinding[]
  /** Each line that ran, when it started on the guest's clock and whether it failed: what a search reads. */
  observed?: LineObservation[]
  /** init: systemd, a run that reached its end: the units that failed after the clock was set, and when. */
  observedUnits?: UnitsObserved
}

/**
 * The dates of a run from its boots: failures that happen the same way at the control date
 * or before the rollover are set aside (with the reason), and what is left is each date's
 * verdict. The control's own outcome and failures are reported apart.
 */
export function settleDates(
  boots: DateRun[],
  control?: DateRun,
): {
  dates: DateResult[]
  findings: Finding[]
  ignored: IgnoredFinding[]
  control?: ControlResult
} {
  const { verdicts, ignored } = dropBaselineFailures(
    boots.map(({ date, verdict }) => ({ date, verdict })),
    control && { date: control.date, verdict: control.verdict },
  )
  const dates: DateResult[] = boots.map((boot, i) => ({
    ...boot.result,
    outcome: verdicts[i]!.verdict.outcome,
    findings: verdicts[i]!.verdict.findings,
  }))
  return {
    dates,
    findings: dates.flatMap((d) => d.findings),
    ignored: [...boots.flatMap((b) => b.ignored ?? []), ...ignored],
    ...(control
      ? { control: { ...control.result, outcome: control.verdict.outcome, findings: control.verdict.findings } }
      : {}),
  }
}

/** What one date's boot left besides its verdict: where it started, how long it ran, what came back. */
export interface DateFacts {
  date: Date
  /** The date the guest's RTC started at. */
  rtcBase: Date
  clock: ClockMode
  fromSnapshot: boolean
  durationMs: number
  guest: GuestReport
  consoleLog: string
  stages: StageVerdict[]
  out?: OutResult
  crossing: boolean
}

/** One date as the report keeps it: the judgement, and the facts of its boot. */
export function dateRun(facts: DateFacts, judged: DateJudgement): DateRun {
  const { guest } = facts
  const reached = guest.clockAtProbe !== undefined
  const omitted = guest.lines.reduce((sum, line) => sum + line.omittedOutput, 0)
  return {
    date: facts.date,
    verdict: judged.verdict,
    observed: observeLines(guest, judged.verdict),
    ...optionalUnits(observeUnits(guest, judged.verdict, guest.init !== undefined)),
    ...(judged.ignored.length > 0 ? { ignored: judged.ignored } : {}),
    result: {
      date: formatInstant(facts.date),
      bootDate: formatInstant(facts.rtcBase),
      clock: facts.clock,
      ...(facts.fromSnapshot ? { fromSnapshot: true } : {}),
      durationSeconds: Math.round(facts.durationMs / 100) / 10,
      reachedProbe: reached,
      ...(reached ? { guestClockAtProbe: formatInstant(new Date(guest.clockAtProbe! * 1000)) } : {}),
      ...(guest.timeT ? { timeT: guest.timeT } : {}),
      ...(omitted > 0 ? { omittedOutputLines: omitted } : {}),
      consoleLog: facts.consoleLog,
      ...stageResults(facts.stages, facts.fromSnapshot),
      ...(facts.out ? { out: facts.out } : {}),
      ...(guest.init ? { init: guest.init } : {}),
      ...(judged.services ? { services: judged.services } : {}),
      ...(facts.crossing ? { crossing: formatInstant(facts.date) } : {}),
    },
  }
}

/** The stages that ran, as the report shows them. */
export function stageResults(stages: StageVerdict[], fromSnapshot: boolean): { stages?: StageResult[] } {
  const ran = stages.filter((s) => s.ran)
  if (ran.length === 0) return {}
  return {
    stages: ran.map((s) => ({
      stage: s.stage,
      outcome: s.outcome,
      ...(s.clockAtStart ? { clockAtStart: s.clockAtStart } : {}),
      ...(fromSnapshot ? { fromSnapshot: true } : {}),
    })),
  }
}

/** The boot that was to be saved, whose stage before the job failed. */
export interface FailedStages {
  stages: StageVerdict[]
  bootDate: Date
  durationSeconds: number
  consoleLog: string
}

/** A date that did not run because a stage of the saved boot failed: that stage's verdict, restamped. */
export function stoppedByStage(date: Date, failed: FailedStages, clock: ClockMode): DateRun {
  const stages = failed.stages.map((s) => stageForDate(s, date))
  return {
    date,
    verdict: withStages(stages, () => {
      throw new Error('unreachable: a stage failed')
    }),
    result: {
      date: formatInstant(date),
      bootDate: formatInstant(failed.bootDate),
      clock,
      durationSeconds: failed.durationSeconds,
      reachedProbe: false,
      consoleLog: failed.consoleLog,
      ...stageResults(stages, true),
    },
  }
}

function optionalUnits(units: UnitsObserved | undefined): { observedUnits?: UnitsObserved } {
  return units ? { observedUnits: units } : {}
}
