/**
 * The restore alone (issue 24 items 1 and 5): how long QEMU takes from its start to a guest
 * loaded from a saved state and ready to run, with today's `exec:` restore (every page of
 * RAM read back through a pipe) against RAM kept in a file and mapped privately into each
 * restored guest (`memory-backend-file`, `x-ignore-shared`: only device state in the
 * stream). The guest is the i386 bookworm kernel and initramfs from the cache directory,
 * booted for a few seconds (no harness: this times QEMU, not the probe). Median of 5 each,
 * one run, as ratios. bench:dates prints the same figures among its rows (`measureRestore`).
 *
 *   node --import tsx bench/restore.ts
 */
import { spawn } from 'node:child_process'
import { pathToFileURL } from 'node:url'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { resolveTarget } from '../src/config/targets.js'
import { parseCacheDir } from '../src/config/options.js'
import { imageStoreRoot } from '../src/image/prepare.js'
import { machineArgsFor } from '../src/vm/qemu.js'
import { QmpClient } from '../src/vm/qmp.js'

const target = resolveTarget('i386', 'bookworm')
const machine = target.machine
const store = imageStoreRoot(parseCacheDir(process.env.Y2038_CACHE_DIR, process.env))
const kernelDir: string | undefined = readdirSync(store)
  .filter((name) => name.startsWith('kernel-i386-bookworm-'))
  .map((name) => path.join(store, name))
  .filter((dir) => existsSync(path.join(dir, 'vmlinuz')))
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
if (!kernelDir) throw new Error(`no i386 bookworm kernel in ${store}: run the README's first command once`)
const kernel = path.join(kernelDir, 'vmlinuz')
const initrd = path.join(kernelDir, 'initrd.img')

const work = mkdtempSync(path.join(os.tmpdir(), 'y2038-bench-restore-'))
const ram = path.join(work, 'ram')
const MiB = machine.memoryMiB
type Mode = 'exec' | 'file'
const IGNORE_SHARED = { capabilities: [{ capability: 'x-ignore-shared', state: true }] }

function qemu(mode: Mode, share: boolean, qmp: string, extra: string[]) {
  const memory =
    mode === 'file'
      ? ['-object', `memory-backend-file,id=ram0,size=${MiB}M,mem-path=${ram},share=${share ? 'on' : 'off'}`]
      : []
  const args = [
    ...machineArgsFor(machine, 'tcg'),
    ...(mode === 'file' ? ['-machine', 'memory-backend=ram0'] : []),
    '-m',
    String(MiB),
    ...memory,
    '-nodefaults',
    '-display',
    'none',
    '-accel',
    'tcg',
    '-kernel',
    kernel,
    '-initrd',
    initrd,
    '-append',
    `console=${machine.console} panic=-1`,
    '-serial',
    'null',
    '-qmp',
    `unix:${qmp},server=on,wait=off`,
    ...extra,
  ]
  return spawn(machine.qemuBinary, args, { stdio: ['ignore', 'ignore', 'inherit'] })
}

async function save(mode: Mode): Promise<string> {
  const qmp = path.join(work, `save-${mode}.sock`)
  const state = path.join(work, `state-${mode}`)
  const vm = qemu(mode, true, qmp, [])
  const client = await QmpClient.connect(qmp)
  await sleep(8000)
  await client.execute('stop')
  if (mode === 'file') await client.execute('migrate-set-capabilities', IGNORE_SHARED)
  await client.execute('migrate', { uri: `exec:cat > ${state}` })
  while (((await client.execute('query-migrate')) as { status?: string }).status !== 'completed') await sleep(20)
  client.close()
  vm.kill('SIGKILL')
  await new Promise((done) => vm.once('exit', done))
  return state
}

async function restore(mode: Mode, state: string): Promise<number> {
  const qmp = path.join(work, `restore-${mode}.sock`)
  const started = performance.now()
  const vm = qemu(mode, false, qmp, ['-incoming', 'defer'])
  const client = await QmpClient.connect(qmp)
  if (mode === 'file') await client.execute('migrate-set-capabilities', IGNORE_SHARED)
  await client.execute('migrate-incoming', { uri: `exec:cat ${state}` })
  while (((await client.execute('query-status')) as { status?: string }).status !== 'paused') await sleep(5)
  const seconds = (performance.now() - started) / 1000
  client.close()
  vm.kill('SIGKILL')
  await new Promise((done) => vm.once('exit', done))
  return seconds
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export interface RestoreTimes {
  /** Median seconds from QEMU's start to a loaded, paused guest, and the stream's MiB. */
  exec: { seconds: number; mib: number }
  file: { seconds: number; mib: number }
}

/** Saves the guest both ways, restores each five times, and gives the medians. */
export async function measureRestore(): Promise<RestoreTimes> {
  try {
    const states = { exec: await save('exec'), file: await save('file') }
    const times: Record<Mode, number[]> = { exec: [], file: [] }
    for (let i = 0; i < 5; i++)
      for (const mode of ['exec', 'file'] as const) times[mode].push(await restore(mode, states[mode]))
    const result = (mode: Mode) => ({ seconds: median(times[mode]), mib: statSync(states[mode]).size / 2 ** 20 })
    return { exec: result('exec'), file: result('file') }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const times = await measureRestore()
  console.log(`i386 bookworm kernel, ${MiB} MiB of RAM, TCG; QEMU start to a loaded guest, median of 5`)
  for (const mode of ['exec', 'file'] as const) {
    const label = mode === 'exec' ? 'exec: restore (today)' : 'file-backed RAM, x-ignore-shared'
    console.log(
      `${label.padEnd(34)} ${times[mode].seconds.toFixed(3)} s  ${(times[mode].seconds / times.exec.seconds).toFixed(2)}x  (stream ${times[mode].mib.toFixed(1)} MiB)`,
    )
  }
}
