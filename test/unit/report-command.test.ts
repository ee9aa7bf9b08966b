/**
 * `y2038 report FILE...` (src/cli/report-command.ts) through the command line's main(): the
 * recorded i386 report and reports made from it, in files and in directories laid out as
 * downloaded artifacts, with a report of another version, a truncated one and a missing one.
 */
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { type CliIo, main } from '../../src/cli/cli.js'
import { REPORT_HELP } from '../../src/cli/report-command.js'
import { sarifSchemaErrors } from '../support/sarif-schema.js'

const RECORDED = readFileSync(new URL('../fixtures/report-i386-bookworm-step.json', import.meta.url), 'utf8')

let cwd: string

async function run(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env: {} }
  const code = await main(argv, io)
  return { code, stdout, stderr }
}

/** The recorded report as amd64 with every date passing. */
function passingAmd64(): string {
  const r = JSON.parse(RECORDED) as {
    target: { arch: string }
    dates: { outcome: string; findings: number }[]
    findings: unknown[]
  }
  r.target.arch = 'amd64'
  for (const d of r.dates) Object.assign(d, { outcome: 'pass', findings: 0 })
  r.findings = []
  return JSON.stringify(r)
}

before(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'y2038-report-cli-'))
  writeFileSync(path.join(cwd, 'i386.json'), RECORDED)
  // As actions/download-artifact leaves the artifacts: one directory each.
  mkdirSync(path.join(cwd, 'artifacts', 'y2038-report-amd64-x'), { recursive: true })
  writeFileSync(path.join(cwd, 'artifacts', 'y2038-report-amd64-x', 'y2038-report.json'), passingAmd64())
  writeFileSync(path.join(cwd, 'artifacts', 'y2038-report-amd64-x', 'y2038-console.log'), 'console\n')
  writeFileSync(path.join(cwd, 'truncated.json'), RECORDED.slice(0, 1000))
  writeFileSync(path.join(cwd, 'v3.json'), JSON.stringify({ ...JSON.parse(RECORDED), schemaVersion: 3 }))
  mkdirSync(path.join(cwd, 'empty'))
})

after(() => rmSync(cwd, { recursive: true, force: true }))

describe('y2038 report', () => {
  test('prints the grid of the reports in files and directories; exit 1 for a cell that did not pass', async () => {
    const result = await run('report', 'i386.json', 'artifacts')
    assert.equal(result.code, 1, result.stderr)
    assert.equal(result.stderr, '')
    assert.deepEqual(result.stdout.split('\n').slice(0, 5), [
      'y2038 report: 2 report(s), 2 target(s) × 2 date(s)',
      '',
      'target                      2038-01-18T00:00:00Z  2038-01-20T00:00:00Z',
      'amd64 bookworm, clock step  pass                  pass',
      'i386 bookworm, clock step   pass                  2 findings',
    ])
    assert.match(result.stdout, /^ {2}probe\.sh:4 {2}busybox stat \/tmp\/newfile$/m)
    assert.match(
      result.stdout,
      /^FAIL {2}Year-2038 failures found: 2 finding\(s\); first failing date 2038-01-20T00:00:00Z$/m,
    )
  })

  test('exit 0 when every cell passed', async () => {
    const result = await run('report', 'artifacts')
    assert.equal(result.code, 0, result.stdout)
    assert.match(result.stdout, /^PASS {2}no Year-2038 failures: 0 finding\(s\)$/m)
  })

  test('a report of another version, a truncated one, a missing one and an empty directory are named, not a crash', async () => {
    const result = await run('report', 'artifacts', 'v3.json', 'truncated.json', 'gone.json', 'empty')
    assert.equal(result.code, 1)
    const notRead = result.stdout.slice(result.stdout.indexOf('Reports not read:')).split('\n').slice(1, 5)
    assert.equal(
      notRead[0],
      `  v3.json: version: schema version 3 (from y2038-action 0.1.0); this version reads 4, 5, 6, 7 and 8`,
    )
    assert.match(notRead[1]!, /^ {2}truncated\.json: unreadable: not complete JSON \(truncated or damaged: .+\)$/)
    assert.equal(notRead[2], '  gone.json: missing: no such file or directory')
    assert.equal(notRead[3], '  empty: missing: a directory without y2038-report.json')
    assert.match(
      result.stdout,
      /^INCOMPLETE {2}nothing failed, but reports are missing or unreadable: 0 finding\(s\)$/m,
    )
  })

  test('--json writes the merged report, --sarif valid SARIF located at the probe lines', async () => {
    const result = await run('report', '--json', 'merged.json', '--sarif', 'out.sarif', 'i386.json', 'artifacts')
    assert.equal(result.code, 1)
    assert.equal(
      result.stderr,
      `merged JSON report: ${path.join(cwd, 'merged.json')}\nSARIF: ${path.join(cwd, 'out.sarif')}\n`,
    )
    const merged = JSON.parse(readFileSync(path.join(cwd, 'merged.json'), 'utf8'))
    assert.equal(merged.kind, 'y2038-merged-report')
    assert.deepEqual(
      merged.targets.map((t: { arch: string; cells: { text: string }[] }) => [t.arch, t.cells.map((c) => c.text)]),
      [
        ['amd64', ['pass', 'pass']],
        ['i386', ['pass', '2 findings']],
      ],
    )
    const sarif = JSON.parse(readFileSync(path.join(cwd, 'out.sarif'), 'utf8'))
    assert.deepEqual(sarifSchemaErrors(sarif), [])
    assert.deepEqual(
      sarif.runs[0].results.map(
        (r: {
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]
        }) => [
          r.locations[0]!.physicalLocation.artifactLocation.uri,
          r.locations[0]!.physicalLocation.region.startLine,
        ],
      ),
      [
        ['probe.sh', 4],
        ['probe.sh', 5],
      ],
    )
    assert.equal(sarif.runs[0].automationDetails.id, 'y2038/report/')
  })

  test('bad usage: exit 2 with one line naming what is wrong', async () => {
    assert.deepEqual(await run('report'), {
      code: 2,
      stdout: '',
      stderr: 'y2038 report: error: FILE: give one or more reports or directories of reports\n',
    })
    const missingDir = await run('report', '--json', 'nowhere/merged.json', 'i386.json')
    assert.equal(missingDir.code, 2)
    assert.equal(
      missingDir.stderr,
      `y2038 report: error: json: 'nowhere/merged.json': the directory ${path.join(cwd, 'nowhere')} does not exist\n`,
    )
    assert.equal(missingDir.stdout, '')
    const unknown = await run('report', '--csv', 'x', 'i386.json')
    assert.equal(unknown.code, 2)
    assert.match(unknown.stderr, /^y2038 report: Unknown option '--csv'.* \(see y2038 report --help\)\n$/)
    assert.deepEqual(await run('report', '--help'), { code: 0, stdout: REPORT_HELP, stderr: '' })
  })
})
