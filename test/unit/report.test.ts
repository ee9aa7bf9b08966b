import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import Ajv2020 from 'ajv/dist/2020.js'
import { bootDateFor, formatInstant, parseInstant } from '../../src/config/dates.js'
import { type DateVerdict, evaluateBoot } from '../../src/verdict/detect.js'
import { settleDates } from '../../src/report/settle.js'
import type { DateResult, RunReport, SearchReport } from '../../src/report/model.js'
import { buildGuestReport, type GuestReport } from '../../src/verdict/guest-report.js'
import type { RunOptions } from '../../src/config/options.js'
import { kernelRecipe, recipeKey, userlandRecipe } from '../../src/image/recipe.js'
import {
  REPORT_SCHEMA_VERSION,
  firstFailingDate,
  formatTextReport,
  runResult,
  toJsonReport,
} from '../../src/report/report.js'
import { parseRecords } from '../../src/protocol/records.js'
import { resolveTarget } from '../../src/config/targets.js'
import { VERSION } from '../../src/config/version.js'

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url))
}

/**
 * A RunReport from the recorded guests, its dates settled by the engine's own settleDates.
 * With `withControl`, the 2038-01-18 run is the control date and 2038-01-20 the one date asked for.
 */
function realisticReport(withControl = false): RunReport {
  const target = resolveTarget('i386', 'bookworm')
  const options: RunOptions = {
    dates: [parseInstant('2038-01-18')!, parseInstant('2038-01-20')!],
    arch: 'i386',
    suite: 'bookworm',
    packages: [],
    probe: { kind: 'file', path: '/work/repo/probe.sh', relativePath: 'probe.sh' },
    clock: 'step',
    mirror: 'http://deb.debian.org/debian',
    timeoutSeconds: 600,
    accel: 'auto',
    cacheDir: '/cache/y2038-action',
    audit: 'packages',
    failOn: 'findings',
    control: withControl ? parseInstant('2038-01-18')! : undefined,
    debs: [],
    init: 'sh',
    systemdTarget: 'multi-user.target',
    crossMarginSeconds: 30,
    confirm: true,
  }
  const guests: GuestReport[] = [
    buildGuestReport(parseRecords(fixture('i386-bookworm-step-2038-01-18-userprobe.results'), '8484961eaea3')),
    buildGuestReport(parseRecords(fixture('i386-bookworm-step-2038-01-20-userprobe.results'), 'e94a8d4c95a2')),
  ]
  const consoleText = fixture('i386-bookworm-step-2038-01-20.console.log').toString('utf8')
  const boots = options.dates.map((date, i) => {
    const guest = guests[i]!
    const verdict: DateVerdict = evaluateBoot({
      date,
      clock: options.clock,
      arch: options.arch,
      suite: options.suite,
      guest,
      console: consoleText,
      timedOut: false,
      timeoutSeconds: options.timeoutSeconds,
      durationMs: 13_000 + i * 100,
    })
    const stamp = formatInstant(date).replace(/:/g, '')
    const result: Omit<DateResult, 'outcome' | 'findings'> = {
      date: formatInstant(date),
      bootDate: formatInstant(bootDateFor(date, options.clock)),
      clock: options.clock,
      durationSeconds: 13 + i / 10,
      reachedProbe: guest.clockAtProbe !== undefined,
      guestClockAtProbe: formatInstant(new Date(guest.clockAtProbe! * 1000)),
      timeT: guest.timeT,
      consoleLog: `/out/i386-bookworm-step-${stamp}/console.log`,
    }
    return { date, verdict, result }
  })
  const { dates, findings, ignored, control } = withControl ? settleDates(boots.slice(1), boots[0]) : settleDates(boots)
  if (withControl) options.dates = options.dates.slice(1)
  const kRecipe = kernelRecipe(target, options.mirror)
  const uRecipe = userlandRecipe(target, options.mirror, options.packages)
  return {
    accel: 'tcg',
    target,
    options,
    kernel: {
      key: recipeKey(kRecipe),
      dir: '/cache/k',
      source: 'local',
      built: false,
      buildSeconds: 26.2,
      release: '6.1.0-50-686',
    },
    userland: { key: recipeKey(uRecipe), dir: '/cache/u', source: 'built', built: true, buildSeconds: 13.7 },
    dates,
    ...(control ? { control } : {}),
    findings,
    ignored,
    flaky: [],
    audit: {
      mode: 'packages',
      affected: true,
      note: 'no packages given: give packages to audit them, or audit: all for every ELF file',
      packages: [],
      findings: [],
    },
    startedAt: '2026-11-29T05:21:24.770Z',
    durationSeconds: 25.9,
  }
}

