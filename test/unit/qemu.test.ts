import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseInstant } from '../../src/dates.js'
import { GuestVm, RESULTS_PORT_NAME, SHARE_GUEST_DIR, SHARE_MOUNT_TAG, type GuestSpec } from '../../src/qemu.js'
import { ROOT_MOUNT_TAG, Virtio9pRoot } from '../../src/root-transport.js'
import { type MachineProfile, resolveTarget } from '../../src/targets.js'

const target = resolveTarget('i386', 'bookworm')

function spec(overrides: Partial<GuestSpec> = {}): GuestSpec {
  return {
    machine: target.machine,
    kernel: '/cache/artifacts/kernel-i386-bookworm-x/vmlinuz',
    initrd: '/cache/artifacts/kernel-i386-bookworm-x/initrd.img',
    root: new Virtio9pRoot('/cache/artifacts/userland-i386-bookworm-y/root'),
    shareDir: '/out/i386-bookworm-step-2038-01-20T000000Z/share',
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

  test('the root over 9p: passthrough, read-only, tagged y2038root', () => {
    const fsdevs = valuesOf(args, '-fsdev')
    const root = fsdevs.find((f) => f.includes('id=rootfs'))
    assert.equal(
      root,
      'local,id=rootfs,path=/cache/artifacts/userland-i386-bookworm-y/root,security_model=passthrough,readonly=on',
    )
    assert.ok(valuesOf(args, '-device').includes('virtio-9p-pci,fsdev=rootfs,mount_tag=y2038root'))
    assert.equal(ROOT_MOUNT_TAG, 'y2038root')
  })

  test('the share: read-only, tagged y2038', () => {
    const share = valuesOf(args, '-fsdev').find((f) => f.includes('id=share'))
    assert.ok(share)
    assert.ok(share.startsWith('local,id=share,path=/out/i386-bookworm-step-2038-01-20T000000Z/share,'))
    assert.ok(share.split(',').includes('readonly=on'))
    assert.ok(valuesOf(args, '-device').includes(`virtio-9p-pci,fsdev=share,mount_tag=${SHARE_MOUNT_TAG}`))
    assert.equal(SHARE_MOUNT_TAG, 'y2038')
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

  test('kernel parameters: console, 9p root read-only, panic ends QEMU, init is sh', () => {
    const words = kernelPart!.split(' ')
    for (const word of ['console=ttyS0,115200', 'root=y2038root', 'rootfstype=9p', 'ro', 'panic=-1', 'init=/bin/sh']) {
      assert.ok(words.includes(word), `${word} in ${cmdline}`)
    }
    assert.ok(
      words.some((w) => w.startsWith('rootflags=') && w.includes('trans=virtio') && w.includes('version=9p2000.L')),
    )
  })

  test('init gets one quoted -c command that mounts the share and execs the harness', () => {
    assert.ok(initPart, 'the init arguments follow --')
    const m = /^-c "([^"]*)"$/.exec(initPart)
    assert.ok(m, `init arguments: ${initPart}`)
    const command = m[1]!
    assert.equal(command, vm.initCommand())
    assert.ok(command.includes(`mkdir -p ${SHARE_GUEST_DIR}`))
    assert.ok(command.includes(`mount -t 9p -o trans=virtio,version=9p2000.L,ro y2038 /run/y2038`))
    assert.ok(command.endsWith('exec /bin/sh /run/y2038/init.sh'))
    assert.ok(command.indexOf('mount') < command.indexOf('exec'))
  })

  test('no double quote inside the quoted command', () => {
    assert.doesNotMatch(vm.initCommand(), /"/)
    assert.equal((cmdline.match(/"/g) ?? []).length, 2)
    assert.ok(cmdline.endsWith('"'))
  })

  test('the quoted command is the last thing on the line', () => {
    assert.ok(cmdline.endsWith(`-- -c "${vm.initCommand()}"`))
  })
})

describe('Virtio9pRoot', () => {
  const root = new Virtio9pRoot('/srv/root')

  test('needs root for passthrough', () => {
    assert.match(root.needsRoot, /passthrough/)
  })

  test('uses -device virtio-9p-device on an MMIO machine', () => {
    const mmio: MachineProfile = { ...target.machine, virtioBus: 'mmio' }
    assert.deepEqual(root.qemuArgs(mmio), [
      '-fsdev',
      'local,id=rootfs,path=/srv/root,security_model=passthrough,readonly=on',
      '-device',
      'virtio-9p-device,fsdev=rootfs,mount_tag=y2038root',
    ])
    const args = new GuestVm(spec({ machine: mmio })).args()
    assert.ok(args.includes('virtio-serial-device'))
    assert.ok(args.includes('virtio-9p-device,fsdev=share,mount_tag=y2038'))
    assert.ok(!args.some((a) => a.includes('-pci')))
  })

  test('kernel arguments mount it read-only', () => {
    const args = root.kernelArgs()
    assert.deepEqual(args.slice(0, 2), ['root=y2038root', 'rootfstype=9p'])
    assert.equal(args.at(-1), 'ro')
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
