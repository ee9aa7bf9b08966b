/** Checks of the paths a run will write (the command line's flags, the actions' inputs), made before anything is built or booted. */
import { accessSync, constants, existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { InputError } from '../config/errors.js'

/**
 * A directory the run will write into: refused now, before anything is built or booted,
 * when it is under /proc or /sys, is (or is under) a file, or cannot be written.
 */
export function checkWritableDirectory(flag: string, given: string, cwd: string): void {
  const dir = path.resolve(cwd, given)
  if (/^\/(proc|sys)(\/|$)/.test(dir)) {
    throw new InputError(flag, `'${given}' is under /proc or /sys: give a directory on a filesystem`)
  }
  let existing = dir
  while (!existsSync(existing)) existing = path.dirname(existing)
  if (!statSync(existing).isDirectory()) {
    throw new InputError(
      flag,
      `'${given}' ${existing === dir ? 'is a file' : `is under ${existing}, a file`}, not a directory`,
    )
  }
  try {
    accessSync(existing, constants.W_OK)
  } catch {
    throw new InputError(flag, `'${given}' cannot be written by this user (${existing} is not writable)`)
  }
}

/** A file the run will write at its end: its directory must exist now. */
export function checkWritableFile(flag: string, given: string, cwd: string): void {
  const file = path.resolve(cwd, given)
  const dir = path.dirname(file)
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError(flag, `'${given}': the directory ${dir} does not exist`)
  }
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new InputError(flag, `'${given}' is a directory: give a file name`)
  }
  checkWritableDirectory(flag, dir, cwd)
}

/**
 * A file an action's input names, relative to the workspace: none when the input is empty;
 * refused when it is a directory or under a file (its missing directories are made when it is written).
 */
export function outputFileInput(name: string, value: string, workspace: string): string | undefined {
  if (value === '') return undefined
  const file = path.resolve(workspace, value)
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new InputError(name, `'${value}' is a directory: give a file name`)
  }
  let dir = path.dirname(file)
  while (!existsSync(dir)) dir = path.dirname(dir)
  if (!statSync(dir).isDirectory()) throw new InputError(name, `'${value}' is under ${dir}, a file`)
  return file
}
