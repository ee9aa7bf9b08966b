/**
 * Dates side by side (--parallel), on real i386 bookworm guests restored from one saved
 * boot: the same report as one date after another, in date order, each date's files its
 * own, and nothing one date wrote seen by another. The same again with each date restored
 * from the saved guest's RAM kept in a file (Y2038_RAM_FILE=on), and with a QEMU that refuses
 * that: each date then reads the whole saved state back, after one warning.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import type { JsonReport } from '../../src/report/report.js'
import { scratchDir } from '../support/scratch.js'
import { type CliRun, makeRepo, runCli } from './helpers.js'

// Line 1 fails if an earlier date's file is here; line 3 stats a new file (EOVERFLOW after the rollover).
const PROBE = [
  'if [ -e /root/y2038-mark ]; then echo "written at $(cat /root/y2038-mark)"; false; fi',
  'echo "$Y2038_DATE" > /root/y2038-mark',
  'busybox stat /root/y2038-mark',
  'echo "date $Y2038_DATE"',
  '',
].join('\n')
const DATES = ['2038-01-18', '2038-01-20', '2037-06-01', '2040-01-01']

/** What a report says, without what differs from run to run (times, directories). */
function verdicts(report: JsonReport) {
  return {
    dates: report.dates.map((d) => [d.date, d.outcome, d.guestClockAtProbe]),
    findings: report.findings.map((f) => [f.date, f.line, f.signature.id, f.command, f.message]),
  }
}

const ARGS = ['--probe', 'probe.sh', '--control', 'none', ...DATES.flatMap((d) => ['--date', d])]
const expected = {
  dates: [
    ['2038-01-18T00:00:00Z', 'pass', '2038-01-18T00:00:00Z'],
    ['2038-01-20T00:00:00Z', 'fail', '2038-01-20T00:00:00Z'],
    ['2037-06-01T00:00:00Z', 'pass', '2037-06-01T00:00:00Z'],
    ['2040-01-01T00:00:00Z', 'fail', '2040-01-01T00:00:00Z'],
  ],
  findings: ['2038-01-20T00:00:00Z', '2040-01-01T00:00:00Z'].map((date) => [
    date,
    3,
    'eoverflow',
    'busybox stat /root/y2038-mark',
    "stat: can't stat '/root/y2038-mark': Value too large for defined data type",
  ]),
}
// Each date, and each run again to confirm a finding (two of them).
const GUESTS = DATES.length + 2

/** One start of the wrapped QEMU: what it was, and for a RAM file's QEMU the file's SHA-256 once it ended. */
interface QemuStart {
  kind: 'template' | 'clone' | 'stream' | 'boot' | 'other'
  ramSha?: string
}

/**
 * A qemu-system-i386 first in PATH for one run: the real one, except that it ends at once, as
 * a QEMU without the feature would, when its arguments hold `refuse`. It logs what each start
 * was and, once a QEMU with a RAM file has ended, the file's SHA-256.
 */
function wrappedQemu(refuse?: string): { env: NodeJS.ProcessEnv; starts: () => QemuStart[] } {
  const dir = scratchDir('y2038-e2e-qemu-')
  const real = execFileSync('sh', ['-c', 'command -v qemu-system-i386'], { encoding: 'utf8' }).trim()
  const log = path.join(dir, 'starts.log')
  const script = [
    '#!/bin/bash',
    ...(refuse
      ? [
          `case "$*" in *'${refuse}'*) echo "qemu-system-i386: ${refuse}: not supported by this QEMU" >&2; exit 1;; esac`,
        ]
      : []),
    `'${real}' "$@"`,
    'status=$?',
    // The template is the QEMU that never runs its guest (-S); a clone, any other with a RAM file.
    'case " $* " in *" -S "*) kind=template;; *mem-path=*) kind=clone;; *exec:cat*) kind=stream;; *-kernel*) kind=boot;; *) kind=other;; esac',
    "ram=$(printf '%s\\n' \"$@\" | sed -n 's/.*mem-path=\\([^,]*\\).*/\\1/p')",
    'sha=; [ -z "$ram" ] || sha=$(sha256sum "$ram" | cut -d" " -f1)',
    `echo "$kind $sha" >> '${log}'`,
    'exit $status',
    '',
  ].join('\n')
  writeFileSync(path.join(dir, 'qemu-system-i386'), script, { mode: 0o755 })
  return {
    env: { PATH: `${dir}:${process.env.PATH}` },
    starts: () =>
      (existsSync(log) ? readFileSync(log, 'utf8') : '')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [kind, ramSha] = line.split(' ')
          return { kind: kind as QemuStart['kind'], ...(ramSha ? { ramSha } : {}) }
        }),
  }
}

const count = (starts: QemuStart[], kind: QemuStart['kind']) => starts.filter((s) => s.kind === kind).length

