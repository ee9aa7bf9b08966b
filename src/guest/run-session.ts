/**
 * What the boots of one run share: a private temporary directory with the harness disk (an
 * erofs image of the guest scripts, the probe, the config, the .debs and the setup script),
 * the user's workdir as a disk, the sockets, and the saved guest once there is one; and the
 * QEMU spec of one boot from them.
 */
import { rmSync } from 'node:fs'
import { mkdtemp, rm, stat, truncate } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { ToolError } from '../config/errors.js'
import type { RunOptions } from '../config/options.js'
import { lastLine } from '../config/text.js'
import { type CommandRunner, onInterrupt } from '../host/proc.js'
import { type StageTokens, stageTokens } from '../protocol/run-config.js'
import type { StageVerdict } from '../verdict/stages.js'
import { treeDigest } from '../image/tree-digest.js'
import type { Built } from '../image/build.js'
import { type RuntimeDetails, runtimeDigest, unpackRuntime } from '../image/runtime.js'
import { RUNTIME_SUBDIR } from '../protocol/names.js'
import type { Accel } from '../vm/accel.js'
import type { GuestSpec } from '../vm/qemu.js'
import type { MachineProfile } from '../config/targets.js'
import {
  type HarnessContents,
  harnessDigest,
  harnessImageArgs,
  probeDiskBytes,
  scriptFifos,
  workdirImageArgs,
  writeHarness,
  writeProbeDisk,
} from './harness.js'

export interface RunSession {
  /** Private, short (unix socket paths are limited to 108 bytes), removed at the end of the run. */
  tmpDir: string
  harnessImage: string
  /** The probe's disk image (padded to a fixed size). */
  probeImage: string
  /** The user's directory as a disk image, when the run has a workdir. */
  workdirImage?: string
  /** The tokens of the stages each boot runs before its job (the .debs, the setup script). */
  stages: StageTokens
  /** What the harness disk holds, and the workdir's tree, as digests: part of a saved guest's key. */
  harnessDigest: string
  workdirDigest?: string
  /** The run's own disks and stage tokens while its dates start from a guest kept by an earlier run. */
  own?: { harnessImage: string; workdirImage?: string; stages: StageTokens }
  /** A kept guest that did not start: discarded from the store once the run's guests are done. */
  discardKept?: string
  snapshot?: Snapshot
  /** A path for one boot's job socket: each boot its own, so that boots can run side by side. */
  nextJobSocket(): string
  /** A path for one QEMU's QMP socket, each its own. */
  nextQmpSocket(): string
  /** Removes the run's temporary files (a saved guest is tens of MiB); also done on an interruption. */
  close(): Promise<void>
}

/** A guest booted once and saved where it waits for its job. */
export interface Snapshot {
  state: string
  bootDate: Date
  bytes: number
  /** How the stages went in the boot that was saved: every date starts after them. */
  stages: StageVerdict[]
  /** The image store's key when it was kept across runs (saved-guest.ts). */
  storeKey?: string
  /** The same guest as a RAM file and its device state alone, when made (mapped-memory.ts). */
  mapped?: MappedState
}

/** A saved guest's RAM in a file, and its device state without the RAM (vm/ram-file.ts). */
export interface MappedState {
  ram: string
  devices: string
  /** A clone opens the file read-only (vm/ram-file.ts's ramFileSupport). */
  readOnlyOpen: boolean
}

/**
 * Makes the run's disks: the harness (with the harness's own programs, `runtime`, for the
 * user's own system), and the user's workdir when there is one.
 */
