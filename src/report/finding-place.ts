/**
 * Where a finding is: on which script of the run (the probe, the setup script), at which
 * line, and the file of the repository that is, if any. Worked out here once; the text
 * report, the job summary, the annotations, the merge and SARIF each word it their way. Pure.
 */
import type { RunOptions } from '../config/options.js'
import type { Finding } from '../verdict/detect.js'

/** A script as reports record it: `path` for a file (of the repository, or absolute outside it). */
export interface ScriptRef {
  kind: string
  path?: string
}

/** The scripts of a run, as its JSON report names them. */
export interface RunScripts {
  probe: ScriptRef
  setup?: ScriptRef
}

export function runScripts(options: Pick<RunOptions, 'probe' | 'setup'>): RunScripts {
  const ref = (script: { kind: string; relativePath?: string }): ScriptRef =>
    script.kind === 'file' ? { kind: 'file', path: script.relativePath } : { kind: script.kind }
  return { probe: ref(options.probe), ...(options.setup ? { setup: ref(options.setup) } : {}) }
}

/** A script's name in reports: its path, else `built-in probe`, `run` (an inline probe) or `setup`. */
export function scriptName(scripts: RunScripts, which: 'probe' | 'setup'): string {
  if (which === 'setup') return scripts.setup?.kind === 'file' && scripts.setup.path ? scripts.setup.path : 'setup'
  if (scripts.probe.kind === 'file' && scripts.probe.path) return scripts.probe.path
  return scripts.probe.kind === 'builtin' ? 'built-in probe' : 'run'
}

/** The script a finding of this stage is on: the setup's, none for the .debs, else the probe. */
export function scriptOf(finding: Pick<Finding, 'stage'>): 'probe' | 'setup' | undefined {
  return finding.stage === 'setup' ? 'setup' : finding.stage === 'install' ? undefined : 'probe'
}

export interface FindingPlace {
  /** The script and line, when the finding has a line. */
  script?: 'probe' | 'setup'
  line?: number
  /** How reports name the place: `ci/probe.sh:12`, `run:3`, `setup:2`, or the finding's stage. */
  label: string
  /** The file of the repository the line is in; none for an inline or built-in script, or one outside the repository. */
  file?: string
}

export function findingPlace(finding: Pick<Finding, 'stage' | 'line'>, scripts: RunScripts): FindingPlace {
  const script = scriptOf(finding)
  if (finding.line === undefined || !script) return { label: finding.stage }
  const ref = script === 'setup' ? scripts.setup : scripts.probe
  const path = ref?.kind === 'file' ? ref.path : undefined
  return {
    script,
    line: finding.line,
    label: `${scriptName(scripts, script)}:${finding.line}`,
    ...(path && !path.startsWith('/') ? { file: path } : {}),
  }
}
