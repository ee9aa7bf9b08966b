import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { parseInstant } from '../../src/config/dates.js'
import { GuestVm, type GuestSpec, qemuExitWarning, qemuStartFailure, restoreFailure } from '../../src/vm/qemu.js'
import { qemuOptionValue } from '../../src/vm/qemu-option.js'
import { parseQemuVersion, ramFileArgs, ramFileSupport } from '../../src/vm/ram-file.js'
import {
  GUEST_HARNESS_DIR,
  HARNESS_DISK_SERIAL,
  JOB_PORT_NAME,
  RESULTS_PORT_NAME,
  GUEST_WORKDIR,
  WORKDIR_DISK_SERIAL,
  PROBE_DISK_SERIAL,
  GUEST_PROBE_DIR,
} from '../../src/protocol/names.js'
import { runConfigText } from '../../src/protocol/run-config.js'
import { type MachineProfile, resolveTarget } from '../../src/config/targets.js'

const target = resolveTarget('i386', 'bookworm')

function spec(overrides: Partial<GuestSpec> = {}): GuestSpec {
  return {
    machine: target.machine,
    kernel: '/cache/artifacts/kernel-i386-bookworm-x/vmlinuz',
    initrd: '/cache/artifacts/kernel-i386-bookworm-x/initrd.img',
    rootImage: '/cache/artifacts/userland-i386-bookworm-y/root.erofs',
    init: '/bin/sh',
    harnessImage: '/tmp/y2038-run-abc/harness.erofs',
    probeImage: '/tmp/y2038-run-abc/probe.erofs',
    jobSocket: '/tmp/y2038-run-abc/job.sock',
    resultsFile: '/out/i386-bookworm-step-2038-01-20T000000Z/results.log',
    pidFile: '/out/i386-bookworm-step-2038-01-20T000000Z/qemu.pid',
    rtcBase: parseInstant('2038-01-18')!,
    accel: 'tcg',
    ...overrides,
  } as GuestSpec
}

/** The value following `flag` in args, for every occurrence. */
function valuesOf(args: string[], flag: string): string[] {
  const out: string[] = []
  args.forEach((a, i) => {
    if (a === flag) out.push(args[i + 1]!)
  })
  return out
}

