import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, test } from 'node:test'
import {
  AUDIT_TABLE_DIGEST,
  USERLAND_RECIPE_VERSION,
  type UserlandRecipe,
  recipeKey,
  userlandBuildArgs,
  userlandRecipe,
} from '../../src/image/recipe.js'
import { resolveTarget } from '../../src/config/targets.js'

const MIRROR = 'http://deb.debian.org/debian'
const i386 = resolveTarget('i386', 'bookworm')

const satisfyHooks = (args: string[]): string[] =>
  args.filter((a) => a.startsWith('--customize-hook=') && a.includes(' satisfy'))

/**
 * Runs a customize hook's shell command the way mmdebstrap does (`sh -c HOOK exec ROOT`),
 * with an apt-get first in PATH that prints the APT_CONFIG it was given and each of its
 * arguments, NUL-separated: what the real apt-get would have been given.
 */
function hookArgv(hook: string, root: string): string[] {
  const command = hook.slice('--customize-hook='.length)
  const bin = mkdtempSync(path.join(os.tmpdir(), 'y2038-satisfy-'))
  try {
    writeFileSync(path.join(bin, 'apt-get'), `#!/bin/sh\nprintf '%s\\0' "APT_CONFIG=$APT_CONFIG" "$@"\n`, {
      mode: 0o755,
    })
    const run = spawnSync('sh', ['-c', command, 'exec', root], {
      encoding: 'utf8',
      env: { PATH: `${bin}:${process.env.PATH}`, MMDEBSTRAP_APT_CONFIG: '/tmp/mmdebstrap.xyz/apt.conf' },
    })
    assert.equal(run.status, 0, run.stderr)
    assert.equal(run.stderr, '')
    return run.stdout.split('\0').slice(0, -1)
  } finally {
    rmSync(bin, { recursive: true, force: true })
  }
}

describe('userlandRecipe with and without satisfy', () => {
  test('without satisfy there is no satisfy key at all', () => {
    for (const recipe of [userlandRecipe(i386, MIRROR, ['python3']), userlandRecipe(i386, MIRROR, ['python3'], [])]) {
      assert.equal(Object.hasOwn(recipe, 'satisfy'), false)
      assert.deepEqual(Object.keys(recipe), ['kind', 'version', 'arch', 'suite', 'packages', 'mirror', 'auditTable'])
    }
  })

  test('without satisfy the key is the one a recipe without the field has', () => {
    const before: UserlandRecipe = {
      kind: 'userland',
      version: USERLAND_RECIPE_VERSION,
      arch: 'i386',
      suite: 'bookworm',
      packages: ['busybox', 'python3', 'sudo', 'systemd'],
      mirror: MIRROR,
      auditTable: AUDIT_TABLE_DIGEST,
    }
    assert.equal(recipeKey(userlandRecipe(i386, MIRROR, ['python3'])), recipeKey(before))
    assert.equal(recipeKey(userlandRecipe(i386, MIRROR, ['python3'], [])), recipeKey(before))
  })

  test('the keys of recipes without satisfy are pinned: a change of them is a decision, not an accident', () => {
    // Printed by this code when audit rules 4 (the large-file evidence, and that table in the
    // digest) made every cached userland be built again; with rules 3 they were 1335a726ee6af069
    // and 30f287ffa5901ea2, with rules 2 720fd3bf4ba96ff8 and a566cfe10bfce33b.
    assert.equal(recipeKey(userlandRecipe(i386, MIRROR, ['python3'])), 'userland-i386-bookworm-72163f0e1e1ba507')
    assert.equal(recipeKey(userlandRecipe(i386, MIRROR, [])), 'userland-i386-bookworm-f15365ce23636b0b')
  })

  test('with satisfy the key changes, and the list is sorted and without duplicates', () => {
    const recipe = userlandRecipe(i386, MIRROR, ['python3'], ['perl', 'libc6 (>= 2.36)', 'perl', 'a | b'])
    assert.deepEqual(recipe.satisfy, ['a | b', 'libc6 (>= 2.36)', 'perl'])
    const plain = userlandRecipe(i386, MIRROR, ['python3'])
    assert.notEqual(recipeKey(recipe), recipeKey(plain))
    assert.match(recipeKey(recipe), /^userland-i386-bookworm-[0-9a-f]{16}$/)
  })

  test('the order and repetition of the relations given do not change the key; their content does', () => {
    const a = userlandRecipe(i386, MIRROR, [], ['perl', 'libc6 (>= 2.36)'])
    const b = userlandRecipe(i386, MIRROR, [], ['libc6 (>= 2.36)', 'perl', 'perl'])
    const c = userlandRecipe(i386, MIRROR, [], ['libc6 (>= 2.37)', 'perl'])
    assert.equal(recipeKey(a), recipeKey(b))
    assert.notEqual(recipeKey(a), recipeKey(c))
  })

  test('the list given is not changed', () => {
    const given = ['zlib1g', 'perl', 'perl']
    userlandRecipe(i386, MIRROR, [], given)
    assert.deepEqual(given, ['zlib1g', 'perl', 'perl'])
  })
})

