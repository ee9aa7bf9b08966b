import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { buildSummary, capSummary, code, servicesSection } from '../../src/action/summary.js'
import { parseOptions } from '../../src/config/options.js'
import { resolveTarget } from '../../src/config/targets.js'
import type { DateResult, RunReport } from '../../src/report/model.js'
import type { Finding } from '../../src/verdict/detect.js'
import { bashSyntaxError } from '../../src/host/bash-syntax.js'

describe('capSummary', () => {
  test('a summary under the limit is unchanged', () => {
    assert.equal(capSummary('## title\n\nbody\n', 100), '## title\n\nbody\n')
  })

  test('a longer one is cut at a line under the limit, says so, and closes what it left open', () => {
    const long = [
      '## title',
      '<details><summary>x</summary>',
      '```text',
      ...Array.from({ length: 400 }, (_, i) => `line ${i}`),
    ].join('\n')
    const cut = capSummary(long, 1000)
    assert.ok(Buffer.byteLength(cut) <= 1000, `${Buffer.byteLength(cut)} bytes`)
    assert.match(
      cut,
      /\nline \d+\n```\n<\/details>\n\n> The summary was cut here: it was over the size GitHub shows\. The JSON report has everything\.\n$/,
    )
    assert.ok(cut.startsWith('## title\n<details>'))
  })

  test('multi-byte text is cut at a line, never inside a character', () => {
    const first = 'é'.repeat(500)
    const cut = capSummary(`${first}\n${'ü'.repeat(2000)}\n`, 3000)
    assert.ok(cut.startsWith(`${first}\n\n> The summary was cut here`), cut.slice(0, 80))
    assert.ok(!cut.includes('\uFFFD'))
    assert.ok(!cut.includes('ü'))
  })
})

describe('buildSummary: findings of the stages before the probe', () => {
  let base: string
  let repo: string

  before(() => {
    base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'y2038-summary-')))
    repo = path.join(base, 'repo')
    mkdirSync(path.join(repo, 'ci'), { recursive: true })
    writeFileSync(path.join(repo, 'p.sh'), 'date -u\n')
    writeFileSync(path.join(repo, 'ci', 'setup.sh'), 'echo a\nexit 1\nls /missing\n')
  })

  after(() => {
    rmSync(base, { recursive: true, force: true })
  })

  const at = { date: '2038-01-20T00:00:00Z', clock: 'step', arch: 'i386', suite: 'bookworm' } as const
  const setupLine: Finding = {
    ...at,
    stage: 'setup',
    line: 3,
    command: 'ls /missing',
    program: 'ls',
    message: "ls: cannot access '/missing': No such file or directory",
    signature: { id: 'exit-status', match: 'exit status 2' },
    exitStatus: 2,
  }
  const installFailed: Finding = {
    ...at,
    stage: 'install',
    program: 'dpkg',
    message: 'the installation of the .debs (dpkg --install) failed: dpkg: error processing archive x.deb (--install):',
    signature: { id: 'setup-failed', match: '' },
    context: ['dpkg: error processing archive x.deb (--install):'],
  }

  function report(setup: string, findings: Finding[]): RunReport {
    const options = parseOptions(
      { probe: 'p.sh', setup, dates: '2038-01-20', control: 'none' },
      { repositoryRoot: repo, syntaxError: bashSyntaxError, env: {} },
    )
    return {
      accel: 'tcg',
      target: resolveTarget('i386', 'bookworm'),
      options,
      kernel: { key: 'kernel-k', dir: '/c/k', source: 'local', built: false, buildSeconds: 1, release: '6.1.0-50-686' },
      userland: { key: 'userland-u', dir: '/c/u', source: 'local', built: false, buildSeconds: 1 },
      dates: [
        {
          date: at.date,
          bootDate: '2038-01-18T00:00:00Z',
          clock: 'step',
          outcome: 'fail',
          findings,
          durationSeconds: 10,
          reachedProbe: true,
          consoleLog: '/out/console.log',
        },
      ],
      findings,
      ignored: [],
      flaky: [],
      audit: { mode: 'packages', affected: false, note: 'nothing to audit', packages: [], findings: [] },
      startedAt: '2026-11-29T05:21:24.770Z',
      durationSeconds: 12,
    }
  }

  const context = {
    consoleTails: {},
    cache: { kernel: 'found', userland: 'found' },
    lineUrl: (file: string, line: number) => `https://example.org/blob/abc/${file}#L${line}`,
  }
  const findingRows = (markdown: string): string[] =>
    markdown.split('\n').filter((l) => l.startsWith(`| ${at.date} |`) && !l.includes(' s |'))

  test('a setup line finding is at the setup script, with a link to its line', () => {
    const markdown = buildSummary(report('ci/setup.sh', [setupLine]), context)
    assert.deepEqual(findingRows(markdown), [
      `| ${at.date} | [ci/setup.sh:3](https://example.org/blob/abc/ci/setup.sh#L3) | \`ls /missing\` | ls: cannot access '/missing': No such file or directory |`,
    ])
    assert.ok(markdown.includes('\n# setup line 3: ls /missing\n'), markdown)
  })

  test('an inline setup script: "setup line N", pointing at no file', () => {
    const markdown = buildSummary(report('echo a\nexit 1\nls /missing\n', [setupLine]), context)
    assert.deepEqual(findingRows(markdown), [
      `| ${at.date} | setup line 3 | \`ls /missing\` | ls: cannot access '/missing': No such file or directory |`,
    ])
  })

  test('an install finding is at the stage install, with dpkg and its context', () => {
    const markdown = buildSummary(report('ci/setup.sh', [installFailed]), context)
    assert.deepEqual(findingRows(markdown), [
      `| ${at.date} | install | dpkg | the installation of the .debs (dpkg --install) failed: dpkg: error processing archive x.deb (--install): |`,
    ])
    assert.ok(
      markdown.includes(`\n# install: ${installFailed.message}\ndpkg: error processing archive x.deb (--install):\n`),
      markdown,
    )
  })

  test('a search: its section with the first failing second and a timeline per line in a text block', () => {
    const search = {
      from: '2038-01-18T00:00:00Z',
      to: '2038-01-20T00:00:00Z',
      scanRuns: 4,
      bisectionRuns: 4,
      confirmationRuns: 3,
      stepsRanOut: false,
      firstFailing: '2038-01-19T03:14:08Z',
      lines: [
        {
          line: 1,
          command: 'date -u',
          verdict: 'changes' as const,
          changes: [
            {
              to: 'fail' as const,
              lastBefore: '2038-01-19T03:14:07Z',
              firstAfter: '2038-01-19T03:14:08Z',
              exact: true,
            },
          ],
          beforeRollover: false,
        },
      ],
    }
    const markdown = buildSummary({ ...report('ci/setup.sh', []), search }, context)
    const section = markdown.slice(markdown.indexOf('### When each line changes'))
    assert.ok(section.length < markdown.length, markdown)
    assert.ok(section.includes('\n**First failing second: 2038-01-19T03:14:08Z**\n'), section)
    assert.ok(
      section.includes(
        '```text\np.sh:1  date -u\n  2038 ' +
          '='.repeat(36) +
          'X'.repeat(28) +
          ' 2038\n  passes until 2038-01-19T03:14:07Z, fails from 2038-01-19T03:14:08Z (the signed 32-bit time_t rollover)\n',
      ),
      section,
    )
    assert.equal(buildSummary(report('ci/setup.sh', []), context).includes('When each line changes'), false)
  })

  test('flaky lines are folded apart with their reason, never in the findings table', () => {
    const flakyLine: Finding = { ...setupLine, stage: 'probe', line: 2, command: 'test "$RANDOM" -lt 16384' }
    const reason = 'flaky: it passed when the date ran again from the same saved guest'
    const markdown = buildSummary({ ...report('ci/setup.sh', []), flaky: [{ finding: flakyLine, reason }] }, context)
    const folded = markdown.slice(markdown.indexOf('<details><summary>Flaky lines'))
    assert.ok(folded.length < markdown.length, markdown)
    assert.ok(
      folded.includes(
        `| \`test "$RANDOM" -lt 16384\` | ls: cannot access '/missing': No such file or directory | ${reason} |`,
      ),
      folded,
    )
    assert.equal(markdown.includes('### Findings'), false)
  })
})

describe('servicesSection (init: systemd)', () => {
  const JAN20 = '2038-01-20T00:00:00Z'
  const CONTROL = '2037-01-19T00:00:00Z'
  const dateResult = (date: string, extra: Partial<DateResult>): DateResult => ({
    date,
    bootDate: '2038-01-18T00:00:00Z',
    clock: 'step',
    outcome: 'pass',
    findings: [],
    durationSeconds: 100,
    reachedProbe: true,
    consoleLog: '/out/console.log',
    ...extra,
  })

  function systemdReport(dates: DateResult[], control?: DateResult, init: 'sh' | 'systemd' = 'systemd'): RunReport {
    const options = parseOptions(
      { init, dates: dates.map((d) => d.date).join(','), control: 'none' },
      { repositoryRoot: '/nonexistent-repo', syntaxError: bashSyntaxError, env: {} },
    )
    return {
      accel: 'tcg',
      target: resolveTarget('i386', 'bookworm'),
      options,
      kernel: { key: 'kernel-k', dir: '/c/k', source: 'local', built: false, buildSeconds: 1, release: '6.1.0-50-686' },
      userland: { key: 'userland-u', dir: '/c/u', source: 'local', built: false, buildSeconds: 1 },
      dates,
      ...(control ? { control } : {}),
      findings: dates.flatMap((d) => d.findings),
      ignored: [],
      flaky: [],
      audit: { mode: 'packages', affected: false, note: 'nothing to audit', packages: [], findings: [] },
      startedAt: '2026-11-29T05:21:24.770Z',
      durationSeconds: 200,
    }
  }

  const withFailures = systemdReport(
    [
      dateResult(JAN20, {
        outcome: 'fail',
        init: { kind: 'systemd', target: 'multi-user.target', seconds: 98.95, state: 'degraded' },
        services: [
          {
            unit: 'cron.service',
            state: 'failed',
            firstLine: 'cron.service: Main process exited, code=dumped, status=6/ABRT',
            guestTime: '2038-01-20T00:00:20Z',
          },
          { unit: 'serial-getty@ttyS0.service', state: 'failed-at-boot' },
        ],
      }),
    ],
    dateResult(CONTROL, { services: [{ unit: 'serial-getty@ttyS0.service', state: 'failed-at-boot' }] }),
  )

  test('the boot to the target, then one row per unit and date, the control first', () => {
    assert.deepEqual(servicesSection(withFailures), [
      '### Services (`init: systemd`)',
      '',
      'systemd reached `multi-user.target` 98.95 s after boot (degraded) before the harness ran.',
      '',
      '| Date | Unit | State | First failing line |',
      '| --- | --- | --- | --- |',
      `| ${CONTROL} (control) | \`serial-getty@ttyS0.service\` | failed at boot (not Year-2038) |  |`,
      `| ${JAN20} | \`cron.service\` | ❌ failed at 2038-01-20T00:00:20Z | \`cron.service: Main process exited, code=dumped, status=6/ABRT\` |`,
      `| ${JAN20} | \`serial-getty@ttyS0.service\` | failed at boot (not Year-2038) |  |`,
    ])
  })

  test('a unit failed with no line and no time (listed by systemctl): failed, an empty cell', () => {
    const report = systemdReport([dateResult(JAN20, { services: [{ unit: 'atd.service', state: 'failed' }] })])
    assert.deepEqual(servicesSection(report).slice(2), [
      '| Date | Unit | State | First failing line |',
      '| --- | --- | --- | --- |',
      `| ${JAN20} | \`atd.service\` | ❌ failed |  |`,
    ])
  })

  test('no unit failed: says so; the boot line without seconds or state', () => {
    const none = systemdReport([
      dateResult(JAN20, { init: { kind: 'systemd', target: 'graphical.target' }, services: [] }),
      dateResult('2038-01-18T00:00:00Z', {}),
    ])
    assert.deepEqual(servicesSection(none), [
      '### Services (`init: systemd`)',
      '',
      'systemd reached `graphical.target` before the harness ran.',
      '',
      'No unit failed at any date.',
    ])
    assert.deepEqual(servicesSection(systemdReport([dateResult(JAN20, {})])), [
      '### Services (`init: systemd`)',
      '',
      'No unit failed at any date.',
    ])
  })

  test('buildSummary has the section with init systemd only', () => {
    const context = { consoleTails: {}, cache: { kernel: 'found', userland: 'found' } }
    const markdown = buildSummary(withFailures, context)
    assert.ok(markdown.includes(`\n\n${servicesSection(withFailures).join('\n')}\n`), markdown)
    const sh = systemdReport(withFailures.dates, withFailures.control, 'sh')
    assert.ok(!buildSummary(sh, context).includes('### Services'))
  })
})

describe('code: inline code in a table cell', () => {
  test('a code span shows its text as it is, pipes escaped for the table', () => {
    assert.equal(code("Assertion 'x == 0' && a < b | c"), "`Assertion 'x == 0' && a < b \\| c`")
  })

  test('text with a backtick becomes <code>, escaped as HTML', () => {
    assert.equal(code('echo `date` && x<y'), '<code>echo `date` &amp;&amp; x&lt;y</code>')
  })
})
