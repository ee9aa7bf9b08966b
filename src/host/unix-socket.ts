import net from 'node:net'

/** One attempt to connect to a unix socket QEMU listens on. */
export function connectUnix(socketPath: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath, () => resolve(socket))
    socket.once('error', reject)
  })
}
