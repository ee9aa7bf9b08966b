/** Long work says what it is doing while it runs, not only when it starts and ends. */
import type { Logger } from './log.js'

/** How often long work says where it is. */
export const PROGRESS_EVERY_MS = 10_000

/**
 * Tells `log` every `everyMs` how long `what` has run and what it is doing now (`doing`),
 * until the returned function is called.
 */
export function startProgress(
  log: Logger,
  what: string,
  doing: () => string | undefined,
  everyMs: number = PROGRESS_EVERY_MS,
): () => void {
  const started = Date.now()
  const timer = setInterval(() => {
    const now = doing()
    log.progress(`${what}: ${Math.round((Date.now() - started) / 1000)} s${now ? `, ${now}` : ''}`)
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}

/** Whole lines of a stream that arrives in chunks, each handed to `onLine` once it ends. */
export function lineReader(onLine: (line: string) => void): (chunk: Buffer) => void {
  let partial = ''
  return (chunk) => {
    const lines = (partial + chunk.toString('utf8')).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) onLine(line.replace(/\r$/, ''))
  }
}
