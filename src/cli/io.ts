import type { Failure } from '../outputs/failure.js'

/** What a command of the command line reads and writes: its streams, directory and environment (tests replace them). */
export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  env: NodeJS.ProcessEnv
}

/** Says why a command ended without its result, on standard error, and returns its exit status. */
export function exitWithFailure(io: CliIo, command: string, failure: Failure): number {
  // An interruption was said by the signal's handler, which stops the children; the status is the shell's.
  if (failure.kind === 'interrupted') return failure.exitStatus
  if (failure.kind === 'refused') {
    io.stderr(`${command}: error: ${failure.message}\n`)
    return 2
  }
  io.stderr(`${command}: internal error: ${failure.message}\n`)
  if (io.env.Y2038_DEBUG && failure.stack) io.stderr(`${failure.stack}\n`)
  return 2
}
