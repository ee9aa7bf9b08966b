import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { RunOptions } from '../../src/config/options.js'
import { artifactIdentity, artifactKey } from '../../src/report/artifact-name.js'

/** Options with every field set, optional ones included. */
const OPTIONS: Required<RunOptions> = {
  dates: [new Date('2038-01-20T00:00:00Z')],
  arch: 'i386',
  suite: 'bookworm',
  packages: [],
  probe: { kind: 'file', path: '/home/runner/work/repo/ci/probe.sh', relativePath: 'ci/probe.sh' },
  clock: 'step',
  mirror: 'http://deb.debian.org/debian',
  timeoutSeconds: 600,
  cacheDir: '/home/runner/.cache/y2038-action',
  accel: 'auto',
  audit: 'packages',
  failOn: 'findings',
  control: new Date('2026-12-01T00:00:00Z'),
  controlIsHostClock: true,
  debs: [{ path: '/home/runner/work/repo/dist/a.deb', relativePath: 'dist/a.deb' }],
  workdir: { path: '/home/runner/work/repo/build', relativePath: 'build' },
  setup: { kind: 'inline', script: 'make install\n' },
  init: 'sh',
  systemdTarget: 'multi-user.target',
  crossMarginSeconds: 30,
  confirm: true,
  parallel: 2,
  search: { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2106-02-07T06:28:16Z') },
  image: { given: 'oci-archive:images/gateway.tar', source: { kind: 'rootfs', path: '/x' }, archGiven: true },
}

/** Another value for each option: a matrix cell that differs from OPTIONS there alone. */
const OTHER: { [K in keyof RunOptions]-?: RunOptions[K] } = {
  dates: [new Date('2038-01-18T00:00:00Z')],
  arch: 'armhf',
  suite: 'trixie',
  packages: ['python3'],
  probe: { kind: 'inline', script: 'sudo -n true\n' },
  clock: 'boot',
  mirror: 'http://mirror.example/debian',
  timeoutSeconds: 900,
  cacheDir: '/tmp/elsewhere',
  accel: 'tcg',
  audit: 'all',
  failOn: 'never',
  control: undefined,
  controlIsHostClock: false,
  debs: [],
  workdir: { path: '/home/runner/work/repo/out', relativePath: 'out' },
  setup: { kind: 'inline', script: 'make check\n' },
  init: 'systemd',
  systemdTarget: 'graphical.target',
  crossMarginSeconds: 60,
  confirm: false,
  parallel: 4,
  search: { from: new Date('2030-01-01T00:00:00Z'), to: new Date('2040-01-01T00:00:00Z') },
  image: { given: 'docker://registry.example/gateway:2', source: { kind: 'rootfs', path: '/y' }, archGiven: false },
}

describe('artifactIdentity', () => {
  const key = artifactKey(artifactIdentity(OPTIONS))

  test('two runs whose options differ in any one input get different names (the cache directory and parallel aside)', () => {
    for (const name of Object.keys(OTHER) as (keyof RunOptions)[]) {
      const changed = artifactKey(artifactIdentity({ ...OPTIONS, [name]: OTHER[name] }))
      if (name === 'cacheDir') assert.equal(changed, key, 'where the host keeps guests does not make another run')
      else if (name === 'parallel')
        assert.equal(changed, key, 'how many guests run at once does not change what is run')
      else assert.notEqual(changed, key, `a run with another ${name} gets the same name`)
    }
  })

  test('init and systemd target: a matrix over them names each cell apart (it collided before)', () => {
    const systemd = artifactKey(artifactIdentity({ ...OPTIONS, init: 'systemd' }))
    assert.match(systemd, /^i386-bookworm-step-systemd-base-2038-01-20T000000Z-[0-9a-f]{8}$/)
    assert.match(key, /^i386-bookworm-step-base-2038-01-20T000000Z-[0-9a-f]{8}$/)
  })

  test('the same inputs in another checkout give the same name: repository paths, not host paths', () => {
    const elsewhere = {
      ...OPTIONS,
      probe: { kind: 'file' as const, path: '/srv/ci/repo/ci/probe.sh', relativePath: 'ci/probe.sh' },
      debs: [{ path: '/srv/ci/repo/dist/a.deb', relativePath: 'dist/a.deb' }],
      workdir: { path: '/srv/ci/repo/build', relativePath: 'build' },
    }
    assert.equal(artifactKey(artifactIdentity(elsewhere)), key)
  })

  test('credentials in the mirror do not reach the name', () => {
    const identity = artifactIdentity({ ...OPTIONS, mirror: 'http://ci:s3cr3t@mirror.example/debian' })
    assert.doesNotMatch(JSON.stringify(identity), /s3cr3t/)
  })
})
