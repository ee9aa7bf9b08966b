/**
 * The guest side of the harness, as the host prepares it: a directory shared read-only
 * into the guest with the init script, the probe runner, the helpers, the probe and a
 * config for one boot.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { chmod, copyFile, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { epochSeconds, formatInstant } from './dates.js'
import type { ClockMode, ProbeSource } from './options.js'

/** Bump with any change to the guest scripts' records. */
export const HARNESS_VERSION = 2

/** Where the probe is in the guest; run-probe.bash marks only commands from this file. */
export const GUEST_PROBE_PATH = '/run/y2038/probe.sh'

// Literal URLs, so that ncc finds the files and copies them next to the bundle.
export const GUEST_SCRIPTS = {
  'init.sh': () => readFileSync(new URL('./guest/init.sh', import.meta.url), 'utf8'),
  'session.sh': () => readFileSync(new URL('./guest/session.sh', import.meta.url), 'utf8'),
  'frame.pl': () => readFileSync(new URL('./guest/frame.pl', import.meta.url), 'utf8'),
  'run-probe.bash': () => readFileSync(new URL('./guest/run-probe.bash', import.meta.url), 'utf8'),
  'lib.bash': () => readFileSync(new URL('./guest/lib.bash', import.meta.url), 'utf8'),
} as const

export function builtinProbe(): string {
  return readFileSync(new URL('./guest/builtin-probe.sh', import.meta.url), 'utf8')
}

export interface BootConfig {
  token: string
  clock: ClockMode
  date: Date
  arch: string
  suite: string
}

export function newToken(): string {
  return randomBytes(6).toString('hex')
}

/** The shell variables init.sh reads. Every value is plain ASCII without quotes. */
export function bootConfigText(config: BootConfig): string {
  const vars: Record<string, string | number> = {
    Y2038_TOKEN: config.token,
    Y2038_HARNESS_VERSION: HARNESS_VERSION,
    Y2038_CLOCK: config.clock,
    Y2038_EPOCH: epochSeconds(config.date),
    Y2038_DATE: formatInstant(config.date),
    Y2038_ARCH: config.arch,
    Y2038_SUITE: config.suite,
  }
  return Object.entries(vars)
    .map(([name, value]) => {
      if (!/^[A-Za-z0-9_.:+-]*$/.test(String(value))) throw new Error(`unsafe value for ${name}: ${value}`)
      return `${name}='${value}'\n`
    })
    .join('')
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

/** Writes the share directory for one boot. */
export async function writeShare(dir: string, probe: ProbeSource, config: BootConfig): Promise<void> {
  await mkdir(dir, { recursive: true })
  for (const [name, read] of Object.entries(GUEST_SCRIPTS)) {
    await writeFile(path.join(dir, name), read())
  }
  if (probe.kind === 'file') {
    await copyFile(probe.path, path.join(dir, 'probe.sh'))
  } else {
    await writeFile(path.join(dir, 'probe.sh'), probeText(probe))
  }
  await writeFile(path.join(dir, 'config'), bootConfigText(config))
  // QEMU may run as root with security_model=none: world-readable is enough.
  await chmod(dir, 0o755)
}
