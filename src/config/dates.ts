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

/** Where the guest's clock is set before the probe: the date, or with `cross` the margin before it. */
export function stepDateFor(requested: Date, clock: 'step' | 'boot' | 'cross', crossMarginSeconds = 0): Date {
  return clock === 'cross' ? new Date(requested.getTime() - crossMarginSeconds * 1000) : requested
}
