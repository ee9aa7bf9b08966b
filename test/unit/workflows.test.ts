/**
 * The repository's GitHub metadata: every workflow parses with GitHub's own parser
 * (@actions/workflow-parser), action.yml matches the action metadata syntax, its inputs are
 * documented in README.md, the example workflow (y2038.yml) runs the action on both sides
 * of the rollover with a probe that exists, the release workflow (release.yml) checks the
 * bundle before it pushes a tag, and README.md names one repository, at @v1.
 */
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/action-parser'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse as parseYaml } from 'yaml'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const WORKFLOWS_DIR = path.join(REPO, '.github', 'workflows')
const EXAMPLE_WORKFLOW = path.join(WORKFLOWS_DIR, 'y2038.yml')
const RELEASE_WORKFLOW = path.join(WORKFLOWS_DIR, 'release.yml')
const ROLLOVER = Date.parse('2038-01-19T03:14:08Z')

const readText = (file: string): string => readFileSync(file, 'utf8')

type Mapping = Record<string, unknown>

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function mapping(value: unknown, what: string): Mapping {
  assert.ok(isMapping(value), `${what} is not a mapping`)
  return value
}

/** The errors GitHub's parser reports for a workflow, as `file (line:column): message` strings. */
async function workflowErrors(name: string, content: string): Promise<string[]> {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter())
  if (result.value !== undefined && result.context.errors.count === 0) {
    const template = await convertWorkflowTemplate(result.context, result.value)
    for (const error of template.errors ?? []) result.context.error(undefined, error.Message)
  }
  if (result.value === undefined && result.context.errors.count === 0) return [`${name}: the parser returned nothing`]
  return result.context.errors.getErrors().map((e) => {
    const at = e.range ? ` (${e.range.start.line}:${e.range.start.column})` : ''
    return `${e.message}${at}`
  })
}

function actionErrors(name: string, content: string): string[] {
  const result = parseAction({ name, content }, new NoOperationTraceWriter())
  return result.context.errors.getErrors().map((e) => e.message)
}

function loadActionSchemaValidator() {
  const schema = JSON.parse(readText(path.join(REPO, 'test', 'schemas', 'action.schema.json'))) as object
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
  return ajv.compile(schema)
}

function schemaErrors(action: unknown): string[] {
  const validate = loadActionSchemaValidator()
  if (validate(action)) return []
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
}

