/**
 * The action's inputs, read in one place into one typed object. What the command line and
 * the action share is parsed by options.ts; the action adds cache and prepare-only.
 */
import { outputFileInput } from '../outputs/paths.js'
import { InputError } from '../config/errors.js'
import { type RunOptions, parseOptions } from '../config/options.js'
import { type ActionInput, INPUTS } from './names.js'
import { bashSyntaxError } from '../host/bash-syntax.js'

export interface ActionInputs {
  options: RunOptions
  /** Save and restore the built guest with @actions/cache. */
  cache: boolean
  /** Build (or restore), check that the guest boots, save it, and run no probe. */
  prepareOnly: boolean
  /** Publish the report and the console log as a workflow artifact. */
  upload: boolean
  /** Where to write SARIF (absolute), when asked. */
  sarif?: string
}

/** Reads an input the way the runner passes it: INPUT_<NAME> with spaces as underscores, upper case. */
export type InputReader<Name extends string = ActionInput> = (name: Name) => string

export function envInputReader<Name extends string = ActionInput>(env: NodeJS.ProcessEnv): InputReader<Name> {
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
      dates: read(INPUTS.dates),
      search: read(INPUTS.search),
      arch: read(INPUTS.arch),
      suite: read(INPUTS.suite),
      packages: read(INPUTS.packages),
      image: read(INPUTS.image),
      probe: read(INPUTS.probe),
      run: read(INPUTS.run),
      clock: read(INPUTS.clock),
      mirror: read(INPUTS.mirror),
      timeout: read(INPUTS.timeout),
      accel: read(INPUTS.accel),
      audit: read(INPUTS.audit),
      failOn: read(INPUTS.failOn),
      control: read(INPUTS.control),
      debs: read(INPUTS.debs),
      workdir: read(INPUTS.workdir),
      setup: read(INPUTS.setup),
      init: read(INPUTS.init),
      systemdTarget: read(INPUTS.systemdTarget),
      crossMargin: read(INPUTS.crossMargin),
      confirm: read(INPUTS.confirm),
      parallel: read(INPUTS.parallel),
      cacheDir: env.Y2038_CACHE_DIR,
    },
    { repositoryRoot, env, syntaxError: bashSyntaxError },
  )
  const sarif = outputFileInput(INPUTS.sarif, read(INPUTS.sarif), repositoryRoot)
  return {
    options,
    cache: parseBooleanInput(INPUTS.cache, read(INPUTS.cache), true),
    prepareOnly: parseBooleanInput(INPUTS.prepareOnly, read(INPUTS.prepareOnly), false),
    upload: parseBooleanInput(INPUTS.upload, read(INPUTS.upload), true),
    ...(sarif ? { sarif } : {}),
  }
}