describe('the realistic report', () => {
  const report = realisticReport()

  test('is what the recorded run found: pass before, lines 4 and 5 after, line 6 ignored', () => {
    assert.deepEqual(
      report.dates.map((d) => d.outcome),
      ['pass', 'fail'],
    )
    assert.deepEqual(
      report.findings.map((f) => f.line),
      [4, 5],
    )
    assert.deepEqual(
      report.ignored.map((i) => [i.finding.date, i.finding.line]),
      [
        ['2038-01-18T00:00:00Z', 6],
        ['2038-01-20T00:00:00Z', 6],
      ],
    )
    assert.equal(runResult(report), 'fail')
  })
})

describe('the realistic report with the 2038-01-18 run as its control', () => {
  const report = realisticReport(true)

  test('one date asked for; line 6, failing at the control too, is set aside; lines 4 and 5 stay', () => {
    assert.deepEqual(
      report.dates.map((d) => [d.date, d.outcome]),
      [['2038-01-20T00:00:00Z', 'fail']],
    )
    assert.deepEqual(
      report.findings.map((f) => f.line),
      [4, 5],
    )
    assert.deepEqual(
      report.ignored.map((i) => [i.finding.date, i.finding.line, i.reason]),
      [['2038-01-20T00:00:00Z', 6, 'fails the same way at the control date (2038-01-18T00:00:00Z)']],
    )
  })

  test('the control is apart from the dates: its own line in the text, its own section in JSON', () => {
    const text = formatTextReport(report).split('\n')
    assert.equal(
      text[1],
      'control: 2038-01-18T00:00:00Z, 1 probe line(s) failed there (13 s; console: /out/i386-bookworm-step-2038-01-18T000000Z/console.log)',
    )
    assert.equal(text.filter((l) => l.startsWith('2038-01-18T00:00:00Z')).length, 0)
    const json = toJsonReport(report, VERSION)
    assert.deepEqual(
      json.dates.map((d) => d.date),
      ['2038-01-20T00:00:00Z'],
    )
    assert.equal(json.control!.date, '2038-01-18T00:00:00Z')
    assert.equal(json.control!.outcome, 'fail')
    assert.deepEqual(
      json.control!.failures.map((f) => f.line),
      [6],
    )
    assert.equal(json.result, 'fail')
  })

  test('validates against docs/report.schema.json', () => {
    const schema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'))
    const validate = new Ajv2020.default({ allErrors: true, strict: false, validateFormats: false }).compile(schema)
    const data = JSON.parse(JSON.stringify(toJsonReport(report, VERSION))) as { control: Record<string, unknown> }
    assert.ok(validate(data), JSON.stringify(validate.errors))
    delete data.control.failures
    assert.equal(validate(data), false)
  })
})