const workflowFiles = readdirSync(WORKFLOWS_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()

describe('workflows in .github/workflows', () => {
  it('are there: the CI, the example and the release', () => {
    for (const file of ['ci.yml', 'y2038.yml', 'release.yml']) {
      assert.ok(workflowFiles.includes(file), `${file} missing from ${workflowFiles.join(', ')}`)
    }
  })

  it("GitHub's parser reports errors in a broken workflow (the check below is not vacuous)", async () => {
    const broken = 'on: push\njobs:\n  build:\n    runs-onn: ubuntu-latest\n    steps:\n      - run: true\n'
    const errors = await workflowErrors('broken.yml', broken)
    assert.ok(errors.length > 0, 'a job without runs-on and with an unknown key parsed without errors')
  })

  for (const file of workflowFiles) {
    it(`${file} parses with GitHub's workflow parser without errors`, async () => {
      const errors = await workflowErrors(file, readText(path.join(WORKFLOWS_DIR, file)))
      assert.deepEqual(errors, [])
    })
  }
})

// The check action, and the report action in its subdirectory (used as owner/repo/report@v1).
for (const actionFile of ['action.yml', 'report/action.yml'])
  describe(actionFile, () => {
    const actionText = readText(path.join(REPO, actionFile))
    const action = mapping(parseYaml(actionText), actionFile)
    const runs = mapping(action.runs, `${actionFile} runs`)
    const inputs = mapping(action.inputs ?? {}, `${actionFile} inputs`)
    const outputs = mapping(action.outputs ?? {}, `${actionFile} outputs`)

    it('matches the action metadata schema (test/schemas/action.schema.json)', () => {
      assert.deepEqual(schemaErrors(action), [])
    })

    it('the schema rejects broken metadata (the check above is not vacuous)', () => {
      const broken = {
        name: 'x',
        inputs: { dates: { description: 'd', required: 'yes' } },
        outputs: { result: { descripton: 'typo' } },
        runs: { using: 'node12', main: 'index.js' },
      }
      const errors = schemaErrors(broken).join('\n')
      assert.match(errors, /description/, 'the missing description was not reported')
      assert.match(errors, /\/inputs\/dates\/required/, 'the non-boolean required was not reported')
      assert.match(errors, /\/outputs\/result/, 'the unknown output key was not reported')
      assert.match(errors, /\/runs/, 'node12 was not reported')
    })

    it("parses with GitHub's action parser without errors", () => {
      assert.deepEqual(actionErrors(actionFile, actionText), [])
      assert.ok(actionErrors('broken.yml', 'name: x\nruns:\n  using: node24\n').length > 0, 'the parser is vacuous')
    })

    it('runs on node24', () => {
      assert.equal(runs.using, 'node24')
    })

    // The runner resolves runs.main against the directory of the action.yml (actions/cache's
    // save/action.yml has main: '../dist/save-only/index.js').
    it('runs.main (and pre/post, if any), relative to the directory of the action.yml, exist in dist/', () => {
      assert.equal(typeof runs.main, 'string', 'runs.main is missing')
      for (const key of ['main', 'pre', 'post']) {
        const entry = runs[key]
        if (entry === undefined) continue
        assert.equal(typeof entry, 'string', `runs.${key} is not a string`)
        const file = path.resolve(REPO, path.dirname(actionFile), entry as string)
        assert.ok(file.startsWith(path.join(REPO, 'dist') + path.sep), `runs.${key} (${String(entry)}) is not in dist/`)
        assert.ok(existsSync(file) && statSync(file).isFile(), `runs.${key} (${String(entry)}) does not exist`)
      }
    })

    it('every input is documented in README.md, as `name` or a `name:` key of an example', () => {
      const readme = readText(path.join(REPO, 'README.md'))
      const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      const missing = Object.keys(inputs).filter(
        (name) => !new RegExp(`\`${escape(name)}\`|^\\s*${escape(name)}:`, 'm').test(readme),
      )
      assert.ok(Object.keys(inputs).length > 0, 'action.yml has no inputs')
      assert.deepEqual(missing, [], `inputs not mentioned in README.md: ${missing.join(', ')}`)
    })

    it("the action's description fits the Marketplace (under 125 characters)", () => {
      const description = action.description
      assert.ok(
        typeof description === 'string' && description.length > 0 && description.length < 125,
        String(description),
      )
    })

    it('every input and output has a description', () => {
      for (const [kind, table] of [
        ['input', inputs],
        ['output', outputs],
      ] as const) {
        for (const [name, spec] of Object.entries(table)) {
          const description = mapping(spec, `${kind} ${name}`).description
          assert.ok(typeof description === 'string' && description.trim() !== '', `${kind} ${name} has no description`)
        }
      }
    })
  })

describe('the example workflow (y2038.yml)', () => {
  const workflow = mapping(parseYaml(readText(EXAMPLE_WORKFLOW)), 'y2038.yml')
  const action = mapping(parseYaml(readText(path.join(REPO, 'action.yml'))), 'action.yml')
  const jobs = Object.values(mapping(workflow.jobs, 'jobs')).map((j, i) => mapping(j, `job ${i}`))
  const isActionStep = (s: unknown): s is Mapping => isMapping(s) && (s.uses === './' || s.uses === '.')
  const stepOf = (j: Mapping | undefined) => (Array.isArray(j?.steps) ? j.steps.find(isActionStep) : undefined)
  /** The job that runs the probe: a matrix job with a uses: ./ step. */
  const job = jobs.find((j) => stepOf(j) !== undefined && isMapping(j.strategy))

  function actionStep(): Mapping {
    assert.ok(job, 'no matrix job has a step with uses: ./')
    return mapping(stepOf(job), 'the uses: ./ step')
  }

  /** The dates the matrix runs: `matrix.date` values and `matrix.include[].date`. */
  function matrixDates(): string[] {
    assert.ok(job, 'no matrix job has a step with uses: ./')
    const matrix = mapping(mapping(job.strategy, 'strategy').matrix, 'strategy.matrix')
    const dates: unknown[] = [
      ...(Array.isArray(matrix.date) ? matrix.date : []),
      ...(Array.isArray(matrix.include) ? matrix.include.map((e) => (isMapping(e) ? e.date : undefined)) : []),
    ].filter((d) => d !== undefined)
    return dates.map((d) => {
      assert.equal(typeof d, 'string', `matrix date ${String(d)} is not a string`)
      return d as string
    })
  }

  it('uses the action itself (uses: ./), after a checkout', () => {
    assert.ok(job, 'no matrix job has a step with uses: ./')
    const steps = job.steps as unknown[]
    const checkout = steps.findIndex((s) => isMapping(s) && String(s.uses).startsWith('actions/checkout@'))
    assert.ok(checkout >= 0 && checkout < steps.indexOf(actionStep()), 'the repository is not checked out first')
  })

  it('runs a matrix of dates on both sides of 2038-01-19T03:14:08Z, without fail-fast', () => {
    const dates = matrixDates()
    for (const d of dates) assert.ok(!Number.isNaN(Date.parse(d)), `matrix date ${d} is not a date`)
    assert.ok(
      dates.some((d) => Date.parse(d) < ROLLOVER),
      `no date before the rollover in ${dates.join(', ')}`,
    )
    assert.ok(
      dates.some((d) => Date.parse(d) >= ROLLOVER),
      `no date after the rollover in ${dates.join(', ')}`,
    )
    assert.equal(mapping(job!.strategy, 'strategy')['fail-fast'], false)
    const withInputs = mapping(actionStep().with, 'the step with:')
    assert.match(String(withInputs.dates), /\$\{\{\s*matrix\.date\s*\}\}/, 'the action is not given matrix.date')
  })

  it('prepares the guest in a job the matrix needs, with the inputs that make the same cache key', () => {
    const [prepareId, prepare] = Object.entries(mapping(workflow.jobs, 'jobs')).find(([, j]) => {
      const step = stepOf(isMapping(j) ? j : undefined)
      return step !== undefined && isMapping(step.with) && String(step.with['prepare-only']) === 'true'
    }) ?? [undefined, undefined]
    assert.ok(prepareId && isMapping(prepare), 'no job runs the action with prepare-only: true')
    const needs = ([] as unknown[]).concat(job?.needs ?? [])
    assert.ok(needs.includes(prepareId), `the matrix job does not need ${prepareId}`)
    const prepared = mapping(mapping(stepOf(prepare), 'the prepare step').with, 'the prepare step with:')
    const probing = mapping(actionStep().with, 'the step with:')
    for (const key of ['arch', 'suite', 'packages', 'mirror', 'cache']) {
      assert.equal(prepared[key], probing[key], `${key} differs between the prepare job and the matrix job`)
    }
  })

  it('passes only inputs action.yml declares, and a probe file that exists', () => {
    const declared = Object.keys(mapping(action.inputs, 'action.yml inputs'))
    const withInputs = mapping(actionStep().with, 'the step with:')
    const unknown = Object.keys(withInputs).filter((k) => !declared.includes(k))
    assert.deepEqual(unknown, [], `inputs action.yml does not declare: ${unknown.join(', ')}`)
    assert.equal(typeof withInputs.probe, 'string', 'the example has no probe input')
    const probe = path.join(REPO, withInputs.probe as string)
    assert.ok(existsSync(probe) && statSync(probe).isFile(), `the probe ${String(withInputs.probe)} does not exist`)
    execFileSync('bash', ['-n', probe])
  })

  /** The steps of the example that run one of this repository's actions, by id: uses ./ or ./report. */
  function ourSteps(): Map<string, { uses: string; declared: string[] }> {
    const steps = new Map<string, { uses: string; declared: string[] }>()
    for (const j of jobs) {
      for (const step of Array.isArray(j.steps) ? j.steps : []) {
        if (!isMapping(step) || typeof step.id !== 'string') continue
        const file =
          step.uses === './' || step.uses === '.'
            ? 'action.yml'
            : step.uses === './report'
              ? 'report/action.yml'
              : undefined
        if (!file) continue
        const declared = mapping(parseYaml(readText(path.join(REPO, file))), file)
        steps.set(step.id, {
          uses: String(step.uses),
          declared: Object.keys(mapping(declared.outputs, `${file} outputs`)),
        })
      }
    }
    return steps
  }

  it('reads only outputs that action.yml and report/action.yml declare, from steps that run them', () => {
    const steps = ourSteps()
    assert.equal(typeof actionStep().id, 'string', 'the uses: ./ step has no id to read its outputs by')
    const used = [...readText(EXAMPLE_WORKFLOW).matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)]
    assert.ok(used.length > 0, 'the example reads no outputs')
    for (const [ref, stepId, output] of used) {
      const step = steps.get(stepId!)
      assert.ok(step, `${ref} reads a step that runs neither action`)
      assert.ok(step.declared.includes(output!), `${ref}: ${step.uses} declares no output ${output}`)
    }
    const read = (uses: string) => used.filter((m) => steps.get(m[1]!)?.uses === uses).map((m) => m[2])
    for (const output of ['result', 'findings', 'artifact']) {
      assert.ok(read('./').includes(output), `the example does not use the check action's ${output} output`)
    }
    for (const output of ['result', 'findings', 'first-failing-date']) {
      assert.ok(read('./report').includes(output), `the example does not use the report action's ${output} output`)
    }
  })

  it('ends with the report job: it needs the matrix, runs always, and runs ./report after a checkout', () => {
    const ids = Object.keys(mapping(workflow.jobs, 'jobs'))
    const last = mapping(mapping(workflow.jobs, 'jobs')[ids.at(-1)!], 'the last job')
    const matrixId = ids.find((id) => mapping(workflow.jobs, 'jobs')[id] === job)
    assert.ok(matrixId, 'no matrix job')
    assert.ok(([] as unknown[]).concat(last.needs ?? []).includes(matrixId), `the last job does not need ${matrixId}`)
    assert.match(String(last.if), /^\$\{\{\s*always\(\)\s*\}\}$|^always\(\)$/)
    const steps = (Array.isArray(last.steps) ? last.steps : []).map((s, i) => mapping(s, `step ${i}`))
    const checkout = steps.findIndex((s) => String(s.uses).startsWith('actions/checkout@'))
    const report = steps.findIndex((s) => s.uses === './report')
    assert.ok(report >= 0, 'the last job does not run ./report')
    assert.ok(checkout >= 0 && checkout < report, 'the repository is not checked out before ./report')
  })
})

