/**
 * Benchmark of the probe's output path: how many lines a second reach the host through the
 * harness, on the default guest (i386 bookworm) under the accelerator in use. All figures
 * come from one invocation, so they read as ratios on a shared, noisy machine:
 *
 * - empty: a probe that prints nothing (the cost of a boot);
 * - harness: `seq 1 N`, framed by frame.pl in 64 KiB chunks, parsed on the host;
 *   lines/s = N / (its guest time - the empty probe's guest time);
 * - per-line framing: lines through the loop the harness used before (harness 1: dash
 *   reading each line and writing one record per line; at most 50,000 lines, it is slow),
 *   run inside the guest and timed there with `date +%s.%N`, so that the two rates are
 *   compared in one run.
 *
 *   npm run bench:throughput               # bundles first
 *   node --import tsx bench/throughput.ts [--lines N]   # default 6000000 (64 MiB is the most a probe sends)
 *
 * Needs root (or passwordless sudo), like the end-to-end tests. Exits non-zero when a run
 * does not pass or a figure cannot be read.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { buildGuestReport } from '../src/verdict/guest-report.js'
import type { JsonReport } from '../src/report/report.js'
import { parseRecords } from '../src/protocol/records.js'
import { CACHE_DIR, CLI } from '../test/e2e/helpers.js'

/** One record per line, as harness 1's init.sh framed the probe's output (dash). */
const PER_LINE_FRAMER = `emit() { seq=$((seq + 1)); printf '\\036Y2038|%s|%d|%s|%d|%s\\n' tok "$seq" "$1" "\${#2}" "$2"; }
seq=0
while IFS= read -r line || [ -n "$line" ]; do
  case $line in
  *"$MARK"*) emit mark "$line" ;;
  *) emit out "$line" ;;
  esac
done`

interface Run {
  label: string
  wallMs: number
  guestSeconds: number
  report: JsonReport
  outputDir: string
}

function parseLines(argv: string[]): number {
  const i = argv.indexOf('--lines')
  if (i === -1) return 6_000_000
  const n = Number(argv[i + 1])
  if (!Number.isInteger(n) || n < 1000) throw new Error(`--lines wants a whole number of at least 1000`)
  return n
}

function run(label: string, script: string, leftovers: string[]): Run {
  const outputDir = mkdtempSync(path.join(os.tmpdir(), 'y2038-bench-'))
  leftovers.push(outputDir)
  const json = path.join(outputDir, 'report.json')
  process.stderr.write(`[bench] ${label}\n`)
  const started = performance.now()
  try {
    execFileSync(
      process.execPath,
      [CLI, '--cache-dir', CACHE_DIR, '--output', outputDir, '--json', json, '--date', '2038-01-18', '--run', script],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    )
  } catch (error) {
    throw new Error(`${label}: the run failed (${(error as Error).message.split('\n')[0]})`)
  }
  const wallMs = performance.now() - started
  const report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport
  const date = report.dates[0]!
  if (date.outcome !== 'pass') throw new Error(`${label}: outcome ${date.outcome}, not pass`)
  return { label, wallMs, guestSeconds: date.durationSeconds, report, outputDir }
}

/** Everything the probe printed, read back from the run's results port. */
function probeOutput(r: Run): string[] {
  const bootDir = readdirSync(r.outputDir).find((d) => d.startsWith('i386-'))!
  const dir = path.join(r.outputDir, bootDir)
  const token = /^Y2038_TOKEN='([0-9a-f]+)'$/m.exec(readFileSync(path.join(dir, 'share', 'config'), 'utf8'))![1]!
  const guest = buildGuestReport(parseRecords(readFileSync(path.join(dir, 'results.log')), token))
  return guest.lines.flatMap((l) => l.output)
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')

function main(): void {
  const lines = parseLines(process.argv.slice(2))
  const leftovers: string[] = []
  try {
    const empty = run('empty probe', 'true', leftovers)
    const harness = run(`harness: seq 1 ${lines}`, `seq 1 ${lines}`, leftovers)
    // Per-line framing is slow: a smaller count gives its rate in seconds, not minutes.
    const perLineLines = Math.min(lines, 50_000)
    const perLineScript = [
      `cat >/tmp/frame.sh <<'EOF'\n${PER_LINE_FRAMER}\nEOF`,
      `start=$(date +%s.%N); seq 1 ${perLineLines} | MARK=$'\\x1eY2038M' sh /tmp/frame.sh >/dev/null; end=$(date +%s.%N)`,
      `echo "per-line framing: $start $end"`,
    ].join('\n')
    const perLine = run(`per-line framing of ${perLineLines} lines, inside the guest`, perLineScript, leftovers)
    const said = probeOutput(perLine).find((l) => l.startsWith('per-line framing: '))
    const times = said?.split(' ').slice(2).map(Number)
    if (!times || times.length !== 2 || times.some((t) => !Number.isFinite(t)))
      throw new Error(`could not read the per-line framing time (${said ?? 'no output'})`)
    const perLineSeconds = times[1]! - times[0]!
    const harnessSeconds = harness.guestSeconds - empty.guestSeconds
    if (harnessSeconds <= 0) throw new Error(`the harness run took no longer than the empty one`)
    const harnessRate = lines / harnessSeconds
    const perLineRate = perLineLines / perLineSeconds
    const accel = harness.report.target.accel.toUpperCase()
    const rows = [
      ['empty probe: guest time', `${empty.guestSeconds.toFixed(1)} s`],
      [`harness, ${fmt(lines)} lines: guest time`, `${harness.guestSeconds.toFixed(1)} s`],
      ['harness: lines per second (over the empty probe)', fmt(harnessRate)],
      ['harness: host wall time of the run', `${(harness.wallMs / 1000).toFixed(1)} s`],
      [`per-line framing (harness 1), ${fmt(perLineLines)} lines`, `${perLineSeconds.toFixed(1)} s`],
      ['per-line framing: lines per second', fmt(perLineRate)],
      ['harness / per-line framing', `${(harnessRate / perLineRate).toFixed(0)}x`],
    ]
    const width = Math.max(...rows.map((r) => r[0]!.length))
    console.log(`Probe output throughput, i386 bookworm, ${accel}, ${os.cpus().length} CPUs`)
    for (const [label, value] of rows) console.log(`  ${label!.padEnd(width)}  ${value}`)
  } finally {
    for (const dir of leftovers) rmSync(dir, { recursive: true, force: true })
  }
}

main()
