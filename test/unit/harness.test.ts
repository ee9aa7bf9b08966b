import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, test } from 'node:test'
import { parseInstant } from '../../src/config/dates.js'
import {
  PROBE_DISK_BYTES,
  builtinProbe,
  probeDiskBytes,
  probeText,
  scriptFifos,
  writeHarness,
  writeProbeDisk,
} from '../../src/guest/harness.js'
import { MAX_SCRIPT_BYTES } from '../../src/config/probe-text.js'
import { HARNESS_VERSION } from '../../src/protocol/names.js'
import { jobLine, newJob, newToken } from '../../src/protocol/job.js'
import { GUEST_SYSCALLS, type RunConfig, runConfigText } from '../../src/protocol/run-config.js'

const config: RunConfig = { clock: 'step', arch: 'i386', suite: 'bookworm' }

describe('runConfigText', () => {
  test('one single-quoted shell assignment per line', () => {
    assert.equal(
      runConfigText(config),
      [
        `Y2038_HARNESS_VERSION='${HARNESS_VERSION}'`,
        "Y2038_RESULTS_PORT='y2038'",
        "Y2038_JOB_PORT='y2038-job'",
        "Y2038_WORKDIR_SERIAL='y2038-work'",
        "Y2038_PROBE_SERIAL='y2038-probe'",
        "Y2038_PROBE_DIR='/run/y2038-probe'",
        "Y2038_CLOCK='step'",
        "Y2038_ARCH='i386'",
        "Y2038_SUITE='bookworm'",
        "Y2038_CWD='/'",
        "Y2038_WORKDIR=''",
        "Y2038_INSTALL_TOKEN=''",
        "Y2038_SETUP_TOKEN=''",
        `Y2038_OUT_LIMIT='${64 * 1024 * 1024}'`,
        "Y2038_INIT='sh'",
        "Y2038_SYSTEMD_TARGET='multi-user.target'",
        "Y2038_SYSCALLS='read=3,write=4,openat=295,close=6,ioctl=54,timerfd_create=322,timerfd_settime64=411'",
        "Y2038_RUNTIME=''",
        '',
      ].join('\n'),
    )
  })

  test("the system calls are the kernel's numbers for the userland (x86 and arm64 from the host's headers)", () => {
    const number = (header: string, name: string): number => {
      const m = new RegExp(`^#define __NR_${name} (\\d+)$`, 'm').exec(readFileSync(header, 'utf8'))
      assert.ok(m, `${name} in ${header}`)
      return Number(m[1])
    }
    const x86 = '/usr/include/x86_64-linux-gnu/asm'
    const generic = '/usr/include/asm-generic/unistd.h'
    const names = ['read', 'write', 'openat', 'close', 'ioctl', 'timerfd_create'] as const
    for (const name of names) {
      assert.equal(GUEST_SYSCALLS.i386[name], number(`${x86}/unistd_32.h`, name), `i386 ${name}`)
      assert.equal(GUEST_SYSCALLS.amd64[name], number(`${x86}/unistd_64.h`, name), `amd64 ${name}`)
      assert.equal(GUEST_SYSCALLS.arm64[name], number(generic, name), `arm64 ${name}`)
    }
    assert.equal(GUEST_SYSCALLS.i386.timerfd_settime64, number(`${x86}/unistd_32.h`, 'timerfd_settime64'))
    assert.equal(GUEST_SYSCALLS.amd64.timerfd_settime64, number(`${x86}/unistd_64.h`, 'timerfd_settime'))
    assert.equal(GUEST_SYSCALLS.arm64.timerfd_settime64, number(generic, 'timerfd_settime'))
    assert.match(
      runConfigText({ ...config, arch: 'armel' }),
      /^Y2038_SYSCALLS='read=3,write=4,openat=322,close=6,ioctl=54,timerfd_create=350,timerfd_settime64=411'$/m,
    )
    assert.deepEqual(GUEST_SYSCALLS.armhf, GUEST_SYSCALLS.armel)
    // The harness's own programs, on the user's own system: where they are in the guest.
    assert.match(runConfigText({ ...config, runtime: true }), /^Y2038_RUNTIME='\/run\/y2038\/runtime'$/m)
    assert.throws(() => runConfigText({ ...config, arch: 'mips' }), /no system call numbers for mips/)
  })

  test('a run with a workdir and both stages: /work, and each stage its token', () => {
    const text = runConfigText({ ...config, workdir: true, stages: { install: 'aa11', setup: 'bb22' } })
    assert.match(text, /^Y2038_CWD='\/work'$/m)
    assert.match(text, /^Y2038_WORKDIR='yes'$/m)
    assert.match(text, /^Y2038_INSTALL_TOKEN='aa11'$/m)
    assert.match(text, /^Y2038_SETUP_TOKEN='bb22'$/m)
  })

  test('rejects a value with a quote or other shell syntax', () => {
    assert.throws(() => runConfigText({ ...config, arch: "i386'; reboot; '" }), /unsafe value for Y2038_ARCH/)
    assert.throws(() => runConfigText({ ...config, suite: 'bookworm $(id)' }), /unsafe value for Y2038_SUITE/)
  })
})

