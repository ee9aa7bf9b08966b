/**
 * The edge where the engine starts processes. Everything that runs a program goes through
 * a CommandRunner, so privilege (sudo), cleanup on interruption and tests meet in one place.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'

export interface CommandResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface RunCommandOptions {
  /** Run as root: through `sudo -n` unless this process already is root. */
  privileged?: boolean
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Called with each chunk as it arrives; the full text is still returned. */
  onStdout?: (chunk: Buffer) => void
  onStderr?: (chunk: Buffer) => void
  /** Keep at most this many bytes of each stream in the result (the end is kept). */
  maxCapture?: number
}

export interface CommandRunner {
  run(command: string, args: string[], options?: RunCommandOptions): Promise<CommandResult>
  /** Starts a long-lived process; the caller owns stopping it. */
  start(command: string, args: string[], options?: RunCommandOptions): RunningCommand
}

export interface RunningCommand {
  readonly child: ChildProcess
  readonly done: Promise<CommandResult>
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0
}

/** The argv that runs `command` as root from this process. */
/** What sudo keeps of the environment: apt's mode, and the proxies mmdebstrap's apt must use. */
export const PRESERVED_ENV = [
  'DEBIAN_FRONTEND',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
] as const

export function privilegedArgv(command: string, args: string[], root = isRoot()): [string, string[]] {
  if (root) return [command, args]
  // -n: never prompt; a missing sudo rule must fail, not hang a CI job.
  return ['sudo', ['-n', `--preserve-env=${PRESERVED_ENV.join(',')}`, '--', command, ...args]]
}

const running = new Set<ChildProcess>()

/**
 * The pids of this process's children, read from /proc: the ones a library started too
 * (@actions/exec keeps no handle it gives out), so that an interruption reaches them all.
 */
export function childPids(parent: number = process.pid): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === parent) pids.push(Number(entry))
    } catch {
      // Gone while we looked.
    }
  }
  return pids
}

/** The tool was told to stop (SIGINT, SIGTERM, SIGHUP). */
export class InterruptedError extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`)
    this.name = 'InterruptedError'
  }

  /** The exit status of a process ended by the signal, as a shell reports it: 128 + its number. */
  get exitStatus(): number {
    return 128 + (this.signal === 'SIGINT' ? 2 : this.signal === 'SIGHUP' ? 1 : 15)
  }
}

const interruption = new AbortController()

/**
 * Aborted when the tool is told to stop: the one signal the engine checks before each step
 * and every runner checks before it starts a command.
 */
export const interruptSignal: AbortSignal = interruption.signal

/** Refuses to start anything once the tool has been told to stop. */
export function checkNotInterrupted(command: string, signal: AbortSignal = interruptSignal): void {
  if (signal.aborted) throw new Error(`${(signal.reason as Error).message}: not starting ${command}`)
}

function signalChildren(signal: NodeJS.Signals): void {
  for (const child of running) child.kill(signal)
  for (const pid of childPids()) {
    try {
      process.kill(pid, signal)
    } catch {
      // Already gone.
    }
  }
}

/** Children still running, for the interruption handler. */
export function runningChildren(): ChildProcess[] {
  return [...running]
}

function appendCapped(current: string, chunk: Buffer, cap: number): string {
  const next = current + chunk.toString('utf8')
  return next.length > cap ? next.slice(next.length - cap) : next
}

export class ProcessRunner implements CommandRunner {
  start(command: string, args: string[], options: RunCommandOptions = {}): RunningCommand {
    checkNotInterrupted(command)
    const [file, argv] = options.privileged ? privilegedArgv(command, args) : [command, args]
    const cap = options.maxCapture ?? 4 * 1024 * 1024
    const child = spawn(file, argv, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    running.add(child)
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout = appendCapped(stdout, chunk, cap)
      options.onStdout?.(chunk)
    })
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = appendCapped(stderr, chunk, cap)
      options.onStderr?.(chunk)
    })
    const done = new Promise<CommandResult>((resolve, reject) => {
      child.on('error', (error) => {
        running.delete(child)
        reject(error)
      })
      child.on('close', (code, signal) => {
        running.delete(child)
        resolve({ code, signal, stdout, stderr })
      })
    })
    return { child, done }
  }

  run(command: string, args: string[], options: RunCommandOptions = {}): Promise<CommandResult> {
    return this.start(command, args, options).done
  }
}

/**
 * Runs a program to its end and waits for it, blocking: only where nothing asynchronous can
 * run (cleanup while the tool is being interrupted) or where a caller must stay synchronous.
 * A program that could not start has code null and the reason on stderr.
 */
export function runSync(
  command: string,
  args: string[],
  options: { privileged?: boolean; input?: string; timeoutMs?: number } = {},
): CommandResult {
  const [file, argv] = options.privileged ? privilegedArgv(command, args) : [command, args]
  const run = spawnSync(file, argv, {
    encoding: 'utf8',
    ...(options.input !== undefined ? { input: options.input } : { stdio: ['ignore', 'pipe', 'pipe'] }),
    ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
  })
  return {
    code: run.status,
    signal: run.signal,
    stdout: run.stdout ?? '',
    stderr: run.error ? String(run.error.message) : (run.stderr ?? ''),
  }
}

let handlersInstalled = false
const cleanups = new Set<() => void>()

/** Registers work to do (kill a guest, remove a half-built tree) if the tool is interrupted. */
export function onInterrupt(cleanup: () => void): () => void {
  installInterruptHandlers()
  cleanups.add(cleanup)
  return () => cleanups.delete(cleanup)
}

/** Runs each pending cleanup once; one failing does not stop the others. */
function runCleanups(): void {
  const pending = [...cleanups]
  cleanups.clear()
  for (const cleanup of pending) {
    try {
      cleanup()
    } catch {
      // Keep going: every registered cleanup gets its chance.
    }
  }
}

function installInterruptHandlers(): void {
  if (handlersInstalled) return
  handlersInstalled = true
  // Every exit with work still registered (an interruption, an uncaught error, a closed
  // standard output) kills what is left and removes half-built trees. Only synchronous
  // work is possible here.
  process.on('exit', () => {
    runCleanups()
    signalChildren('SIGKILL')
  })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      interruption.abort(new InterruptedError(signal))
      process.stderr.write(`y2038: interrupted by ${signal}, stopping guests and builds\n`)
      // sudo passes SIGTERM on to the command it runs (a SIGKILL would stop sudo alone).
      signalChildren('SIGTERM')
      const code = new InterruptedError(signal).exitStatus
      // Exit once the children are gone (at most a few seconds), so that an interrupted
      // run is never reported as if it had finished; the exit handler does the rest.
      const deadline = Date.now() + 5000
      const wait = setInterval(() => {
        if ((running.size > 0 || childPids().length > 0) && Date.now() < deadline) return
        clearInterval(wait)
        process.exit(code)
      }, 50)
    })
  }
}
