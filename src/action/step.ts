/** The step's own outputs that both actions write the same way: its job summary, and its failure. */
import * as core from '@actions/core'
import { errorMessage } from '../config/errors.js'
import { classifyFailure } from '../outputs/failure.js'
import { capSummary } from './summary.js'

/**
 * Writes the job summary, best-effort: cut below GitHub's limit of 1 MiB per step, and a
 * failure to write it is a warning (the report and the outputs are already there).
 */
export async function writeJobSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(capSummary(markdown)).write()
  } catch (error) {
    core.warning(`could not write the job summary: ${errorMessage(error)}`)
  }
}

/** Fails the step with why: the reason alone when the user can act on it, else `<what> failed: ...`. */
export function failStep(what: string, error: unknown): void {
  const failure = classifyFailure(error)
  if (failure.kind === 'refused') return core.setFailed(failure.message)
  core.setFailed(`${what} failed: ${failure.message}`)
  if (failure.kind === 'internal' && failure.stack) core.debug(failure.stack)
}
