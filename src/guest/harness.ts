/**
 * The guest side of the harness, as the host prepares it: a read-only disk for the run with
 * the init script, the probe runner, the helpers, the probe and the run's config, and for
 * each date a job line sent on the job port.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { epochSeconds, formatInstant } from '../config/dates.js'
import type { ClockMode, ProbeSource } from '../config/options.js'

/** Bump with any change to the guest scripts' records. */
export const HARNESS_VERSION = 3

/** Where the probe is in the guest; run-probe.bash marks only commands from this file. */
export const GUEST_PROBE_PATH = '/run/y2038/probe.sh'

// Literal URLs, so that ncc finds the files and copies them next to the bundle.
export const GUEST_SCRIPTS = {
  'init.sh': () => readFileSync(new URL('./init.sh', import.meta.url), 'utf8'),
  'session.sh': () => readFileSync(new URL('./session.sh', import.meta.url), 'utf8'),
  'frame.pl': () => readFileSync(new URL('./frame.pl', import.meta.url), 'utf8'),
  'run-probe.bash': () => readFileSync(new URL('./run-probe.bash', import.meta.url), 'utf8'),
  'lib.bash': () => readFileSync(new URL('./lib.bash', import.meta.url), 'utf8'),
} as const

export function builtinProbe(): string {
  return readFileSync(new URL('./builtin-probe.sh', import.meta.url), 'utf8')
}

/** What every boot of a run shares: the config file on the harness disk. */
export interface RunConfig {
  clock: ClockMode
  arch: string
  suite: string
}

/** One date's job, sent to the guest on the job port after a boot or a restore. */
export interface Job {
  token: string
  date: Date
  /** Random hex from the host, mixed into the guest's random state. */
  seed: string
}

export function newToken(): string {
  return randomBytes(6).toString('hex')
}

export function newJob(date: Date): Job {
  return { token: newToken(), date, seed: randomBytes(16).toString('hex') }
}

function shellAssignments(vars: Record<string, string | number>): string {
  return Object.entries(vars)
    .map(([name, value]) => {
      if (!/^[A-Za-z0-9_.:+-]*$/.test(String(value))) throw new Error(`unsafe value for ${name}: ${value}`)
      return `${name}='${value}'\n`
    })
    .join('')
}

/** The shell variables init.sh reads from the harness disk. Every value is plain ASCII without quotes. */
export function runConfigText(config: RunConfig): string {
  return shellAssignments({
    Y2038_HARNESS_VERSION: HARNESS_VERSION,
    Y2038_CLOCK: config.clock,
    Y2038_ARCH: config.arch,
    Y2038_SUITE: config.suite,
  })
}

/** The job line init.sh reads: `job <token> <epoch> <date> <seed>`. */
export function jobLine(job: Job): string {
  const fields = [job.token, String(epochSeconds(job.date)), formatInstant(job.date), job.seed]
  for (const field of fields) {
    if (!/^[A-Za-z0-9:.+-]+$/.test(field)) throw new Error(`unsafe job field: ${field}`)
  }
  return `job ${fields.join(' ')}\n`
}

/** The probe's text as the guest runs it. */
export function probeText(probe: ProbeSource): string {
  switch (probe.kind) {
    case 'builtin':
      return builtinProbe()
    case 'inline':
      return probe.script.endsWith('\n') ? probe.script : `${probe.script}\n`
    case 'file':
      return readFileSync(probe.path, 'utf8')
  }
}

/** Where the harness is in the guest: the harness disk, mounted read-only by the initramfs. */
export const GUEST_HARNESS_DIR = '/run/y2038'

/** Writes the harness disk's files into `dir`: the guest scripts, the probe and the run's config. */
export async function writeHarness(dir: string, probe: ProbeSource, config: RunConfig): Promise<void> {
  await mkdir(dir, { recursive: true })
  for (const [name, read] of Object.entries(GUEST_SCRIPTS)) await writeFile(path.join(dir, name), read())
  if (probe.kind === 'file') await copyFile(probe.path, path.join(dir, 'probe.sh'))
  else await writeFile(path.join(dir, 'probe.sh'), probeText(probe))
  await writeFile(path.join(dir, 'config'), runConfigText(config))
}

/**
 * mkfs.erofs for the harness disk, run as this user: every file owned by root, and every
 * time the host's clock now, so that a 32-bit program in a guest past the rollover can
 * still stat() the harness (a file made in that guest could not be).
 */
export function harnessImageArgs(dir: string, image: string, epoch: number): string[] {
  return ['--quiet', '--all-root', `-T${epoch}`, image, dir]
}
