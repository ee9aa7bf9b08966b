import assert from 'node:assert/strict'
import { chmodSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, test } from 'node:test'
import { keptGuestsWanted, parseOptions, ramFileWanted } from '../../src/config/options.js'
import { bashSyntaxError } from '../../src/host/bash-syntax.js'
import { resolveTarget } from '../../src/config/targets.js'
import { harnessDigest, type HarnessContents } from '../../src/guest/harness.js'
import {
  HOST_CLOCK_BOOT,
  imageIdentity,
  savedGuestBootKey,
  savedGuestRecipe,
  startsInTime,
} from '../../src/guest/saved-guest.js'
import { recipeKey } from '../../src/image/recipe.js'
import { treeDigest } from '../../src/image/tree-digest.js'
import { scratchDir } from '../support/scratch.js'

describe('treeDigest: what a guest can tell apart, not the times', () => {
  const make = (): string => {
    const dir = scratchDir('y2038-tree-')
    mkdirSync(path.join(dir, 'sub'))
    writeFileSync(path.join(dir, 'sub', 'a.txt'), 'a\n')
    writeFileSync(path.join(dir, 'run.sh'), 'echo hi\n')
    chmodSync(path.join(dir, 'run.sh'), 0o755)
    symlinkSync('sub/a.txt', path.join(dir, 'link'))
    return dir
  }

  test('equal trees, equal digests, whatever their times', async () => {
    const one = make()
    const two = make()
    utimesSync(path.join(two, 'run.sh'), new Date('2001-01-01'), new Date('2001-01-01'))
    assert.equal(await treeDigest(one), await treeDigest(two))
    rmSync(one, { recursive: true })
    rmSync(two, { recursive: true })
  })

  test('a byte, a mode, a name or a link target changes it', async () => {
    const base = make()
    const digest = await treeDigest(base)
    const changes: Array<(dir: string) => void> = [
      (dir) => writeFileSync(path.join(dir, 'sub', 'a.txt'), 'b\n'),
      (dir) => chmodSync(path.join(dir, 'run.sh'), 0o644),
      (dir) => writeFileSync(path.join(dir, 'new'), ''),
      (dir) => {
        rmSync(path.join(dir, 'link'))
        symlinkSync('run.sh', path.join(dir, 'link'))
      },
    ]
    for (const change of changes) {
      const dir = make()
      change(dir)
      assert.notEqual(await treeDigest(dir), digest, change.toString())
      rmSync(dir, { recursive: true })
    }
    rmSync(base, { recursive: true })
  })
})

describe('harnessDigest', () => {
  const config: HarnessContents['config'] = { clock: 'step', arch: 'i386', suite: 'bookworm', workdir: false }

  test('new stage tokens each run do not change it; the setup script does', async () => {
    const setup = { kind: 'inline' as const, script: 'echo one' }
    const a = await harnessDigest({ config: { ...config, stages: { setup: 'aaaa' } }, setup })
    const b = await harnessDigest({ config: { ...config, stages: { setup: 'bbbb' } }, setup })
    const c = await harnessDigest({
      config: { ...config, stages: { setup: 'aaaa' } },
      setup: { kind: 'inline', script: 'echo two' },
    })
    assert.equal(a, b)
    assert.notEqual(a, c)
    assert.notEqual(a, await harnessDigest({ config: { ...config, clock: 'cross' }, setup }))
  })
})

describe('savedGuestRecipe: the key of a kept guest', () => {
  const target = resolveTarget('i386', 'bookworm')
  const images = {
    machine: target.machine,
    accel: 'tcg' as const,
    kernel: '/k',
    initrd: '/i',
    rootImage: '/r',
    init: '/bin/sh',
    kernelKey: 'kernel-i386-bookworm-1',
    userlandKey: 'userland-i386-bookworm-2',
  }
  const session = { harnessDigest: 'h1' }
  const boot = '2030-01-01T00:00:00Z'
  const base = recipeKey(savedGuestRecipe(target, images, session, 'QEMU emulator version 7.2.0', boot))

  test('named by its target and a hash', () => {
    assert.match(base, /^saved-guest-i386-bookworm-[0-9a-f]{16}$/)
  })

  test('another QEMU, accelerator, kernel, userland, harness, workdir or boot date is another key', () => {
    const others = [
      savedGuestRecipe(target, images, session, 'QEMU emulator version 8.2.2', boot),
      savedGuestRecipe(target, { ...images, accel: 'kvm' }, session, 'QEMU emulator version 7.2.0', boot),
      savedGuestRecipe(target, { ...images, kernelKey: 'k2' }, session, 'QEMU emulator version 7.2.0', boot),
      savedGuestRecipe(target, { ...images, userlandKey: 'u2' }, session, 'QEMU emulator version 7.2.0', boot),
      savedGuestRecipe(target, images, { harnessDigest: 'h2' }, 'QEMU emulator version 7.2.0', boot),
      savedGuestRecipe(target, images, { ...session, workdirDigest: 'w' }, 'QEMU emulator version 7.2.0', boot),
      savedGuestRecipe(target, images, session, 'QEMU emulator version 7.2.0', '2031-01-01T00:00:00Z'),
    ].map(recipeKey)
    assert.equal(new Set([base, ...others]).size, others.length + 1)
  })
})

