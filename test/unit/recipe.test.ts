import assert from 'node:assert/strict'
import { harnessKernelParams } from '../../src/protocol/names.js'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, test } from 'node:test'
import {
  INITRAMFS_MODULES,
  KERNEL_RECIPE_VERSION,
  USERLAND_BASE_PACKAGES,
  canonicalJson,
  initramfsHook,
  initramfsRootScript,
  kernelBuildArgs,
  kernelRecipe,
  recipeHash,
  recipeKey,
  sourcesLine,
  userlandBuildArgs,
  userlandRecipe,
} from '../../src/image/recipe.js'
import { resolveTarget } from '../../src/config/targets.js'

const MIRROR = 'http://deb.debian.org/debian'
const i386 = resolveTarget('i386', 'bookworm')

describe('canonicalJson', () => {
  test('sorts object keys at every level', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }),
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    )
  })

  test('objects with the same content in a different order are equal', () => {
    assert.equal(canonicalJson({ x: 1, y: { p: 'a', q: 'b' } }), canonicalJson({ y: { q: 'b', p: 'a' }, x: 1 }))
  })

  test('array order is kept', () => {
    assert.notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]))
    assert.equal(canonicalJson(['b', 'a']), '["b","a"]')
  })

  test('undefined properties are left out; primitives are JSON', () => {
    assert.equal(canonicalJson({ a: undefined, b: 'x"y' }), '{"b":"x\\"y"}')
    assert.equal(canonicalJson(3), '3')
    assert.equal(canonicalJson(null), 'null')
    assert.equal(canonicalJson(true), 'true')
  })

  test('parses back to the same value', () => {
    const value = { m: [1, { b: 'x', a: [true, null] }], k: 'v' }
    assert.deepEqual(JSON.parse(canonicalJson(value)), value)
  })
})

describe('kernelRecipe and userlandRecipe', () => {
  test('the kernel recipe for i386 bookworm', () => {
    assert.deepEqual(kernelRecipe(i386, MIRROR), {
      kind: 'kernel',
      version: KERNEL_RECIPE_VERSION,
      arch: 'i386',
      suite: 'bookworm',
      kernelPackage: 'linux-image-686',
      modules: [...INITRAMFS_MODULES],
      rootScript: createHash('sha256').update(initramfsRootScript()).digest('hex'),
      mirror: MIRROR,
    })
  })

  test('the kernel recipe for i386 trixie is the amd64 kernel', () => {
    const recipe = kernelRecipe(resolveTarget('i386', 'trixie'), MIRROR)
    assert.equal(recipe.arch, 'amd64')
    assert.equal(recipe.kernelPackage, 'linux-image-amd64')
    assert.equal(recipe.suite, 'trixie')
  })

  test('kernelRecipe takes no packages', () => {
    assert.equal('packages' in kernelRecipe(i386, MIRROR), false)
  })

  test('the kernel key is pinned: a change rebuilds every kernel, so it is a decision, not an accident', () => {
    // Printed by this code (and the key of the kernel the e2e suites build).
    assert.equal(recipeKey(kernelRecipe(i386, MIRROR)), 'kernel-i386-bookworm-c4c8e467b2303ba2')
  })

  test('the userland always has busybox, sudo and systemd, sorted and without duplicates', () => {
    assert.deepEqual([...USERLAND_BASE_PACKAGES].sort(), ['busybox', 'sudo', 'systemd'])
    assert.deepEqual(userlandRecipe(i386, MIRROR, []).packages, ['busybox', 'sudo', 'systemd'])
    assert.deepEqual(userlandRecipe(i386, MIRROR, ['python3', 'sudo', 'apache2', 'python3']).packages, [
      'apache2',
      'busybox',
      'python3',
      'sudo',
      'systemd',
    ])
  })

  test("a change of the audit's symbol table makes another userland key: its audit is read at build", () => {
    const recipe = userlandRecipe(i386, MIRROR, [])
    assert.match(recipe.auditTable, /^[0-9a-f]{16}$/)
    assert.notEqual(recipeKey({ ...recipe, auditTable: '0000000000000000' }), recipeKey(recipe))
  })

  test('the userland recipe is of the userland architecture', () => {
    const recipe = userlandRecipe(resolveTarget('i386', 'trixie'), MIRROR, [])
    assert.equal(recipe.kind, 'userland')
    assert.equal(recipe.arch, 'i386')
    assert.equal(recipe.suite, 'trixie')
    assert.equal(recipe.mirror, MIRROR)
  })
})

