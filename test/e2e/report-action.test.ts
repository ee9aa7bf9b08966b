/**
 * One answer for a matrix: the bundled check action (dist/main/index.js) run six times as a
 * runner runs it, for three dates (before, just after and far after the rollover) on i386
 * and amd64 bookworm, each as its own job of one workflow run publishing its report through
 * the REAL @actions/artifact client to a local artifact service (test/support/artifact-service.ts:
 * the runners' v4 protocol, blobs in Azurite); then the bundled report action
 * (dist/report/index.js) downloads every report of the run the same way and writes the grid.
 * Booting real guests (12 boots, from the saved guest: about 2 minutes warm).
 */
import { DefaultArtifactClient } from '@actions/artifact'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type ArtifactService, startArtifactService } from '../support/artifact-service.js'
import { sarifSchemaErrors } from '../support/sarif-schema.js'
import { type ActionRun, REPORT_ACTION, annotationCommands, runAction, runBundledAction } from './action-runner.js'

const PROBE = `# one command per line
date -u
touch /tmp/made-at-probe-time
busybox stat /tmp/made-at-probe-time
sudo -n true
echo done
`
const BEFORE = '2038-01-18T00:00:00Z'
const AFTER = '2038-01-20T00:00:00Z'
const FAR = '2040-01-01T00:00:00Z'
const ARCHES = ['i386', 'amd64'] as const
const DATES = [BEFORE, AFTER, FAR] as const
const SHA = '0123456789abcdef0123456789abcdef01234567'
const LINK = (line: number) => `https://github.com/octo/packages/blob/${SHA}/ci/probe.sh#L${line}`

interface SarifLike {
  runs: {
    automationDetails?: { id?: string }
    results: {
      ruleId: string
      message: { text: string }
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]
    }[]
  }[]
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T

/** [rule, file, line] of each result. */
function located(sarif: SarifLike): [string, string, number][] {
  return sarif.runs[0]!.results.map((r) => [
    r.ruleId,
    r.locations[0]!.physicalLocation.artifactLocation.uri,
    r.locations[0]!.physicalLocation.region.startLine,
  ])
}

/** The rows of the first Markdown table after `heading` (or the first table), each a list of cells. */
function table(markdown: string, heading?: string): string[][] {
  const from = heading ? markdown.indexOf(heading) : 0
  assert.ok(from >= 0, `no ${heading} in\n${markdown}`)
  const lines = markdown.slice(from).split('\n')
  const start = lines.findIndex((l) => l.startsWith('| '))
  const rows: string[][] = []
  for (const line of lines.slice(start)) {
    if (!line.startsWith('|')) break
    rows.push(
      line
        .slice(2, -2)
        .split(/(?<!\\) \| /)
        .map((c) => c.trim()),
    )
  }
  return rows.filter((r) => !r.every((c) => /^-+$/.test(c)))
}

