/**
 * Temporary directories of a test file, removed when its process ends. node --test runs each
 * test file in a process of its own, so this is the file's last `after`: nothing a test made
 * stays in the temporary directory (.ci/run fails when something does).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const made: string[] = []

function removeAll(): void {
  for (const dir of made.splice(0).reverse()) {
    try {
      rmSync(dir, { recursive: true, force: true })
    } catch (error) {
      process.stderr.write(`could not remove ${dir}: ${(error as Error).message}\n`)
    }
  }
}
process.once('exit', removeAll)

/** Removes `dir` (a file or a directory tree) when this test file's process ends. */
export function removeAtExit(dir: string): string {
  made.push(dir)
  return dir
}

/** A new directory under the temporary directory, removed when this test file's process ends. */
export function scratchDir(prefix: string): string {
  return removeAtExit(mkdtempSync(path.join(os.tmpdir(), prefix)))
}
