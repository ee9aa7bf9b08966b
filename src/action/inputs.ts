/**
 * The action's inputs, read in one place into one typed object. What the command line and
 * the action share is parsed by options.ts; the action adds fail-on and cache.
 */
import { InputError } from '../errors.js'
import { type RunOptions, parseOptions } from '../options.js'

export const FAIL_ON = ['findings', 'never'] as const
export type FailOn = (typeof FAIL_ON)[number]

export interface ActionInputs {
  options: RunOptions
  failOn: FailOn
  /** Save and restore the built guest with @actions/cache. */
  cache: boolean
  /** Build (or restore), check that the guest boots, save it, and run no probe. */
  prepareOnly: boolean
}

/** Reads an input the way the runner passes it: INPUT_<NAME> with spaces as underscores, upper case. */
export type InputReader = (name: string) => string

export function envInputReader(env: NodeJS.ProcessEnv): InputReader {
  return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

export function parseFailOn(value: string): FailOn {
  const failOn = value === '' ? 'findings' : value
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new InputError('fail-on', `'${failOn}' is not valid (valid: ${FAIL_ON.join(', ')})`)
  }
  return failOn as FailOn
}

export function parseBooleanInput(name: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback
  if (/^(true|True|TRUE)$/.test(value)) return true
  if (/^(false|False|FALSE)$/.test(value)) return false
  throw new InputError(name, `'${value}' is not a boolean (valid: true, false)`)
}

export function getActionInputs(read: InputReader, env: NodeJS.ProcessEnv): ActionInputs {
  const repositoryRoot = env.GITHUB_WORKSPACE || process.cwd()
  const options = parseOptions(
    {
      dates: read('dates'),
      arch: read('arch'),
      suite: read('suite'),
      packages: read('packages'),
      probe: read('probe'),
      run: read('run'),
      clock: read('clock'),
      mirror: read('mirror'),
      timeout: read('timeout'),
      accel: read('accel'),
      cacheDir: env.Y2038_CACHE_DIR,
    },
    { repositoryRoot, env },
  )
  return {
    options,
    failOn: parseFailOn(read('fail-on')),
    cache: parseBooleanInput('cache', read('cache'), true),
    prepareOnly: parseBooleanInput('prepare-only', read('prepare-only'), false),
  }
}