describe('a matrix of six jobs publishing reports, then the report action (artifact service v4, Azurite)', () => {
  let service: ArtifactService
  const jobs = new Map<string, ActionRun>()
  let report: ActionRun

  before(async () => {
    service = await startArtifactService()
  })
  after(async () => {
    await service?.stop()
  })

  for (const arch of ARCHES) {
    for (const date of DATES) {
      const fails = arch === 'i386' && date !== BEFORE
      it(`${arch} at ${date}: publishes its report as an artifact, and SARIF ${fails ? 'on lines 4 and 5' : 'without results'}`, async () => {
        const run = await runAction(
          { dates: date, arch, probe: 'ci/probe.sh', 'fail-on': 'never', cache: 'false', sarif: 'y2038.sarif' },
          { 'ci/probe.sh': PROBE },
          { ...service.envFor(`y2038 (${date}, ${arch})`), GITHUB_SHA: SHA },
        )
        jobs.set(`${arch} ${date}`, run)
        assert.equal(run.code, 0, run.stdout)
        assert.equal(run.outputs.result, fails ? 'fail' : 'pass')
        assert.equal(run.outputs.findings, fails ? '2' : '0')
        // The only warnings: the static audit of the guest's base packages, on a 32-bit userland.
        assert.deepEqual(
          annotationCommands(run.stdout, 'warning').map((w) => w.props.title),
          arch === 'i386'
            ? ['busybox', 'sudo', 'systemd'].map((p) => `32-bit time_t in ${p} (i386 bookworm, static audit)`)
            : [],
        )
        const slug = date.replace(/:/g, '')
        assert.match(run.outputs.artifact!, new RegExp(`^y2038-report-${arch}-bookworm-step-base-${slug}-[0-9a-f]{8}$`))
        assert.ok(
          run.summary.includes(`The report and the console log are the workflow artifact \`${run.outputs.artifact}\`.`),
        )
        const key = run.outputs.artifact!.slice('y2038-report-'.length)
        const published = service
          .artifacts()
          .filter((a) => a.name.endsWith(key))
          .map((a) => a.name)
        assert.deepEqual(published, [`y2038-started-${key}`, `y2038-report-${key}`])
        assert.equal(run.outputs.sarif, path.join(run.workspace, 'y2038.sarif'))
        const sarif = readJson<SarifLike>(run.outputs.sarif!)
        assert.deepEqual(sarifSchemaErrors(sarif), [])
        assert.equal(sarif.runs[0]!.automationDetails!.id, `y2038/${key}/`)
        assert.deepEqual(
          located(sarif),
          fails
            ? [
                ['eoverflow', 'ci/probe.sh', 4],
                ['sudo-time-of-day', 'ci/probe.sh', 5],
              ]
            : [],
        )
      })
    }
  }

  it('the report action downloads the six reports: a grid of 2 targets × 3 dates, cell by cell', async () => {
    assert.equal(jobs.size, 6, 'the six jobs ran')
    report = await runBundledAction(
      REPORT_ACTION,
      { sarif: 'out/merged.sarif' },
      { 'ci/probe.sh': PROBE },
      { ...service.envFor('report'), GITHUB_SHA: SHA },
    )
    assert.equal(report.code, 1, report.stdout)
    assert.deepEqual(
      annotationCommands(report.stdout, 'error').map((e) => e.message),
      ['4 Year-2038 findings; the first failing date is 2038-01-20T00:00:00Z: see the job summary'],
    )
    assert.match(report.summary, /^## Year-2038 report: 2 targets × 3 dates$/m)
    assert.match(report.summary, /^\*\*❌ 4 findings\*\* in 6 reports; first failing date 2038-01-20T00:00:00Z$/m)
    assert.deepEqual(table(report.summary), [
      ['Target', BEFORE, AFTER, FAR],
      ['amd64 bookworm, clock step', '✅ pass', '✅ pass', '✅ pass'],
      ['i386 bookworm, clock step', '✅ pass', '❌ 2 findings', '❌ 2 findings'],
    ])
    const lines = table(report.summary, '### Failing lines')
    assert.deepEqual(
      lines.map((row) => row.slice(0, 4)),
      [
        ['Line', 'Command', 'Target', 'First fails at'],
        [`[ci/probe.sh:4](${LINK(4)})`, '`busybox stat /tmp/made-at-probe-time`', 'i386 bookworm, clock step', AFTER],
        [`[ci/probe.sh:5](${LINK(5)})`, '`sudo -n true`', 'i386 bookworm, clock step', AFTER],
      ],
    )
    assert.match(lines[1]![4]!, /^stat: can't stat '\/tmp\/made-at-probe-time': Value too large for defined data type$/)
    assert.match(lines[2]![4]!, /^sudo: unable to get time of day: Value too large for defined data type$/)
    assert.doesNotMatch(report.summary, /Reports not read/)
    assert.equal(report.outputs.result, 'fail')
    assert.equal(report.outputs.findings, '4')
    assert.equal(report.outputs['first-failing-date'], AFTER)
    const merged = readJson<{ targets: { arch: string; cells: { text: string }[] }[]; reports: unknown[] }>(
      report.outputs.report!,
    )
    assert.deepEqual(
      merged.targets.map((t) => [t.arch, ...t.cells.map((c) => c.text)]),
      [
        ['amd64', 'pass', 'pass', 'pass'],
        ['i386', 'pass', '2 findings', '2 findings'],
      ],
    )
    assert.equal(merged.reports.length, 6)
  })

  it("the report action's SARIF validates, one result per finding at the probe's exact line, date and target in the message", () => {
    assert.equal(report.outputs.sarif, path.join(report.workspace, 'out', 'merged.sarif'))
    const sarif = readJson<SarifLike>(report.outputs.sarif!)
    assert.deepEqual(sarifSchemaErrors(sarif), [])
    assert.equal(sarif.runs[0]!.automationDetails!.id, 'y2038/report/')
    assert.deepEqual(located(sarif), [
      ['eoverflow', 'ci/probe.sh', 4],
      ['sudo-time-of-day', 'ci/probe.sh', 5],
      ['eoverflow', 'ci/probe.sh', 4],
      ['sudo-time-of-day', 'ci/probe.sh', 5],
    ])
    assert.deepEqual(
      sarif.runs[0]!.results.map((r) => /failed at (\S+) on ([^:]+):/.exec(r.message.text)?.slice(1)),
      [
        [AFTER, 'i386 bookworm, clock step'],
        [AFTER, 'i386 bookworm, clock step'],
        [FAR, 'i386 bookworm, clock step'],
        [FAR, 'i386 bookworm, clock step'],
      ],
    )
  })

  it('a report of another version, a truncated one, an artifact without one and a job that failed are named, never a crash', async () => {
    // A job that fails after it started: the mirror is not a Debian archive.
    const failed = await runAction(
      { dates: FAR, arch: 'amd64', suite: 'trixie', mirror: 'file:///nonexistent/debian', cache: 'false' },
      {},
      service.envFor('y2038 (broken mirror)'),
    )
    assert.equal(failed.code, 1)
    assert.equal(failed.outputs.artifact, undefined)
    const marker = service.artifacts().find((a) => a.name.startsWith('y2038-started-amd64-trixie-'))
    assert.ok(marker, 'the failed job published its start marker')
    // Reports that are not complete y2038 reports of this version, published through the real client.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-bad-reports-'))
    const i386After = readFileSync(jobs.get(`i386 ${AFTER}`)!.outputs.report!, 'utf8')
    const bad: Record<string, Record<string, string>> = {
      'y2038-report-i386-bookworm-step-base-v3test': {
        'y2038-report.json': JSON.stringify({ ...JSON.parse(i386After), schemaVersion: 3 }),
      },
      'y2038-report-no-file-test': { 'y2038-console.log': 'console\n' },
      'y2038-report-truncated-test': { 'y2038-report.json': i386After.slice(0, 300) },
    }
    const saved = { ...process.env }
    Object.assign(process.env, service.envFor('y2038 (bad reports)'), { GITHUB_WORKSPACE: dir })
    const write = process.stdout.write
    process.stdout.write = function (chunk: string | Uint8Array, ...rest: unknown[]): boolean {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
      return text.startsWith('::') || (write as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest)
    } as typeof process.stdout.write
    try {
      for (const [name, files] of Object.entries(bad)) {
        mkdirSync(path.join(dir, name))
        for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, name, file), text)
        await new DefaultArtifactClient().uploadArtifact(
          name,
          Object.keys(files).map((f) => path.join(dir, name, f)),
          path.join(dir, name),
        )
      }
    } finally {
      process.stdout.write = write
      for (const name of ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'GITHUB_SERVER_URL', 'GITHUB_WORKSPACE']) {
        if (saved[name] === undefined) delete process.env[name]
        else process.env[name] = saved[name]
      }
      rmSync(dir, { recursive: true, force: true })
    }

    const again = await runBundledAction(REPORT_ACTION, {}, {}, { ...service.envFor('report 2'), GITHUB_SHA: SHA })
    assert.equal(again.code, 1, again.stdout)
    assert.deepEqual(
      annotationCommands(again.stdout, 'error').map((e) => e.message),
      ['4 Year-2038 findings; the first failing date is 2038-01-20T00:00:00Z: see the job summary'],
    )
    assert.deepEqual(table(again.summary), [
      ['Target', BEFORE, AFTER, FAR],
      ['amd64 bookworm, clock step', '✅ pass', '✅ pass', '✅ pass'],
      ['amd64 trixie, clock step', '—', '—', '⚠️ no report'],
      ['i386 bookworm, clock step', '✅ pass', '❌ 2 findings', '❌ 2 findings'],
    ])
    assert.match(
      again.summary,
      /^\*\*❌ 4 findings\*\* in 6 reports; first failing date 2038-01-20T00:00:00Z; 4 reports missing or not read$/m,
    )
    const version = (JSON.parse(i386After) as { tool: { version: string } }).tool.version
    const problems = table(again.summary, '### Reports not read')
    assert.deepEqual(problems.slice(0, 3), [
      ['Report', 'Problem', 'Why'],
      [
        '`y2038-report-i386-bookworm-step-base-v3test`',
        'another schema version',
        `schema version 3 (from y2038-action ${version}); this version reads 4, 5, 6, 7 and 8`,
      ],
      ['`y2038-report-no-file-test`', 'no report', 'the artifact has no y2038-report.json'],
    ])
    assert.deepEqual(problems[3]!.slice(0, 2), ['`y2038-report-truncated-test`', 'not readable'])
    assert.match(problems[3]![2]!, /^not complete JSON \(truncated or damaged: .+\)$/)
    assert.equal(problems[4]![0], `\`${marker.name.replace('y2038-started-', 'y2038-report-')}\``)
    assert.equal(problems[4]![1], 'no report')
    assert.match(
      problems[4]![2]!,
      /^the job for amd64 trixie, clock step at 2040-01-01T00:00:00Z started at \S+ and published no report: cancelled, timed out or failed before its end$/,
    )
    assert.equal(problems.length, 5)
    assert.equal(again.outputs.result, 'fail')
  })
})

