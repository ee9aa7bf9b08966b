/**
 * The job port's conversation. After a boot (or a restore of the state saved there) the
 * guest says `ready` and reads one job line; the host answers with the date's job.
 *
 *     job <token> <epoch> <date> <seed> <out token> <crossing> <attempt>
 *
 * The clock is set to <epoch>; <crossing> is the epoch of the date it then crosses, or 0;
 * <attempt> is 1, or 2 when the date runs again to confirm its findings. Pure.
 */
import { randomBytes } from 'node:crypto'
import { epochSeconds, formatInstant } from '../config/dates.js'

/** What the guest says on the job port when it waits for its job. */
export const READY_LINE = 'ready\n'

/** One date's job, sent to the guest on the job port after a boot or a restore. */
export interface Job {
  token: string
  /** The date asked for: with clock cross, the instant the guest's clock crosses. */
  date: Date
  /** Where the guest's clock is set before the probe (the date, or the margin before it). */
  stepTo: Date
  /** clock cross: the guest's clock crosses `date` while the probe runs. */
  crossing: boolean
  /** Random hex from the host, mixed into the guest's random state. */
  seed: string
  /** The token of the records that bring back the probe's files ($Y2038_OUT). */
  outToken: string
  /** 1, or 2 when the date runs again to confirm its findings: the probe's $Y2038_ATTEMPT. */
  attempt: number
}

/** A record token: random per session, so that nothing of another boot is taken for a record. */
export function newToken(): string {
  return randomBytes(6).toString('hex')
}

export function newJob(date: Date, stepTo: Date = date, attempt = 1): Job {
  return {
    token: newToken(),
    date,
    stepTo,
    crossing: stepTo.getTime() !== date.getTime(),
    seed: randomBytes(32).toString('hex'),
    outToken: newToken(),
    attempt,
  }
}

/** Whole seconds, or with milliseconds when the date has them (a search's steps). */
function epochField(date: Date): string {
  const ms = date.getTime() % 1000
  return ms === 0 ? String(epochSeconds(date)) : `${epochSeconds(date)}.${String(ms).padStart(3, '0')}`
}

export function jobLine(job: Job): string {
  const fields = [
    job.token,
    epochField(job.stepTo),
    formatInstant(job.date),
    job.seed,
    job.outToken,
    job.crossing ? String(epochSeconds(job.date)) : '0',
    String(job.attempt),
  ]
  for (const field of fields) {
    if (!/^[A-Za-z0-9:.+-]+$/.test(field)) throw new Error(`unsafe job field: ${field}`)
  }
  return `job ${fields.join(' ')}\n`
}
