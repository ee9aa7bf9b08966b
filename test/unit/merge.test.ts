/**
 * Reading and merging reports (src/report/merge.ts), the artifact names
 * (src/report/artifact-name.ts) and SARIF (src/report/sarif.ts), from the recorded i386
 * bookworm report (version 4) and reports made from it.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { INVALID_ARTIFACT_NAME_CHARACTERS, artifactKey } from '../../src/report/artifact-name.js'
import {
  type ReadInput,
  type ReadReport,
  cellText,
  formatMergedText,
  mergeReports,
  readInput,
  toMergedJson,
} from '../../src/report/merge.js'
import { toSarif } from '../../src/report/sarif.js'
import type { Finding } from '../../src/verdict/detect.js'
import { sarifSchemaErrors } from '../support/sarif-schema.js'

const RECORDED = readFileSync(new URL('../fixtures/report-i386-bookworm-step.json', import.meta.url), 'utf8')
const AFTER = '2038-01-20T00:00:00Z'
const BEFORE = '2038-01-18T00:00:00Z'
const FAR = '2040-01-01T00:00:00Z'

/** The recorded report (i386, dates BEFORE pass and AFTER with lines 4 and 5 failing), changed. */
function report(change: (r: ReadReport) => void = () => {}): ReadReport {
  const r = JSON.parse(RECORDED) as ReadReport
  r.schemaVersion = 5
  change(r)
  return r
}

/** A report of one date: pass, or the recorded findings of AFTER moved to that date. */
function oneDate(arch: string, date: string, fails: boolean): ReadReport {
  return report((r) => {
    const template = r.dates.find((d) => d.date === (fails ? AFTER : BEFORE))!
    r.target.arch = arch
    r.findings = fails
      ? r.findings.map((f) => ({ ...f, arch, date, message: date === FAR ? `${f.message} (far)` : f.message }))
      : []
    r.dates = [{ ...template, date, findings: r.findings.length, outcome: fails ? 'fail' : 'pass' }]
    r.result = fails ? 'fail' : 'pass'
  })
}

const asInput = (source: string, r: unknown): ReadInput => readInput({ source, text: JSON.stringify(r) })

describe('reading a report', () => {
  test('the recorded version 4 report is read as it is', () => {
    const read = readInput({ source: 'a.json', text: RECORDED })
    assert.equal(read.kind, 'report')
    assert.equal(read.kind === 'report' && read.report.target.arch, 'i386')
  })

  test('another schema version is named, with the version that wrote it', () => {
    const r = report((x) => {
      x.schemaVersion = 3
    })
    assert.deepEqual(asInput('old.json', r), {
      kind: 'problem',
      source: 'old.json',
      problem: 'version',
      detail: `schema version 3 (from y2038-action ${r.tool.version}); this version reads 4, 5, 6, 7 and 8`,
    })
    const future = readInput({ source: 'f', text: JSON.stringify({ ...r, schemaVersion: 9 }) })
    assert.equal(future.kind === 'problem' && future.problem, 'version')
  })

  test('a truncated report, an empty one, a missing one, and what is not a report', () => {
    const truncated = readInput({ source: 't.json', text: RECORDED.slice(0, 500) })
    assert.equal(truncated.kind, 'problem')
    assert.equal(truncated.kind === 'problem' && truncated.problem, 'unreadable')
    assert.match(
      truncated.kind === 'problem' ? truncated.detail : '',
      /^not complete JSON \(truncated or damaged: .+\)$/,
    )
    assert.deepEqual(readInput({ source: 'e.json', text: '' }), {
      kind: 'problem',
      source: 'e.json',
      problem: 'unreadable',
      detail: 'not complete JSON (empty)',
    })
    assert.deepEqual(readInput({ source: 'gone.json', text: undefined, missing: 'no such file' }), {
      kind: 'problem',
      source: 'gone.json',
      problem: 'missing',
      detail: 'no such file',
    })
    assert.deepEqual(asInput('pkg.json', { name: 'x', version: '1' }), {
      kind: 'problem',
      source: 'pkg.json',
      problem: 'unreadable',
      detail: 'not a y2038 report',
    })
  })

  test('a report without a field the merge needs names the field', () => {
    const r = report() as unknown as { dates: Record<string, unknown>[] }
    delete r.dates[1]!.outcome
    assert.deepEqual(asInput('x', r), {
      kind: 'problem',
      source: 'x',
      problem: 'unreadable',
      detail: 'a report without dates[1].outcome',
    })
    const noTarget = report() as unknown as Record<string, unknown>
    delete noTarget.target
    assert.equal((asInput('y', noTarget) as { detail: string }).detail, 'a report without target')
  })
})

