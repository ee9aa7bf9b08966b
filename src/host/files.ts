import { rmdir } from 'node:fs/promises'
import path from 'node:path'

/** Removes `dir` and its parents up to `top` (the first one mkdir made), each only if empty. */
export async function removeEmptyDirs(dir: string, top: string): Promise<void> {
  for (let at = dir; ; at = path.dirname(at)) {
    const removed = await rmdir(at).then(
      () => true,
      () => false,
    )
    if (!removed || at === top || at === path.dirname(at)) return
  }
}
