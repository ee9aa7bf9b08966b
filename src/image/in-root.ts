/**
 * Paths inside a root filesystem tree on the host (an unpacked system, extracted packages):
 * its links are the tree's own, so an absolute one leads inside the tree, never to the host's
 * file of that name.
 */
import { lstat, readlink } from 'node:fs/promises'
import path from 'node:path'

/** The host path of `name` inside the tree at `root`, every link on the way followed inside it; undefined when it is not there. */
export async function resolveInRoot(root: string, name: string): Promise<string | undefined> {
  let guest = path.posix.normalize(`/${name}`)
  for (let hops = 0; hops < 40; hops++) {
    const parts = guest.split('/').filter(Boolean)
    let walked = '/'
    for (const [i, part] of parts.entries()) {
      const next = path.posix.join(walked, part)
      const info = await lstat(path.join(root, next)).catch(() => undefined)
      if (!info) return undefined
      if (info.isSymbolicLink()) {
        const target = await readlink(path.join(root, next))
        const base = target.startsWith('/') ? target : path.posix.join(walked, target)
        guest = path.posix.normalize(`/${[base, ...parts.slice(i + 1)].join('/')}`)
        break
      }
      walked = next
      if (i === parts.length - 1) return path.join(root, walked)
    }
    if (parts.length === 0) return root
  }
  return undefined
}
