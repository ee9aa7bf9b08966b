/** bash -n on the host: does a probe or setup script parse, before anything boots. */
import { type SyntaxCheck, syntaxComplaint } from '../config/probe-text.js'
import { runSync } from './proc.js'

export const bashSyntaxError: SyntaxCheck = (script) => {
  const run = runSync('bash', ['-n'], { input: script, timeoutMs: 10_000 })
  if (run.code === null || run.code === 0) return undefined
  return syntaxComplaint(run.stderr)
}
