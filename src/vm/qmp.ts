/**
 * A minimal QMP client (QEMU Machine Protocol, JSON over a unix socket): enough to save a
 * running guest's state to a file through migration and to wait until it is written, and to
 * load one into a QEMU started with `-incoming defer`.
 */
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { shellQuote } from '../config/text.js'
import { connectUnix } from '../host/unix-socket.js'
import { IGNORE_SHARED } from './ram-file.js'

type QmpReply = { return?: unknown; error?: { class: string; desc: string }; event?: string; QMP?: unknown }

export class QmpClient {
  private buffer = ''
  private readonly waiting: Array<(reply: QmpReply) => void> = []
  private closedError: Error | undefined

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      this.buffer += chunk
      let newline: number
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, newline).trim()
        this.buffer = this.buffer.slice(newline + 1)
        if (line === '') continue
        const reply = JSON.parse(line) as QmpReply
        // Events come whenever QEMU likes; replies come in order.
        if (reply.event !== undefined) continue
        this.waiting.shift()?.(reply)
      }
    })
    const fail = (error: Error): void => {
      this.closedError = error
      for (const resolve of this.waiting.splice(0)) resolve({ error: { class: 'Closed', desc: error.message } })
    }
    socket.on('error', fail)
    socket.on('close', () => fail(new Error('QMP connection closed')))
  }

  /** Connects to QEMU's QMP socket (retrying while QEMU starts) and leaves capabilities negotiation done. */
  static async connect(path: string, timeoutMs = 20_000): Promise<QmpClient> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      try {
        const client = new QmpClient(await connectUnix(path))
        await client.next() // the greeting
        await client.execute('qmp_capabilities')
        return client
      } catch (error) {
        if (Date.now() > deadline) throw error
        // A restored guest waits for this connection: try again soon.
        await sleep(10)
      }
    }
  }

  private next(): Promise<QmpReply> {
    if (this.closedError) return Promise.reject(this.closedError)
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  async execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    const reply = this.next()
    this.socket.write(`${JSON.stringify(args ? { execute: command, arguments: args } : { execute: command })}\n`)
    const answer = await reply
    if (answer.error) throw new Error(`QMP ${command}: ${answer.error.desc}`)
    return answer.return
  }

  close(): void {
    this.socket.destroy()
  }
}

type MigrationStatus = { status?: string; 'error-desc'?: string }

/** Waits until the migration in either direction has completed; throws when it failed. */
async function migrationDone(qmp: QmpClient, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const state = (await qmp.execute('query-migrate')) as MigrationStatus
    if (state.status === 'completed') return
    if (state.status === 'failed' || state.status === 'cancelled') {
      throw new Error(`${what} ${state.status}: ${state['error-desc'] ?? 'no reason given'}`)
    }
    if (Date.now() > deadline) throw new Error(`${what} did not finish in ${timeoutMs / 1000} s`)
    await sleep(20)
  }
}

export interface StateOptions {
  /** RAM in a shared file mapping stays out of the stream (ram-file.ts). */
  ignoreShared?: boolean
  timeoutMs?: number
}

/**
 * Saves the guest's state into `file` (QEMU's `exec:` migration, there since long before
 * Debian bookworm's 7.2) and waits until it is complete. Disks are not in the state.
 */
export async function saveGuestState(qmp: QmpClient, file: string, options: StateOptions = {}): Promise<void> {
  if (options.ignoreShared) await qmp.execute('migrate-set-capabilities', IGNORE_SHARED)
  await qmp.execute('migrate', { uri: `exec:cat > ${shellQuote(file)}` })
  await migrationDone(qmp, "saving the guest's state", options.timeoutMs ?? 120_000)
}

/**
 * Loads `file` into a QEMU started with `-incoming defer`. With `wait`, returns once it is
 * loaded; without, as soon as loading has begun (a guest that is not paused runs once loaded).
 */
export async function loadGuestState(
  qmp: QmpClient,
  file: string,
  options: StateOptions & { wait: boolean },
): Promise<void> {
  if (options.ignoreShared) await qmp.execute('migrate-set-capabilities', IGNORE_SHARED)
  await qmp.execute('migrate-incoming', { uri: `exec:cat ${shellQuote(file)}` })
  if (options.wait) await migrationDone(qmp, "loading the guest's state", options.timeoutMs ?? 120_000)
}
