import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { InputError } from '../../src/config/errors.js'
import { parseOptions } from '../../src/config/options.js'
import {
  archOfPlatform,
  isLoopbackRegistry,
  parseSystemImage,
  pinnedSource,
  skopeoReference,
} from '../../src/config/system-image.js'
import { recipeKey } from '../../src/image/recipe.js'
import { relinkArgs, runtimeRecipe } from '../../src/image/runtime.js'
import { resolveInRoot } from '../../src/image/in-root.js'
import {
  checkDebsInstallable,
  groupedByDirectory,
  inspectedSystem,
  libcOfLoaders,
  osReleaseName,
  skopeoCopyArgs,
  skopeoInspectArgs,
  systemRecipe,
} from '../../src/image/system.js'
import { OWN_SYSTEM, remedy } from '../../src/verdict/remedy.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-system-image-'))
after(() => rmSync(dir, { recursive: true, force: true }))
writeFileSync(path.join(dir, 'root.tar.gz'), 'x')
writeFileSync(path.join(dir, 'image.tar'), 'x')
mkdirSync(path.join(dir, 'layout'))

const DIGEST = `sha256:${'ab'.repeat(32)}`

describe('parseSystemImage', () => {
  test('each form, paths from the repository', () => {
    assert.deepEqual(parseSystemImage('rootfs:root.tar.gz', dir, true)?.source, {
      kind: 'rootfs',
      path: path.join(dir, 'root.tar.gz'),
    })
    assert.deepEqual(parseSystemImage(' oci-archive:image.tar ', dir, false), {
      given: 'oci-archive:image.tar',
      source: { kind: 'oci', transport: 'oci-archive', reference: path.join(dir, 'image.tar') },
      archGiven: false,
    })
    assert.deepEqual(parseSystemImage('docker-archive:image.tar', dir, false)?.source, {
      kind: 'oci',
      transport: 'docker-archive',
      reference: path.join(dir, 'image.tar'),
    })
    assert.deepEqual(parseSystemImage('oci:layout', dir, false)?.source, {
      kind: 'oci',
      transport: 'oci',
      reference: path.join(dir, 'layout'),
    })
    assert.deepEqual(parseSystemImage('oci:layout:v2', dir, false)?.source, {
      kind: 'oci',
      transport: 'oci',
      reference: `${path.join(dir, 'layout')}:v2`,
    })
    const docker = parseSystemImage('docker://registry.example:5000/team/gateway:1.2', dir, false)
    assert.deepEqual(docker?.source, {
      kind: 'oci',
      transport: 'docker',
      reference: '//registry.example:5000/team/gateway:1.2',
    })
    assert.equal(skopeoReference(docker!.source as never), 'docker://registry.example:5000/team/gateway:1.2')
    assert.equal(parseSystemImage('  ', dir, false), undefined)
    assert.equal(parseSystemImage(undefined, dir, false), undefined)
  })

  test('bad values: one line naming the input and what is valid', () => {
    for (const [value, message] of [
      ['gateway:latest', /^image: 'gateway:latest' is not an image \(valid: oci-archive:PATH, .*rootfs:PATH/],
      ['rootfs:', /^image: 'rootfs:' is not an image/],
      ['docker:gateway', /^image: 'docker:gateway' is not an image/],
      ['rootfs:missing.tar', /^image: 'rootfs:missing\.tar': .*missing\.tar does not exist$/],
      ['rootfs:layout', /^image: 'rootfs:layout': .*layout is a directory$/],
      ['oci:root.tar.gz', /^image: 'oci:root\.tar\.gz': .*root\.tar\.gz is not a directory$/],
    ] as const) {
      assert.throws(
        () => parseSystemImage(value, dir, false),
        (e: unknown) => e instanceof InputError && message.test(e.message) && !e.message.includes('\n'),
        value,
      )
    }
  })

  test('a registry reference is copied by the digest it was inspected to have', () => {
    const pin = (ref: string) =>
      (pinnedSource(parseSystemImage(`docker://${ref}`, dir, false)!.source, DIGEST) as { reference: string }).reference
    assert.equal(pin('127.0.0.1:5000/team/gateway:1'), `//127.0.0.1:5000/team/gateway@${DIGEST}`)
    assert.equal(pin('registry.example/gateway'), `//registry.example/gateway@${DIGEST}`)
    assert.equal(pin(`registry.example/gateway@sha256:${'cd'.repeat(32)}`), `//registry.example/gateway@${DIGEST}`)
    const archive = parseSystemImage('oci-archive:image.tar', dir, false)!.source
    assert.deepEqual(pinnedSource(archive, DIGEST), archive)
  })

  test('a loopback registry is the only one taken over plain HTTP', () => {
    const at = (ref: string) => isLoopbackRegistry(parseSystemImage(`docker://${ref}`, dir, false)!.source)
    assert.equal(at('127.0.0.1:5000/gateway:1'), true)
    assert.equal(at('localhost:5000/gateway'), true)
    assert.equal(at('[::1]:5000/gateway'), true)
    assert.equal(at('registry.example/gateway'), false)
    assert.equal(at('127.0.0.1.example.com/gateway'), false)
    assert.equal(at('gateway:1'), false)
  })
})

describe('image with the other inputs', () => {
  const context = { repositoryRoot: dir, env: {}, syntaxError: () => undefined }
  test('packages and suite describe a Debian build: refused with image', () => {
    assert.throws(() => parseOptions({ image: 'rootfs:root.tar.gz', packages: 'curl' }, context), {
      message: /^packages: does not apply with image \(the userland is rootfs:root\.tar\.gz\): leave packages out$/,
    })
    assert.throws(() => parseOptions({ image: 'rootfs:root.tar.gz', suite: 'trixie' }, context), {
      message: /^suite: does not apply/,
    })
    assert.throws(() => parseOptions({ image: 'rootfs:root.tar.gz', init: 'systemd' }, context), {
      message: /^init: 'systemd' is not available with image: the harness is PID 1 \(valid: sh\)$/,
    })
  })
  test('arch given or not', () => {
    assert.equal(parseOptions({ image: 'rootfs:root.tar.gz', arch: 'armhf' }, context).image?.archGiven, true)
    assert.equal(parseOptions({ image: 'rootfs:root.tar.gz' }, context).image?.archGiven, false)
    assert.equal(parseOptions({}, context).image, undefined)
  })
})

describe('the image platform', () => {
  test('OCI platforms to Debian architectures', () => {
    assert.equal(archOfPlatform('386'), 'i386')
    assert.equal(archOfPlatform('amd64'), 'amd64')
    assert.equal(archOfPlatform('arm64', 'v8'), 'arm64')
    assert.equal(archOfPlatform('arm', 'v7'), 'armhf')
    assert.equal(archOfPlatform('arm'), 'armhf')
    assert.equal(archOfPlatform('arm', 'v5'), 'armel')
    assert.equal(archOfPlatform('riscv64'), undefined)
  })

  const image = parseSystemImage('docker://127.0.0.1:5000/gateway:1', dir, false)!
  const inspect = (fields: Record<string, unknown>) =>
    JSON.stringify({ Digest: DIGEST, Os: 'linux', Architecture: 'arm', Variant: 'v7', ...fields })
  test('skopeo inspect: the digest and the architecture, the one asked for checked', () => {
    assert.deepEqual(inspectedSystem(image, inspect({}), 'i386'), { digest: DIGEST, arch: 'armhf' })
    assert.deepEqual(inspectedSystem({ ...image, archGiven: true }, inspect({}), 'armhf'), {
      digest: DIGEST,
      arch: 'armhf',
    })
    assert.throws(
      () =>
        inspectedSystem({ ...image, archGiven: true }, inspect({ Architecture: 'arm64', Variant: undefined }), 'armhf'),
      {
        message:
          /^arch: 'armhf' does not match docker:\/\/127\.0\.0\.1:5000\/gateway:1, which is for linux\/arm64 \(arm64\): give arch arm64 or leave it out$/,
      },
    )
    assert.throws(() => inspectedSystem(image, inspect({ Os: 'windows' }), 'i386'), {
      message: /^image: .* is for windows\/arm\/v7/,
    })
    assert.throws(
      () => inspectedSystem(image, inspect({ Architecture: 's390x', Variant: undefined }), 'i386'),
      /linux\/s390x/,
    )
    assert.throws(() => inspectedSystem(image, inspect({ Digest: 'sha256:12' }), 'i386'), /gave no digest/)
    assert.throws(() => inspectedSystem(image, 'not json', 'i386'), /printed no JSON/)
  })

  test("skopeo's arguments: the platform when asked, plain HTTP only on the loopback", () => {
    assert.deepEqual(skopeoInspectArgs(image.source as never), [
      'inspect',
      '--tls-verify=false',
      'docker://127.0.0.1:5000/gateway:1',
    ])
    assert.deepEqual(skopeoInspectArgs(image.source as never, 'armhf'), [
      '--override-os',
      'linux',
      '--override-arch',
      'arm',
      '--override-variant',
      'v7',
      'inspect',
      '--tls-verify=false',
      'docker://127.0.0.1:5000/gateway:1',
    ])
    const remote = parseSystemImage('docker://registry.example/gateway:1', dir, false)!
    assert.deepEqual(skopeoCopyArgs(remote.source as never, 'i386', '/w/oci'), [
      '--override-os',
      'linux',
      '--override-arch',
      '386',
      'copy',
      '--quiet',
      'docker://registry.example/gateway:1',
      'oci:/w/oci:image',
    ])
    assert.ok(skopeoCopyArgs(image.source as never, 'armhf', '/w/oci').includes('--src-tls-verify=false'))
  })

  test('the userland is keyed by the digest, not by the name', () => {
    const one = recipeKey(systemRecipe({ digest: DIGEST, arch: 'armhf' }))
    assert.match(one, /^system-armhf-[0-9a-f]{16}$/)
    assert.equal(recipeKey(systemRecipe({ digest: DIGEST, arch: 'armhf' })), one)
    assert.notEqual(recipeKey(systemRecipe({ digest: `sha256:${'cd'.repeat(32)}`, arch: 'armhf' })), one)
  })
})

describe('what the system is', () => {
  test('os-release', () => {
    assert.equal(osReleaseName('NAME="Gateway OS"\nPRETTY_NAME="Gateway OS 1.0"\n'), 'Gateway OS 1.0')
    assert.equal(osReleaseName("NAME='Alpine Linux'\n"), 'Alpine Linux')
    assert.equal(osReleaseName('ID=x\n'), undefined)
  })
  test('the C library by its loaders', () => {
    assert.equal(libcOfLoaders(['ld-musl-armhf.so.1']), 'musl')
    assert.equal(libcOfLoaders(['ld-linux-armhf.so.3']), 'glibc')
    assert.equal(libcOfLoaders(['ld-linux.so.2']), 'glibc')
    assert.equal(libcOfLoaders([]), 'unknown')
  })
  test("links resolve inside the system's tree, never on the host", async () => {
    const root = mkdtempSync(path.join(dir, 'root-'))
    mkdirSync(path.join(root, 'bin'))
    mkdirSync(path.join(root, 'usr/lib'), { recursive: true })
    writeFileSync(path.join(root, 'bin/busybox'), 'x')
    symlinkSync('/bin/busybox', path.join(root, 'bin/sh'))
    symlinkSync('usr/lib', path.join(root, 'lib'))
    writeFileSync(path.join(root, 'usr/lib/os-release'), 'x')
    // The host has /bin/bash; the tree has not.
    symlinkSync('/bin/bash', path.join(root, 'bin/bash'))
    assert.equal(await resolveInRoot(root, 'bin/sh'), path.join(root, 'bin/busybox'))
    assert.equal(await resolveInRoot(root, '/lib/os-release'), path.join(root, 'usr/lib/os-release'))
    assert.equal(await resolveInRoot(root, 'bin/bash'), undefined)
    assert.equal(await resolveInRoot(root, 'bin/missing'), undefined)
  })
  test('files no package lists are grouped by their directory', () => {
    const audit = {
      symbols: 's',
      elfFiles: 2,
      seconds: 0,
      files: [
        { path: '/usr/bin/sudo', class: 'time32', package: 'sudo' },
        { path: '/opt/gw/bin/agent', class: 'time32' },
      ],
    } as never
    assert.deepEqual(
      groupedByDirectory(audit).files.map((f: { package?: string }) => f.package),
      ['sudo', '/opt/gw/bin'],
    )
  })
  test('debs need the system own dpkg', () => {
    const system = {
      given: 'rootfs:gw.tar',
      digest: DIGEST,
      arch: 'armhf' as const,
      libc: 'unknown' as const,
      dpkg: false,
    }
    assert.throws(() => checkDebsInstallable(system, 1), {
      message:
        /^debs: rootfs:gw\.tar has no dpkg to install them with: leave debs out, or put the programs in the image$/,
    })
    assert.doesNotThrow(() => checkDebsInstallable(system, 0))
    assert.doesNotThrow(() => checkDebsInstallable({ ...system, dpkg: true }, 2))
    assert.doesNotThrow(() => checkDebsInstallable(undefined, 2))
  })
  test('the fix for an own system names no Debian suite', () => {
    assert.match(remedy('armhf', OWN_SYSTEM)!, /in the system's build; musl has a 64-bit time_t from 1\.2\.$/)
    assert.equal(remedy('arm64', OWN_SYSTEM), undefined)
    assert.match(remedy('armhf', 'bookworm')!, /move to trixie/)
  })
})

describe('the harness runtime', () => {
  test('keyed by architecture, packages and the place the guest has it', () => {
    const key = recipeKey(runtimeRecipe('armhf', 'http://deb.debian.org/debian'))
    assert.match(key, /^runtime-armhf-bookworm-[0-9a-f]{16}$/)
    assert.notEqual(recipeKey(runtimeRecipe('i386', 'http://deb.debian.org/debian')), key)
    assert.equal(runtimeRecipe('armhf', 'http://m/debian').guestDir, '/run/y2038/runtime')
  })
  test('patchelf: a program gets the loader and the library path; a library the path only', () => {
    assert.deepEqual(
      relinkArgs('/w/bin/perl', '/run/y2038/runtime/lib', '/run/y2038/runtime/lib/ld-linux-armhf.so.3'),
      [
        '--set-interpreter',
        '/run/y2038/runtime/lib/ld-linux-armhf.so.3',
        '--force-rpath',
        '--set-rpath',
        '/run/y2038/runtime/lib',
        '/w/bin/perl',
      ],
    )
    assert.deepEqual(relinkArgs('/w/lib/libm.so.6', '/run/y2038/runtime/lib'), [
      '--force-rpath',
      '--set-rpath',
      '/run/y2038/runtime/lib',
      '/w/lib/libm.so.6',
    ])
  })
})
