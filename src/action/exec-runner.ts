/**
 * The action's CommandRunner: short commands (apt-get, mmdebstrap) run through
 * @actions/exec, which shows each command line in the step log; the guest, which must be
 * stopped at a timeout, is started with the plain runner that keeps a handle on it. An
 * interruption reaches @actions/exec's children too (proc.ts finds them in /proc), and
 * nothing new starts after it.
 */
import * as exec from '@actions/exec'
import {
  type CommandResult,
  type CommandRunner,
  ProcessRunner,
  type RunCommandOptions,
  type RunningCommand,
  checkNotInterrupted,
  privilegedArgv,
} from '../host/proc.js'

export class ActionsExecRunner implements CommandRunner {
  private readonly plain = new ProcessRunner()

  async run(command: string, args: string[], options: RunCommandOptions = {}): Promise<CommandResult> {
    checkNotInterrupted(command)
    const [file, argv] = options.privileged ? privilegedArgv(command, args) : [command, args]
    const result = await exec.getExecOutput(file, argv, {
      cwd: options.cwd,
      env: options.env as Record<string, string> | undefined,
      ignoreReturnCode: true,
      silent: true,
      listeners: {
        stdout: (chunk: Buffer) => options.onStdout?.(chunk),
        stderr: (chunk: Buffer) => options.onStderr?.(chunk),
      },
    })
    return { code: result.exitCode, signal: null, stdout: result.stdout, stderr: result.stderr }
  }

  start(command: string, args: string[], options?: RunCommandOptions): RunningCommand {
    return this.plain.start(command, args, options)
  }
}