describe('the release workflow (release.yml)', () => {
  const workflow = mapping(parseYaml(readText(RELEASE_WORKFLOW)), 'release.yml')
  const jobs = mapping(workflow.jobs, 'release.yml jobs')
  const job = mapping(jobs.release, 'the release job')
  const steps = (Array.isArray(job.steps) ? job.steps : []).map((s, i) => mapping(s, `step ${i}`))
  const runOf = (s: Mapping) => (typeof s.run === 'string' ? s.run : '')
  /** Every line of every run: script that pushes to a remote, with its step's index. */
  const pushes = steps.flatMap((s, i) =>
    runOf(s)
      .split('\n')
      .filter((line) => /^\s*git push\b/.test(line))
      .map((line) => ({ step: i, line: line.trim() })),
  )
  const bundleCheck = steps.findIndex(
    (s) => /^\s*npm run bundle\s*$/m.test(runOf(s)) && runOf(s).includes('git diff --exit-code --stat -- dist'),
  )

  it("parses with GitHub's workflow parser without errors", async () => {
    assert.deepEqual(await workflowErrors('release.yml', readText(RELEASE_WORKFLOW)), [])
  })

  it('may write contents (tags and releases), and nothing else', () => {
    assert.deepEqual(workflow.permissions, { contents: 'write' })
    assert.equal(job.permissions, undefined, 'the job overrides the workflow permissions')
  })

  it('runs by hand with a required version, or on a push of a tag v1.*.*', () => {
    const on = mapping(workflow.on, 'on')
    assert.deepEqual(Object.keys(on).sort(), ['push', 'workflow_dispatch'])
    const version = mapping(
      mapping(mapping(on.workflow_dispatch, 'workflow_dispatch').inputs, 'inputs').version,
      'version',
    )
    assert.equal(version.required, true)
    assert.equal(version.type, 'string')
    assert.deepEqual(on.push, { tags: ['v1.*.*'] })
  })

  it('is one job: the checks, the bundle check, the tags and the release run in it in this order', () => {
    assert.deepEqual(Object.keys(jobs), ['release'])
    const index = (name: string, found: number) => {
      assert.ok(found >= 0, `no step ${name}`)
      return found
    }
    const version = index(
      'with id version',
      steps.findIndex((s) => s.id === 'version'),
    )
    const unitTests = index(
      'running npm run test:unit',
      steps.findIndex((s) => runOf(s).trim() === 'npm run test:unit'),
    )
    const release = index(
      'running gh release create',
      steps.findIndex((s) => /\bgh release create\b/.test(runOf(s))),
    )
    index('running npm run bundle and git diff --exit-code -- dist', bundleCheck)
    assert.ok(pushes.length > 0, 'no step runs git push')
    const firstPush = Math.min(...pushes.map((p) => p.step))
    assert.ok(version < unitTests, 'the version is checked after the tests')
    assert.ok(unitTests < bundleCheck, 'the unit tests run after the bundle check')
    assert.ok(
      bundleCheck < firstPush,
      `a tag is pushed (step ${firstPush}) before the bundle check (step ${bundleCheck})`,
    )
    assert.ok(firstPush < release, 'the release is created before the tags are pushed')
    for (const s of steps.slice(0, bundleCheck)) {
      assert.doesNotMatch(runOf(s), /\bgit (push|tag)\b|\bgh release create\b/, 'a step before the bundle check tags')
    }
  })

  it('pushes the version tag without force, and force-pushes only the tag v1', () => {
    assert.deepEqual(
      pushes.map((p) => p.line),
      ['git push origin "refs/tags/$TAG:refs/tags/$TAG"', "git push origin '+refs/tags/v1:refs/tags/v1'"],
    )
    const all = steps.map(runOf).join('\n')
    assert.doesNotMatch(all, /--force\b|\bpush\b.*\s-f\b|--mirror|--tags\b.*push|push\b.*--tags/)
    assert.match(all, /^\s*git tag -a "\$TAG" -m "\$TAG" "\$GITHUB_SHA"$/m, 'no annotated version tag')
    assert.match(all, /^\s*git tag -f -a v1 -m "v1 is \$TAG" "\$GITHUB_SHA"$/m, 'v1 is not moved to the commit')
  })

  it('creates the release with generated notes, with the workflow token', () => {
    const step = steps.find((s) => /\bgh release create\b/.test(runOf(s)))!
    assert.equal(runOf(step).trim(), 'gh release create "$TAG" --verify-tag --generate-notes --latest --title "$TAG"')
    assert.deepEqual(step.env, { TAG: '${{ steps.version.outputs.tag }}', GH_TOKEN: '${{ github.token }}' })
  })

  it('pins every action by major version, the same one as ci.yml', () => {
    const ci = readText(path.join(WORKFLOWS_DIR, 'ci.yml'))
    const pinned = new Map([...ci.matchAll(/uses:\s*([\w.-]+\/[\w.-]+)@(\S+)/g)].map((m) => [m[1]!, m[2]!]))
    const uses = steps.filter((s) => s.uses !== undefined).map((s) => String(s.uses))
    assert.deepEqual(uses, [
      `actions/checkout@${pinned.get('actions/checkout')}`,
      `actions/setup-node@${pinned.get('actions/setup-node')}`,
    ])
    for (const u of uses) assert.match(u, /^[\w.-]+\/[\w.-]+@v\d+$/)
    const setup = mapping(steps.find((s) => String(s.uses).startsWith('actions/setup-node@'))!.with, 'setup-node with:')
    assert.equal(setup['node-version'], 24)
  })

  describe('the version check (the step with id version, run by bash against a local remote)', () => {
    const step = steps.find((s) => s.id === 'version')
    const script = step ? runOf(step) : ''
    let dir = ''
    let work = ''

    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-release-'))
      work = path.join(dir, 'work')
      const env = {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.org',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.org',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
      }
      const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, stdio: 'pipe' })
      git(dir, 'init', '-q', '--bare', 'origin.git')
      git(dir, 'init', '-q', 'work')
      git(work, 'remote', 'add', 'origin', path.join(dir, 'origin.git'))
      git(work, 'commit', '-q', '--allow-empty', '-m', 'one')
      git(work, 'tag', 'v1.0.0')
      git(work, 'tag', '-a', 'v1.9.0', '-m', 'v1.9.0')
      git(work, 'tag', '-a', 'v1.10.0', '-m', 'v1.10.0')
      git(work, 'tag', '-a', 'v2.0.0', '-m', 'v2.0.0')
      git(work, 'tag', 'v1')
      git(work, 'push', '-q', 'origin', '--tags')
      // A gh that says whether the release exists: exit status $FAKE_GH_STATUS.
      mkdirSync(path.join(dir, 'bin'))
      writeFileSync(path.join(dir, 'bin', 'gh'), '#!/bin/sh\nexit "$FAKE_GH_STATUS"\n', { mode: 0o755 })
    })

    after(() => {
      if (dir) rmSync(dir, { recursive: true, force: true })
    })

    function check(event: 'workflow_dispatch' | 'push', value: string, more: Record<string, string> = {}) {
      const output = path.join(dir, 'output')
      writeFileSync(output, '')
      const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
        cwd: work,
        encoding: 'utf8',
        env: {
          PATH: `${path.join(dir, 'bin')}:${process.env.PATH ?? ''}`,
          HOME: dir,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          GITHUB_OUTPUT: output,
          GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
          GITHUB_EVENT_NAME: event,
          GITHUB_REF: event === 'push' ? `refs/tags/${value}` : 'refs/heads/main',
          GITHUB_REF_NAME: event === 'push' ? value : 'main',
          VERSION_INPUT: event === 'workflow_dispatch' ? value : '',
          FAKE_GH_STATUS: '1',
          ...more,
        },
      })
      return { status: result.status, stdout: result.stdout, outputs: readText(output) }
    }

    const refused = (reason: string) => ({
      status: 1,
      stdout: `::error title=Release refused::${reason}\n`,
      outputs: '',
    })

    it('is a script of its own, with the input in the environment (no ${{ }} in it)', () => {
      assert.ok(step, 'no step with id version')
      assert.doesNotMatch(script, /\$\{\{/)
      assert.deepEqual(step.env, { VERSION_INPUT: '${{ inputs.version }}', GH_TOKEN: '${{ github.token }}' })
    })

    it('accepts a new version 1.x.y newer than every v1 release, and outputs its tag', () => {
      assert.deepEqual(check('workflow_dispatch', '1.10.1'), {
        status: 0,
        stdout: 'Releasing v1.10.1 from 0123456789abcdef0123456789abcdef01234567.\n',
        outputs: 'version=1.10.1\ntag=v1.10.1\n',
      })
      assert.equal(check('workflow_dispatch', '1.11.0').status, 0)
    })

    it('refuses what is not 1.x.y, in one line', () => {
      for (const bad of ['', '1.2', 'v1.2.3', '01.2.3', '1.02.3', '1.2.3-rc.1', '1.2.3 ', 'x']) {
        assert.deepEqual(
          check('workflow_dispatch', bad),
          refused(`version '${bad}' is not of the form 1.x.y (three numbers without leading zeros, no leading v)`),
          JSON.stringify(bad),
        )
      }
      assert.deepEqual(
        check('push', 'v1.x.y'),
        refused("version '1.x.y' is not of the form 1.x.y (three numbers without leading zeros, no leading v)"),
      )
    })

    it('refuses a major other than 1', () => {
      assert.deepEqual(
        check('workflow_dispatch', '2.0.1'),
        refused('version 2.0.1 has major 2; this workflow releases only 1.x.y, under the tag v1'),
      )
      assert.deepEqual(
        check('workflow_dispatch', '0.9.0'),
        refused('version 0.9.0 has major 0; this workflow releases only 1.x.y, under the tag v1'),
      )
    })

    it('refuses, run by hand, a version whose tag exists', () => {
      assert.deepEqual(check('workflow_dispatch', '1.10.0'), refused('the tag v1.10.0 already exists'))
      assert.deepEqual(check('workflow_dispatch', '1.0.0'), refused('the tag v1.0.0 already exists'))
    })

    it('refuses a version older than the newest v1.x.y (1.10.0, compared as versions)', () => {
      assert.deepEqual(
        check('workflow_dispatch', '1.9.1'),
        refused('version 1.9.1 is older than v1.10.0, the newest release; v1 would move back'),
      )
      assert.deepEqual(
        check('push', 'v1.9.0'),
        refused('version 1.9.0 is older than v1.10.0, the newest release; v1 would move back'),
      )
    })

    it('releases a pushed tag v1.x.y once: not when its release exists', () => {
      assert.deepEqual(check('push', 'v1.10.0'), {
        status: 0,
        stdout: 'Releasing v1.10.0 from 0123456789abcdef0123456789abcdef01234567.\n',
        outputs: 'version=1.10.0\ntag=v1.10.0\n',
      })
      assert.deepEqual(check('push', 'v1.10.0', { FAKE_GH_STATUS: '0' }), refused('the release v1.10.0 already exists'))
    })

    it('refuses a run by hand on a tag instead of a branch', () => {
      assert.deepEqual(
        check('workflow_dispatch', '1.10.1', { GITHUB_REF: 'refs/tags/v1.10.0' }),
        refused('run this workflow on a branch, not on refs/tags/v1.10.0'),
      )
    })
  })
})

