/**
 * One guest from QEMU's start to its end, on the guest's side of the line: its own fresh
 * directory (console, results, files), its QEMU, and what it is sent on the job port: to be
 * saved where it waits for its job, or its job. What came back is judged by the verdict.
 */
import { mkdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import type { CommandRunner } from '../host/proc.js'
import { type Job, jobLine } from '../protocol/job.js'
import { GuestVm, type GuestRunResult, type GuestSpec, qemuComplaint, runGuestToEnd } from '../vm/qemu.js'
import type { JobPort } from '../protocol/job-port.js'
import { QmpClient, loadGuestState, saveGuestState } from '../vm/qmp.js'
import { type BootImages, type MappedState, type RunSession, guestSpec } from './run-session.js'

/** What a guest left: how QEMU ended, the results port, the console (also in `consoleLog`). */
export interface GuestEnd {
  run: GuestRunResult
  results: Buffer
  console: string
  dir: string
  consoleLog: string
}

export interface BootOptions {
  timeoutSeconds: number
  onConsole?: (chunk: Buffer) => void
}

/** A fresh directory for one boot's console, results and files. */
async function freshDir(parent: string, name: string): Promise<string> {
  const dir = path.join(parent, name)
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  return dir
}

/** One guest in a fresh directory of its own, run to its end; `onJobPort` is what the host does on its job port. */
async function runToEnd(
  images: BootImages,
  session: RunSession,
  where: { outputDir: string; name: string },
  rtcBase: Date,
  extra: Partial<GuestSpec>,
  options: BootOptions & { onJobPort: (port: JobPort) => Promise<void> },
  runner: CommandRunner,
): Promise<GuestEnd> {
  const dir = await freshDir(where.outputDir, where.name)
  const vm = new GuestVm(guestSpec(images, session, dir, rtcBase, extra))
  const consoleLog = path.join(dir, 'console.log')
  const end = await runGuestToEnd(vm, runner, { ...options, consoleLog })
  return { ...end, dir, consoleLog }
}

/**
 * Boots at `bootDate` to where the harness waits for its job (after the stages) and saves
 * the guest's state into `state` through QMP. `bytes`: the size of the state, 0 when none was written.
 */
export async function bootAndSave(
  images: BootImages,
  session: RunSession,
  where: { outputDir: string; name: string },
  bootDate: Date,
  state: string,
  options: BootOptions,
  runner: CommandRunner,
): Promise<GuestEnd & { bytes: number }> {
  const qmpSocket = path.join(session.tmpDir, 'qmp.sock')
  const end = await runToEnd(
    images,
    session,
    where,
    bootDate,
    { qmpSocket },
    {
      ...options,
      onJobPort: async (port) => {
        await port.ready()
        const qmp = await QmpClient.connect(qmpSocket)
        try {
          await saveGuestState(qmp, state)
          await qmp.execute('quit').catch(() => undefined)
        } finally {
          qmp.close()
        }
      },
    },
    runner,
  )
  const bytes = await stat(state).then(
    (s) => s.size,
    () => 0,
  )
  return { ...end, bytes }
}

/** Where a restored guest starts from: the whole saved state, or a RAM file and its device state. */
export type RestoreFrom = { stream: string } | { mapped: MappedState }

/** The QEMU spec of a guest restored from `from`, and the QMP socket a mapped one is loaded over. */
function restoreSpec(from: RestoreFrom, session: RunSession): Partial<GuestSpec> {
  if ('stream' in from) return { incoming: { state: from.stream, deferred: false } }
  const { ram, devices, readOnlyOpen } = from.mapped
  return {
    incoming: { state: devices, deferred: true },
    ram: { path: ram, use: 'clone', readOnlyOpen },
    qmpSocket: session.nextQmpSocket(),
  }
}

/** Loads a state into a QEMU started with `-incoming defer`, over its QMP socket. */
async function loadOverQmp(
  qmpSocket: string,
  state: string,
  options: { ignoreShared: boolean; wait: boolean },
): Promise<QmpClient> {
  const qmp = await QmpClient.connect(qmpSocket)
  try {
    await loadGuestState(qmp, state, options)
    return qmp
  } catch (error) {
    qmp.close()
    throw error
  }
}

/**
 * Makes the RAM file of a saved guest (vm/ram-file.ts): a QEMU, paused, with its RAM in a
 * shared mapping of `mapped.ram`, loads the whole saved `stream`, then saves its device state
 * alone into `mapped.devices`. Its devices are those of every guest of the run, or the state
 * would not load into them. Throws when any of it fails.
 */
export async function mapSavedGuest(
  images: BootImages,
  session: RunSession,
  stream: string,
  bootDate: Date,
  mapped: MappedState,
  options: BootOptions,
  runner: CommandRunner,
): Promise<void> {
  await Promise.all([rm(mapped.ram, { force: true }), rm(mapped.devices, { force: true })])
  const qmpSocket = session.nextQmpSocket()
  const end = await runToEnd(
    images,
    session,
    { outputDir: session.tmpDir, name: 'ram-template' },
    bootDate,
    {
      qmpSocket,
      ram: { path: mapped.ram, use: 'template', readOnlyOpen: mapped.readOnlyOpen },
      incoming: { state: stream, deferred: true },
      paused: true,
    },
    {
      ...options,
      onJobPort: async () => {
        // The whole state, saved without the capability.
        const qmp = await loadOverQmp(qmpSocket, stream, { ignoreShared: false, wait: true })
        try {
          await saveGuestState(qmp, mapped.devices, { ignoreShared: true })
          await qmp.execute('quit').catch(() => undefined)
        } finally {
          qmp.close()
        }
      },
    },
    runner,
  )
  const { run } = end
  if (run.jobError) throw new Error(qemuComplaint(run) ?? run.jobError.message)
  if (run.timedOut) throw new Error(`it did not finish in ${options.timeoutSeconds} s`)
  const bytes = await stat(mapped.devices).then(
    (s) => s.size,
    () => 0,
  )
  if (bytes === 0) throw new Error('no device state was written')
}

/**
 * Runs `job` in a guest: restored from `from` (started with its RTC at `rtcBase`, the boot
 * date it was saved at), or booted at `rtcBase`.
 */
export function runJob(
  images: BootImages,
  session: RunSession,
  where: { outputDir: string; name: string },
  rtcBase: Date,
  job: Job,
  from: RestoreFrom | undefined,
  options: BootOptions,
  runner: CommandRunner,
): Promise<GuestEnd> {
  const extra = from ? restoreSpec(from, session) : {}
  return runToEnd(
    images,
    session,
    where,
    rtcBase,
    extra,
    {
      ...options,
      // A booted guest takes its job once it says it is ready (data sent to a port before the
      // guest opens it is lost); a restored one said so before it was saved.
      onJobPort: async (port) => {
        if (!from) await port.ready()
        if (extra.incoming?.deferred) {
          const qmp = await loadOverQmp(extra.qmpSocket!, extra.incoming.state, { ignoreShared: true, wait: false })
          qmp.close()
        }
        port.send(jobLine(job))
      },
    },
    runner,
  )
}
