/**
 * The command-line tool: the same engine as the action, with flags that mirror its inputs.
 * Exit status: 0 no findings, 1 findings, 2 bad input or a failure of the tool itself.
 */
import { mkdtempSync } from 'node:fs'
import { rmdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { runY2038 } from '../engine.js'
import { InputError, errorMessage } from '../config/errors.js'
import { StderrLogger } from '../host/log.js'
import {
  DEFAULTS,
  type RawOptions,
  parseOptions,
  snapshotsWanted,
  keptGuestsWanted,
  ramFileWanted,
} from '../config/options.js'
import { ProcessRunner } from '../host/proc.js'
import { formatTextReport, runResult, toJsonReport } from '../report/report.js'
import { artifactIdentity, artifactKey } from '../report/artifact-name.js'
import { toSarif } from '../report/sarif.js'
import { ARCHES, SUITES } from '../config/targets.js'
import { VERSION } from '../config/version.js'
import { checkWritableDirectory, checkWritableFile } from '../outputs/paths.js'
import { writeJsonOutput } from '../outputs/files.js'
import { classifyFailure } from '../outputs/failure.js'
import { type CliIo, exitWithFailure } from './io.js'
import { reportMain } from './report-command.js'
import { bashSyntaxError } from '../host/bash-syntax.js'

export type { CliIo }

export const HELP = `Usage: y2038 [options]
       y2038 report [options] FILE|DIR...   (merge reports: y2038 report --help)

Boots a Debian guest under QEMU at each date, runs a probe in it and reports the
Year-2038 failures it finds. Without options: i386 bookworm, the built-in probe,
at ${DEFAULTS.dates.join(' and ')}.

Options:
  --date DATE        ISO-8601 date or UTC instant, or rollovers (the edges of the
                     well-known rollovers, 2036 to 2106), or search (see --search);
                     repeat for more dates (default: ${DEFAULTS.dates.join(', ')})
  --search FROM..TO  find, for each probe line, the first second it fails: a scan of
                     the range (both sides of each rollover in it), then a bisection
                     to the second; either end may be left out (default: the control
                     date to 2106-02-07T06:28:16Z, as --date search gives)
  --arch ARCH        Debian architecture: ${ARCHES.join(', ')} (default: ${DEFAULTS.arch})
  --suite SUITE      Debian suite: ${SUITES.join(', ')} (default: ${DEFAULTS.suite})
  --packages LIST    extra Debian packages, space- or comma-separated
  --image IMAGE      your own system as the userland instead of a Debian root:
                     oci-archive:PATH, oci:DIR[:TAG], docker-archive:PATH,
                     docker://REFERENCE or rootfs:PATH (a .tar, .tar.gz, .tar.xz or
                     .tar.zst); --arch defaults to the image's (a tarball: give it);
                     not with --packages or --suite
  --probe FILE       shell script to run in the guest (a path from the current directory)
                     (default: the built-in probe)
  --run SCRIPT       an inline probe script instead of --probe
  --debs FILES       your .deb files (paths or globs in the current directory, space-
                     separated; repeat for more): installed in the guest before the clock
                     moves; their dependencies come from the mirror
  --workdir DIR      a directory of the current directory that appears in the guest at
                     /work (writable, changes are lost), where setup and probe run
  --setup SCRIPT     a script file (or an inline script) run once as root in the guest
                     before the clock moves: build, install, start services
  --clock MODE       step: boot before the rollover, set the clock just before the
                     probe; boot: start the guest's RTC at the date; cross: set the
                     clock --cross-margin seconds before the date (default: the
                     rollover) and let it cross while the probe runs (default: ${DEFAULTS.clock})
  --cross-margin S   clock cross: seconds before the date (default: ${DEFAULTS.crossMarginSeconds})
  --init MODE        sh: the harness is PID 1; systemd: the userland's systemd is, booted
                     to --systemd-target first, and units failing after the clock moves
                     are findings (default: ${DEFAULTS.init})
  --systemd-target T the target systemd boots to (default: ${DEFAULTS.systemdTarget})
  --mirror URL       Debian mirror (default: ${DEFAULTS.mirror})
  --timeout SECONDS  per guest (default: ${DEFAULTS.timeoutSeconds})
  --accel MODE       auto: KVM when it is there and works, else TCG; kvm; tcg
                     (default: ${DEFAULTS.accel})
  --audit MODE       static time_t audit of a 32-bit userland's ELF files: packages
                     (those of --packages), all (every ELF file), none
                     (default: ${DEFAULTS.audit})
  --fail-on WHAT     findings: exit 1 when a date did not pass; audit: also when the
                     audit names a package; never: exit 0 whatever was found
                     (default: ${DEFAULTS.failOn})
  --control WHEN     auto: also run the probe at the host's date (before the rollover);
                     a line that fails there too is not a Year-2038 failure; none: do
                     not; or a date before the rollover (default: ${DEFAULTS.control})
  --confirm BOOL     true: run a date with findings again from the saved guest (and the
                     control) before reporting them; a line whose answer changes is
                     flaky, listed apart, not a finding; false: do not (default: ${DEFAULTS.confirm})
  --parallel N       dates run at once, each in a guest of its own; auto: as many as
                     the host's cores and free memory take (default: ${DEFAULTS.parallel})
  --cache-dir DIR    where built kernels and root filesystems are kept
                     (default: $XDG_CACHE_HOME/y2038-action or ~/.cache/y2038-action)
  --output DIR       where console logs and the probe's files from $Y2038_OUT go
                     (default: a new directory under ${os.tmpdir()})
  --json FILE        write the report as JSON (schema: docs/report.schema.json)
  --sarif FILE       write SARIF 2.1.0 for code scanning: one result per finding on
                     its probe (or setup) line
  --verbose          show the guest's console while it runs
  --version          print the version
  --help             print this help

Exit status: 0 no findings, 1 findings (see --fail-on), 2 bad input or the tool failed.
`

export const FLAGS = {
  date: { type: 'string', multiple: true },
  search: { type: 'string' },
  arch: { type: 'string' },
  suite: { type: 'string' },
  packages: { type: 'string', multiple: true },
  image: { type: 'string' },
  probe: { type: 'string' },
  run: { type: 'string' },
  debs: { type: 'string', multiple: true },
  workdir: { type: 'string' },
  setup: { type: 'string' },
  init: { type: 'string' },
  'systemd-target': { type: 'string' },
  'cross-margin': { type: 'string' },
  confirm: { type: 'string' },
  parallel: { type: 'string' },
  clock: { type: 'string' },
  mirror: { type: 'string' },
  timeout: { type: 'string' },
  'cache-dir': { type: 'string' },
  accel: { type: 'string' },
  audit: { type: 'string' },
  'fail-on': { type: 'string' },
  control: { type: 'string' },
  output: { type: 'string' },
  json: { type: 'string' },
  sarif: { type: 'string' },
  verbose: { type: 'boolean' },
  version: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options']

/**
 * `--timeout -5` as `--timeout=-5`: a value that starts with a dash but is no flag of ours is
 * the flag's value (parseArgs calls it ambiguous), so that the input's own check names it.
 */
export function joinDashValues(argv: string[], flags: ParseArgsConfig['options'] = FLAGS): string[] {
  const known = new Set(
    Object.entries(flags ?? {}).flatMap(([name, f]) => [`--${name}`, ...(f.short ? [`-${f.short}`] : [])]),
  )
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const next = argv[i + 1]
    const flag = arg.startsWith('--') ? flags?.[arg.slice(2)] : undefined
    if (
      flag?.type === 'string' &&
      next !== undefined &&
      next.startsWith('-') &&
      next !== '--' &&
      !known.has(next.split('=')[0]!)
    ) {
      out.push(`${arg}=${next}`)
      i++
    } else out.push(arg)
  }
  return out
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'report') return reportMain(argv.slice(1), io)
  let parsed
  try {
    parsed = parseArgs({
      args: joinDashValues(argv, FLAGS),
      strict: true,
      allowPositionals: false,
      options: FLAGS,
    })
  } catch (error) {
    const missing = /^Option '--([\w-]+)(?: <value>)?' argument (?:missing|is ambiguous)/.exec(errorMessage(error))
    io.stderr(
      missing
        ? `y2038: error: ${missing[1]}: --${missing[1]} needs a value (see --help)\n`
        : `y2038: ${errorMessage(error).split('\n')[0]} (see --help)\n`,
    )
    return 2
  }
  const values = parsed.values
  if (values.help) {
    io.stdout(HELP)
    return 0
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`)
    return 0
  }
  let madeOutput: string | undefined
  try {
    const raw: RawOptions = {
      dates: values.date,
      search: values.search,
      arch: values.arch,
      suite: values.suite,
      packages: values.packages?.join(' '),
      image: values.image,
      probe: values.probe,
      run: values.run,
      clock: values.clock,
      mirror: values.mirror,
      timeout: values.timeout,
      cacheDir: values['cache-dir'],
      accel: values.accel,
      audit: values.audit,
      failOn: values['fail-on'],
      control: values.control,
      debs: values.debs?.join(' '),
      workdir: values.workdir,
      setup: values.setup,
      init: values.init,
      systemdTarget: values['systemd-target'],
      crossMargin: values['cross-margin'],
      confirm: values.confirm,
      parallel: values.parallel,
    }
    for (const [name, value] of Object.entries(values)) {
      const given = Array.isArray(value) ? value : [value]
      if (given.some((v) => typeof v === 'string' && v.trim() === '')) {
        throw new InputError(name, 'is empty: give a value, or leave the flag out for the default')
      }
    }
    if (values['cache-dir']) checkWritableDirectory('cache-dir', values['cache-dir'], io.cwd)
    if (values.output) checkWritableDirectory('output', values.output, io.cwd)
    if (values.json) checkWritableFile('json', values.json, io.cwd)
    if (values.sarif) checkWritableFile('sarif', values.sarif, io.cwd)
    const options = parseOptions(raw, {
      repositoryRoot: io.cwd,
      env: io.env,
      scriptsAnywhere: true,
      syntaxError: bashSyntaxError,
    })
    // Without --output, a new directory of this user's alone, whatever else is in the shared temporary directory.
    madeOutput = values.output
      ? undefined
      : mkdtempSync(path.join(os.tmpdir(), `y2038-${new Date().toISOString().replace(/[:.]/g, '').slice(0, 15)}-`))
    const outputDir = madeOutput ?? path.resolve(io.cwd, values.output!)
    const log = new StderrLogger(io.stderr)
    const report = await runY2038(options, {
      runner: new ProcessRunner(),
      log,
      outputDir,
      snapshots: snapshotsWanted(process.env),
      keptGuests: keptGuestsWanted(process.env),
      ramFile: ramFileWanted(process.env),
      onConsole: values.verbose ? (chunk) => io.stderr(chunk.toString('utf8')) : undefined,
    })
    io.stdout(`\n${formatTextReport(report)}`)
    const json = toJsonReport(report, VERSION)
    if (values.json) {
      const file = path.resolve(io.cwd, values.json)
      await writeJsonOutput('json', file, json)
      io.stderr(`JSON report: ${file}\n`)
    }
    if (values.sarif) {
      const file = path.resolve(io.cwd, values.sarif)
      const category = `y2038/${artifactKey(artifactIdentity(options))}`
      await writeJsonOutput('sarif', file, toSarif([json], { toolVersion: VERSION, category }))
      io.stderr(`SARIF: ${file}\n`)
    }
    return runResult(report) === 'pass' || options.failOn === 'never' ? 0 : 1
  } catch (error) {
    // Refused or stopped before anything was written there: no empty directory left behind.
    if (madeOutput) await rmdir(madeOutput).catch(() => undefined)
    return exitWithFailure(io, 'y2038', classifyFailure(error))
  }
}