describe("README.md's uses: lines", () => {
  const readme = readText(path.join(REPO, 'README.md'))
  const uses = [...readme.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)/gm)].map((m) => m[1]!)
  /** The actions of this repository: the check action and the report action. */
  const ours = uses.filter((u) => !u.startsWith('actions/') && !u.startsWith('github/codeql-action/'))
  /** The repository docs/report.schema.json's $id names: github.com/<owner>/<repository>. */
  const schemaId = String(
    (JSON.parse(readText(path.join(REPO, 'docs', 'report.schema.json'))) as { $id?: unknown }).$id,
  )
  const repository = /^https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\//.exec(schemaId)?.[1]

  it('are found (the checks below are not vacuous)', () => {
    assert.ok(ours.length >= 4, `only ${ours.length} uses: lines of the action in README.md`)
  })

  it('name one owner/y2038-action, the repository of the report schema, at @v1 (and its report action), and nothing else', () => {
    assert.equal(repository, 'y2038-action/y2038-action')
    assert.deepEqual([...new Set(ours)].sort(), [`${repository}/report@v1`, `${repository}@v1`])
    const others = uses.filter((u) => !ours.includes(u) && !u.startsWith('actions/'))
    assert.deepEqual([...new Set(others)], ['github/codeql-action/upload-sarif@v3'])
  })

  it("match the example workflow's comments (In your repository: uses: ...), each above its uses: line", () => {
    const text = readText(EXAMPLE_WORKFLOW)
    const pairs = [...text.matchAll(/#\s*In your repository: uses:\s*(\S+)\n\s*uses:\s*(\S+)/g)].map((m) => [
      m[1],
      m[2],
    ])
    assert.equal(pairs.length, [...text.matchAll(/In your repository: uses:/g)].length)
    assert.deepEqual([...new Set(pairs.map((p) => p.join(' ')))].sort(), [
      `${repository}/report@v1 ./report`,
      `${repository}@v1 ./`,
    ])
  })
})
