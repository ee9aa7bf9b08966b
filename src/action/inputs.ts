/**
 * The action's inputs, read in one place into one typed object. What the command line and
 * the action share is parsed by options.ts; the action adds cache and prepare-only.
 */
import { InputError } from '../config/errors.js'
import { type RunOptions, parseOptions } from '../config/options.js'

export interface ActionInputs {
  options: RunOptions
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
      audit: read('audit'),
      failOn: read('fail-on'),
      control: read('control'),
      debs: read('debs'),
      workdir: read('workdir'),
      setup: read('setup'),
      init: read('init'),
      systemdTarget: read('systemd-target'),
      crossMargin: read('cross-margin'),
      cacheDir: env.Y2038_CACHE_DIR,
    },
    { repositoryRoot, env },
  )
  return {
    options,
    cache: parseBooleanInput('cache', read('cache'), true),
    prepareOnly: parseBooleanInput('prepare-only', read('prepare-only'), false),
  }
}
