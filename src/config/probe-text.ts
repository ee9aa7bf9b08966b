/**
 * What the host checks of a probe before anything boots: that it is text bash can run as
 * it is. A probe that is not text, has Windows line endings or does not parse would stop in
 * the guest after a boot; refusing it here says why at once. Pure: bash's own check runs on
 * the host and is handed in (SyntaxCheck).
 */

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
 * What bash -n says of a script, as "line N: message", or undefined when it parses (or when it
 * cannot be asked: the guest checks again before running it). Run on the host, handed in.
 */
export type SyntaxCheck = (script: string) => string | undefined

/** bash -n's words, from its standard error: the first line naming a line, as "line N: message". */
export function syntaxComplaint(stderr: string): string {
  const first = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /line \d+:/.test(l))
  return (first ?? stderr.trim()).replace(/^.*?(line \d+:)/, '$1')
}

/** The largest probe or setup script taken: a larger one is data, not a script, and would only run to the timeout. */
export const MAX_SCRIPT_BYTES = 1024 * 1024

/** Why a script of `bytes` bytes is too large, or undefined. */
export function scriptSizeProblem(bytes: number): string | undefined {
  if (bytes <= MAX_SCRIPT_BYTES) return undefined
  return `is ${bytes} bytes, more than a script may be (${MAX_SCRIPT_BYTES} bytes, 1 MiB): keep data in workdir or a .deb and read it from the script`
}

/** Why `text` runs nothing (only blank lines and comments), or undefined. */
export function emptyScriptProblem(text: string): string | undefined {
  const command = text.split('\n').some((line) => {
    const trimmed = line.trim()
    return trimmed !== '' && !trimmed.startsWith('#')
  })
  return command
    ? undefined
    : 'has no commands (only blank lines and comments), so nothing would run: give at least one command'
}

/** Shells whose scripts bash runs as they are (bash's own behaviour then applies). */
const SH_FAMILY = new Set(['sh', 'dash', 'ash', 'busybox', 'ksh', 'mksh', 'posh'])

/** The program a `#!` first line names (`#!/usr/bin/env perl -w`: perl), or undefined. */
export function shebangInterpreter(text: string): string | undefined {
  const words = /^#!(.*)/.exec(text.split('\n', 1)[0]!)?.[1]?.trim().split(/\s+/)
  if (!words || words[0] === '') return undefined
  const base = (word: string): string => word.slice(word.lastIndexOf('/') + 1)
  if (base(words[0]!) !== 'env') return base(words[0]!)
  const program = words.slice(1).find((word) => !word.startsWith('-') && !word.includes('='))
  return program === undefined ? 'env' : base(program)
}

/** Why a script whose `#!` line names another language cannot run: bash reads that line as a comment. */
export function shebangProblem(text: string): string | undefined {
  const name = shebangInterpreter(text)
  if (name === undefined || name === 'bash' || SH_FAMILY.has(name)) return undefined
  return `starts with #! naming ${name}, but scripts run in bash, which reads that line as a comment: write it in bash, or run ${name} from it`
}

/** What to tell the user of a `#!` line that names a POSIX shell: the script runs in bash all the same. */
export function shebangNote(text: string): string | undefined {
  const name = shebangInterpreter(text)
  if (name === undefined || !SH_FAMILY.has(name)) return undefined
  return `starts with #! naming ${name}, but it runs in bash (bash runs POSIX sh scripts; where the two differ, bash's behaviour applies)`
}
