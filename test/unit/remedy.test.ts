import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { buildAnnotations, auditAnnotations } from '../../src/action/annotations.js'
import type { AuditFinding } from '../../src/audit/classify.js'
import type { Finding } from '../../src/verdict/detect.js'
import { remedy, remedyFor } from '../../src/verdict/remedy.js'

const FLAGS = 'rebuild with -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64 (glibc 2.34 or later)'

const sudo: Finding = {
  date: '2038-01-20T00:00:00Z',
  clock: 'step',
  arch: 'i386',
  suite: 'bookworm',
  stage: 'probe',
  line: 5,
  command: 'sudo -n true',
  program: 'sudo',
  message: 'sudo: unable to get time of day',
  signature: { id: 'sudo-time-of-day', match: 'unable to get time of day' },
  exitStatus: 1,
}

describe('remedy: what fixes a 32-bit time_t, per target', () => {
  test('i386: the flags, and Debian keeps 32-bit time_t in every release', () => {
    assert.equal(
      remedy('i386', 'trixie'),
      `Fix: ${FLAGS}; Debian's own i386 packages keep a 32-bit time_t in every release.`,
    )
  })

  test('armhf and armel: trixie has 64-bit time_t; in trixie a finding is software built without it', () => {
    assert.equal(
      remedy('armhf', 'bookworm'),
      `Fix: ${FLAGS}, or move to trixie, where Debian's armhf packages have a 64-bit time_t.`,
    )
    assert.equal(
      remedy('armel', 'trixie'),
      `Fix: ${FLAGS}: Debian's own armel packages in trixie have a 64-bit time_t, so this is software built without it.`,
    )
  })

  test('64-bit userlands: no advice', () => {
    assert.equal(remedy('amd64', 'bookworm'), undefined)
    assert.equal(remedy('arm64', 'trixie'), undefined)
  })

  test('only for findings that may be Year-2038 failures: not a stopped probe, not a setup line', () => {
    assert.equal(remedyFor(sudo), remedy('i386', 'bookworm'))
    assert.equal(remedyFor({ ...sudo, signature: { id: 'probe-stopped', match: '' } }), undefined)
    assert.equal(remedyFor({ ...sudo, stage: 'setup' }), undefined)
  })

  test('the annotation of a probe finding and of an audit finding ends with it', () => {
    const [annotation] = buildAnnotations([sudo], { probe: { kind: 'file', path: 'probe.sh' } })
    assert.equal(
      annotation!.message,
      `sudo -n true (exit status 1)\nsudo: unable to get time of day\n${remedy('i386', 'bookworm')}`,
    )
    const audit = {
      package: 'sudo',
      severity: 'warning',
      message: 'sudo: 2 files with a 32-bit time_t',
    } as AuditFinding
    const [audited] = auditAnnotations([audit], { arch: 'armhf', suite: 'bookworm' })
    assert.equal(audited!.message, `sudo: 2 files with a 32-bit time_t\n${remedy('armhf', 'bookworm')}`)
    const [amd64] = buildAnnotations([{ ...sudo, arch: 'amd64' }], { probe: { kind: 'file', path: 'probe.sh' } })
    assert.equal(amd64!.message, 'sudo -n true (exit status 1)\nsudo: unable to get time of day')
  })
})
