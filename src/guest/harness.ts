/**
 * The guest side of the harness, as the host prepares it: a read-only disk for the run with
 * the init script, the probe runner, the helpers and the run's config, and a disk of the
 * probe's own.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { ProbeSource } from '../config/options.js'
import type { RepositoryFile, SetupSource } from '../config/workspace.js'
import { GUEST_HARNESS_DIR } from '../protocol/names.js'
import { type RunConfig, runConfigText } from '../protocol/run-config.js'
import { sha256File } from '../image/payload.js'

// Literal URLs, so that ncc finds the files and copies them next to the bundle.
export const GUEST_SCRIPTS = {
  'init.sh': () => readFileSync(new URL('./init.sh', import.meta.url), 'utf8'),
  'session.sh': () => readFileSync(new URL('./session.sh', import.meta.url), 'utf8'),
  'frame.pl': () => readFileSync(new URL('./frame.pl', import.meta.url), 'utf8'),
  'run-script.pl': () => readFileSync(new URL('./run-script.pl', import.meta.url), 'utf8'),
  'run-probe.bash': () => readFileSync(new URL('./run-probe.bash', import.meta.url), 'utf8'),
  'lib.bash': () => readFileSync(new URL('./lib.bash', import.meta.url), 'utf8'),
  'send-out.pl': () => readFileSync(new URL('./send-out.pl', import.meta.url), 'utf8'),
  'records.pl': () => readFileSync(new URL('./records.pl', import.meta.url), 'utf8'),
  'sys.pl': () => readFileSync(new URL('./sys.pl', import.meta.url), 'utf8'),
} as const

export function builtinProbe(): string {
  return readFileSync(new URL('./builtin-probe.sh', import.meta.url), 'utf8')
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
  config: RunConfig
  /** The digest of the harness's own programs, when the disk has them (image/runtime.ts). */
  runtimeDigest?: string
  debs?: RepositoryFile[]
  setup?: SetupSource
}

/**
 * Writes the harness disk's files into `dir`: the guest scripts, the run's config, and when
 * the run has them the .debs with their install stage and the setup script. Nothing of the
 * probe: a guest saved after its boot is the same whatever probe it runs.
 */
export async function writeHarness(dir: string, contents: HarnessContents): Promise<void> {
  const { config, debs = [], setup } = contents
  await mkdir(dir, { recursive: true })
  for (const [name, read] of Object.entries(GUEST_SCRIPTS)) await writeFile(path.join(dir, name), read())
  if (debs.length > 0) {
    await mkdir(path.join(dir, 'debs'))
    for (const [i, deb] of debs.entries()) await copyFile(deb.path, path.join(dir, 'debs', guestDebName(i, deb)))
    await writeFile(path.join(dir, 'install.sh'), installScript(debs))
  }
  if (setup) await writeFile(path.join(dir, 'setup.sh'), setupText(setup))
  await writeFile(path.join(dir, 'config'), runConfigText(config))
  await mkdir(path.join(dir, 'scripts'))
}

/**
 * Writes the probe's disk's files into `dir`: the probe, and the FIFO bash reads it from
 * (scripts/probe.sh, made by the caller: see scriptFifos).
 */
export async function writeProbeDisk(dir: string, probe: ProbeSource): Promise<void> {
  await mkdir(path.join(dir, 'scripts'), { recursive: true })
  if (probe.kind === 'file') await copyFile(probe.path, path.join(dir, 'probe.sh'))
  else await writeFile(path.join(dir, 'probe.sh'), probeText(probe))
}

/**
 * The probe's disk is padded to this size (a sparse file), whatever the probe's: a saved
 * guest knows its disks' sizes from its boot, so the disk it is started with must have the
 * same one. A probe is at most MAX_SCRIPT_BYTES (1 MiB); a disk larger than this all the
 * same is rounded up to the next MiB.
 */
export const PROBE_DISK_BYTES = 4 * 2 ** 20

export function probeDiskBytes(imageBytes: number): number {
  return Math.max(PROBE_DISK_BYTES, Math.ceil(imageBytes / 2 ** 20) * 2 ** 20)
}

/**
 * The FIFOs bash reads each session's script from (run-script.pl feeds them), one per
 * session: the probe's in `probeDir`/scripts, the stages' in `dir`/scripts. Made on the host:
 * on a read-only disk their times stay the host's, so a 32-bit bash can fstat() them after
 * the rollover.
 */
export function scriptFifos(
  dir: string,
  probeDir: string,
  contents: Pick<HarnessContents, 'debs' | 'setup'>,
): string[] {
  const stages = [...(contents.debs?.length ? ['install'] : []), ...(contents.setup ? ['setup'] : [])]
  return [
    path.join(probeDir, 'scripts', 'probe.sh'),
    ...stages.map((session) => path.join(dir, 'scripts', `${session}.sh`)),
  ]
}

/**
 * mkfs.erofs for the harness disk and the probe's disk, run as this user: every file owned
 * by root, and every time the host's clock now, so that a 32-bit program in a guest past the
 * rollover can still stat() them (a file made in that guest could not be).
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

/**
 * The digest of what the harness disk holds, but for the stage tokens (new each run): the
 * guest scripts, the config, the .debs and the setup script.
 */
export async function harnessDigest(contents: HarnessContents): Promise<string> {
  const hash = createHash('sha256')
  for (const [name, read] of Object.entries(GUEST_SCRIPTS)) hash.update(`${name}\n${read()}\n`)
  const stages = contents.config.stages ?? {}
  const blank = Object.fromEntries(Object.keys(stages).map((stage) => [stage, '0']))
  hash.update(runConfigText({ ...contents.config, stages: blank }))
  for (const [i, deb] of (contents.debs ?? []).entries())
    hash.update(`deb ${guestDebName(i, deb)} ${await sha256File(deb.path)}\n`)
  if (contents.setup) hash.update(`setup\n${setupText(contents.setup)}`)
  if (contents.runtimeDigest) hash.update(`runtime ${contents.runtimeDigest}\n`)
  return hash.digest('hex')
}
