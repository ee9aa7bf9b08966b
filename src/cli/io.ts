/** What a command of the command line reads and writes: its streams, directory and environment (tests replace them). */
export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  env: NodeJS.ProcessEnv
}
