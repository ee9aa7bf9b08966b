/**
 * Runs the bundled command line (dist/cli/index.js) as a user would, against real
 * mmdebstrap builds and real QEMU guests. Built kernels and root filesystems are kept in
 * one cache directory across test runs (Y2038_TEST_CACHE, default the tool's own default)
 * so that only the first run on a machine builds.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultCacheDir } from '../../src/config/options.js'
import type { JsonReport } from '../../src/report/report.js'
import { scratchDir } from '../support/scratch.js'

export const REPO = fileURLToPath(new URL('../..', import.meta.url))
export const CLI = path.join(REPO, 'dist', 'cli', 'index.js')
export const CACHE_DIR = process.env.Y2038_TEST_CACHE || defaultCacheDir(process.env)

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
  report?: JsonReport
  workDir: string
}

/**
 * A fresh directory standing for the user's repository, with the given files in it; removed
 * when the test file's process ends.
 */
export function makeRepo(files: Record<string, string> = {}): string {
  const dir = scratchDir('y2038-e2e-')
  for (const [name, text] of Object.entries(files)) {
    execFileSync('mkdir', ['-p', path.dirname(path.join(dir, name))])
    execFileSync('tee', [path.join(dir, name)], { input: text, stdio: ['pipe', 'ignore', 'inherit'] })
  }
  return dir
}

export function startCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [CLI, '--cache-dir', CACHE_DIR, '--output', path.join(cwd, 'out'), ...args], {
    cwd,
    env: { ...process.env, Y2038_DEBUG: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** A run started with --json: the process, and what it printed and wrote once it ends. */
export function startCliRun(
  args: string[],
  cwd: string = makeRepo(),
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; finished: Promise<CliRun> } {
  const jsonFile = path.join(cwd, 'report.json')
  const child = startCli([...args, '--json', jsonFile], cwd, env)
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
  const finished = new Promise<number | null>((resolve) => child.on('close', resolve)).then((code) => {
    const report = existsSync(jsonFile) ? (JSON.parse(readFileSync(jsonFile, 'utf8')) as JsonReport) : undefined
    return { code, stdout, stderr, report, workDir: cwd }
  })
  return { child, finished }
}

/** `env`: variables added to the test's own for this run. */
export async function runCli(args: string[], cwd: string = makeRepo(), env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return startCliRun(args, cwd, env).finished
}

/** PIDs of QEMU system emulators running now. */
export function qemuPids(): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (/qemu-system-/.test(cmd.split('\0')[0] ?? '')) pids.push(Number(entry))
    } catch {
      // The process ended while we looked.
    }
  }
  return pids
}

/** Names in the artifact store: finished keys and leftover temporary build directories. */
export function storeEntries(): string[] {
  const dir = path.join(CACHE_DIR, 'artifacts')
  return existsSync(dir) ? readdirSync(dir).sort() : []
}

export function findingLines(report: JsonReport, date: string): number[] {
  return report.findings
    .filter((f) => f.date === date && f.stage === 'probe')
    .map((f) => f.line!)
    .sort((a, b) => a - b)
}