describe('GuestVm.args for i386 bookworm', () => {
  const vm = new GuestVm(spec())
  const args = vm.args()

  test('starts with the machine arguments', () => {
    assert.deepEqual(args.slice(0, target.machine.machineArgs.length), target.machine.machineArgs)
    assert.deepEqual(valuesOf(args, '-m'), ['512'])
    assert.deepEqual(valuesOf(args, '-smp'), ['1'])
  })

  test('the RTC starts at the boot date without a zone, and runs with the VM clock', () => {
    assert.deepEqual(valuesOf(args, '-rtc'), ['base=2038-01-18T00:00:00,clock=vm'])
  })

  test('the RTC base follows the spec, to the second', () => {
    const other = new GuestVm(spec({ rtcBase: parseInstant('2038-01-19T03:14:08Z')! })).args()
    assert.deepEqual(valuesOf(other, '-rtc'), ['base=2038-01-19T03:14:08,clock=vm'])
  })

  test('the kernel and the initramfs', () => {
    assert.deepEqual(valuesOf(args, '-kernel'), ['/cache/artifacts/kernel-i386-bookworm-x/vmlinuz'])
    assert.deepEqual(valuesOf(args, '-initrd'), ['/cache/artifacts/kernel-i386-bookworm-x/initrd.img'])
    assert.deepEqual(valuesOf(args, '-append'), [vm.kernelCommandLine()])
  })

  test('no reboot, no default devices, no user config, no display, TCG', () => {
    for (const flag of ['-no-reboot', '-nodefaults', '-no-user-config']) assert.ok(args.includes(flag), flag)
    assert.deepEqual(valuesOf(args, '-display'), ['none'])
    assert.deepEqual(valuesOf(args, '-accel'), ['tcg'])
  })

  test('the console on the first serial port, from standard output', () => {
    assert.ok(valuesOf(args, '-chardev').includes('stdio,id=console,signal=off'))
    assert.deepEqual(valuesOf(args, '-serial'), ['chardev:console'])
  })

  test("the root image, then the harness disk and the probe's: read-only raw virtio disks, and no 9p share", () => {
    assert.deepEqual(valuesOf(args, '-drive'), [
      'file=/cache/artifacts/userland-i386-bookworm-y/root.erofs,if=none,id=root,format=raw,readonly=on',
      'file=/tmp/y2038-run-abc/harness.erofs,if=none,id=harness,format=raw,readonly=on',
      'file=/tmp/y2038-run-abc/probe.erofs,if=none,id=probe,format=raw,readonly=on',
    ])
    const disks = valuesOf(args, '-device').filter((d) => d.startsWith('virtio-blk'))
    // The root first: the kernel command line says /dev/vda; the others are found by serial.
    assert.deepEqual(disks, [
      'virtio-blk-pci,drive=root',
      'virtio-blk-pci,drive=harness,serial=y2038-harness',
      'virtio-blk-pci,drive=probe,serial=y2038-probe',
    ])
    assert.deepEqual(valuesOf(args, '-fsdev'), [])
    assert.ok(!args.some((a) => a.includes('9p')))
  })

  test('a comma in a path cannot add QEMU options', () => {
    const tricky = new GuestVm(
      spec({ rootImage: '/c/x,readonly=off/root.erofs', resultsFile: '/o/a,b/results.log' }),
    ).args()
    assert.equal(
      valuesOf(tricky, '-drive')[0],
      'file=/c/x,,readonly=off/root.erofs,if=none,id=root,format=raw,readonly=on',
    )
    assert.ok(valuesOf(tricky, '-chardev').includes('file,id=results,path=/o/a,,b/results.log'))
    assert.equal(qemuOptionValue('a,,b'), 'a,,,,b')
  })

  test('the results port: a virtio serial port named y2038 writing to the results file', () => {
    const devices = valuesOf(args, '-device')
    assert.ok(devices.includes('virtio-serial-pci'))
    assert.ok(devices.includes('virtserialport,chardev=results,name=y2038'))
    assert.equal(RESULTS_PORT_NAME, 'y2038')
    assert.ok(
      valuesOf(args, '-chardev').includes(
        'file,id=results,path=/out/i386-bookworm-step-2038-01-20T000000Z/results.log',
      ),
    )
  })

  test('the job port: a virtio serial port named y2038-job on a unix socket QEMU listens on', () => {
    assert.ok(valuesOf(args, '-device').includes('virtserialport,chardev=job,name=y2038-job'))
    assert.ok(valuesOf(args, '-chardev').includes('socket,id=job,path=/tmp/y2038-run-abc/job.sock,server=on,wait=off'))
  })

  test('no QMP and no incoming state unless asked; both when saving and restoring', () => {
    assert.deepEqual(valuesOf(args, '-qmp'), [])
    assert.deepEqual(valuesOf(args, '-incoming'), [])
    const saving = new GuestVm(spec({ qmpSocket: '/tmp/r/qmp.sock' })).args()
    assert.deepEqual(valuesOf(saving, '-qmp'), ['unix:/tmp/r/qmp.sock,server=on,wait=off'])
    const restoring = new GuestVm(spec({ incoming: { state: "/tmp/it's here/guest.state", deferred: false } })).args()
    assert.deepEqual(valuesOf(restoring, '-incoming'), ["exec:cat '/tmp/it'\\''s here/guest.state'"])
    assert.ok(!restoring.includes('-S'))
    assert.ok(!restoring.some((a) => a.includes('memory-backend')))
  })

  test('a RAM file: the machine takes its memory from the file; a deferred restore waits for QMP; a template stays paused', () => {
    const template = new GuestVm(
      spec({
        ram: { path: '/tmp/r,x/guest.ram', use: 'template', readOnlyOpen: true },
        incoming: { state: '/tmp/r/guest.state', deferred: true },
        paused: true,
      }),
    ).args()
    assert.deepEqual(valuesOf(template, '-object'), [
      'memory-backend-file,id=pc.ram,size=512M,mem-path=/tmp/r,,x/guest.ram,share=on',
    ])
    assert.deepEqual(valuesOf(template, '-machine'), ['pc', 'memory-backend=pc.ram'])
    assert.deepEqual(valuesOf(template, '-incoming'), ['defer'])
    assert.ok(template.includes('-S'))
    const clone = (readOnlyOpen: boolean) =>
      valuesOf(new GuestVm(spec({ ram: { path: '/r/guest.ram', use: 'clone', readOnlyOpen } })).args(), '-object')
    assert.deepEqual(clone(false), ['memory-backend-file,id=pc.ram,size=512M,mem-path=/r/guest.ram,share=off'])
    assert.deepEqual(clone(true), [
      'memory-backend-file,id=pc.ram,size=512M,mem-path=/r/guest.ram,share=off,readonly=on,rom=off',
    ])
  })

  test('the pid file', () => {
    assert.deepEqual(valuesOf(args, '-pidfile'), ['/out/i386-bookworm-step-2038-01-20T000000Z/qemu.pid'])
  })

  test('no argument is empty or spans lines', () => {
    for (const a of args) {
      assert.notEqual(a, '')
      assert.doesNotMatch(a, /\n/)
    }
  })
})

