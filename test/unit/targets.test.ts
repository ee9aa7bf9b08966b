import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  ARCHES,
  SUITES,
  isArch,
  isSuite,
  kernelArchFor,
  resolveTarget,
  unsupportedReason,
  withAvailableFirmware,
} from '../../src/config/targets.js'

describe('resolveTarget', () => {
  test('i386 bookworm runs on the 686 kernel under qemu-system-i386, with no note', () => {
    const t = resolveTarget('i386', 'bookworm')
    assert.equal(t.arch, 'i386')
    assert.equal(t.suite, 'bookworm')
    assert.equal(t.kernelPackage, 'linux-image-686')
    assert.equal(t.kernelSuite, 'bookworm')
    assert.equal(t.machine.kernelArch, 'i386')
    assert.equal(t.machine.qemuBinary, 'qemu-system-i386')
    assert.equal(t.machine.qemuPackage, 'qemu-system-x86')
    assert.equal(t.machine.console, 'ttyS0')
    assert.equal(t.machine.virtioBus, 'pci')
    assert.equal(t.kernelNote, undefined)
    assert.equal('kernelNote' in t, false)
  })

  test('i386 trixie runs on the amd64 kernel under qemu-system-x86_64, with a note', () => {
    const t = resolveTarget('i386', 'trixie')
    assert.equal(t.arch, 'i386')
    assert.equal(t.suite, 'trixie')
    assert.equal(t.kernelPackage, 'linux-image-amd64')
    assert.equal(t.kernelSuite, 'trixie')
    assert.equal(t.machine.kernelArch, 'amd64')
    assert.equal(t.machine.qemuBinary, 'qemu-system-x86_64')
    assert.ok(t.kernelNote)
    assert.match(t.kernelNote, /trixie has no i386 kernel/)
    assert.match(t.kernelNote, /amd64 kernel \(linux-image-amd64\)/)
  })

  test('i386 sid also runs on the amd64 kernel', () => {
    const t = resolveTarget('i386', 'sid')
    assert.equal(t.kernelPackage, 'linux-image-amd64')
    assert.equal(t.machine.qemuBinary, 'qemu-system-x86_64')
    assert.ok(t.kernelNote)
  })

  test('amd64 runs on its own kernel in every suite, with no note', () => {
    for (const suite of SUITES) {
      const t = resolveTarget('amd64', suite)
      assert.equal(t.kernelPackage, 'linux-image-amd64')
      assert.equal(t.machine.qemuBinary, 'qemu-system-x86_64')
      assert.equal(t.kernelNote, undefined)
    }
  })

  test('the machine boots -kernel with qboot', () => {
    assert.deepEqual(resolveTarget('i386', 'bookworm').machine.machineArgs, [
      '-machine',
      'pc',
      '-bios',
      '/usr/share/qemu/qboot.rom',
    ])
  })
})

describe('the architectures beyond x86', () => {
  test('armhf boots the armmp-lpae kernel on the virt machine with a PL011 console', () => {
    const t = resolveTarget('armhf', 'trixie')
    assert.equal(t.kernelPackage, 'linux-image-armmp-lpae')
    assert.equal(t.machine.qemuBinary, 'qemu-system-arm')
    assert.equal(t.machine.qemuPackage, 'qemu-system-arm')
    assert.deepEqual(t.machine.machineArgs, ['-machine', 'virt', '-cpu', 'cortex-a15'])
    assert.equal(t.machine.console, 'ttyAMA0')
    assert.equal(t.machine.firmware, undefined)
    assert.equal(t.kernelNote, undefined)
  })

  test('armel runs on the armhf kernel, and says so', () => {
    const t = resolveTarget('armel', 'bookworm')
    assert.equal(t.machine.kernelArch, 'armhf')
    assert.equal(t.kernelPackage, 'linux-image-armmp-lpae')
    assert.match(t.kernelNote!, /armel userland runs on the armhf kernel/)
  })

  test('arm64 boots linux-image-arm64 under qemu-system-aarch64', () => {
    const t = resolveTarget('arm64', 'sid')
    assert.equal(t.kernelPackage, 'linux-image-arm64')
    assert.equal(t.machine.qemuBinary, 'qemu-system-aarch64')
    assert.equal(t.machine.console, 'ttyAMA0')
  })

  test('armel sid is refused with its reason', () => {
    assert.equal(
      unsupportedReason('armel', 'sid'),
      'Debian dropped armel from sid after trixie: use bookworm or trixie',
    )
    assert.throws(
      () => resolveTarget('armel', 'sid'),
      /^InputError: suite: armel sid cannot boot: Debian dropped armel/,
    )
    assert.equal(unsupportedReason('armel', 'trixie'), undefined)
  })

  test('every other combination resolves, on the kernel of its architecture', () => {
    // The kernel each userland boots on, written out: i386 has no kernel after bookworm, armel
    // none of its own (the armhf one runs it).
    const kernels: Record<string, string> = {
      'i386 bookworm': 'i386',
      'i386 trixie': 'amd64',
      'i386 sid': 'amd64',
      'amd64 bookworm': 'amd64',
      'amd64 trixie': 'amd64',
      'amd64 sid': 'amd64',
      'armhf bookworm': 'armhf',
      'armhf trixie': 'armhf',
      'armhf sid': 'armhf',
      'armel bookworm': 'armhf',
      'armel trixie': 'armhf',
      'arm64 bookworm': 'arm64',
      'arm64 trixie': 'arm64',
      'arm64 sid': 'arm64',
    }
    const resolved: Record<string, string> = {}
    for (const arch of ARCHES) {
      for (const suite of SUITES) {
        if (unsupportedReason(arch, suite)) continue
        const t = resolveTarget(arch, suite)
        assert.equal(t.arch, arch)
        assert.equal(kernelArchFor(arch, suite), t.machine.kernelArch)
        resolved[`${arch} ${suite}`] = t.machine.kernelArch
      }
    }
    assert.deepEqual(resolved, kernels)
  })
})

describe('isArch and isSuite', () => {
  test('accept exactly the listed values', () => {
    assert.deepEqual([...ARCHES], ['i386', 'amd64', 'armhf', 'armel', 'arm64'])
    assert.deepEqual([...SUITES], ['bookworm', 'trixie', 'sid'])
    assert.equal(isArch('i386'), true)
    assert.equal(isArch('armhf'), true)
    assert.equal(isArch('sparc'), false)
    assert.equal(isArch('I386'), false)
    assert.equal(isSuite('trixie'), true)
    assert.equal(isSuite('stable'), false)
    assert.equal(isSuite(''), false)
  })
})

describe('withAvailableFirmware', () => {
  test('keeps qboot when the host has it', () => {
    const machine = resolveTarget('i386', 'bookworm').machine
    assert.equal(
      withAvailableFirmware(machine, () => true),
      machine,
    )
  })

  test("drops -bios when the host's QEMU has no qboot, so QEMU uses its default firmware", () => {
    const machine = withAvailableFirmware(resolveTarget('amd64', 'bookworm').machine, () => false)
    assert.deepEqual(machine.machineArgs, ['-machine', 'pc'])
    assert.equal(machine.firmware, undefined)
  })

  test('a machine without firmware is left alone', () => {
    const machine = resolveTarget('armhf', 'bookworm').machine
    assert.equal(
      withAvailableFirmware(machine, () => false),
      machine,
    )
  })
})
