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

/** The system calls the harness's Perl makes by number (syscall(), in sys.pl), by name. */
export interface GuestSyscalls {
  read: number
  write: number
  openat: number
  close: number
  /** run-script.pl asks a pipe how much is unread (FIONREAD). */
  ioctl: number
  /** The framer watches the clock with a timerfd, armed by the call that takes 64-bit times. */
  timerfd_create: number
  timerfd_settime64: number
}

/**
 * Each userland's numbers, from the kernel's syscall tables (arch/x86/entry/syscalls/
 * syscall_32.tbl and syscall_64.tbl, arch/arm/tools/syscall.tbl, include/uapi/asm-generic/
 * unistd.h). A 64-bit kernel's timerfd_settime takes 64-bit times already.
 */
export const GUEST_SYSCALLS: Record<Arch, GuestSyscalls> = {
  i386: { read: 3, write: 4, openat: 295, close: 6, ioctl: 54, timerfd_create: 322, timerfd_settime64: 411 },
  amd64: { read: 0, write: 1, openat: 257, close: 3, ioctl: 16, timerfd_create: 283, timerfd_settime64: 286 },
  armhf: { read: 3, write: 4, openat: 322, close: 6, ioctl: 54, timerfd_create: 350, timerfd_settime64: 411 },
  armel: { read: 3, write: 4, openat: 322, close: 6, ioctl: 54, timerfd_create: 350, timerfd_settime64: 411 },
  arm64: { read: 63, write: 64, openat: 56, close: 57, ioctl: 29, timerfd_create: 85, timerfd_settime64: 86 },
}

/** As sys.pl reads them from Y2038_SYSCALLS: `read=3,write=4,...`. */
export function syscallsText(numbers: GuestSyscalls): string {
  return Object.entries(numbers)
    .map(([name, number]) => `${name}=${number}`)
    .join(',')
}

function shellAssignments(vars: Record<string, string | number>): string {
  return Object.entries(vars)
    .map(([name, value]) => {
      if (!/^[A-Za-z0-9_.:@+/,=-]*$/.test(String(value))) throw new Error(`unsafe value for ${name}: ${value}`)
      return `${name}='${value}'\n`
    })
    .join('')
}

/** The shell variables init.sh reads from the harness disk. Every value is plain ASCII without quotes. */
export function runConfigText(config: RunConfig): string {
  const syscalls = GUEST_SYSCALLS[config.arch as Arch] as GuestSyscalls | undefined
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
    Y2038_SYSCALLS: syscalls ? syscallsText(syscalls) : '',
    Y2038_RUNTIME: config.runtime ? GUEST_RUNTIME_DIR : '',
  })
  if (!syscalls) throw new Error(`no system call numbers for ${config.arch}`)
  return text
}
