/**
 * The shape of a finished run: what the engine hands back and the text and JSON reports,
 * the CLI and the action read. Types only.
 */
import type { RunOptions } from '../config/options.js'
import type { Target } from '../config/targets.js'
import type { AuditReport } from '../audit/classify.js'
import type { OutResult } from '../guest/out-files.js'
import type { ImageInfo } from '../image/prepare.js'
import type { ImageSource, SystemDetails } from '../image/build.js'

export type { ImageInfo, AuditReport, OutResult }
import type { DateVerdict, Finding, IgnoredFinding } from '../verdict/detect.js'
import type { ServiceState } from '../verdict/services.js'
import type { StageName, StageVerdict } from '../verdict/stages.js'
import type { Accel } from '../vm/accel.js'
import type { SearchReport } from '../search/drive.js'

export type { SearchReport }

export interface DateResult {
  date: string
  /** The date the guest's RTC started at (when it booted, for a date run from the saved guest). */
  bootDate: string
  clock: RunOptions['clock']
  /** Started from the guest saved after one boot, not booted for this date. */
  fromSnapshot?: boolean
  outcome: DateVerdict['outcome']
  findings: Finding[]
  durationSeconds: number
  guestClockAtProbe?: string
  /** The harness reached the probe: the guest booted, whatever the probe found. */
  reachedProbe: boolean
  timeT?: 32 | 64
  /** Output lines of the probe not kept (over the per-line limits). */
  omittedOutputLines?: number
  consoleLog: string
  /** The stages before the probe (the .debs, the setup script), when the run has them. */
  stages?: StageResult[]
  /** The files the probe left in $Y2038_OUT, brought back to the host. */
  out?: OutResult
  /** init: systemd: the target it booted to, how long that took, and the state it said it was in. */
  init?: { kind: string; target?: string; seconds?: number; state?: string }
  /** init: systemd: the units that failed, after the clock moved or already at boot. */
  services?: ServiceState[]
  /** clock cross: the instant the guest's clock crossed while the probe ran (the date). */
  crossing?: string
  /** The date run again from the saved guest to confirm its findings: how that run went. */
  confirmation?: { outcome: DateVerdict['outcome']; durationSeconds: number; consoleLog: string }
}

export interface StageResult {
  stage: StageName
  outcome: StageVerdict['outcome']
  /** The guest's clock when the stage started: the boot date. */
  clockAtStart?: string
  /** Run once before the guest was saved, not for this date alone. */
  fromSnapshot?: boolean
}

export interface SavedGuestInfo {
  /** Its store key, `saved-guest-<arch>-<suite>-<hash>`. */
  key: string
  /** Found in the local cache directory, restored from the Actions cache, or saved by this run. */
  source: ImageSource
  /** It did not start, and was removed: the dates booted on their own. */
  discarded?: boolean
}

/** The control date's run: its failures are what the requested dates are compared with. */
export type ControlResult = DateResult

/** The static time_t audit of the userland's ELF files. */
export interface RunReport {
  /** The accelerator the guests ran under. */
  accel: Accel
  target: Target
  options: RunOptions
  kernel: ImageInfo & { release: string }
  userland: ImageInfo
  /** The user's own system (`image`) the guest ran, instead of a Debian root built here. */
  system?: SystemDetails
  dates: DateResult[]
  /** The run at the control date, apart from the requested dates; none with `control: none`. */
  control?: ControlResult
  findings: Finding[]
  ignored: IgnoredFinding[]
  /** Lines whose answer changed when their date (or the control) ran again: not findings. */
  flaky: IgnoredFinding[]
  audit: AuditReport
  /** dates: search: where each probe line changes its answer, to the second. */
  search?: SearchReport
  /** The guest kept across runs (saved where it waits for its job) the dates started from, or kept by this run. */
  savedGuest?: SavedGuestInfo
  startedAt: string
  durationSeconds: number
}
