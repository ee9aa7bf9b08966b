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
import type { RepositoryFile, SetupSource } from '../config/workspace.js'
import type { Arch } from '../config/targets.js'

/** Bump with any change to the guest scripts' records. */
export const HARNESS_VERSION = 5

/** Where the user's `workdir` appears in the guest: the working directory of setup and probe. */
export const GUEST_WORKDIR = '/work'

/** The most the probe's files under $Y2038_OUT bring back per date. */
export const OUT_LIMIT_BYTES = 64 * 2 ** 20

// Literal URLs, so that ncc finds the files and copies them next to the bundle.
export const GUEST_SCRIPTS = {
  'init.sh': () => readFileSync(new URL('./init.sh', import.meta.url), 'utf8'),
  'session.sh': () => readFileSync(new URL('./session.sh', import.meta.url), 'utf8'),
  'frame.pl': () => readFileSync(new URL('./frame.pl', import.meta.url), 'utf8'),
  'run-probe.bash': () => readFileSync(new URL('./run-probe.bash', import.meta.url), 'utf8'),
  'lib.bash': () => readFileSync(new URL('./lib.bash', import.meta.url), 'utf8'),
  'send-out.pl': () => readFileSync(new URL('./send-out.pl', import.meta.url), 'utf8'),
  'records.pl': () => readFileSync(new URL('./records.pl', import.meta.url), 'utf8'),
} as const

export function builtinProbe(): string {
  return readFileSync(new URL('./builtin-probe.sh', import.meta.url), 'utf8')
}

/** What every boot of a run shares: the config file on the harness disk. */
export interface RunConfig {
  clock: ClockMode
  arch: string
  suite: string
  /** The user's directory is on the workdir disk: mount it at /work and run there. */
  workdir?: boolean
  /** Tokens of the stages run before the job, when there are any. */
  stages?: StageTokens
  /** systemd: PID 1 is the userland's systemd, booted to `systemdTarget` before the harness runs. */
  init?: 'sh' | 'systemd'
  systemdTarget?: string
}

/** The stages that run once per boot before the guest says ready, in this order. */
export const STAGES = ['install', 'setup'] as const
export type StageName = (typeof STAGES)[number]
export type StageTokens = Partial<Record<StageName, string>>

/** A token for each stage the run has: the .debs to install, the setup script. */
export function stageTokens(has: { debs: boolean; setup: boolean }): StageTokens {
  return {
    ...(has.debs ? { install: newToken() } : {}),
    ...(has.setup ? { setup: newToken() } : {}),
  }
}

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

export function newToken(): string {
  return randomBytes(6).toString('hex')
}

export function newJob(date: Date, stepTo: Date = date, attempt = 1): Job {
  return {
    token: newToken(),
    date,
    stepTo,
    crossing: stepTo.getTime() !== date.getTime(),
    seed: randomBytes(16).toString('hex'),
    outToken: newToken(),
    attempt,
  }
}

function shellAssignments(vars: Record<string, string | number>): string {
  return Object.entries(vars)
    .map(([name, value]) => {
      if (!/^[A-Za-z0-9_.:@+/-]*$/.test(String(value))) throw new Error(`unsafe value for ${name}: ${value}`)
      return `${name}='${value}'\n`
    })
    .join('')
}

/**
 * The numbers of timerfd_create and of the timerfd_settime that takes 64-bit times, in each
 * userland's system call table: the framer watches the clock with them (Perl's syscall()).
 * From the kernel's syscall tables (arch/x86/entry/syscalls/syscall_32.tbl and
 * syscall_64.tbl, arch/arm/tools/syscall.tbl, include/uapi/asm-generic/unistd.h).
 */
export const TIMERFD_SYSCALLS: Record<Arch, readonly [create: number, settime64: number]> = {
  i386: [322, 411],
  amd64: [283, 286],
  armhf: [350, 411],
  armel: [350, 411],
  arm64: [85, 86],
}