describe('userlandBuildArgs with satisfy', () => {
  const relations = ['libfoo (>= 1:2.0~rc1) | bar', 'libc6 (>= 2.36)', "odd'name <!nocheck> [i386]"]
  const recipe = userlandRecipe(i386, MIRROR, ['python3'], relations)
  const args = userlandBuildArgs(recipe, '/cache/work/root', undefined)

  test('no satisfy hook without satisfy', () => {
    const plain = userlandBuildArgs(userlandRecipe(i386, MIRROR, ['python3']), '/r', undefined)
    assert.deepEqual(satisfyHooks(plain), [])
    assert.equal(plain.filter((a) => a.startsWith('--customize-hook=')).length, 1)
    assert.equal(args.length, plain.length + 1)
  })

  test('exactly one customize hook runs apt-get satisfy, before the /etc/hosts one', () => {
    const hooks = args.filter((a) => a.startsWith('--customize-hook='))
    assert.equal(hooks.length, 2)
    assert.equal(satisfyHooks(args).length, 1)
    assert.equal(hooks[0], satisfyHooks(args)[0])
    assert.match(hooks[0]!, /^--customize-hook=APT_CONFIG="\$MMDEBSTRAP_APT_CONFIG" apt-get /)
    assert.match(hooks[1]!, /\/etc\/hosts"$/)
  })

  test("dpkg runs chrooted in the new root, never on the host's system", () => {
    const hook = satisfyHooks(args)[0]!
    assert.ok(hook.includes('-o DPkg::Chroot-Directory="$1"'), hook)
    assert.ok(hook.includes('-o Dir::Bin::dpkg=env'), hook)
    assert.ok(hook.includes('-o DPkg::Options::=--unset=TMPDIR -o DPkg::Options::=dpkg'), hook)
  })

  test('each relation is one shell-quoted word, in sorted order, at the end', () => {
    const hook = satisfyHooks(args)[0]!
    assert.ok(
      hook.endsWith(
        ` --yes --no-install-recommends satisfy 'libc6 (>= 2.36)' 'libfoo (>= 1:2.0~rc1) | bar' 'odd'\\''name <!nocheck> [i386]'`,
      ),
      hook,
    )
  })

  test('run by sh as mmdebstrap runs it, apt-get gets exactly these arguments', () => {
    const root = '/srv/y2038 cache/root $HOME'
    assert.deepEqual(hookArgv(satisfyHooks(args)[0]!, root), [
      'APT_CONFIG=/tmp/mmdebstrap.xyz/apt.conf',
      '-o',
      'Dir::Bin::dpkg=env',
      '-o',
      'DPkg::Options::=--unset=TMPDIR',
      '-o',
      'DPkg::Options::=dpkg',
      '-o',
      `DPkg::Chroot-Directory=${root}`,
      '--yes',
      '--no-install-recommends',
      'satisfy',
      'libc6 (>= 2.36)',
      'libfoo (>= 1:2.0~rc1) | bar',
      "odd'name <!nocheck> [i386]",
    ])
  })

  test("the relations survive plain word splitting (sh -c 'printf ...' sh WORDS)", () => {
    const hook = satisfyHooks(args)[0]!
    const words = hook.slice(hook.indexOf(' satisfy ') + ' satisfy '.length)
    const run = spawnSync('sh', ['-c', `set -- ${words}; printf '%s\\n' "$@"`], { encoding: 'utf8' })
    assert.equal(run.status, 0, run.stderr)
    assert.equal(run.stdout, `libc6 (>= 2.36)\nlibfoo (>= 1:2.0~rc1) | bar\nodd'name <!nocheck> [i386]\n`)
  })
})
