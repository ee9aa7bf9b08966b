/**
 * i386 programs on an x86-64 host. Most such hosts run them natively, but not all: a kernel
 * without IA32 emulation runs none ("Exec format error"), and one built without
 * CONFIG_COMPAT_32BIT_TIME runs them but refuses their 32-bit time calls, which breaks
 * i386 glibc's futex (actions/runner-images#9977). arch-test sees only the first. So a tiny
 * i386 program that makes those calls decides; where it fails, qemu-user runs the build's
 * i386 programs, through a binfmt_misc handler of this tool's own (flag F: the interpreter
 * works inside the chroot), removed again once the build is done.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ToolError } from '../config/errors.js'
import type { Logger } from './log.js'
import { type CommandRunner, isRoot, onInterrupt, privilegedArgv, runSync } from './proc.js'

/**
 * A static i386 program of 157 bytes, assembled by hand: clock_gettime (syscall 265) and
 * futex (240), both with a 32-bit time; exit status 0 when the kernel has both, 3 when
 * either is missing (ENOSYS). It waits for nothing (the futex word does not match).
 */
export const I386_TIME32_PROGRAM = Buffer.from(
  '7f454c46010101000000000000000000020003000100000054800408340000000000000000000000340020000100000000000000' +
    '010000000000000000800408008004089d0000009d000000050000000010000083ec10b80901000031db89e1cd8083f8da742ac7' +
    '44240800000000b8f00000008d5c240831c9ba0100000089e6cd8083f8da7409b80100000031dbcd80b801000000bb03000000cd80',
  'hex',
)

/** The name of this tool's handler under /proc/sys/fs/binfmt_misc. */
export const HANDLER_NAME = 'y2038-qemu-i386'
export const BINFMT_DIR = '/proc/sys/fs/binfmt_misc'
export const QEMU_I386 = '/usr/bin/qemu-i386-static'

/** The line that registers qemu-i386 for i386 ELF executables (binfmt_misc's own \x escapes). */
export function i386HandlerRule(interpreter: string = QEMU_I386, name: string = HANDLER_NAME): string {
  const magic = '\\x7fELF\\x01\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x03\\x00'
  const mask = '\\xff\\xff\\xff\\xff\\xff\\xfe\\xfe\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff'
  return `:${name}:M::${magic}:${mask}:${interpreter}:F`
}

/** The architectures `Y2038_FORCE_EMULATION` names (for tests: build under qemu-user where the host needs none). */
export function forcedEmulation(env: NodeJS.ProcessEnv): string[] {
  return (env.Y2038_FORCE_EMULATION ?? '')
    .split(/[\s,]+/)
    .map((a) => a.trim())
    .filter((a) => a !== '')
}

/** Runs the i386 program: undefined when it exits 0, else why it did not. */
export async function i386Time32Problem(runner: CommandRunner): Promise<string | undefined> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-i386-'))
  try {
    const program = path.join(dir, 'time32')
    writeFileSync(program, I386_TIME32_PROGRAM, { mode: 0o755 })
    const result = await runner.run(program, []).catch((error: Error) => ({ code: null, error }))
    if ('error' in result) return `it cannot run them (${result.error.message})`
    if (result.code === 0) return undefined
    if (result.code === 3) return 'its kernel refuses their 32-bit time calls (no CONFIG_COMPAT_32BIT_TIME)'
    return `an i386 program exited with status ${result.code}`
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function writeProc(file: string, text: string): string[] {
  const [command, args] = privilegedArgv('sh', ['-c', 'printf "%s" "$1" > "$2"', 'sh', text, file], isRoot())
  return [command, ...args]
}

/**
 * Makes i386 programs run on this host for a build: natively when they can, else under
 * qemu-user with this tool's handler. Returns what undoes it (nothing to undo when the host
 * needed no help, or a handler for i386 was there before).
 */
export async function ensureI386(
  runner: CommandRunner,
  log: Logger,
  env: NodeJS.ProcessEnv,
): Promise<() => Promise<void>> {
  const nothing = async (): Promise<void> => undefined
  const forced = forcedEmulation(env).includes('i386')
  const problem = forced ? 'Y2038_FORCE_EMULATION asks for emulation' : await i386Time32Problem(runner)
  if (!problem) return nothing
  const existing = ['qemu-i386', HANDLER_NAME].find((name) => existsSync(path.join(BINFMT_DIR, name)))
  if (existing && !forced) {
    throw new ToolError(
      `i386 programs do not run here (${problem}) although the binfmt_misc handler ${existing} is registered`,
    )
  }
  if (!existsSync(QEMU_I386))
    throw new ToolError(`i386 programs do not run here (${problem}) and ${QEMU_I386} is missing`)
  log.info(
    `This machine does not run i386 programs as the build needs (${problem}): building under qemu-user emulation, which is slower`,
  )
  if (!existsSync(path.join(BINFMT_DIR, HANDLER_NAME))) {
    const [command, ...args] = writeProc(path.join(BINFMT_DIR, 'register'), i386HandlerRule())
    const registered = await runner.run(command!, args)
    if (registered.code !== 0) {
      throw new ToolError(
        `could not register qemu-i386 with binfmt_misc: ${registered.stderr.trim() || `status ${registered.code}`}`,
      )
    }
  }
  const remove = (): void => {
    const [command, ...args] = writeProc(path.join(BINFMT_DIR, HANDLER_NAME), '-1')
    runSync(command!, args)
  }
  const forget = onInterrupt(remove)
  const still = await i386Time32Problem(runner)
  if (still) {
    forget()
    remove()
    throw new ToolError(`i386 programs do not run here even under qemu-user: ${still}`)
  }
  return async () => {
    forget()
    const [command, ...args] = writeProc(path.join(BINFMT_DIR, HANDLER_NAME), '-1')
    await runner.run(command!, args)
  }
}
