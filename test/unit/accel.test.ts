import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  KVM_UDEV_RULE,
  ensureKvmAccess,
  judgeKvmTrial,
  kvmCapable,
  kvmTrialArgs,
  kvmUdevScript,
} from '../../src/vm/accel.js'
import { MemoryLogger } from '../../src/host/log.js'
import type { CommandRunner } from '../../src/host/proc.js'
import { MACHINES } from '../../src/config/targets.js'

describe('kvmCapable', () => {
  test('x86 guests on an x86-64 host, arm64 guests on an arm64 host, nothing else', () => {
    assert.equal(kvmCapable(MACHINES.i386, 'x64'), true)
    assert.equal(kvmCapable(MACHINES.amd64, 'x64'), true)
    assert.equal(kvmCapable(MACHINES.armhf, 'x64'), false)
    assert.equal(kvmCapable(MACHINES.arm64, 'x64'), false)
    assert.equal(kvmCapable(MACHINES.arm64, 'arm64'), true)
    assert.equal(kvmCapable(MACHINES.amd64, 'arm64'), false)
  })
})

describe('judgeKvmTrial', () => {
  test('"KVM internal error" on standard error is a broken KVM, whatever the console says', () => {
    // What this project's machines print: the kernel starts, then QEMU stops and hangs.
    const stderr =
      "qemu-system-i386: warning: host doesn't support requested feature\nKVM internal error. Suberror: 1\nextra data[0]: 0x1\n"
    assert.deepEqual(judgeKvmTrial('Probing EDD (edd=off to disable)... ok\n', stderr), {
      ok: false,
      reason: 'KVM internal error',
    })
  })

  test('a kernel that reaches its root mount ran under KVM', () => {
    const console =
      '[    0.9] VFS: Cannot open root device "(null)"\n[    0.9] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\n'
    assert.deepEqual(judgeKvmTrial(console, ''), { ok: true, reason: 'the kernel ran under KVM' })
  })

  test('undecided while the kernel is still starting', () => {
    assert.equal(judgeKvmTrial('Linux version 6.1.0-50-686\n', ''), undefined)
  })

  test('an MSR failure with -cpu host is a broken KVM too', () => {
    assert.equal(judgeKvmTrial('', 'qemu-system-x86_64: error: failed to set MSR 0x10a to 0x0\n')?.ok, false)
  })
})

describe('kvmTrialArgs', () => {
  test('boots the kernel alone under KVM, console on standard output, no reboot', () => {
    const args = kvmTrialArgs(MACHINES.i386, '/k/vmlinuz')
    assert.deepEqual(args.slice(args.indexOf('-accel'), args.indexOf('-accel') + 2), ['-accel', 'kvm'])
    assert.ok(args.includes('-no-reboot'))
    assert.equal(args[args.indexOf('-kernel') + 1], '/k/vmlinuz')
    assert.equal(args[args.indexOf('-append') + 1], 'console=ttyS0 panic=-1')
    assert.equal(args[args.indexOf('-serial') + 1], 'stdio')
    assert.equal(args.includes('-initrd'), false)
  })
})

describe('ensureKvmAccess: QEMU runs as this user, so /dev/kvm must open for it', () => {
  const ran: string[][] = []
  const runner: CommandRunner = {
    run: async (command, args) => {
      ran.push([command, ...args])
      return { code: 0, signal: null, stdout: '', stderr: '' }
    },
    start: () => {
      throw new Error('not used')
    },
  }

  test('a device that opens needs nothing', async () => {
    assert.equal(await ensureKvmAccess(runner, new MemoryLogger(), { GITHUB_ACTIONS: 'true' }, () => true), undefined)
    assert.deepEqual(ran, [])
  })

  test('off GitHub, a device that does not open is a reason for TCG, and the machine is left alone', async () => {
    const reason = await ensureKvmAccess(runner, new MemoryLogger(), {}, () => false)
    assert.equal(reason, 'this user cannot open /dev/kvm (add it to the kvm group, or run as root)')
    assert.deepEqual(ran, [])
  })

  test('on a GitHub runner, the documented udev rule is applied and the device opened again', async () => {
    let applied = false
    const log = new MemoryLogger()
    const applying: CommandRunner = {
      ...runner,
      run: async (command, args, options) => {
        ran.push([command, ...args, String(options?.privileged)])
        applied = true
        return { code: 0, signal: null, stdout: '', stderr: '' }
      },
    }
    assert.equal(await ensureKvmAccess(applying, log, { GITHUB_ACTIONS: 'true' }, () => applied), undefined)
    assert.deepEqual(ran.at(-1), ['sh', '-c', kvmUdevScript(), 'true'])
    assert.equal(KVM_UDEV_RULE, 'KERNEL=="kvm", GROUP="kvm", MODE="0666", OPTIONS+="static_node=kvm"')
    assert.match(
      kvmUdevScript(),
      /> \/etc\/udev\/rules\.d\/99-y2038-kvm\.rules && udevadm control --reload-rules && udevadm trigger --name-match=kvm$/,
    )
    assert.match(log.lines[0]!, /udev rule/)
  })

  test('a rule that does not help is a reason for TCG', async () => {
    const reason = await ensureKvmAccess(runner, new MemoryLogger(), { GITHUB_ACTIONS: 'true' }, () => false)
    assert.equal(reason, 'this user still cannot open /dev/kvm after the udev rule')
  })
})