export async function startRunSession(
  options: RunOptions,
  runner: CommandRunner,
  runtime?: Built<RuntimeDetails>,
): Promise<RunSession> {
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'y2038-run-'))
  const forget = onInterrupt(() => rmSync(tmpDir, { recursive: true, force: true }))
  const close = async (): Promise<void> => {
    forget()
    await rm(tmpDir, { recursive: true, force: true })
  }
  try {
    const files = path.join(tmpDir, 'harness')
    const probeFiles = path.join(tmpDir, 'probe')
    const stages = stageTokens({ debs: options.debs.length > 0, setup: options.setup !== undefined })
    await writeProbeDisk(probeFiles, options.probe)
    const contents: HarnessContents = {
      config: {
        clock: options.clock,
        arch: options.arch,
        suite: options.suite,
        workdir: options.workdir !== undefined,
        stages,
        init: options.init,
        systemdTarget: options.systemdTarget,
        ...(runtime ? { runtime: true } : {}),
      },
      ...(runtime ? { runtimeDigest: runtimeDigest(runtime) } : {}),
      debs: options.debs,
      ...(options.setup ? { setup: options.setup } : {}),
    }
    await writeHarness(files, contents)
    if (runtime) await unpackRuntime(runtime, path.join(files, RUNTIME_SUBDIR), runner)
    const fifos = await runner.run('mkfifo', [
      '-m',
      '600',
      ...scriptFifos(files, probeFiles, { debs: options.debs, setup: options.setup }),
    ])
    if (fifos.code !== 0)
      throw new ToolError(`mkfifo could not make the harness's script pipes: ${lastLine(fifos.stderr)}`)
    const harnessImage = path.join(tmpDir, 'harness.erofs')
    const epoch = Math.floor(Date.now() / 1000)
    const made = await runner.run('mkfs.erofs', harnessImageArgs(files, harnessImage, epoch))
    if (made.code !== 0)
      throw new ToolError(`mkfs.erofs could not make the harness disk: ${lastLine(made.stderr || made.stdout)}`)
    const probeImage = path.join(tmpDir, 'probe.erofs')
    const probeMade = await runner.run('mkfs.erofs', harnessImageArgs(probeFiles, probeImage, epoch))
    if (probeMade.code !== 0)
      throw new ToolError(
        `mkfs.erofs could not make the probe's disk: ${lastLine(probeMade.stderr || probeMade.stdout)}`,
      )
    await truncate(probeImage, probeDiskBytes((await stat(probeImage)).size))
    let workdirImage: string | undefined
    if (options.workdir) {
      workdirImage = path.join(tmpDir, 'workdir.erofs')
      const work = await runner.run('mkfs.erofs', workdirImageArgs(options.workdir.path, workdirImage))
      if (work.code !== 0) {
        throw new ToolError(
          `mkfs.erofs could not make a disk of workdir '${options.workdir.relativePath}': ${lastLine(work.stderr || work.stdout)}`,
        )
      }
    }
    let sockets = 0
    const nextJobSocket = (): string => path.join(tmpDir, `job${++sockets}.sock`)
    const nextQmpSocket = (): string => path.join(tmpDir, `qmp${++sockets}.sock`)
    return {
      tmpDir,
      harnessImage,
      probeImage,
      ...(workdirImage ? { workdirImage } : {}),
      stages,
      harnessDigest: await harnessDigest(contents),
      ...(options.workdir ? { workdirDigest: await treeDigest(options.workdir.path) } : {}),
      nextJobSocket,
      nextQmpSocket,
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}

/** What every boot of the run starts: the machine, its kernel and initramfs, the root image. */
export interface BootImages {
  machine: MachineProfile
  kernel: string
  initrd: string
  rootImage: string
  /** PID 1 (GuestSpec.init). */
  init: string
  accel: Accel
}

/** One boot's QEMU spec: its results and pid files in `dir`, its RTC at `rtcBase`. */
export function guestSpec(
  images: BootImages,
  session: RunSession,
  dir: string,
  rtcBase: Date,
  extra: Partial<GuestSpec> = {},
): GuestSpec {
  return {
    ...images,
    harnessImage: session.harnessImage,
    probeImage: session.probeImage,
    ...(session.workdirImage ? { workdirImage: session.workdirImage } : {}),
    jobSocket: session.nextJobSocket(),
    resultsFile: path.join(dir, 'results.log'),
    pidFile: path.join(dir, 'qemu.pid'),
    rtcBase,
    ...extra,
  }
}
