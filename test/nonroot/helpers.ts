/** What the non-root tests check after each run: nothing in this user's directories is root's. */
import { existsSync, lstatSync, readdirSync } from 'node:fs'
import path from 'node:path'

export const uid = process.getuid!()

/** Paths under `dir` that this user does not own, leaving out the trees `skip` names. */
export function notMine(dir: string, skip: (p: string) => boolean = () => false): string[] {
  const found: string[] = []
  const walk = (p: string): void => {
    if (skip(p)) return
    const stat = lstatSync(p)
    if (stat.uid !== uid) found.push(p)
    if (stat.isDirectory()) for (const name of readdirSync(p)) walk(path.join(p, name))
  }
  if (existsSync(dir)) walk(dir)
  return found
}
