/**
 * The repository's GitHub metadata: every workflow parses with GitHub's own parser
 * (@actions/workflow-parser), action.yml matches the action metadata syntax, its inputs are
 * documented in README.md, and the example workflow (y2038.yml) runs the action on both
 * sides of the rollover with a probe that exists.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/action-parser'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse as parseYaml } from 'yaml'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const WORKFLOWS_DIR = path.join(REPO, '.github', 'workflows')
const EXAMPLE_WORKFLOW = path.join(WORKFLOWS_DIR, 'y2038.yml')
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
  it('are there: the CI and the example', () => {
    assert.ok(workflowFiles.includes('ci.yml'), `ci.yml missing from ${workflowFiles.join(', ')}`)
    assert.ok(workflowFiles.includes('y2038.yml'), `y2038.yml missing from ${workflowFiles.join(', ')}`)
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

describe('action.yml', () => {
  const actionText = readText(path.join(REPO, 'action.yml'))
  const action = mapping(parseYaml(actionText), 'action.yml')
  const runs = mapping(action.runs, 'action.yml runs')
  const inputs = mapping(action.inputs ?? {}, 'action.yml inputs')
  const outputs = mapping(action.outputs ?? {}, 'action.yml outputs')

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
    assert.deepEqual(actionErrors('action.yml', actionText), [])
    assert.ok(actionErrors('broken.yml', 'name: x\nruns:\n  using: node24\n').length > 0, 'the parser is vacuous')
  })

  it('runs on node24', () => {
    assert.equal(runs.using, 'node24')
  })

  it('runs.main (and pre/post, if any) exist in dist/', () => {
    assert.equal(typeof runs.main, 'string', 'runs.main is missing')
    for (const key of ['main', 'pre', 'post']) {
      const entry = runs[key]
      if (entry === undefined) continue
      assert.equal(typeof entry, 'string', `runs.${key} is not a string`)
      const file = path.resolve(REPO, entry as string)
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

  it('reads only outputs action.yml declares', () => {
    const declared = Object.keys(mapping(action.outputs, 'action.yml outputs'))
    const id = actionStep().id
    assert.equal(typeof id, 'string', 'the uses: ./ step has no id to read its outputs by')
    const used = [...readText(EXAMPLE_WORKFLOW).matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)]
    assert.ok(used.length > 0, 'the example reads no outputs')
    for (const [ref, stepId, output] of used) {
      assert.equal(stepId, id, `${ref} reads another step`)
      assert.ok(declared.includes(output!), `${ref}: action.yml declares no output ${output}`)
    }
    for (const output of ['result', 'findings', 'report', 'log']) {
      assert.ok(
        used.some((m) => m[2] === output),
        `the example does not use the ${output} output`,
      )
    }
  })
})
