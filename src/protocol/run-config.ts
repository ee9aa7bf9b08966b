/**
 * The run's config on the harness disk: shell assignments init.sh reads before anything
 * else, the same for every boot of a run. It carries the protocol's names (ports, disk
 * serials, the working directory) so that the guest scripts hold none of them. Pure.
 */
import type { ClockMode } from '../config/options.js'
import type { Arch } from '../config/targets.js'
import {
  GUEST_PROBE_DIR,
  GUEST_RUNTIME_DIR,
  GUEST_WORKDIR,
  HARNESS_VERSION,
  JOB_PORT_NAME,
  PROBE_DISK_SERIAL,
  RESULTS_PORT_NAME,
  WORKDIR_DISK_SERIAL,
} from './names.js'
import { newToken } from './job.js'

/** The most the probe's files under $Y2038_OUT bring back per date. */
export const OUT_LIMIT_BYTES = 64 * 2 ** 20

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
  /** The harness disk has the harness's own programs: the harness runs those, not the userland's. */
  runtime?: boolean
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

/** The number of ioctl, in each userland's system call table: run-script.pl asks a pipe how much is unread (FIONREAD). */
export const IOCTL_SYSCALL: Record<Arch, number> = {
  i386: 54,
  amd64: 16,
  armhf: 54,
  armel: 54,
  arm64: 29,
}

function shellAssignments(vars: Record<string, string | number>): string {
  return Object.entries(vars)
    .map(([name, value]) => {
      if (!/^[A-Za-z0-9_.:@+/-]*$/.test(String(value))) throw new Error(`unsafe value for ${name}: ${value}`)
      return `${name}='${value}'\n`
    })
    .join('')
}

/** The shell variables init.sh reads from the harness disk. Every value is plain ASCII without quotes. */
export function runConfigText(config: RunConfig): string {
  const timerfd = TIMERFD_SYSCALLS[config.arch as Arch] as (typeof TIMERFD_SYSCALLS)[Arch] | undefined
  const text = shellAssignments({
    Y2038_HARNESS_VERSION: HARNESS_VERSION,
    Y2038_RESULTS_PORT: RESULTS_PORT_NAME,
    Y2038_JOB_PORT: JOB_PORT_NAME,
    Y2038_WORKDIR_SERIAL: WORKDIR_DISK_SERIAL,
    Y2038_PROBE_SERIAL: PROBE_DISK_SERIAL,
    Y2038_PROBE_DIR: GUEST_PROBE_DIR,
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
    Y2038_IOCTL: IOCTL_SYSCALL[config.arch as Arch] ?? '',
    Y2038_RUNTIME: config.runtime ? GUEST_RUNTIME_DIR : '',
  })
  if (!timerfd) throw new Error(`no system call numbers for ${config.arch}`)
  return text
}