describe('recipeKey', () => {
  test('has the kind, arch and suite and 16 hex digits of the hash', () => {
    const recipe = kernelRecipe(i386, MIRROR)
    const key = recipeKey(recipe)
    assert.match(key, /^kernel-i386-bookworm-[0-9a-f]{16}$/)
    assert.equal(key.slice(-16), recipeHash(recipe).slice(0, 16))
    assert.match(recipeHash(recipe), /^[0-9a-f]{64}$/)
    assert.match(recipeKey(userlandRecipe(i386, MIRROR, [])), /^userland-i386-bookworm-[0-9a-f]{16}$/)
  })

  test('is stable: equal recipes give equal keys, whatever the order of their keys', () => {
    const a = userlandRecipe(i386, MIRROR, ['perl'])
    const b = userlandRecipe(resolveTarget('i386', 'bookworm'), MIRROR, ['perl', 'perl'])
    assert.equal(recipeKey(a), recipeKey(b))
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a
    assert.equal(recipeKey(reordered), recipeKey(a))
    assert.equal(recipeKey(kernelRecipe(i386, MIRROR)), recipeKey(kernelRecipe(i386, MIRROR)))
  })

  test('the recipe version is part of the key', () => {
    const kernel = kernelRecipe(i386, MIRROR)
    assert.notEqual(recipeKey({ ...kernel, version: kernel.version + 1 }), recipeKey(kernel))
    const userland = userlandRecipe(i386, MIRROR, [])
    assert.notEqual(recipeKey({ ...userland, version: userland.version + 1 }), recipeKey(userland))
  })

  test('the user packages change the userland key', () => {
    const none = recipeKey(userlandRecipe(i386, MIRROR, []))
    const perl = recipeKey(userlandRecipe(i386, MIRROR, ['perl']))
    const python = recipeKey(userlandRecipe(i386, MIRROR, ['python3']))
    assert.notEqual(none, perl)
    assert.notEqual(perl, python)
  })

  test('a base package given again does not change the userland key', () => {
    assert.equal(recipeKey(userlandRecipe(i386, MIRROR, ['sudo'])), recipeKey(userlandRecipe(i386, MIRROR, [])))
  })

  test('the mirror changes both keys', () => {
    const other = 'http://ftp.de.debian.org/debian'
    assert.notEqual(recipeKey(userlandRecipe(i386, MIRROR, [])), recipeKey(userlandRecipe(i386, other, [])))
    assert.notEqual(recipeKey(kernelRecipe(i386, MIRROR)), recipeKey(kernelRecipe(i386, other)))
  })

  test('the suite and arch change the keys', () => {
    const keys = new Set([
      recipeKey(kernelRecipe(i386, MIRROR)),
      recipeKey(kernelRecipe(resolveTarget('amd64', 'bookworm'), MIRROR)),
      recipeKey(kernelRecipe(resolveTarget('i386', 'trixie'), MIRROR)),
      recipeKey(userlandRecipe(i386, MIRROR, [])),
      recipeKey(userlandRecipe(resolveTarget('amd64', 'bookworm'), MIRROR, [])),
      recipeKey(userlandRecipe(resolveTarget('i386', 'sid'), MIRROR, [])),
    ])
    assert.equal(keys.size, 6)
  })

  test("the kernel key does not change with the user's packages, the userland key does", () => {
    // As the engine builds them: the kernel from the target and mirror only.
    const keysFor = (packages: string[]) => ({
      kernel: recipeKey(kernelRecipe(i386, MIRROR)),
      userland: recipeKey(userlandRecipe(i386, MIRROR, packages)),
    })
    const without = keysFor([])
    const withPython = keysFor(['python3', 'gcc'])
    assert.equal(without.kernel, withPython.kernel)
    assert.notEqual(without.userland, withPython.userland)
  })
})