describe('merging reports', () => {
  const six = [
    ['i386', BEFORE, false],
    ['i386', AFTER, true],
    ['i386', FAR, true],
    ['amd64', BEFORE, false],
    ['amd64', AFTER, false],
    ['amd64', FAR, false],
  ] as const
  const inputs = six.map(([arch, date, fails]) => asInput(`${arch}-${date}`, oneDate(arch, date, fails)))
  const merged = mergeReports([...inputs].reverse())

  test('one row per target, one column per date, earliest first; each cell pass or the number of findings', () => {
    assert.deepEqual(
      merged.targets.map((t) => t.label),
      ['amd64 bookworm, clock step', 'i386 bookworm, clock step'],
    )
    assert.deepEqual(merged.dates, [BEFORE, AFTER, FAR])
    assert.deepEqual(
      merged.targets.map((t) => merged.dates.map((d) => cellText(merged.cells[t.key]?.[d]))),
      [
        ['pass', 'pass', 'pass'],
        ['pass', '2 findings', '2 findings'],
      ],
    )
    assert.equal(merged.result, 'fail')
    assert.equal(merged.findings, 4)
    assert.equal(merged.firstFailingDate, AFTER)
    assert.deepEqual(merged.problems, [])
  })

  test('each failing line once, with the first date it fails at on each target and its message there', () => {
    assert.deepEqual(
      merged.lines.map((l) => [l.where, l.command, l.targets.map((t) => [t.label, t.date, t.signature])]),
      [
        ['probe.sh:4', 'busybox stat /tmp/newfile', [['i386 bookworm, clock step', AFTER, 'eoverflow']]],
        ['probe.sh:5', 'sudo -n true', [['i386 bookworm, clock step', AFTER, 'sudo-time-of-day']]],
      ],
    )
    assert.equal(
      merged.lines[0]!.targets[0]!.message,
      "stat: can't stat '/tmp/newfile': Value too large for defined data type",
    )
  })

  test('other outcomes, packages and init in the row, and a job that started without a report', () => {
    const booted = oneDate('armhf', AFTER, false)
    booted.dates[0]!.outcome = 'boot-failure'
    booted.dates[0]!.findings = 1
    const withPackages = oneDate('i386', AFTER, false)
    withPackages.target.packages = ['sudo', 'python3']
    const systemd = oneDate('i386', AFTER, false)
    systemd.target.init = 'systemd'
    const started = {
      kind: 'y2038-started',
      artifact: 'y2038-report-amd64-trixie-step-base-2040-01-01T000000Z-00000000',
      startedAt: '2026-11-29T10:00:00Z',
      target: { arch: 'amd64', suite: 'trixie', clock: 'step', packages: [] },
      dates: [FAR],
    }
    // Published: its report was read from a directory named after the artifact.
    const startedAndDone = {
      ...started,
      artifact: 'y2038-report-amd64-bookworm-done',
      target: { ...started.target, suite: 'bookworm' },
    }
    const m = mergeReports([
      asInput('a', booted),
      asInput('b', withPackages),
      asInput('c', systemd),
      asInput('d', started),
      asInput('e', startedAndDone),
      asInput('artifacts/y2038-report-amd64-bookworm-done/y2038-report.json', oneDate('amd64', FAR, false)),
    ])
    assert.deepEqual(
      m.targets.map((t) => [t.label, ...m.dates.map((d) => cellText(m.cells[t.key]?.[d]))]),
      [
        ['amd64 bookworm, clock step', '-', 'pass'],
        ['amd64 trixie, clock step', '-', 'no report'],
        ['armhf bookworm, clock step', 'boot-failure', '-'],
        ['i386 bookworm, clock step, init systemd', 'pass', '-'],
        ['i386 bookworm (python3 sudo), clock step', 'pass', '-'],
      ],
    )
    assert.deepEqual(m.problems, [
      {
        source: started.artifact,
        problem: 'missing',
        detail: `the job for amd64 trixie, clock step at ${FAR} started at 2026-11-29T10:00:00Z and published no report: cancelled, timed out or failed before its end`,
      },
    ])
    assert.equal(m.result, 'fail')
    assert.equal(m.firstFailingDate, AFTER)
  })

  test('a report without init and one with init sh are one row; nothing failed but a report missing is incomplete', () => {
    const sh = oneDate('i386', FAR, false)
    sh.target.init = 'sh'
    const m = mergeReports([
      asInput('a', oneDate('i386', BEFORE, false)),
      asInput('b', sh),
      readInput({ source: 'c.json', text: '{"schemaVersion": 5, "tool": {"name": "y2038-action"' }),
    ])
    assert.deepEqual(
      m.targets.map((t) => t.label),
      ['i386 bookworm, clock step'],
    )
    assert.equal(m.result, 'incomplete')
    assert.equal(m.firstFailingDate, undefined)
    assert.equal(mergeReports([]).result, 'incomplete')
    assert.equal(mergeReports([asInput('a', oneDate('i386', BEFORE, false))]).result, 'pass')
  })

  test("a target's search: its first failing second per target, and the run's first failing date", () => {
    const searched = oneDate('i386', AFTER, true)
    searched.search = {
      from: '2036-12-01T00:00:00Z',
      to: '2038-02-01T00:00:00Z',
      scanRuns: 4,
      bisectionRuns: 8,
      confirmationRuns: 2,
      stepsRanOut: false,
      firstFailing: '2037-01-19T03:14:08Z',
      lines: [],
    }
    const m = mergeReports([asInput('i386', searched), asInput('amd64', oneDate('amd64', AFTER, false))])
    assert.deepEqual(
      m.targets.map((t) => [t.arch, t.searchFirstFailing]),
      [
        ['amd64', undefined],
        ['i386', '2037-01-19T03:14:08Z'],
      ],
    )
    assert.equal(m.firstFailingDate, '2037-01-19T03:14:08Z')
    assert.match(
      formatMergedText(m),
      /^First failing second, per target that searched:\n {2}i386 bookworm, clock step: 2037-01-19T03:14:08Z$/m,
    )
    assert.doesNotMatch(formatMergedText(merged), /First failing second/)
  })

  test('the text: the grid, the failing lines, the reports not read, the result', () => {
    const text = formatMergedText(
      mergeReports([
        ...inputs,
        asInput('old.json', { ...oneDate('i386', BEFORE, false), schemaVersion: 3 }),
        readInput({ source: 'gone.json', text: undefined, missing: 'no such file' }),
      ]),
    )
    const version = (JSON.parse(RECORDED) as ReadReport).tool.version
    assert.equal(
      text,
      [
        'y2038 report: 6 report(s), 2 target(s) × 3 date(s)',
        '',
        'target                      2038-01-18T00:00:00Z  2038-01-20T00:00:00Z  2040-01-01T00:00:00Z',
        'amd64 bookworm, clock step  pass                  pass                  pass',
        'i386 bookworm, clock step   pass                  2 findings            2 findings',
        '',
        'Failing lines (the first date each fails at, per target):',
        '  probe.sh:4  busybox stat /tmp/newfile',
        "      i386 bookworm, clock step: from 2038-01-20T00:00:00Z: stat: can't stat '/tmp/newfile': Value too large for defined data type",
        '  probe.sh:5  sudo -n true',
        '      i386 bookworm, clock step: from 2038-01-20T00:00:00Z: sudo: unable to get time of day: Value too large for defined data type',
        '',
        'Reports not read:',
        `  old.json: version: schema version 3 (from y2038-action ${version}); this version reads 4, 5, 6, 7 and 8`,
        '  gone.json: missing: no such file',
        '',
        'FAIL  Year-2038 failures found: 4 finding(s); first failing date 2038-01-20T00:00:00Z',
        '',
      ].join('\n'),
    )
  })

  test('the merged JSON: the grid by target, the lines, the problems and every report whole', () => {
    const json = toMergedJson(merged, '1.2.3')
    assert.equal(json.kind, 'y2038-merged-report')
    assert.equal(json.schemaVersion, 8)
    assert.deepEqual(json.tool, { name: 'y2038-action', version: '1.2.3' })
    assert.equal(json.result, 'fail')
    assert.equal(json.firstFailingDate, AFTER)
    assert.deepEqual(
      json.targets.map((t) => [t.arch, t.cells.map((c) => c.text)]),
      [
        ['amd64', ['pass', 'pass', 'pass']],
        ['i386', ['pass', '2 findings', '2 findings']],
      ],
    )
    assert.equal(json.reports.length, 6)
    assert.equal('key' in json.targets[0]!, false)
  })
})