describe('formatTextReport', () => {
  const report = realisticReport()
  const text = formatTextReport(report)
  const lines = text.split('\n')

  test('a header naming the target, clock and kernel, then the control', () => {
    assert.equal(lines[0], 'y2038: i386 bookworm, clock step, TCG, kernel 6.1.0-50-686')
    assert.equal(lines[1], 'control: none (a line that fails at every date counts as a finding)')
  })

  test('one block per date, with its outcome, duration and time_t', () => {
    const heads = lines.filter((l) => /^\d{4}-\d{2}-\d{2}T/.test(l))
    assert.deepEqual(heads, [
      '2038-01-18T00:00:00Z  PASS  no Year-2038 failures  (13 s, time_t 32-bit)',
      '2038-01-20T00:00:00Z  FAIL  Year-2038 failures found  (13.1 s, time_t 32-bit)',
    ])
    assert.equal(lines.filter((l) => l.startsWith('  console: ')).length, 2)
  })

  test('a date with findings says once what fixes them; a date that passed does not', () => {
    const fix =
      "  Fix: rebuild with -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64 (glibc 2.34 or later); Debian's own i386 packages keep a 32-bit time_t in every release."
    assert.equal(lines.filter((l) => l === fix).length, 1)
    const passed = text.slice(text.indexOf('2038-01-18T00:00:00Z  PASS'), text.indexOf('2038-01-20T00:00:00Z  FAIL'))
    assert.equal(passed.includes('Fix:'), false)
  })

  test('each finding shows probe.sh:LINE, the command, the message and the exit status', () => {
    const block = text.slice(text.indexOf('2038-01-20T00:00:00Z  FAIL'), text.indexOf('Not Year-2038 failures'))
    assert.ok(
      block.includes(
        [
          '  probe.sh:4  busybox stat /tmp/newfile',
          "      stat: can't stat '/tmp/newfile': Value too large for defined data type",
          '      exit status 1',
        ].join('\n'),
      ),
      block,
    )
    assert.ok(
      block.includes(
        [
          '  probe.sh:5  sudo -n true',
          '      sudo: unable to get time of day: Value too large for defined data type',
          '      exit status 1',
        ].join('\n'),
      ),
      block,
    )
    assert.ok(!block.includes('probe.sh:6'))
  })

  test('the pass block has no findings', () => {
    const block = text.slice(text.indexOf('2038-01-18T00:00:00Z  PASS'), text.indexOf('2038-01-20T00:00:00Z  FAIL'))
    assert.doesNotMatch(block, /probe\.sh:/)
  })

  test('ignored failures are listed once, after the dates', () => {
    const at = lines.indexOf(
      'Not Year-2038 failures (they fail the same way at the control date or before the rollover):',
    )
    assert.ok(at > 0)
    assert.equal(
      lines[at + 1],
      "  probe.sh:6  ls /nonexistent: ls: cannot access '/nonexistent': No such file or directory",
    )
    assert.equal(lines.filter((l) => l.startsWith('  probe.sh:6')).length, 1)
  })

  test('set-aside and flaky findings are placed as the findings of a date are: a setup line, a unit without a line', () => {
    const probeLine = report.ignored[0]!.finding
    const setupLine = { ...probeLine, stage: 'setup' as const, line: 2 }
    const unit = { ...probeLine, stage: 'services' as const, line: undefined, program: 'cron.service' }
    const out = formatTextReport({
      ...report,
      options: { ...report.options, setup: { kind: 'inline', script: 'x' } },
      ignored: [setupLine, unit].map((finding) => ({ finding, reason: 'r' })),
      flaky: [{ finding: unit, reason: 'changed' }],
    }).split('\n')
    assert.ok(out.some((l) => l.startsWith('  setup:2  ls /nonexistent: ')))
    assert.ok(out.some((l) => l.startsWith('  services  ls /nonexistent: ')))
    assert.ok(out.some((l) => l.startsWith(`  ${probeLine.date}  services  ls /nonexistent: `)))
    assert.ok(!out.some((l) => /probe\.sh:undefined|probe\.sh: {2}/.test(l)))
  })

  test('the command as bash ran it, under its place, in the text and the JSON (valid)', () => {
    const withRan: RunReport = {
      ...report,
      dates: report.dates.map((d) => ({
        ...d,
        findings: d.findings.map((f) => (f.line === 4 ? { ...f, ranAs: 'test 1970 = 2038' } : f)),
      })),
    }
    withRan.findings = withRan.dates.flatMap((d) => d.findings)
    const out = formatTextReport(withRan).split('\n')
    const at = out.findIndex((l) => l.startsWith('  probe.sh:4'))
    assert.equal(out[at + 1], '      ran as: test 1970 = 2038')
    assert.equal(out.filter((l) => l.includes('ran as:')).length, 1)
    const schema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'))
    const validate = new Ajv2020.default({ allErrors: true, strict: false, validateFormats: false }).compile(schema)
    const json = JSON.parse(JSON.stringify(toJsonReport(withRan, VERSION))) as { findings: Array<{ ranAs?: string }> }
    assert.ok(validate(json), JSON.stringify(validate.errors))
    assert.deepEqual(json.findings.map((f) => f.ranAs).filter(Boolean), ['test 1970 = 2038'])
  })

  test('a summary line at the end', () => {
    assert.ok(text.endsWith('\n'))
    assert.equal(lines.at(-2), '2 finding(s); 1 of 2 date(s) passed; 25.9 s')
  })

  test('the built-in probe and an inline probe are named as such', () => {
    const builtin = formatTextReport({ ...report, options: { ...report.options, probe: { kind: 'builtin' } } })
    assert.match(builtin, /^ {2}built-in probe:4 {2}busybox stat/m)
    const inline = formatTextReport({
      ...report,
      options: { ...report.options, probe: { kind: 'inline', script: 'x' } },
    })
    assert.match(inline, /^ {2}run:5 {2}sudo -n true/m)
  })

  test('a check name is shown in brackets', () => {
    const withCheck = {
      ...report,
      dates: report.dates.map((d) => ({ ...d, findings: d.findings.map((f) => ({ ...f, check: 'busybox-stat' })) })),
    }
    assert.match(formatTextReport(withCheck), /^ {2}probe\.sh:4 {2}\[busybox-stat\] busybox stat \/tmp\/newfile$/m)
  })

  test('a boot failure shows where, the message and the last console lines', () => {
    const date = parseInstant('2038-01-20')!
    const verdict = evaluateBoot({
      date,
      clock: 'boot',
      arch: 'i386',
      suite: 'bookworm',
      guest: buildGuestReport(parseRecords(Buffer.alloc(0), 'x')),
      console: fixture('i386-bookworm-boot-2038-01-20.console.log').toString('utf8'),
      timedOut: false,
      timeoutSeconds: 600,
      durationMs: 5000,
    })
    const bootReport: RunReport = {
      ...report,
      options: { ...report.options, clock: 'boot' },
      dates: [
        {
          ...report.dates[1]!,
          bootDate: '2038-01-20T00:00:00Z',
          clock: 'boot',
          guestClockAtProbe: undefined,
          reachedProbe: false,
          outcome: verdict.outcome,
          findings: verdict.findings,
        },
      ],
      findings: verdict.findings,
      ignored: [],
    }
    const out = formatTextReport(bootReport)
    assert.match(out, /^2038-01-20T00:00:00Z {2}FAIL {2}the guest did not boot/m)
    assert.match(out, /^ {2}boot {2}initramfs$/m)
    assert.match(out, /^ {6}the guest did not boot: \/init: line/m)
    assert.equal(out.split('\n').filter((l) => l.startsWith('      | ')).length, 8)
    assert.match(out, /^ {6}\| \[ +4\.158330\] Kernel panic - not syncing/m)
    assert.match(out, /0 of 1 date\(s\) passed/)
  })

  test('a guest clock other than the date is shown', () => {
    const moved = { ...report, dates: [{ ...report.dates[0]!, guestClockAtProbe: '1970-01-01T00:00:12Z' }] }
    assert.match(formatTextReport(moved), /^ {2}guest clock at probe start: 1970-01-01T00:00:12Z$/m)
    assert.doesNotMatch(text, /guest clock at probe start/)
  })

  test('a kernel note is shown in the header', () => {
    const trixie = { ...report, target: resolveTarget('i386', 'trixie') }
    assert.match(
      formatTextReport(trixie).split('\n')[0]!,
      /^y2038: i386 trixie, clock step, TCG, kernel 6\.1\.0-50-686 \(trixie has no i386 kernel/,
    )
  })
})

describe('toJsonReport', () => {
  const report = realisticReport()
  const json = toJsonReport(report, VERSION)

  test('schema version 7, the tool, the rollover and the result', () => {
    assert.equal(json.schemaVersion, 8)
    assert.equal(REPORT_SCHEMA_VERSION, 8)
    assert.deepEqual(json.tool, { name: 'y2038-action', version: VERSION })
    assert.equal(json.rollover, '2038-01-19T03:14:08Z')
    assert.equal(json.result, 'fail')
    assert.equal(json.startedAt, '2026-11-29T05:21:24.770Z')
  })

  test('findings with line numbers, as in the recorded report', () => {
    assert.deepEqual(
      json.findings.map((f) => [f.line, f.signature.id, f.exitStatus]),
      [
        [4, 'eoverflow', 1],
        [5, 'sudo-time-of-day', 1],
      ],
    )
    const recorded = JSON.parse(fixture('report-i386-bookworm-step.json').toString('utf8'))
    assert.deepEqual(JSON.parse(JSON.stringify(json.findings)), recorded.findings)
    assert.deepEqual(JSON.parse(JSON.stringify(json.ignored)), recorded.ignored)
  })

  test('the target, probe, artifacts and dates', () => {
    const recorded = JSON.parse(fixture('report-i386-bookworm-step.json').toString('utf8'))
    // Recorded before version 5, which added init.
    assert.deepEqual(json.target, { ...recorded.target, init: 'sh' })
    assert.deepEqual(json.probe, { kind: 'file', path: 'probe.sh' })
    assert.deepEqual(json.artifacts.kernel, { key: report.kernel.key, built: false, buildSeconds: 26.2 })
    assert.match(json.artifacts.kernel.key, /^kernel-i386-bookworm-[0-9a-f]{16}$/)
    assert.deepEqual(json.artifacts.userland, { key: report.userland.key, built: true, buildSeconds: 13.7 })
    assert.deepEqual(
      json.dates.map((d) => [d.date, d.bootDate, d.outcome, d.findings, d.guestClockAtProbe, d.timeT]),
      [
        ['2038-01-18T00:00:00Z', '2038-01-18T00:00:00Z', 'pass', 0, '2038-01-18T00:00:00Z', 32],
        ['2038-01-20T00:00:00Z', '2038-01-18T00:00:00Z', 'fail', 2, '2038-01-20T00:00:00Z', 32],
      ],
    )
  })

  test('the setup script: its path for a file, its kind alone inline, nothing without one', () => {
    assert.equal('setup' in json, false)
    const withFile = toJsonReport(
      {
        ...report,
        options: {
          ...report.options,
          setup: { kind: 'file', path: '/work/repo/ci/setup.sh', relativePath: 'ci/setup.sh' },
        },
      },
      VERSION,
    )
    assert.deepEqual(withFile.setup, { kind: 'file', path: 'ci/setup.sh' })
    const inline = toJsonReport(
      { ...report, options: { ...report.options, setup: { kind: 'inline', script: 'true\n' } } },
      VERSION,
    )
    assert.deepEqual(inline.setup, { kind: 'inline' })
    assert.deepEqual(
      Object.keys(withFile).slice(Object.keys(withFile).indexOf('probe'), Object.keys(withFile).indexOf('probe') + 3),
      ['probe', 'setup', 'artifacts'],
    )
  })

  test('a builtin probe has no path; a kernel note is kept', () => {
    const other = toJsonReport(
      {
        ...report,
        target: resolveTarget('i386', 'trixie'),
        options: { ...report.options, probe: { kind: 'builtin' } },
      },
      VERSION,
    )
    assert.deepEqual(other.probe, { kind: 'builtin' })
    assert.match(other.target.kernel.note!, /trixie has no i386 kernel/)
    assert.equal(other.target.qemu, 'qemu-system-x86_64')
    assert.equal('note' in json.target.kernel, false)
  })

  test('result is pass only when every date passed', () => {
    const passing = {
      ...report,
      dates: report.dates.map((d) => ({ ...d, outcome: 'pass' as const, findings: [] })),
      findings: [],
    }
    assert.equal(toJsonReport(passing, VERSION).result, 'pass')
    const wrong = { ...report, dates: [{ ...report.dates[0]!, outcome: 'wrong-date' as const }] }
    assert.equal(toJsonReport(wrong, VERSION).result, 'fail')
  })

  test('a search: in the JSON (valid against the schema), the text, and the first failing date', () => {
    const search: SearchReport = {
      from: '2038-01-18T00:00:00Z',
      to: '2038-01-20T00:00:00Z',
      scanRuns: 2,
      bisectionRuns: 4,
      confirmationRuns: 1,
      stepsRanOut: false,
      firstFailing: '2038-01-19T03:14:07Z',
      lines: [
        {
          line: 1,
          command: 'systemd-analyze timestamp now',
          verdict: 'changes',
          changes: [
            { to: 'fail', lastBefore: '2038-01-19T03:14:06Z', firstAfter: '2038-01-19T03:14:07Z', exact: true },
          ],
          beforeRollover: true,
        },
      ],
    }
    const searched = toJsonReport({ ...report, search }, VERSION)
    assert.deepEqual(searched.search, search)
    assert.equal('search' in json, false)
    const schema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'))
    const validate = new Ajv2020.default({ allErrors: true, strict: false, validateFormats: false }).compile(schema)
    assert.ok(validate(JSON.parse(JSON.stringify(searched))), JSON.stringify(validate.errors))
    const bad = { ...search, lines: [{ ...search.lines[0]!, verdict: 'sometimes' }] }
    assert.equal(validate(JSON.parse(JSON.stringify({ ...searched, search: bad }))), false)
    // Earlier than any date that failed (2038-01-20 in this report).
    assert.equal(firstFailingDate(searched), '2038-01-19T03:14:07Z')
    assert.equal(firstFailingDate(json), '2038-01-20T00:00:00Z')
    assert.match(
      formatTextReport({ ...report, search }),
      /^When each line changes \(search 2038-01-18T00:00:00Z to 2038-01-20T00:00:00Z;/m,
    )
    assert.doesNotMatch(formatTextReport(report), /When each line changes/)
  })

  test('validates against docs/report.schema.json', () => {
    const schema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'))
    const ajv = new Ajv2020.default({ allErrors: true, strict: false, validateFormats: false })
    const validate = ajv.compile(schema)
    const data = JSON.parse(JSON.stringify(json)) as Record<string, unknown>
    assert.ok(validate(data), JSON.stringify(validate.errors))
    // A version 4 report (the recorded one) is a version 8 report without `setup`.
    const recorded = JSON.parse(fixture('report-i386-bookworm-step.json').toString('utf8')) as Record<string, unknown>
    assert.equal(recorded.schemaVersion, 4)
    assert.equal(validate(recorded), false)
    assert.ok(validate({ ...recorded, schemaVersion: 8 }), JSON.stringify(validate.errors))
    assert.equal(validate({ ...data, schemaVersion: 4 }), false)
    assert.ok(validate({ ...data, setup: { kind: 'file', path: 'ci/setup.sh' } }), JSON.stringify(validate.errors))
    assert.equal(validate({ ...data, setup: { kind: 'url' } }), false)
    assert.equal('control' in data, false)
    const withoutAudit = { ...data }
    delete withoutAudit.audit
    assert.equal(validate(withoutAudit), false)
  })
})