describe('savedGuestBootKey: a guest booted at the host clock is found by later runs', () => {
  const parse = (control: string) =>
    parseOptions(
      { dates: '2038-01-20', control },
      { repositoryRoot: '/repo', syntaxError: bashSyntaxError, env: {}, now: NOW },
    )
  const NOW = new Date('2026-12-05T23:55:17.250Z')

  test("auto's control, the earliest date: keyed as the host clock, whatever second it is", () => {
    const options = parse('auto')
    assert.equal(options.controlIsHostClock, true)
    assert.equal(savedGuestBootKey(options, new Date('2026-12-05T23:55:17Z')), HOST_CLOCK_BOOT)
    const later = parseOptions(
      { dates: '2038-01-20', control: 'auto' },
      { repositoryRoot: '/repo', syntaxError: bashSyntaxError, env: {}, now: new Date('2027-03-01T08:00:00Z') },
    )
    assert.equal(savedGuestBootKey(later, new Date('2027-03-01T08:00:00Z')), HOST_CLOCK_BOOT)
  })

  test('a control given as a date, none, or a requested date earlier than the control: the boot date itself', () => {
    assert.equal(parse('2026-12-05T23:55:17Z').controlIsHostClock, undefined)
    assert.equal(
      savedGuestBootKey(parse('2026-12-05T23:55:17Z'), new Date('2026-12-05T23:55:17Z')),
      '2026-12-05T23:55:17Z',
    )
    assert.equal(parse('none').controlIsHostClock, undefined)
    assert.equal(savedGuestBootKey(parse('none'), new Date('2038-01-18T00:00:00Z')), '2038-01-18T00:00:00Z')
    assert.equal(savedGuestBootKey(parse('auto'), new Date('2020-01-01T00:00:00Z')), '2020-01-01T00:00:00Z')
  })

  test('clock cross: the control less the margin is still the host clock', () => {
    const options = parseOptions(
      { dates: '2038-01-20', control: 'auto', clock: 'cross', crossMargin: '30' },
      { repositoryRoot: '/repo', syntaxError: bashSyntaxError, env: {}, now: NOW },
    )
    assert.equal(savedGuestBootKey(options, new Date('2026-12-05T23:54:47Z')), HOST_CLOCK_BOOT)
  })

  test('startsInTime: a guest booted after this run would boot would have its clock go back', () => {
    const stored = (bootDate: string) =>
      ({ manifest: { details: { bootDate } } }) as unknown as Parameters<typeof startsInTime>[0]
    const boot = new Date('2026-12-05T23:55:17Z')
    assert.equal(startsInTime(stored('2026-12-01T10:00:00Z'), boot), true)
    assert.equal(startsInTime(stored('2026-12-05T23:55:17Z'), boot), true)
    assert.equal(startsInTime(stored('2026-12-05T23:55:18Z'), boot), false)
  })
})

describe('imageIdentity: an image in a kept guest key is its key and its bytes', () => {
  const image = (sha: string) => ({
    key: 'userland-i386-bookworm-0123456789abcdef',
    manifest: { payload: [{ name: 'root.erofs', sha256: sha, bytes: 10 }] } as never,
  })

  test('the same files give the same identity; a rebuild under the same key with other bytes does not', () => {
    assert.equal(imageIdentity(image('aa')), imageIdentity(image('aa')))
    assert.notEqual(imageIdentity(image('aa')), imageIdentity(image('bb')))
    assert.match(imageIdentity(image('aa')), /^userland-i386-bookworm-0123456789abcdef@[0-9a-f]{16}$/)
  })
})

describe('keptGuestsWanted', () => {
  test('on by default; Y2038_SNAPSHOT=fresh or off turns it off', () => {
    assert.equal(keptGuestsWanted({}), true)
    assert.equal(keptGuestsWanted({ Y2038_SNAPSHOT: 'fresh' }), false)
    assert.equal(keptGuestsWanted({ Y2038_SNAPSHOT: 'off' }), false)
  })
})

describe('ramFileWanted', () => {
  test('off by default; Y2038_RAM_FILE=on turns it on; anything else is an error naming it', () => {
    assert.equal(ramFileWanted({}), false)
    assert.equal(ramFileWanted({ Y2038_RAM_FILE: '' }), false)
    assert.equal(ramFileWanted({ Y2038_RAM_FILE: 'off' }), false)
    assert.equal(ramFileWanted({ Y2038_RAM_FILE: 'on' }), true)
    assert.throws(() => ramFileWanted({ Y2038_RAM_FILE: 'yes' }), {
      message: "Y2038_RAM_FILE: 'yes' is not valid (valid: on, off)",
    })
  })
})