/**
 * The dates, three at a time, with Y2038_RAM_FILE=on and the wrapped QEMU (refusing `refuse`):
 * whichever way each date was restored, the report of every other run, each date from the saved guest.
 */
async function fromRamFile(refuse?: string): Promise<{ run: CliRun; starts: QemuStart[] }> {
  const qemu = wrappedQemu(refuse)
  const run = await runCli([...ARGS, '--parallel', '3'], makeRepo({ 'probe.sh': PROBE }), {
    ...qemu.env,
    Y2038_RAM_FILE: 'on',
  })
  assert.equal(run.code, 1, run.stderr)
  assert.deepEqual(verdicts(run.report!), expected)
  for (const d of run.report!.dates) assert.equal(d.fromSnapshot, true, d.date)
  return { run, starts: qemu.starts() }
}

describe('dates side by side', () => {
  it('--parallel 3 gives the report of --parallel 1, in the order the dates were given, each in its own restored guest', async () => {
    const args = ARGS
    const serial = await runCli([...args, '--parallel', '1'], makeRepo({ 'probe.sh': PROBE }))
    const parallel = await runCli([...args, '--parallel', '3'], makeRepo({ 'probe.sh': PROBE }))
    for (const run of [serial, parallel]) assert.equal(run.code, 1, run.stderr)
    assert.deepEqual(verdicts(serial.report!), expected)
    assert.deepEqual(verdicts(parallel.report!), expected)
    for (const d of parallel.report!.dates) assert.equal(d.fromSnapshot, true, d.date)

    assert.doesNotMatch(serial.stderr, /at a time/)
    assert.match(parallel.stderr, /^4 dates, up to 3 at a time/m)
    // Each date's log is told whole, in the order the dates were given.
    const told = [...parallel.stderr.matchAll(/^==> Boot at (\S+)/gm)].map((m) => m[1])
    assert.deepEqual(
      told,
      expected.dates.map((d) => d[0]),
    )
    // Each date's results came from its own guest.
    for (const d of parallel.report!.dates) {
      const results = readFileSync(path.join(path.dirname(d.consoleLog), 'results.log'), 'latin1')
      assert.match(results, new RegExp(`date ${d.date}`), d.date)
      for (const other of expected.dates.map((e) => e[0]).filter((o) => o !== d.date))
        assert.doesNotMatch(results, new RegExp(`date ${other}`), `${other} in the results of ${d.date}`)
      assert.ok(existsSync(d.consoleLog), d.consoleLog)
    }
  })

  it('from a RAM file (Y2038_RAM_FILE=on), --parallel 3 gives the same report; each date maps the file privately and leaves it as it was', async () => {
    const { run, starts } = await fromRamFile()
    assert.match(run.stderr, /^Kept the saved guest's RAM in a file in [\d.]+ s/m)
    assert.doesNotMatch(run.stderr, /^warning:/m)
    assert.equal(count(starts, 'template'), 1, JSON.stringify(starts))
    assert.equal(count(starts, 'clone'), GUESTS, JSON.stringify(starts))
    assert.equal(count(starts, 'stream'), 0, JSON.stringify(starts))
    // The file after every date is the file the template made: nothing a guest wrote reached it.
    const made = starts.find((s) => s.kind === 'template')!.ramSha
    assert.match(made ?? '', /^[0-9a-f]{64}$/)
    for (const clone of starts.filter((s) => s.kind === 'clone')) assert.equal(clone.ramSha, made)
  })

  it('a QEMU without RAM files: one warning, and each date reads the whole saved guest back, with the same report', async () => {
    const { run, starts } = await fromRamFile('memory-backend-file')
    assert.deepEqual(run.stderr.match(/^warning:.*$/gm), [
      "warning: could not keep the saved guest's RAM in a file (qemu-system-i386: memory-backend-file: not supported by this QEMU): each date reads the whole saved guest back (exec:)",
    ])
    assert.equal(count(starts, 'clone'), 0, JSON.stringify(starts))
    assert.equal(count(starts, 'stream'), GUESTS, JSON.stringify(starts))
  })

  it('a RAM file its guests cannot load: one warning at the first dates, and each reads the whole saved guest back, with the same report', async () => {
    const { run, starts } = await fromRamFile('share=off')
    assert.deepEqual(run.stderr.match(/^warning:.*$/gm), [
      "warning: could not start from the saved guest's RAM file (qemu-system-i386: share=off: not supported by this QEMU): each date reads the whole saved guest back (exec:)",
    ])
    assert.equal(count(starts, 'template'), 1, JSON.stringify(starts))
    // The refused clones end before they log; every date ran from the whole state.
    assert.equal(count(starts, 'stream'), GUESTS, JSON.stringify(starts))
  })
})
