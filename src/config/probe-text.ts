/**
 * What the host checks of a probe before anything boots: that it is text bash can run as
 * it is. A probe that is not text, has Windows line endings or does not parse would stop in
 * the guest after a boot; refusing it here says why at once.
 */
import { spawnSync } from 'node:child_process'

/** Invalid UTF-8 sequences tolerated before the probe counts as not text. */
const MAX_INVALID_UTF8 = 8

/** Why `text` is not a probe bash can run, or undefined. Pure. */
export function probeTextProblem(text: Buffer): string | undefined {
  const nul = text.indexOf(0)
  if (nul >= 0) {
    const line = text.subarray(0, nul).toString('latin1').split('\n').length
    return `is not a text file (a NUL byte on line ${line}): give a shell script`
  }
  const decoded = text.toString('utf8')
  const invalid =
    (decoded.match(/\uFFFD/g)?.length ?? 0) - (text.toString('latin1').match(/\xEF\xBF\xBD/g)?.length ?? 0)
  if (invalid > MAX_INVALID_UTF8) {
    return `is not a text file (${invalid} byte sequences that are not UTF-8): give a shell script`
  }
  const crlf = decoded.indexOf('\r\n')
  if (crlf >= 0) {
    const line = decoded.slice(0, crlf).split('\n').length
    return `has Windows line endings (CRLF, first on line ${line}), which bash reads as part of each command: convert it to LF (dos2unix, or sed -i 's/\\r$//')`
  }
  return undefined
}

/**
 * bash -n's complaint about `script`, as "line N: message", or undefined when it parses
 * (or when the host has no bash: the guest checks again before running it).
 */
export function probeSyntaxError(script: string): string | undefined {
  const run = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8', timeout: 10_000 })
  if (run.error || run.status === 0) return undefined
  const first = run.stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /line \d+:/.test(l))
  return (first ?? run.stderr.trim()).replace(/^.*?(line \d+:)/, '$1')
}
