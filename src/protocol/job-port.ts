/** The host's end of the job port: QEMU listens on a unix socket, the host connects. */
import type net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { connectUnix } from '../host/unix-socket.js'
import { READY_LINE } from './job.js'

export class JobPort {
  private received = ''
  private closed = false
  private readonly readyWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = []

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      this.received += chunk
      if (this.received.includes(READY_LINE)) for (const waiter of this.readyWaiters.splice(0)) waiter.resolve()
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      this.closed = true
      for (const waiter of this.readyWaiters.splice(0)) waiter.reject(new Error('the guest never said it was ready'))
    })
  }

  /** Connects once QEMU listens; gives up when `alive` says QEMU has gone. */
  static async connect(socketPath: string, alive: () => boolean): Promise<JobPort> {
    for (;;) {
      try {
        return new JobPort(await connectUnix(socketPath))
      } catch (error) {
        if (!alive()) throw new Error(`QEMU ended before its job port opened (${(error as Error).message})`)
        await sleep(50)
      }
    }
  }

  /** Resolves when the guest has said `ready`: booted, waiting for its job. */
  ready(): Promise<void> {
    if (this.received.includes(READY_LINE)) return Promise.resolve()
    if (this.closed) return Promise.reject(new Error('the guest never said it was ready'))
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }))
  }

  send(text: string): void {
    this.socket.write(text)
  }

  close(): void {
    this.socket.destroy()
  }
}
