/**
 * The saved guest kept across runs: a guest booted to where it waits for its job, with the
 * harness disk and the workdir disk it has mounted, in the image store under a key of
 * everything that makes that state. A later run with the same key starts its dates from it
 * and boots nothing. The probe is not part of it: it is on a disk of its own that the guest
 * mounts only once its job has come.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { RunOptions } from '../config/options.js'
import { bootDateFor, formatInstant } from '../config/dates.js'
import type { CommandRunner } from '../host/proc.js'
import { qemuVersion } from '../vm/qemu.js'
import { HARNESS_VERSION } from '../protocol/names.js'
import type { StageTokens } from '../protocol/run-config.js'
import { SAVED_GUEST_RECIPE_VERSION, type SavedGuestRecipe, recipeKey } from '../image/recipe.js'
import type { ImageStore, StoredImage } from '../image/store.js'
import { payloadDigest } from '../image/payload.js'
import type { StageVerdict } from '../verdict/stages.js'
import type { BootImages, RunSession, Snapshot } from './run-session.js'

/** Kept guests beyond this many, the oldest first, are removed when another is kept. */
export const MAX_KEPT_GUESTS = 6

const STATE = 'guest.state'
const HARNESS = 'harness.erofs'
const WORKDIR = 'workdir.erofs'

export interface SavedGuestDetails {
  bootDate: string
  bytes: number
  stages: StageVerdict[]
  /** The stage tokens the harness disk's config holds: a boot from that disk answers with them. */
  stageTokens: StageTokens
  workdir: boolean
}

/** `qemu-system-i386 --version`'s first line; under KVM also the host's CPU model. */
export async function qemuIdentity(images: BootImages, runner: CommandRunner): Promise<string> {
  const first = await qemuVersion(images.machine.qemuBinary, runner)
  if (images.accel !== 'kvm') return first
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '')
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? 'unknown CPU'
  return `${first}; host CPU ${model}`
}

/** An image as a kept guest's key holds it: its store key and a digest of its files. */
export function imageIdentity(image: Pick<StoredImage<unknown>, 'key' | 'manifest'>): string {
  return `${image.key}@${payloadDigest(image.manifest.payload ?? []).slice(0, 16)}`
}

/** The boot date of a guest saved at the host's clock: not in its key, or no later run would find it. */
export const HOST_CLOCK_BOOT = 'host-clock'

/**
 * The boot date a kept guest is keyed by. A run whose earliest date is `auto`'s control boots
 * at the host's clock, another second in every run: its guest is keyed as HOST_CLOCK_BOOT, and
 * a later run may start from it when it was booted no later than that run's own boot date
 * (startsInTime). Any other boot date is in the key as it is.
 */
export function savedGuestBootKey(
  options: Pick<RunOptions, 'control' | 'controlIsHostClock' | 'clock' | 'crossMarginSeconds'>,
  bootDate: Date,
): string {
  const { control } = options
  if (options.controlIsHostClock && control) {
    const mode = options.clock === 'cross' ? 'cross' : 'step'
    if (bootDateFor(control, mode, options.crossMarginSeconds).getTime() === bootDate.getTime()) return HOST_CLOCK_BOOT
  }
  return formatInstant(bootDate)
}

/** A kept guest's clock only ever moves forward: it may serve a run that boots no earlier than it did. */
export function startsInTime(stored: StoredImage<SavedGuestDetails>, bootDate: Date): boolean {
  return new Date(stored.manifest.details.bootDate).getTime() <= bootDate.getTime()
}

export function savedGuestRecipe(
  options: Pick<RunOptions, 'arch' | 'suite'>,
  images: BootImages & { kernelKey: string; userlandKey: string },
  session: Pick<RunSession, 'harnessDigest' | 'workdirDigest'>,
  qemu: string,
  bootKey: string,
): SavedGuestRecipe {
  return {
    kind: 'saved-guest',
    version: SAVED_GUEST_RECIPE_VERSION,
    arch: options.arch,
    suite: options.suite,
    harnessVersion: HARNESS_VERSION,
    qemu,
    machine: images.machine.machineArgs,
    memoryMiB: images.machine.memoryMiB,
    accel: images.accel,
    kernel: images.kernelKey,
    userland: images.userlandKey,
    bootDate: bootKey,
    harness: session.harnessDigest,
    ...(session.workdirDigest !== undefined ? { workdir: session.workdirDigest } : {}),
  }
}

/** The stored guest for `recipe`, if there is one. */
export async function findSavedGuest(
  store: ImageStore,
  recipe: SavedGuestRecipe,
): Promise<StoredImage<SavedGuestDetails> | undefined> {
  return store.find<SavedGuestDetails>(recipeKey(recipe))
}

/**
 * Starts the run's dates from a stored guest: its state, and the disks it was saved with (a
 * guest that boots from them answers with their stage tokens). leaveSavedGuest goes back.
 */
export function adoptSavedGuest(session: RunSession, stored: StoredImage<SavedGuestDetails>): Snapshot {
  const { details } = stored.manifest
  session.own = {
    harnessImage: session.harnessImage,
    ...(session.workdirImage ? { workdirImage: session.workdirImage } : {}),
    stages: session.stages,
  }
  session.harnessImage = path.join(stored.dir, HARNESS)
  if (details.workdir) session.workdirImage = path.join(stored.dir, WORKDIR)
  session.stages = details.stageTokens
  return {
    state: path.join(stored.dir, STATE),
    bootDate: new Date(details.bootDate),
    bytes: details.bytes,
    stages: details.stages,
    storeKey: stored.key,
  }
}

/**
 * A stored guest that did not start: the run's own disks again for the boots to come, and
 * the entry to discard once no guest of the run may still be reading it.
 */
export function leaveSavedGuest(session: RunSession, storeKey: string): void {
  if (session.own) {
    session.harnessImage = session.own.harnessImage
    if (session.own.workdirImage) session.workdirImage = session.own.workdirImage
    session.stages = session.own.stages
    session.own = undefined
  }
  session.discardKept = storeKey
}

/** Keeps a guest just saved, with the run's harness and workdir disks, for later runs. */
export async function keepSavedGuest(
  store: ImageStore,
  recipe: SavedGuestRecipe,
  session: RunSession,
  snapshot: Snapshot,
  runner: CommandRunner,
): Promise<StoredImage<SavedGuestDetails>> {
  const copy = async (from: string, to: string): Promise<void> => {
    const done = await runner.run('cp', ['--reflink=auto', from, to])
    if (done.code !== 0) throw new Error(`cp ${from}: ${done.stderr.trim() || `status ${done.code}`}`)
  }
  const kept = await store.build<SavedGuestDetails>(recipeKey(recipe), recipe, async (workDir) => {
    const files = [STATE, HARNESS]
    await copy(snapshot.state, path.join(workDir, STATE))
    await copy(session.harnessImage, path.join(workDir, HARNESS))
    if (session.workdirImage) {
      await copy(session.workdirImage, path.join(workDir, WORKDIR))
      files.push(WORKDIR)
    }
    return {
      details: {
        bootDate: formatInstant(snapshot.bootDate),
        bytes: snapshot.bytes,
        stages: snapshot.stages,
        stageTokens: session.stages,
        workdir: session.workdirImage !== undefined,
      },
      files,
    }
  })
  for (const old of (await store.keysByAge('saved-guest-')).slice(MAX_KEPT_GUESTS)) await store.discard(old)
  return kept
}
