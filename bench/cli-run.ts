/**
 * One run of the bundled command line for a benchmark: timed, its JSON report read back,
 * and refused when the guest had to be built (a benchmark times runs, not builds) or a date
 * did not run to its end.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { JsonReport } from '../src/report/report.js'

const CLI = new URL('../dist/cli/index.js', import.meta.url).pathname

export function benchRun(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { seconds: number; report: JsonReport; stderr: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `y2038-bench-${name}-`))
  try {
    const json = path.join(dir, 'report.json')
    const started = performance.now()
    const result = spawnSync(process.execPath, [CLI, ...args, '--output', path.join(dir, 'out'), '--json', json], {
      encoding: 'utf8',
      // A benchmark times boots: a guest kept by an earlier run would make them vanish.
      env: { Y2038_SNAPSHOT: 'fresh', ...env },
    })
    const seconds = (performance.now() - started) / 1000
    if (result.status !== 0 && result.status !== 1)
      throw new Error(`the run failed (${result.status}): ${result.stderr}`)
    const report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport
    if (report.artifacts.userland.built || report.artifacts.kernel.built) {
      throw new Error('the guest was built in the benchmark: build it first (node dist/cli/index.js)')
    }
    for (const date of report.dates) {
      if (!['pass', 'fail'].includes(date.outcome)) throw new Error(`${date.date}: ${date.outcome}`)
    }
    return { seconds, report, stderr: result.stderr }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