describe('artifact names', () => {
  const identity = {
    arch: 'i386',
    suite: 'bookworm',
    clock: 'step',
    packages: [],
    dates: [AFTER],
    rest: { probe: 'ci/probe.sh' },
  }

  test('made from the target and the dates, with a digest of the rest', () => {
    const key = artifactKey(identity)
    assert.match(key, /^i386-bookworm-step-base-2038-01-20T000000Z-[0-9a-f]{8}$/)
    assert.equal(artifactKey(identity), key)
    assert.doesNotMatch(key, INVALID_ARTIFACT_NAME_CHARACTERS)
    assert.notEqual(artifactKey({ ...identity, rest: { probe: 'ci/other.sh' } }), key)
    assert.match(
      artifactKey({ ...identity, packages: ['python3', 'libfoo-bin'], init: 'systemd', dates: [BEFORE, AFTER] }),
      /^i386-bookworm-step-systemd-python3\+libfoo-bin-2038-01-18T000000Z_2038-01-20T000000Z-[0-9a-f]{8}$/,
    )
  })

  test('many packages and dates stay short, and still differ', () => {
    const packages = Array.from({ length: 30 }, (_, i) => `package${i}`)
    const dates = Array.from({ length: 12 }, (_, i) => `20${40 + i}-01-01T00:00:00Z`)
    const key = artifactKey({ ...identity, packages, dates })
    assert.ok(key.length < 160, key)
    assert.match(key, /\+more-2040-01-01T000000Z_to_2051-01-01T000000Z_12-dates-[0-9a-f]{8}$/)
    assert.notEqual(artifactKey({ ...identity, packages: [...packages, 'one-more'], dates }), key)
  })
})

