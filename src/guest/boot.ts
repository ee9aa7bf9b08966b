/**
 * One guest from QEMU's start to its end, on the guest's side of the line: its own fresh
 * directory (console, results, files), its QEMU, and what it is sent on the job port: to be
 * saved where it waits for its job, or its job. What came back is judged by the verdict.
 */
import { mkdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import type { CommandRunner } from '../host/proc.js'
import { type Job, jobLine } from '../protocol/job.js'
import { GuestVm, type GuestRunResult, type GuestSpec, runGuestToEnd } from '../vm/qemu.js'
import type { JobPort } from '../protocol/job-port.js'
import { QmpClient, saveGuestState } from '../vm/qmp.js'
import { type BootImages, type RunSession, guestSpec } from './run-session.js'

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

/**
 * Runs `job` in a guest: restored from `savedState` (started with its RTC at `rtcBase`, the
 * boot date it was saved at), or booted at `rtcBase`.
 */
export function runJob(
  images: BootImages,
  session: RunSession,
  where: { outputDir: string; name: string },
  rtcBase: Date,
  job: Job,
  savedState: string | undefined,
  options: BootOptions,
  runner: CommandRunner,
): Promise<GuestEnd> {
  return runToEnd(
    images,
    session,
    where,
    rtcBase,
    savedState ? { incomingState: savedState } : {},
    {
      ...options,
      // A booted guest takes its job once it says it is ready (data sent to a port before the
      // guest opens it is lost); a restored one said so before it was saved.
      onJobPort: async (port) => {
        if (!savedState) await port.ready()
        port.send(jobLine(job))
      },
    },
    runner,
  )
}
