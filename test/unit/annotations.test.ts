import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { buildAnnotations } from '../../src/action/annotations.js'
import type { Finding } from '../../src/verdict/detect.js'

const base = { date: '2038-01-20T00:00:00Z', clock: 'step', arch: 'i386', suite: 'bookworm' } as const

const yearFinding: Finding = {
  ...base,
  stage: 'probe',
  line: 3,
  command: 'sudo -n true',
  message: 'sudo: unable to get time of day: Value too large for defined data type',
  signature: { id: 'sudo-time-of-day', match: 'unable to get time of day' },
  exitStatus: 1,
}

const stopped: Finding = {
  ...base,
  stage: 'probe',
  line: 5,
  command: 'exit 3',
  message: 'the probe stopped at line 5 (`exit 3`) with status 3, before its end',
  signature: { id: 'probe-stopped', match: '' },
}

describe('buildAnnotations: the command as bash ran it', () => {
  test('shown under the command as written', () => {
    const finding: Finding = {
      ...yearFinding,
      command: 'test "$(prog --year)" = "$(date -u +%Y)"',
      ranAs: 'test 1970 = 2038',
      message: 'exited with status 1',
      signature: { id: 'exit-status', match: 'exit status 1' },
    }
    const [annotation] = buildAnnotations([finding], { probe: { kind: 'file', path: 'ci/probe.sh' } })
    assert.match(
      annotation!.message,
      /^test "\$\(prog --year\)" = "\$\(date -u \+%Y\)" \(exit status 1\)\nran as: test 1970 = 2038\n/,
    )
  })
})

describe('buildAnnotations: a run that did not test what it was asked', () => {
  test('a stopped probe is not called a Year-2038 failure, and comes before the line findings', () => {
    const annotations = buildAnnotations([yearFinding, stopped], { probe: { kind: 'file', path: 'ci/probe.sh' } })
    assert.deepEqual(
      annotations.map((a) => [a.title, a.file, a.startLine]),
      [
        ['Probe stopped before its end at 2038-01-20 (i386 bookworm, clock step)', 'ci/probe.sh', 5],
        ['Year-2038 failure at 2038-01-20 (i386 bookworm, clock step)', 'ci/probe.sh', 3],
      ],
    )
  })

  test('incomplete and tampered results have titles of their own', () => {
    const titles = buildAnnotations(
      [
        { ...stopped, line: 2, signature: { id: 'incomplete', match: '' } },
        { ...stopped, line: undefined, signature: { id: 'tampered', match: '' } },
      ],
      { probe: { kind: 'file', path: 'p.sh' } },
    ).map((a) => a.title.replace(/ at .*/, ''))
    assert.deepEqual(titles, ['Probe results tampered with', 'Probe results incomplete'])
  })
})

describe('buildAnnotations: findings of the stages before the probe', () => {
  const setupLine: Finding = {
    ...base,
    stage: 'setup',
    line: 3,
    command: 'ls /missing',
    program: 'ls',
    message: "ls: cannot access '/missing': No such file or directory",
    signature: { id: 'exit-status', match: 'exit status 2' },
    exitStatus: 2,
  }
  const setupFailed: Finding = {
    ...base,
    stage: 'setup',
    line: 2,
    command: 'exit 1',
    message: 'the setup script stopped at line 2 (`exit 1`) with status 1, before its end',
    signature: { id: 'setup-failed', match: '' },
  }
  const installFailed: Finding = {
    ...base,
    stage: 'install',
    line: 2,
    program: 'dpkg',
    message: 'the installation of the .debs (dpkg --install) failed: dpkg: error processing archive x.deb (--install):',
    signature: { id: 'setup-failed', match: '' },
    context: [
      'dpkg: error processing archive x.deb (--install):',
      ' package architecture (amd64) does not match system (i386)',
    ],
  }
  const paths = { probe: { kind: 'file', path: 'p.sh' }, setup: { kind: 'file', path: 'ci/setup.sh' } }

  test('a setup line that failed points at the setup script, not the probe', () => {
    assert.deepEqual(buildAnnotations([setupLine], paths), [
      {
        title: 'Setup line failed at 2038-01-20 (i386 bookworm, clock step)',
        message: "ls /missing (exit status 2)\nls: cannot access '/missing': No such file or directory",
        file: 'ci/setup.sh',
        startLine: 3,
      },
    ])
  })

  test('a setup that failed is titled Setup failed, at its line of the setup script', () => {
    assert.deepEqual(buildAnnotations([setupFailed], paths), [
      {
        title: 'Setup failed at 2038-01-20 (i386 bookworm, clock step)',
        message: 'exit 1\nthe setup script stopped at line 2 (`exit 1`) with status 1, before its end',
        file: 'ci/setup.sh',
        startLine: 2,
      },
    ])
  })

  test('an install finding points at no file, even with a line', () => {
    assert.deepEqual(buildAnnotations([installFailed], paths), [
      {
        title: 'Installing the .debs failed at 2038-01-20 (i386 bookworm, clock step)',
        message: `${installFailed.message}\n${installFailed.context!.join('\n')}`,
      },
    ])
  })

  test('an inline setup script (no setup path): a setup finding points at no file, not at the probe', () => {
    const [annotation] = buildAnnotations([setupLine], { probe: { kind: 'file', path: 'p.sh' } })
    assert.equal(annotation?.title, 'Setup line failed at 2038-01-20 (i386 bookworm, clock step)')
    assert.equal(annotation?.file, undefined)
    assert.equal(annotation?.startLine, undefined)
  })

  test('failed stages first, then the line findings of probe and setup script by line', () => {
    const installNoLine: Finding = { ...installFailed, line: undefined }
    const annotations = buildAnnotations([{ ...setupLine, line: 5 }, yearFinding, setupFailed, installNoLine], paths)
    assert.deepEqual(
      annotations.map((a) => [a.title.replace(/ at .*/, ''), a.file, a.startLine]),
      [
        ['Installing the .debs failed', undefined, undefined],
        ['Setup failed', 'ci/setup.sh', 2],
        ['Year-2038 failure', 'p.sh', 3],
        ['Setup line failed', 'ci/setup.sh', 5],
      ],
    )
  })
})
