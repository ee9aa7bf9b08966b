/** What a run writes where the user asked: JSON and SARIF files, and links to the repository's lines. */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { InputError, errorMessage } from '../config/errors.js'

/** `value` as the tool writes JSON: two-space indented, one newline at the end. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

/**
 * Writes `value` as JSON to `file`, the path the input `input` named (its directory made if
 * missing); a file that cannot be written is that input's error.
 */
export async function writeJsonOutput(input: string, file: string, value: unknown): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, jsonText(value))
  } catch (error) {
    throw new InputError(input, `'${file}' cannot be written: ${errorMessage(error)}`)
  }
}

/** Links to a line of a file of the repository at the commit being run, when the workflow's environment names them. */
export function lineUrl(env: NodeJS.ProcessEnv): ((file: string, line: number) => string) | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env
  if (!server || !repo || !sha) return undefined
  return (file, line) => `${server}/${repo}/blob/${sha}/${file.split('/').map(encodeURIComponent).join('/')}#L${line}`
}
