/** The first second a signed 32-bit time_t cannot hold: 2038-01-19T03:14:08Z. */
export const ROLLOVER_EPOCH = 2 ** 31
export const ROLLOVER = new Date(ROLLOVER_EPOCH * 1000)

/**
 * Where a `step` guest boots before its clock is set to the requested date: a day before
 * the rollover, so that the kernel, the initramfs and everything made during boot carry
 * timestamps a 32-bit time_t still holds.
 */
export const STEP_BOOT_DATE = new Date(Date.UTC(2038, 0, 18, 0, 0, 0))

/**
 * The control date when none is given and the host's clock is past it: a year before the
 * rollover, after the build dates of every package a supported suite has today.
 */
export const LATE_CONTROL_DATE = new Date(Date.UTC(2037, 0, 19, 0, 0, 0))

/**
 * The default control date: the host's clock (to the second), the date at which the
 * software is known to be used, after every file in the image was made (so that nothing,
 * systemd's clock epoch included, sees a clock before its build), and as far from the
 * rollover as can be, so that only a duration of that many years reaches past it.
 */
export function controlDateFor(now: Date): Date {
  const seconds = new Date(Math.floor(now.getTime() / 1000) * 1000)
  return seconds < LATE_CONTROL_DATE ? seconds : LATE_CONTROL_DATE
}

/** The range a guest clock is accepted in: QEMU's CMOS RTC and the kernel both handle it. */
export const EARLIEST_DATE = new Date(Date.UTC(1970, 0, 2))
export const LATEST_DATE = new Date(Date.UTC(2100, 0, 1))

/**
 * The latest date the clock can be set to once the guest runs (clock step and cross): the
 * kernel keeps time in signed 64-bit nanoseconds (KTIME_MAX, 2262-04-11T23:47:16Z); the RTC's
 * two-digit year no longer matters, as the guest boots before the rollover.
 */
export const LATEST_SET_DATE = new Date(Date.UTC(2262, 0, 1))

/** One of the well-known instants at which a time representation runs out. */
export interface Rollover {
  name: string
  /** The first instant of the new value: one second before it is the last of the old one. */
  at: Date
}

/**
 * The rollovers a 32-bit guest can reach, each checked against its source:
 * - NTP: 32-bit seconds since 1900-01-01 wrap at 2^32 s (RFC 5905, section 6: era 0 ends in
 *   2036): 2^32 - 2208988800 = 2085978496 s since 1970.
 * - time_t as signed 32-bit seconds since 1970: 2^31 = 2147483648.
 * - GPS: the 10-bit week number (IS-GPS-200, 20.3.3.3.1.1) wraps every 1024 weeks from
 *   1980-01-06T00:00:00; the third wrap is at week 3072, 2038-11-21T00:00:00 GPS time, which
 *   is 18 s of leap seconds (GPS - UTC since 2017-01-01) earlier in UTC.
 * - X.509: UTCTime (two-digit years) holds validity dates through 2049; from 2050 they are
 *   GeneralizedTime (RFC 5280, 4.1.2.5).
 * - `%y`: POSIX strptime reads 69 to 99 as 1969 to 1999 (POSIX.1-2017, strptime).
 * - 2100 is not a leap year (Gregorian rule: a century year only when divisible by 400):
 *   February 28 is followed by March 1.
 * - unsigned 32-bit seconds since 1970: 2^32 = 4294967296.
 */
export const ROLLOVERS: readonly Rollover[] = [
  { name: 'NTP era 1', at: new Date(Date.UTC(2036, 1, 7, 6, 28, 16)) },
  { name: 'signed 32-bit time_t', at: ROLLOVER },
  { name: 'GPS week number (10-bit)', at: new Date(Date.UTC(2038, 10, 20, 23, 59, 42)) },
  { name: 'X.509 UTCTime ends', at: new Date(Date.UTC(2050, 0, 1)) },
  { name: 'two-digit year (%y) reads 19xx', at: new Date(Date.UTC(2069, 0, 1)) },
  { name: '2100 is not a leap year', at: new Date(Date.UTC(2100, 2, 1)) },
  { name: 'unsigned 32-bit seconds', at: new Date(2 ** 32 * 1000) },
]

/** The dates of `dates: rollovers`: one second before each rollover, and its first second. */
export function rolloverDates(): Date[] {
  return ROLLOVERS.flatMap((r) => [new Date(r.at.getTime() - 1000), r.at])
}

