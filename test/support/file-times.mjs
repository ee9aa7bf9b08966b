/**
 * A node:test reporter that prints nothing and, when Y2038_TEST_TIMES names a file, appends one
 * line per test file to it: the file, its seconds (from its start to its end, hooks and process
 * start included), and its tests passed and failed. .ci/run prints them at its end.
 * (Plain JavaScript: node loads reporters before the --import hooks that read TypeScript.)
 */
import { appendFileSync } from 'node:fs'
import path from 'node:path'
import process from 'node:process'
import { performance } from 'node:perf_hooks'

/**
 * @param {AsyncIterable<{ type: string, data?: { file?: string, name?: string, details?: { type?: string } } }>} source
 */
export default async function* fileTimes(source) {
  /** @type {Map<string, { started: number, seconds?: number, passed: number, failed: number }>} */
  const files = new Map()
  for await (const { type, data } of source) {
    // Events name their file absolute or as given on the command line: one key for both.
    const file = data?.file ? path.resolve(data.file) : undefined
    if (!file) continue
    if (!files.has(file)) files.set(file, { started: performance.now(), passed: 0, failed: 0 })
    const entry = files.get(file)
    // The file itself is the test named by its path: dequeued when it starts, complete when it ends.
    if (data.name !== undefined && path.resolve(data.name) === file) {
      if (type === 'test:dequeue') entry.started = performance.now()
      if (type === 'test:complete') entry.seconds = (performance.now() - entry.started) / 1000
    } else if (data.details?.type !== 'suite') {
      if (type === 'test:pass') entry.passed++
      if (type === 'test:fail') entry.failed++
    }
  }
  const target = process.env.Y2038_TEST_TIMES
  if (!target) return
  const lines = [...files].map(
    ([file, t]) => `${path.relative(process.cwd(), file)}\t${(t.seconds ?? 0).toFixed(1)}\t${t.passed}\t${t.failed}\n`,
  )
  appendFileSync(target, lines.join(''))
  yield* []
}