describe('GuestVm.kernelCommandLine', () => {
  const vm = new GuestVm(spec())
  const cmdline = vm.kernelCommandLine()
  const [kernelPart, initPart] = cmdline.split(' -- ')

  test('kernel parameters: console, the erofs image read-only, panic ends QEMU, kmsg unthrottled, init is sh', () => {
    assert.deepEqual(kernelPart!.split(' '), [
      'console=ttyS0,115200',
      'root=/dev/vda',
      'rootfstype=erofs',
      'ro',
      'panic=-1',
      'printk.devkmsg=on',
      'y2038.harness=y2038-harness',
      'y2038.dir=/run/y2038',
      'init=/bin/sh',
    ])
  })

  test("init's one argument is the harness's init script in /run/y2038", () => {
    assert.equal(initPart, '/run/y2038/init.sh')
    assert.doesNotMatch(cmdline, /"/)
  })
})

describe('an MMIO machine', () => {
  test('uses the -device variants of virtio', () => {
    const mmio: MachineProfile = { ...target.machine, virtioBus: 'mmio' }
    const args = new GuestVm(spec({ machine: mmio })).args()
    assert.ok(args.includes('virtio-serial-device'))
    assert.ok(args.includes('virtio-blk-device,drive=root'))
    assert.ok(!args.some((a) => a.includes('-pci')))
  })
})

describe('the accelerator', () => {
  test('TCG by default, and the machine CPU is kept', () => {
    const args = new GuestVm(spec()).args()
    assert.deepEqual(valuesOf(args, '-accel'), ['tcg'])
  })

  test('under KVM an ARM guest runs on the host CPU model', () => {
    const arm = resolveTarget('arm64', 'bookworm').machine
    assert.deepEqual(valuesOf(new GuestVm(spec({ machine: arm, accel: 'kvm' })).args(), '-cpu'), ['host'])
    assert.deepEqual(valuesOf(new GuestVm(spec({ machine: arm, accel: 'tcg' })).args(), '-cpu'), ['cortex-a57'])
    assert.deepEqual(valuesOf(new GuestVm(spec({ accel: 'kvm' })).args(), '-accel'), ['kvm'])
  })
})

describe('qemuStartFailure', () => {
  test("QEMU's own refusal (here: a kernel file that is not there) is a host failure, with QEMU's words", () => {
    const result = spawnSync(
      'qemu-system-i386',
      ['-nodefaults', '-display', 'none', '-kernel', '/nonexistent/vmlinuz'],
      {
        encoding: 'utf8',
      },
    )
    assert.notEqual(result.status, 0)
    assert.equal(
      qemuStartFailure({ exitCode: result.status, timedOut: false, qemuStderr: result.stderr }, ''),
      `QEMU could not start the guest (exit status ${result.status}): ${result.stderr.trim().split('\n').at(-1)}`,
    )
    assert.match(result.stderr, /\/nonexistent\/vmlinuz/)
  })

  test('a guest that printed anything, a timeout, a signal or a clean exit is not one', () => {
    const failed = { exitCode: 1, timedOut: false, qemuStderr: 'qemu-system-i386: something' }
    assert.equal(qemuStartFailure(failed, '[    0.000000] Linux version 6.1.0'), undefined)
    assert.equal(qemuStartFailure({ ...failed, timedOut: true }, ''), undefined)
    assert.equal(qemuStartFailure({ ...failed, exitCode: null }, ''), undefined)
    assert.equal(qemuStartFailure({ ...failed, exitCode: 0 }, ''), undefined)
    assert.equal(qemuStartFailure({ ...failed, qemuStderr: '' }, ''), undefined)
  })
})

describe('the guest learns the names QEMU is given from the host', () => {
  const scripts = [
    'init.sh',
    'initramfs-root.sh',
    'session.sh',
    'run-probe.bash',
    'lib.bash',
    'frame.pl',
    'send-out.pl',
  ]
  const script = (name: string): string => readFileSync(new URL(`../../src/guest/${name}`, import.meta.url), 'utf8')
  const vm = new GuestVm(spec())

  test('no guest script writes a port name, a disk serial or a guest path the host defines', () => {
    for (const name of [
      HARNESS_DISK_SERIAL,
      WORKDIR_DISK_SERIAL,
      PROBE_DISK_SERIAL,
      JOB_PORT_NAME,
      GUEST_HARNESS_DIR,
      GUEST_WORKDIR,
      GUEST_PROBE_DIR,
    ]) {
      const literal = new RegExp(`(?<![\\w./-])${name.replace(/[/.-]/g, '\\$&')}(?![\\w./-])`)
      for (const file of scripts) assert.doesNotMatch(script(file), literal, `${file} writes ${name}`)
    }
    const init = script('init.sh')
    assert.deepEqual(
      [...init.matchAll(/\bfind_(?:port|disk) ([^)\n]*)\)/g)].map((m) => m[1]),
      [
        '"$Y2038_RESULTS_PORT"',
        '"$Y2038_RESULTS_PORT"',
        '"$Y2038_JOB_PORT"',
        '"$Y2038_WORKDIR_SERIAL"',
        '"$Y2038_PROBE_SERIAL"',
      ],
    )
  })

  test('the config on the harness disk names the ports and the workdir disk; the kernel command line the harness disk', () => {
    const config = runConfigText({ clock: 'step', arch: 'i386', suite: 'bookworm', workdir: true })
    assert.match(config, new RegExp(`^Y2038_RESULTS_PORT='${RESULTS_PORT_NAME}'$`, 'm'))
    assert.match(config, new RegExp(`^Y2038_JOB_PORT='${JOB_PORT_NAME}'$`, 'm'))
    assert.match(config, new RegExp(`^Y2038_WORKDIR_SERIAL='${WORKDIR_DISK_SERIAL}'$`, 'm'))
    assert.match(config, new RegExp(`^Y2038_PROBE_SERIAL='${PROBE_DISK_SERIAL}'$`, 'm'))
    assert.match(config, new RegExp(`^Y2038_PROBE_DIR='${GUEST_PROBE_DIR}'$`, 'm'))
    assert.match(config, new RegExp(`^Y2038_CWD='${GUEST_WORKDIR}'$`, 'm'))
    const cmdline = vm.kernelCommandLine().split(' ')
    assert.ok(cmdline.includes(`y2038.harness=${HARNESS_DISK_SERIAL}`))
    assert.ok(cmdline.includes(`y2038.dir=${GUEST_HARNESS_DIR}`))
    assert.equal(cmdline.at(-1), `${GUEST_HARNESS_DIR}/init.sh`)
    assert.ok(vm.args().includes(`virtio-blk-pci,drive=harness,serial=${HARNESS_DISK_SERIAL}`))
  })
})