describe('kernelBuildArgs', () => {
  const recipe = kernelRecipe(i386, MIRROR)
  const args = kernelBuildArgs(recipe, '/cache/work/boot')

  test('builds into nothing and keeps only /boot', () => {
    assert.ok(args.includes('--format=null'))
    assert.ok(args.includes('--mode=root'))
    assert.ok(args.includes('--variant=essential'))
    assert.ok(args.includes('--architectures=i386'))
    assert.ok(args.includes('/dev/null'))
    assert.ok(args.includes("--customize-hook=sync-out /boot '/cache/work/boot'"))
  })

  test("sync-out's path survives mmdebstrap's shellwords with spaces and quotes in it", () => {
    const odd = "/home/o'brien/y2038 cache/work/boot"
    const hook = kernelBuildArgs(recipe, odd)
      .find((a) => a.startsWith('--customize-hook='))!
      .slice('--customize-hook='.length)
    // mmdebstrap parses special hooks with Perl's Text::ParseWords::shellwords.
    const words = execFileSync('perl', ['-MText::ParseWords', '-e', 'print join("\\0", shellwords($ARGV[0]))', hook], {
      encoding: 'utf8',
    }).split('\0')
    assert.deepEqual(words, ['sync-out', '/boot', odd])
  })

  test('ends with the suite, /dev/null and the explicit sources line', () => {
    assert.deepEqual(args.slice(-3), ['bookworm', '/dev/null', `deb ${MIRROR} bookworm main`])
    assert.equal(sourcesLine(MIRROR, 'bookworm'), 'deb http://deb.debian.org/debian bookworm main')
  })

  test('includes the kernel package, initramfs-tools and busybox', () => {
    const include = args.filter((a) => a.startsWith('--include='))
    assert.equal(include.length, 1)
    assert.deepEqual(include[0]!.slice('--include='.length).split(','), [
      'linux-image-686',
      'initramfs-tools',
      'busybox',
    ])
  })

  test('the essential hook, run by sh, writes the initramfs config, the module hook and the root script', () => {
    const hooks = args.filter((a) => a.startsWith('--essential-hook='))
    assert.equal(hooks.length, 1)
    // mmdebstrap runs a hook as `sh -c HOOK exec CHROOT`; a chroot path with a space and a quote.
    const chroot = mkdtempSync(path.join(os.tmpdir(), "y2038 recipe's "))
    try {
      execFileSync('sh', ['-c', hooks[0]!.slice('--essential-hook='.length), 'exec', chroot])
      const tools = path.join(chroot, 'etc/initramfs-tools')
      assert.equal(readFileSync(path.join(tools, 'conf.d/y2038'), 'utf8'), 'MODULES=list\nBUSYBOX=y\n')
      assert.equal(readFileSync(path.join(tools, 'hooks/y2038'), 'utf8'), initramfsHook(INITRAMFS_MODULES))
      const script = path.join(tools, 'scripts/init-bottom/y2038-root')
      assert.equal(readFileSync(script, 'utf8'), initramfsRootScript())
      assert.equal(statSync(script).mode & 0o777, 0o755)
      assert.equal(statSync(path.join(tools, 'hooks/y2038')).mode & 0o777, 0o755)
    } finally {
      rmSync(chroot, { recursive: true, force: true })
    }
  })

  test('the hook script installs and loads every module: the disk, erofs, overlay, the results port', () => {
    const hook = initramfsHook(INITRAMFS_MODULES)
    assert.ok(hook.startsWith('#!/bin/sh\n'))
    assert.match(hook, /manual_add_modules "\$m"/)
    assert.match(hook, /echo "\$m" >> "\$\{DESTDIR\}\/conf\/modules"/)
    const loop = /for m in (.+); do/.exec(hook)
    assert.ok(loop)
    assert.deepEqual(loop[1]!.split(' '), [...INITRAMFS_MODULES])
    for (const m of ['virtio_blk', 'erofs', 'overlay', 'virtio_pci', 'virtio_console'])
      assert.ok(INITRAMFS_MODULES.includes(m as never), m)
  })

  test('the root script runs after udev, and does nothing without the harness disk', () => {
    const script = initramfsRootScript()
    assert.equal(execFileSync('sh', ['-c', script, 'y2038-root', 'prereqs'], { encoding: 'utf8' }), 'udev\n')
    // Here (the test host) the kernel command line names no harness disk: it exits 0 at once.
    assert.equal(execFileSync('sh', ['-c', script, 'y2038-root'], { encoding: 'utf8' }), '')
    // It reads each parameter the host puts on the kernel command line for it.
    for (const param of harnessKernelParams()) assert.ok(script.includes(`  ${param.split('=')[0]}=*) `), param)
  })

  test('a change to the root script is a new kernel artifact', () => {
    const other = { ...recipe, rootScript: createHash('sha256').update('other').digest('hex') }
    assert.notEqual(recipeKey(other), recipeKey(recipe))
  })

  test('--keyring as given', () => {
    assert.deepEqual(
      kernelBuildArgs(recipe, '/b', '/k.gpg').filter((a) => a.startsWith('--keyring')),
      ['--keyring=/k.gpg'],
    )
  })

  test('no --keyring when none is given (build.ts passes undefined when the host has no Debian keyring)', () => {
    assert.equal(
      kernelBuildArgs(recipe, '/b', undefined).some((a) => a.startsWith('--keyring')),
      false,
    )
    assert.equal(
      args.some((a) => a.startsWith('--keyring')),
      false,
    )
  })
})

describe('userlandBuildArgs', () => {
  const recipe = userlandRecipe(i386, MIRROR, ['python3'])

  test('builds a directory at the root dir, from the explicit sources line', () => {
    const args = userlandBuildArgs(recipe, '/cache/work/root', '/usr/share/keyrings/debian-archive-keyring.gpg')
    assert.ok(args.includes('--format=directory'))
    assert.ok(args.includes('--architectures=i386'))
    assert.ok(args.includes('--include=busybox,python3,sudo,systemd'))
    assert.deepEqual(args.slice(-3), ['bookworm', '/cache/work/root', `deb ${MIRROR} bookworm main`])
  })

  test('writes /etc/hosts so that sudo can resolve the host', () => {
    const hook = userlandBuildArgs(recipe, '/r', undefined).find((a) => a.startsWith('--customize-hook='))
    assert.ok(hook)
    assert.match(hook, /127\.0\.0\.1\\tlocalhost/)
    assert.match(hook, /> "\$1\/etc\/hosts"$/)
  })

  test('--keyring only when given', () => {
    const withKeyring = userlandBuildArgs(recipe, '/r', '/etc/apt/debian.gpg')
    assert.deepEqual(
      withKeyring.filter((a) => a.startsWith('--keyring')),
      ['--keyring=/etc/apt/debian.gpg'],
    )
    const without = userlandBuildArgs(recipe, '/r', undefined)
    assert.deepEqual(
      without.filter((a) => a.startsWith('--keyring')),
      [],
    )
    assert.equal(without.length, withKeyring.length - 1)
  })
})