describe('SARIF', () => {
  const reports = [oneDate('i386', AFTER, true), oneDate('i386', FAR, true), oneDate('amd64', AFTER, false)]
  const sarif = toSarif(reports, { toolVersion: '1.2.3', category: 'y2038/report' })

  test('validates against the SARIF 2.1.0 schema (and the check is not vacuous)', () => {
    assert.deepEqual(sarifSchemaErrors(sarif), [])
    const broken = structuredClone(sarif)
    broken.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region!.startLine = 0
    assert.equal(sarifSchemaErrors(broken).length, 1)
  })

  test('the command as bash ran it follows the command in the message', () => {
    const ran = oneDate('i386', AFTER, true)
    ran.findings = ran.findings.map((f) => ({ ...f, command: 'test "$(prog)" = 2038', ranAs: 'test 1970 = 2038' }))
    const results = toSarif([ran], { toolVersion: '1.2.3', category: 'y2038/report' }).runs[0]!.results!
    assert.ok(results.length > 0)
    for (const r of results)
      assert.match(r.message.text!, /: test "\$\(prog\)" = 2038 \(ran as `test 1970 = 2038`\) failed at /)
  })

  test("a search's first failing second rides on the results of its line, not on another line's", () => {
    const searched = oneDate('i386', AFTER, true)
    searched.search = {
      from: '2038-01-18T00:00:00Z',
      to: '2038-01-20T00:00:00Z',
      scanRuns: 2,
      bisectionRuns: 2,
      confirmationRuns: 1,
      stepsRanOut: false,
      firstFailing: '2038-01-19T03:14:08Z',
      lines: [
        {
          line: 5,
          command: 'sudo -n true',
          verdict: 'changes',
          changes: [
            { to: 'fail', lastBefore: '2038-01-19T03:14:07Z', firstAfter: '2038-01-19T03:14:08Z', exact: true },
          ],
        },
      ],
    }
    const results = toSarif([searched], { toolVersion: '1.2.3', category: 'y2038/report' }).runs[0]!.results!
    assert.deepEqual(
      results.map((r) => [r.locations![0]!.physicalLocation!.region!.startLine, r.properties?.firstFailingSecond]),
      [
        [4, undefined],
        [5, '2038-01-19T03:14:08Z'],
      ],
    )
  })

  test('one result per finding, at the probe and its line, the rule its signature, date and target in the message', () => {
    const run = sarif.runs[0]!
    assert.deepEqual(
      run.results!.map((r) => [
        r.ruleId,
        r.locations![0]!.physicalLocation!.artifactLocation!.uri,
        r.locations![0]!.physicalLocation!.region!.startLine,
      ]),
      [
        ['eoverflow', 'probe.sh', 4],
        ['sudo-time-of-day', 'probe.sh', 5],
        ['eoverflow', 'probe.sh', 4],
        ['sudo-time-of-day', 'probe.sh', 5],
      ],
    )
    assert.equal(
      run.results![0]!.message.text,
      "probe.sh:4: busybox stat /tmp/newfile failed at 2038-01-20T00:00:00Z on i386 bookworm, clock step: stat: can't stat '/tmp/newfile': Value too large for defined data type (exit status 1)",
    )
    assert.match(run.results![2]!.message.text!, / failed at 2040-01-01T00:00:00Z on i386 bookworm, clock step: /)
    assert.deepEqual(
      run.tool.driver.rules!.map((r) => [r.id, r.shortDescription!.text]),
      [
        ['eoverflow', 'A 32-bit time_t could not hold a time (EOVERFLOW)'],
        ['sudo-time-of-day', 'Sudo could not read the time of day'],
      ],
    )
    assert.deepEqual(
      run.results!.map((r) => r.ruleIndex),
      [0, 1, 0, 1],
    )
    assert.equal(run.automationDetails!.id, 'y2038/report/')
    const fingerprints = run.results!.map((r) => r.partialFingerprints!['y2038FindingHash/v1'])
    assert.equal(new Set(fingerprints).size, 4)
  })

  test('a setup finding is on the setup script; without a file (built-in probe, install, boot) it is a notification', () => {
    const setupFinding: Finding = {
      date: AFTER,
      clock: 'step',
      arch: 'i386',
      suite: 'bookworm',
      stage: 'setup',
      line: 2,
      command: 'make check',
      message: 'make: *** [check] Error 1',
      signature: { id: 'exit-status', match: 'exit status 2' },
      exitStatus: 2,
    }
    const boot: Finding = {
      ...setupFinding,
      date: FAR,
      stage: 'boot',
      message: 'Kernel panic',
      signature: { id: 'kernel-panic', match: 'Kernel panic' },
    }
    delete boot.line
    delete boot.command
    delete boot.exitStatus
    const withSetup = oneDate('i386', AFTER, true)
    withSetup.setup = { kind: 'file', path: 'ci/setup.sh' }
    withSetup.findings.push(setupFinding)
    const builtin = oneDate('i386', FAR, true)
    builtin.probe = { kind: 'builtin' }
    builtin.findings.push(boot)
    const log = toSarif([withSetup, builtin], { toolVersion: '1.2.3', category: 'y2038/i386' })
    assert.deepEqual(sarifSchemaErrors(log), [])
    const run = log.runs[0]!
    assert.deepEqual(
      run.results!.map((r) => [
        r.ruleId,
        r.locations![0]!.physicalLocation!.artifactLocation!.uri,
        r.locations![0]!.physicalLocation!.region!.startLine,
      ]),
      [
        ['eoverflow', 'probe.sh', 4],
        ['sudo-time-of-day', 'probe.sh', 5],
        ['exit-status', 'ci/setup.sh', 2],
      ],
    )
    assert.deepEqual(
      run.invocations![0]!.toolExecutionNotifications!.map((n) => [n.descriptor!.id, n.message.text]),
      [
        [
          'eoverflow',
          "built-in probe:4: busybox stat /tmp/newfile failed at 2040-01-01T00:00:00Z on i386 bookworm, clock step: stat: can't stat '/tmp/newfile': Value too large for defined data type (far) (exit status 1) (no file of the repository to place it on)",
        ],
        [
          'sudo-time-of-day',
          'built-in probe:5: sudo -n true failed at 2040-01-01T00:00:00Z on i386 bookworm, clock step: sudo: unable to get time of day: Value too large for defined data type (far) (exit status 1) (no file of the repository to place it on)',
        ],
        [
          'kernel-panic',
          'boot failed at 2040-01-01T00:00:00Z on i386 bookworm, clock step: Kernel panic (no file of the repository to place it on)',
        ],
      ],
    )
  })
})