describe("qemuExitWarning and restoreFailure: how QEMU's own end reads", () => {
  const failed = {
    exitCode: 1,
    timedOut: false,
    qemuStderr: 'qemu-system-i386: Unknown savevm section type 5\nload failed\n',
  }

  test('an error exit with words on standard error is a warning, in its last line', () => {
    assert.equal(qemuExitWarning(failed), 'QEMU exited with status 1: load failed')
  })

  test('no warning for a clean exit, a timeout, silence, or the signal the tool sent', () => {
    assert.equal(qemuExitWarning({ ...failed, exitCode: 0 }), undefined)
    assert.equal(qemuExitWarning({ ...failed, timedOut: true }), undefined)
    assert.equal(qemuExitWarning({ ...failed, qemuStderr: ' \n' }), undefined)
    assert.equal(
      qemuExitWarning({ ...failed, qemuStderr: 'qemu-system-i386: terminating on signal 15 from pid 7' }),
      undefined,
    )
  })

  test('a restored guest that sent no record before QEMU failed could not start: the last line says why', () => {
    assert.equal(restoreFailure(failed, 0), 'load failed')
    assert.equal(restoreFailure({ ...failed, exitCode: null, qemuStderr: '' }, 0), 'QEMU exited with status null')
  })

  test('a restored guest that sent records, ended cleanly or timed out did start', () => {
    assert.equal(restoreFailure(failed, 3), undefined)
    assert.equal(restoreFailure({ ...failed, exitCode: 0 }, 0), undefined)
    assert.equal(restoreFailure({ ...failed, timedOut: true }, 0), undefined)
  })

  test('a state the host could not load over QMP is a failure to start, also when QEMU then ended at our signal', () => {
    const jobError = new Error('QMP migrate-incoming: Failed to load the state')
    const stopped = {
      exitCode: 0,
      timedOut: false,
      qemuStderr: 'qemu-system-i386: terminating on signal 15 from pid 7\n',
    }
    assert.equal(restoreFailure({ ...stopped, jobError }, 0), 'QMP migrate-incoming: Failed to load the state')
    // QEMU's own words say more than the host's view of it.
    assert.equal(restoreFailure({ ...failed, jobError }, 0), 'load failed')
    assert.equal(restoreFailure({ ...stopped, jobError }, 1), undefined)
  })
})