/** The rollover a date is the edge of, named: `signed 32-bit time_t` or `signed 32-bit time_t, 1 s before`. */
export function rolloverName(date: Date): string | undefined {
  for (const rollover of ROLLOVERS) {
    if (date.getTime() === rollover.at.getTime()) return rollover.name
    if (date.getTime() === rollover.at.getTime() - 1000) return `${rollover.name}, 1 s before`
  }
  return undefined
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/

/**
 * Parses an ISO-8601 instant. A date alone means midnight UTC, and a time without a zone
 * is UTC, so that a matrix entry like `2038-01-20` means what its reader expects.
 * Fractions of a second are dropped: the guest clock is set in whole seconds.
 */
export function parseInstant(text: string): Date | undefined {
  const m = ISO_INSTANT.exec(text.trim())
  if (!m) return undefined
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone = 'Z'] = m
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s)
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined
  // Not Date.UTC: it takes years 0 to 99 for 1900 to 1999.
  const check = new Date(0)
  check.setUTCFullYear(year, month - 1, day)
  check.setUTCHours(hour, minute, second, 0)
  const utc = check.getTime()
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined
  let offsetMinutes = 0
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    const oh = Number(digits.slice(0, 2))
    const om = Number(digits.slice(2))
    if (oh > 23 || om > 59) return undefined
    offsetMinutes = sign * (oh * 60 + om)
  }
  return new Date(utc - offsetMinutes * 60_000)
}

export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000)
}

/** 2038-01-19T03:14:08Z, the form reports and annotations use. */
export function formatInstant(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** QEMU's `-rtc base=` takes a UTC date without a zone suffix. */
export function qemuRtcBase(date: Date): string {
  return formatInstant(date).replace(/Z$/, '')
}

export function isAfterRollover(date: Date): boolean {
  return epochSeconds(date) >= ROLLOVER_EPOCH
}

/** The date the guest's RTC starts at for a requested date in a clock mode. */
export function bootDateFor(requested: Date, clock: 'step' | 'boot' | 'cross', crossMarginSeconds = 0): Date {
  if (clock === 'boot') return requested
  const stepTo = stepDateFor(requested, clock, crossMarginSeconds)
  return stepTo.getTime() < STEP_BOOT_DATE.getTime() ? stepTo : STEP_BOOT_DATE
}

/** The date a guest saved for several dates boots at: the earliest any of them needs (clock step or cross). */
export function earliestBootDate(dates: Date[], clock: 'step' | 'boot' | 'cross', crossMarginSeconds = 0): Date {
  const mode = clock === 'cross' ? 'cross' : 'step'
  return new Date(Math.min(...dates.map((d) => bootDateFor(d, mode, crossMarginSeconds).getTime())))
}

/** Where the guest's clock is set before the probe: the date, or with `cross` the margin before it. */
export function stepDateFor(requested: Date, clock: 'step' | 'boot' | 'cross', crossMarginSeconds = 0): Date {
  return clock === 'cross' ? new Date(requested.getTime() - crossMarginSeconds * 1000) : requested
}

/** The range `dates: search` looks in when none is given ends here: unsigned 32-bit seconds run out. */
export const SEARCH_DEFAULT_END = new Date(2 ** 32 * 1000)

/** Dates between the rollovers the scan of a search also runs at, at most this far apart. */
export const SEARCH_SCAN_SPACING_YEARS = 12

/**
 * The dates a search scans before it bisects: both ends of the range, both sides of every
 * rollover inside it, and dates in between no more than SEARCH_SCAN_SPACING_YEARS apart, in
 * order. A line that changes twice between two of them (fails for a while, then passes
 * again) is missed: the scan is where the bisection starts.
 */
export function searchScanDates(from: Date, to: Date): Date[] {
  const inside = (d: Date) => d.getTime() > from.getTime() && d.getTime() < to.getTime()
  const edges = rolloverDates().filter(inside)
  const anchors = [from, ...edges, to].sort((a, b) => a.getTime() - b.getTime())
  const spacing = SEARCH_SCAN_SPACING_YEARS * 365.2425 * 86400 * 1000
  const between: Date[] = []
  for (let i = 1; i < anchors.length; i++) {
    const gap = anchors[i]!.getTime() - anchors[i - 1]!.getTime()
    const pieces = Math.ceil(gap / spacing)
    for (let k = 1; k < pieces; k++) {
      between.push(new Date(Math.floor((anchors[i - 1]!.getTime() + (gap * k) / pieces) / 1000) * 1000))
    }
  }
  const all = [...anchors, ...between].sort((a, b) => a.getTime() - b.getTime())
  return all.filter((d, i) => i === 0 || d.getTime() !== all[i - 1]!.getTime())
}
