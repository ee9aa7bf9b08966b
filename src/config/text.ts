/** Reading program output (the lines that carry something, the last of them) and cleaning what is shown. Pure. */

/** Non-blank lines, without the carriage return a serial console adds. */
export function nonBlankLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '')
}

/** The last `count` non-blank lines. */
export function lastLines(text: string, count: number): string[] {
  return nonBlankLines(text).slice(-count)
}

/** The last non-blank line, trimmed, for one-line error messages. */
export function lastLine(text: string): string {
  return nonBlankLines(text).at(-1)?.trim() ?? '(no output)'
}

/** One single-quoted word for a POSIX shell (and for Perl's shellwords): any text survives it. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

/** Text with the user:password of every URL in it replaced, for anything a person or a log sees. */
export function redactCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@')
}