describe('the RAM file by QEMU version', () => {
  test('the version is read from --version', () => {
    assert.deepEqual(parseQemuVersion('QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)'), {
      major: 7,
      minor: 2,
    })
    assert.deepEqual(parseQemuVersion('QEMU emulator version 10.0.2 (Debian 1:10.0.2+ds-1)'), { major: 10, minor: 0 })
    assert.equal(parseQemuVersion('qemu-system-i386: unknown'), undefined)
  })

  test('bookworm 7.2 opens it read-write (mapped privately); 8.2 (Ubuntu 24.04) and later read-only; before 5.0 none', () => {
    assert.deepEqual(ramFileSupport('QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)'), {
      readOnlyOpen: false,
    })
    assert.deepEqual(ramFileSupport('QEMU emulator version 8.1.5'), { readOnlyOpen: false })
    assert.deepEqual(ramFileSupport('QEMU emulator version 8.2.2 (Debian 1:8.2.2+ds-0ubuntu1.4)'), {
      readOnlyOpen: true,
    })
    assert.deepEqual(ramFileSupport('QEMU emulator version 10.0.2'), { readOnlyOpen: true })
    assert.deepEqual(ramFileSupport('QEMU emulator version 4.2.1'), { why: 'QEMU 4.2 has no -machine memory-backend' })
    assert.deepEqual(ramFileSupport('nothing'), { why: "no version in 'nothing'" })
  })
})

describe("each machine's ramId is QEMU's own name for its RAM", () => {
  /** The RAM blocks QEMU makes for `args` (HMP `info ramblock`, the guest never started). */
  function ramBlocks(binary: string, args: string[]): string[] {
    const result = spawnSync(binary, [...args, '-nodefaults', '-display', 'none', '-S', '-monitor', 'stdio'], {
      encoding: 'utf8',
      input: 'info ramblock\nquit\n',
    })
    assert.equal(result.status, 0, result.stderr)
    return [...result.stdout.matchAll(/^\s+(\S+)\s+\d+ KiB\s+0x/gm)].map((m) => m[1]!)
  }

  // The two QEMU binaries CI installs cover the four machines: pc for i386 and amd64, virt for armhf and arm64.
  for (const arch of ['i386', 'armhf'] as const) {
    test(`${arch}: a state saved with plain -m loads into the RAM file's backend (same block name)`, () => {
      const machine = resolveTarget(arch, 'bookworm').machine
      const plain = [...machine.machineArgs, '-m', String(machine.memoryMiB)]
      assert.equal(ramBlocks(machine.qemuBinary, plain)[0], machine.ramId)
      // /dev/zero: a file QEMU can map privately, so that nothing is made for the test.
      const withFile = [...plain, ...ramFileArgs({ path: '/dev/zero', use: 'clone', readOnlyOpen: false }, machine)]
      assert.deepEqual(ramBlocks(machine.qemuBinary, withFile), ramBlocks(machine.qemuBinary, plain))
    })
  }
})