describe('jobLine', () => {
  const date = parseInstant('2038-01-20T00:00:00Z')!
  const job = { token: 'e887edab6985', date, stepTo: date, crossing: false, seed: '00ff', outToken: '5a5a', attempt: 1 }

  test('job, token, epoch, date, seed, out token, no crossing and the attempt on one line, as init.sh reads them', () => {
    assert.equal(jobLine(job), 'job e887edab6985 2147558400 2038-01-20T00:00:00Z 00ff 5a5a 0 1\n')
    assert.equal(jobLine({ ...job, attempt: 2 }), 'job e887edab6985 2147558400 2038-01-20T00:00:00Z 00ff 5a5a 0 2\n')
    assert.equal(newJob(date, date, 2).attempt, 2)
    assert.equal(newJob(date).attempt, 1)
  })

  test('clock cross: the clock is set to the margin before the date, which is the crossing', () => {
    const rollover = parseInstant('2038-01-19T03:14:08Z')!
    const crossing = newJob(rollover, new Date(rollover.getTime() - 30_000))
    assert.equal(crossing.crossing, true)
    assert.match(
      jobLine(crossing),
      /^job [0-9a-f]{12} 2147483618 2038-01-19T03:14:08Z [0-9a-f]{64} [0-9a-f]{12} 2147483648 1\n$/,
    )
  })

  test('the epoch is whole seconds of the date', () => {
    assert.match(jobLine({ ...job, stepTo: parseInstant('2038-01-19T03:14:08.900Z')! }), /^job \S+ 2147483648 /)
  })

  test('a field with a space or a newline is refused', () => {
    assert.throws(() => jobLine({ ...job, token: 'a b' }), /unsafe job field/)
    assert.throws(() => jobLine({ ...job, seed: 'ab\nc' }), /unsafe job field/)
  })

  test('newJob: a fresh token and 64 hex digits of seed (256 bits, what the kernel needs to be ready) each time', () => {
    const a = newJob(job.date)
    const b = newJob(job.date)
    assert.match(a.seed, /^[0-9a-f]{64}$/)
    assert.notEqual(a.seed, b.seed)
    assert.notEqual(a.token, b.token)
    assert.match(a.outToken, /^[0-9a-f]{12}$/)
    assert.notEqual(a.outToken, a.token)
  })
})

describe('newToken', () => {
  test('12 lower-case hex digits, different each time', () => {
    const a = newToken()
    const b = newToken()
    assert.match(a, /^[0-9a-f]{12}$/)
    assert.notEqual(a, b)
  })
})

describe('probeText', () => {
  test('an inline script gets a trailing newline', () => {
    assert.equal(probeText({ kind: 'inline', script: 'date -u' }), 'date -u\n')
    assert.equal(probeText({ kind: 'inline', script: 'date -u\nsudo -n true' }), 'date -u\nsudo -n true\n')
  })

  test('an inline script that ends in a newline is kept as is', () => {
    assert.equal(probeText({ kind: 'inline', script: 'date -u\n' }), 'date -u\n')
  })

  test('a file probe is read as it is', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-harness-'))
    try {
      const file = path.join(dir, 'probe.sh')
      writeFileSync(file, 'echo "no newline at the end"')
      assert.equal(probeText({ kind: 'file', path: file, relativePath: 'probe.sh' }), 'echo "no newline at the end"')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('the built-in probe is the shipped script', () => {
    const text = probeText({ kind: 'builtin' })
    assert.equal(text, builtinProbe())
    assert.match(text, /check sudo sudo -n true/)
  })
})

describe("the probe's disk size", () => {
  test('one size for every probe up to the largest a probe may be, rounded up to a MiB beyond', () => {
    assert.equal(probeDiskBytes(1), PROBE_DISK_BYTES)
    assert.equal(probeDiskBytes(MAX_SCRIPT_BYTES + 64 * 1024), PROBE_DISK_BYTES)
    assert.equal(probeDiskBytes(PROBE_DISK_BYTES + 1), PROBE_DISK_BYTES + 2 ** 20)
  })
})

describe("the harness disk and the probe's", () => {
  test('the probe only on its own disk, with the FIFO bash reads it from; the stages on the harness disk', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-disks-'))
    try {
      const harness = path.join(dir, 'harness')
      const probe = path.join(dir, 'probe')
      const config: RunConfig = { clock: 'step', arch: 'i386', suite: 'bookworm', workdir: false }
      await writeHarness(harness, { config, setup: { kind: 'inline', script: 'true' } })
      await writeProbeDisk(probe, { kind: 'inline', script: 'echo probe' })
      assert.equal(readFileSync(path.join(probe, 'probe.sh'), 'utf8'), 'echo probe\n')
      assert.ok(!readdirSync(harness).includes('probe.sh'))
      assert.ok(readdirSync(harness).includes('setup.sh'))
      assert.deepEqual(scriptFifos(harness, probe, { setup: { kind: 'inline', script: 'true' } }), [
        path.join(probe, 'scripts', 'probe.sh'),
        path.join(harness, 'scripts', 'setup.sh'),
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
