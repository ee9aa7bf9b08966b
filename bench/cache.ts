/**
 * Benchmark of the Actions cache for the default guest (i386 bookworm): a cold run of the
 * bundled action (empty local cache directory, empty cache service: builds both artifacts,
 * boots once, saves), then warm runs (a fresh empty local cache directory each, the same
 * service: restores both artifacts, boots once). All runs happen in one invocation so that
 * the figures can be read as ratios on a shared, noisy machine.
 *
 *   npm run bench                         # bundles first
 *   node --import tsx bench/cache.ts [--warm-runs N]   # N = 1 or more, default 2
 *
 * Needs root (or passwordless sudo), like the end-to-end tests. Exits non-zero if a run
 * fails, a guest's probe did not run to its end, the cold run did not build and save both
 * artifacts, or a warm run built anything.
 */
import { execFileSync } from 'node:child_process'
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { type CacheService, startCacheService } from '../test/support/cache-service.js'
import { ACTION, type ActionRun, NODE24, runAction } from '../test/e2e/action-runner.js'
import type { JsonReport } from '../src/report/report.js'

// One requested date per run (with the control date: one boot, saved, and two restores). On i386 bookworm `sudo -n true` fails at this date (32-bit time_t): a
// Year-2038 finding, which by default fails the step. fail-on: never reports it without failing,
// so exit code 0 means the action itself worked; that the probe ran is checked in the report.
const INPUTS = { dates: '2038-01-20T00:00:00Z', run: 'sudo -n true', 'fail-on': 'never' }

/** Outcomes of a boot whose probe ran to its end: what the benchmark means to time. */
const PROBE_OUTCOMES = ['pass', 'fail']

interface Measured {
  label: string
  wallMs: number
  /** Log groups in the order they appeared: title and the time the action printed for it. */
  groups: { title: string; ms: number }[]
  run: ActionRun
  /** The outcome of each boot, from the action's JSON report (undefined if it wrote none). */
  outcomes?: string[]
  findings?: number
}

/** The groups of the step log: `::group::<title>` ... `<title>: <seconds> s` ... `::endgroup::`. */
function parseGroups(stdout: string): { title: string; ms: number }[] {
  const groups: { title: string; ms: number }[] = []
  let open: string | undefined
  for (const line of stdout.split('\n')) {
    if (line.startsWith('::group::')) {
      open = line.slice('::group::'.length)
    } else if (line.startsWith('::endgroup::')) {
      open = undefined
    } else if (open !== undefined && line.startsWith(`${open}: `)) {
      const m = /^(\d+(?:\.\d+)?) s$/.exec(line.slice(open.length + 2))
      // The control date is the runner's clock: one row for it in every run.
      if (m)
        groups.push({ title: open.replace(/^Control at \S+/, 'Control at the runner date'), ms: Number(m[1]) * 1000 })
    }
  }
  return groups
}