describe('the report action without the artifact service', () => {
  const RECORDED = readFileSync(new URL('../fixtures/report-i386-bookworm-step.json', import.meta.url), 'utf8')

  it('path: reads the reports of a directory of the workspace instead', async () => {
    const run = await runBundledAction(
      REPORT_ACTION,
      { path: 'reports', 'fail-on': 'never' },
      {
        'reports/y2038-report-i386/y2038-report.json': RECORDED,
        'reports/old/y2038-report.json': JSON.stringify({ ...JSON.parse(RECORDED), schemaVersion: 2 }),
      },
    )
    assert.equal(run.code, 0, run.stdout)
    assert.deepEqual(table(run.summary), [
      ['Target', BEFORE, AFTER],
      ['i386 bookworm, clock step', '✅ pass', '❌ 2 findings'],
    ])
    assert.deepEqual(table(run.summary, '### Reports not read'), [
      ['Report', 'Problem', 'Why'],
      [
        '`reports/old/y2038-report.json`',
        'another schema version',
        'schema version 2 (from y2038-action 0.1.0); this version reads 4, 5, 6, 7 and 8',
      ],
    ])
    assert.equal(run.outputs.result, 'fail')
    assert.equal(run.outputs.findings, '2')
  })

  const bad: [string, Record<string, string>, string][] = [
    ['fail-on', { 'fail-on': 'sometimes' }, "fail-on: 'sometimes' is not valid (valid: findings, never)"],
    ['path', { path: 'nowhere' }, "path: 'nowhere' is not a directory (of the workspace "],
    [
      'no artifact service and no path',
      {},
      'path: the artifacts of this workflow run cannot be read (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL not set: not a GitHub Actions job): give path, a directory of reports',
    ],
    ['sarif', { sarif: 'reports', path: 'reports' }, "sarif: 'reports' is a directory: give a file name"],
  ]
  for (const [name, inputs, message] of bad) {
    it(`a bad ${name} fails the step with one line naming it`, async () => {
      const run = await runBundledAction(REPORT_ACTION, inputs, { 'reports/y2038-report.json': RECORDED })
      assert.equal(run.code, 1)
      const errors = annotationCommands(run.stdout, 'error')
      assert.equal(errors.length, 1, run.stdout)
      assert.ok(errors[0]!.message.startsWith(message), errors[0]!.message)
      assert.equal(run.outputs.result, undefined)
    })
  }
})