/** The shell variables init.sh reads from the harness disk. Every value is plain ASCII without quotes. */
export function runConfigText(config: RunConfig): string {
  const timerfd = TIMERFD_SYSCALLS[config.arch as Arch] as (typeof TIMERFD_SYSCALLS)[Arch] | undefined
  const text = shellAssignments({
    Y2038_HARNESS_VERSION: HARNESS_VERSION,
    Y2038_CLOCK: config.clock,
    Y2038_ARCH: config.arch,
    Y2038_SUITE: config.suite,
    Y2038_CWD: config.workdir ? GUEST_WORKDIR : '/',
    Y2038_WORKDIR: config.workdir ? 'yes' : '',
    Y2038_INSTALL_TOKEN: config.stages?.install ?? '',
    Y2038_SETUP_TOKEN: config.stages?.setup ?? '',
    Y2038_OUT_LIMIT: OUT_LIMIT_BYTES,
    Y2038_INIT: config.init ?? 'sh',
    Y2038_SYSTEMD_TARGET: config.systemdTarget ?? 'multi-user.target',
    Y2038_TIMERFD: timerfd?.join(':') ?? '',
  })
  if (!timerfd) throw new Error(`no system call numbers for ${config.arch}`)
  return text
}

/**
 * The job line init.sh reads: `job <token> <epoch> <date> <seed> <out token> <crossing> <attempt>`:
 * the clock is set to <epoch>; <crossing> is the epoch of the date it then crosses, or 0;
 * <attempt> is 1, or 2 when the date runs again to confirm its findings.
 */
export function jobLine(job: Job): string {
  const fields = [
    job.token,
    String(epochSeconds(job.stepTo)),
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

/** The setup script's text as the guest runs it. */
export function setupText(setup: SetupSource): string {
  if (setup.kind === 'file') return readFileSync(setup.path, 'utf8')
  return setup.script.endsWith('\n') ? setup.script : `${setup.script}\n`
}

/** The name a .deb gets on the harness disk: its order first, so that names never clash. */
export function guestDebName(index: number, file: RepositoryFile): string {
  const base = path.basename(file.path).replace(/[^A-Za-z0-9_.+~-]/g, '_')
  return `${String(index + 1).padStart(2, '0')}-${base}`
}

/**
 * The install stage: dpkg installs every .deb at once (they may depend on each other); their
 * dependencies from the mirror are in the root filesystem already. set -e: a failure ends it.
 */
export function installScript(debs: RepositoryFile[]): string {
  const paths = debs.map((deb, i) => `${GUEST_HARNESS_DIR}/debs/${guestDebName(i, deb)}`)
  return `set -e\ndpkg --install ${paths.join(' ')}\n`
}

export interface HarnessContents {
  probe: ProbeSource
  config: RunConfig
  debs?: RepositoryFile[]
  setup?: SetupSource
}

/**
 * Writes the harness disk's files into `dir`: the guest scripts, the probe, the run's config,
 * and when the run has them the .debs with their install stage and the setup script.
 */
export async function writeHarness(dir: string, contents: HarnessContents): Promise<void> {
  const { probe, config, debs = [], setup } = contents
  await mkdir(dir, { recursive: true })
  for (const [name, read] of Object.entries(GUEST_SCRIPTS)) await writeFile(path.join(dir, name), read())
  if (probe.kind === 'file') await copyFile(probe.path, path.join(dir, 'probe.sh'))
  else await writeFile(path.join(dir, 'probe.sh'), probeText(probe))
  if (debs.length > 0) {
    await mkdir(path.join(dir, 'debs'))
    for (const [i, deb] of debs.entries()) await copyFile(deb.path, path.join(dir, 'debs', guestDebName(i, deb)))
    await writeFile(path.join(dir, 'install.sh'), installScript(debs))
  }
  if (setup) await writeFile(path.join(dir, 'setup.sh'), setupText(setup))
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

/**
 * mkfs.erofs for the user's workdir, run as this user: every file owned by root (as the
 * guest's root runs setup and probe), modes and times as they are in the checkout.
 */
export function workdirImageArgs(dir: string, image: string): string[] {
  return ['--quiet', '--all-root', image, dir]
}