function parseWarmRuns(argv: string[]): number {
  const i = argv.indexOf('--warm-runs')
  if (i === -1) return 2
  const n = Number(argv[i + 1])
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--warm-runs wants a whole number of at least 1, got ${argv[i + 1]}`)
  return n
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1)
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a')
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

function sumGroups(m: Measured, test: (title: string) => boolean): number {
  return m.groups.filter((g) => test(g.title)).reduce((total, g) => total + g.ms, 0)
}

/** Time in guests: the boot that is saved, the control date and the requested date. */
const isBoot = (title: string): boolean =>
  title.startsWith('Boot at ') || title.startsWith('Control at ') || title.startsWith('Boot once and save')
const isRestore = (title: string): boolean =>
  title.startsWith('Kernel and initramfs') || title.startsWith('Root filesystem')
const isSave = (title: string): boolean => title.startsWith('Save the guest')

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)))
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

function hostFacts(): string[][] {
  const kvm = existsSync('/dev/kvm')
  let kvmAccess = false
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK)
    kvmAccess = true
  } catch {
    kvmAccess = false
  }
  const actionNode = execFileSync(NODE24, ['--version']).toString().trim()
  return [
    ['nproc', execFileSync('nproc').toString().trim()],
    ['/dev/kvm', kvm ? (kvmAccess ? 'present, read-write' : 'present, no access') : 'absent'],
    ['node (benchmark)', process.version],
    ['node (action)', actionNode],
    ['kernel', `${os.type()} ${os.release()} ${os.arch()}`],
    ['memory', `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`],
    [
      'load average (1/5/15 min)',
      os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' / '),
    ],
  ]
}

function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n')
}

async function main(): Promise<number> {
  const warmRuns = parseWarmRuns(process.argv.slice(2))
  if (!existsSync(ACTION)) throw new Error(`${ACTION} is missing: run npm run bundle first`)
  const facts = hostFacts()
  const problems: string[] = []
  const leftovers: string[] = []
  const measured: Measured[] = []
  let service: CacheService | undefined
  try {
    service = await startCacheService()
    const env = service.env
    const measure = async (label: string): Promise<Measured> => {
      const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'y2038-bench-cache-'))
      leftovers.push(cacheDir)
      process.stderr.write(`[bench] ${label}: running the action (local cache ${cacheDir})\n`)
      const started = performance.now()
      const run = await runAction(INPUTS, {}, { ...env, Y2038_CACHE_DIR: cacheDir })
      const wallMs = performance.now() - started
      leftovers.push(run.workspace, `${run.workspace}-runner-temp`)
      process.stderr.write(`[bench] ${label}: exit ${run.code} after ${seconds(wallMs)} s\n`)
      const m: Measured = { label, wallMs, groups: parseGroups(run.stdout), run }
      const reportFile = run.outputs.report
      if (reportFile && existsSync(reportFile)) {
        const report = JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport
        m.outcomes = report.dates.map((d) => d.outcome)
        m.findings = report.findings.length
      }
      measured.push(m)
      return m
    }

    const cold = await measure('cold')
    if (cold.run.code !== 0) problems.push(`the cold run failed (exit ${cold.run.code})`)
    else {
      if (!/Building kernel /.test(cold.run.stdout) || !/Building the \S+ root filesystem/.test(cold.run.stdout))
        problems.push('the cold run did not build both artifacts')
      const saved = service.entries().filter((e) => e.finalized).length
      if (saved < 2) problems.push(`the cold run saved ${saved} cache entries, not 2`)
    }
    if (problems.length === 0) {
      for (let i = 1; i <= warmRuns; i++) {
        const warm = await measure(`warm ${i}`)
        if (warm.run.code !== 0) problems.push(`${warm.label}: the run failed (exit ${warm.run.code})`)
        if (warm.run.stdout.includes('Building')) problems.push(`${warm.label}: the warm run built something`)
        const restored = warm.run.stdout.match(/^Restored \S+ from the Actions cache/gm) ?? []
        if (warm.run.code === 0 && restored.length !== 2)
          problems.push(`${warm.label}: restored ${restored.length} artifacts from the Actions cache, not 2`)
        if (problems.length > 0) break
      }
    }

    for (const m of measured) {
      if (m.run.code !== 0) continue
      if (m.groups.filter((g) => isBoot(g.title)).length !== 1)
        problems.push(`${m.label}: not exactly one "Boot at ..." group with a time in its log`)
      if (!m.outcomes) problems.push(`${m.label}: the action wrote no JSON report`)
      else if (m.outcomes.length !== 1 || !PROBE_OUTCOMES.includes(m.outcomes[0]!))
        problems.push(`${m.label}: the guest's probe did not run to its end (outcome ${m.outcomes.join(', ')})`)
    }
    const distinct = new Set(measured.filter((m) => m.outcomes).map((m) => m.outcomes!.join(',')))
    if (distinct.size > 1) problems.push(`the runs disagree on the outcome (${[...distinct].join(' / ')})`)

    // Per run: wall time and each log group.
    const titles: string[] = []
    for (const m of measured) for (const g of m.groups) if (!titles.includes(g.title)) titles.push(g.title)
    const cell = (m: Measured, title: string) => {
      const g = m.groups.filter((x) => x.title === title)
      return g.length === 0 ? '-' : seconds(g.reduce((t, x) => t + x.ms, 0))
    }
    const perRun: string[][] = [
      ['wall time of the action', ...measured.map((m) => seconds(m.wallMs))],
      ...titles.map((t) => [`  ${t}`, ...measured.map((m) => cell(m, t))]),
      ['  (outside any group)', ...measured.map((m) => seconds(m.wallMs - sumGroups(m, () => true)))],
      ['exit code', ...measured.map((m) => String(m.run.code))],
      ['cache-hit output', ...measured.map((m) => m.run.outputs['cache-hit'] ?? '-')],
      ['result output', ...measured.map((m) => m.run.outputs.result ?? '-')],
      ['boot outcome (report)', ...measured.map((m) => m.outcomes?.join(', ') ?? '-')],
      ['findings (report)', ...measured.map((m) => (m.findings === undefined ? '-' : String(m.findings)))],
    ]

    // Derived figures.
    const inside = (m: Measured) => sumGroups(m, isBoot)
    const outside = (m: Measured) => m.wallMs - inside(m)
    const derived: string[][] = [
      ['time inside the guest (Boot at ... groups)', ...measured.map((m) => seconds(inside(m)))],
      ['time outside the guest (wall - boot groups)', ...measured.map((m) => seconds(outside(m)))],
      ['kernel + root filesystem groups (build / restore)', ...measured.map((m) => seconds(sumGroups(m, isRestore)))],
      ['save group', ...measured.map((m) => seconds(sumGroups(m, isSave)))],
    ]

    process.stdout.write(`\ny2038-action cache benchmark: i386 bookworm, inputs ${JSON.stringify(INPUTS)}\n\n`)
    process.stdout.write(`Host\n${table(['fact', 'value'], facts)}\n\n`)
    const header = ['seconds', ...measured.map((m) => m.label)]
    process.stdout.write(`Per run (times printed by the action, 0.1 s resolution)\n${table(header, perRun)}\n\n`)
    process.stdout.write(`Derived\n${table(header, derived)}\n\n`)

    const [first, ...warms] = measured
    if (first && warms.length > 0) {
      const summary: string[][] = [
        ['cold: save time (Save the guest group)', seconds(sumGroups(first, isSave))],
        ['cold: build time (kernel + root filesystem groups)', seconds(sumGroups(first, isRestore))],
      ]
      for (const w of warms) {
        summary.push(
          [`${w.label}: restore time (kernel + root filesystem groups)`, seconds(sumGroups(w, isRestore))],
          [`${w.label}/cold: wall time`, ratio(w.wallMs, first.wallMs)],
          [`${w.label}/cold: time outside the guest`, ratio(outside(w), outside(first))],
          [`${w.label}/cold: time inside the guest`, ratio(inside(w), inside(first))],
        )
      }
      if (warms.length > 1) {
        const spread = (f: (m: Measured) => number) => {
          const values = warms.map(f)
          return `${seconds(Math.min(...values))} .. ${seconds(Math.max(...values))} s`
        }
        summary.push(
          ['warm spread: wall time', spread((m) => m.wallMs)],
          ['warm spread: time outside the guest', spread(outside)],
          ['warm spread: restore time', spread((m) => sumGroups(m, isRestore))],
          ['warm spread: time inside the guest', spread(inside)],
        )
      }
      process.stdout.write(`Summary\n${table(['figure', 'value'], summary)}\n\n`)
    }

    const entries = service.entries()
    const entryRows = entries.map((e) => [
      e.key,
      e.finalized ? 'yes' : 'no',
      e.sizeBytes === undefined ? '-' : mib(e.sizeBytes),
      e.sizeBytes === undefined ? '-' : String(e.sizeBytes),
    ])
    const total = entries.reduce((t, e) => t + (e.sizeBytes ?? 0), 0)
    entryRows.push(['total', '', mib(total), String(total)])
    process.stdout.write(
      `Saved cache entries\n${table(['key', 'finalized', 'size', 'bytes'], entryRows)}\n` +
        `(${service.calls.length} calls to the cache service in all)\n\n`,
    )

    if (problems.length > 0) {
      for (const m of measured)
        process.stderr.write(`\n[bench] last lines of the ${m.label} run's log:\n${tail(m.run.stdout)}\n`)
      process.stdout.write(`NOT VALID:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`)
      return 1
    }
    process.stdout.write(
      'All runs completed, each with one boot whose probe ran to its end; the cold run built and saved,' +
        ' the warm runs only restored.\n',
    )
    return 0
  } finally {
    await service?.stop()
    for (const dir of leftovers) rmSync(dir, { recursive: true, force: true })
  }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    process.stderr.write(`[bench] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    process.exitCode = 1
  },
)
