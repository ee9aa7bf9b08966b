/**
 * The digest of a directory tree as a guest sees it once it is a disk: every entry's path,
 * type and mode, a file's bytes, a link's target. Two trees with the same digest make disks a
 * guest cannot tell apart, whatever their times.
 */
import { createHash } from 'node:crypto'
import { lstat, readdir, readlink } from 'node:fs/promises'
import path from 'node:path'
import { sha256File } from './payload.js'

export async function treeDigest(dir: string): Promise<string> {
  const hash = createHash('sha256')
  const walk = async (relative: string): Promise<void> => {
    const names = (await readdir(path.join(dir, relative))).sort()
    for (const name of names) {
      const entry = relative ? `${relative}/${name}` : name
      const file = path.join(dir, entry)
      const stat = await lstat(file)
      const mode = (stat.mode & 0o7777).toString(8)
      if (stat.isDirectory()) {
        hash.update(`d ${mode} ${JSON.stringify(entry)}\n`)
        await walk(entry)
      } else if (stat.isFile()) {
        hash.update(`f ${mode} ${JSON.stringify(entry)} ${stat.size} ${await sha256File(file)}\n`)
      } else if (stat.isSymbolicLink()) {
        hash.update(`l ${JSON.stringify(entry)} ${JSON.stringify(await readlink(file))}\n`)
      } else {
        hash.update(`${stat.isFIFO() ? 'p' : 'o'} ${mode} ${JSON.stringify(entry)}\n`)
      }
    }
  }
  await walk('')
  return hash.digest('hex')
}
