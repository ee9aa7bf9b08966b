import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ARCHES, SUITES, isArch, isSuite, resolveTarget } from '../../src/targets.js'

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

describe('isArch and isSuite', () => {
  test('accept exactly the listed values', () => {
    assert.deepEqual([...ARCHES], ['i386', 'amd64'])
    assert.deepEqual([...SUITES], ['bookworm', 'trixie', 'sid'])
    assert.equal(isArch('i386'), true)
    assert.equal(isArch('armhf'), false)
    assert.equal(isArch('I386'), false)
    assert.equal(isSuite('trixie'), true)
    assert.equal(isSuite('stable'), false)
    assert.equal(isSuite(''), false)
  })
})
