/** Why a run ended without its result, in the words both edges give it (an exit status, a failed step). */
import { InputError, ToolError, errorMessage } from '../config/errors.js'
import { redactCredentials } from '../config/text.js'
import { InterruptedError } from '../host/proc.js'

export type Failure =
  /** Refused or stopped with a reason the user can act on (a bad input, a tool that failed). */
  | { kind: 'refused'; message: string }
  /** Told to stop by a signal: no verdict. */
  | { kind: 'interrupted'; message: string; exitStatus: number }
  /** A defect of the tool. */
  | { kind: 'internal'; message: string; stack?: string }

/** The failure `error` is, its message with any credentials of a URL hidden. */
export function classifyFailure(error: unknown): Failure {
  if (error instanceof InputError || error instanceof ToolError)
    return { kind: 'refused', message: redactCredentials(error.message) }
  if (error instanceof InterruptedError)
    return { kind: 'interrupted', message: error.message, exitStatus: error.exitStatus }
  return {
    kind: 'internal',
    message: redactCredentials(errorMessage(error)),
    ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
  }
}
