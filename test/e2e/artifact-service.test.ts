/**
 * Proves test/support/artifact-service.ts against the REAL @actions/artifact client (artifacts
 * v4: Twirp JSON API, zips in Azure Blob Storage, here Azurite): one job uploads, another job
 * of the same run lists and downloads the same bytes; a second upload of a name is refused;
 * a token the service did not issue is refused.
 */
import { DefaultArtifactClient } from '@actions/artifact'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { type ArtifactService, startArtifactService } from '../support/artifact-service.js'

let service: ArtifactService
let root: string
const NAMES = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'GITHUB_SERVER_URL', 'GITHUB_WORKSPACE']
const saved: Record<string, string | undefined> = {}

/** Runs `fn` as a step of `job` would: with that job's environment. */
async function asJob<T>(job: string, fn: () => Promise<T>): Promise<T> {
  Object.assign(process.env, service.envFor(job), { GITHUB_WORKSPACE: root })
  const write = process.stdout.write
  // The client's workflow commands (::debug::, ::add-mask::) are not this test's output.
  process.stdout.write = function (chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    if (text.startsWith('::')) return true
    return (write as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest)
  } as typeof process.stdout.write
  try {
    return await fn()
  } finally {
    process.stdout.write = write
  }
}

describe('local artifact service (v4) stand-in with the real @actions/artifact client', { timeout: 120_000 }, () => {
  before(async () => {
    for (const name of NAMES) saved[name] = process.env[name]
    service = await startArtifactService()
    root = mkdtempSync(path.join(os.tmpdir(), 'artifact-service-e2e-'))
    mkdirSync(path.join(root, 'out', 'sub'), { recursive: true })
    writeFileSync(path.join(root, 'out', 'y2038-report.json'), '{"schemaVersion": 5}\n')
    writeFileSync(path.join(root, 'out', 'sub', 'console.log'), 'line\n'.repeat(1000))
  })

  after(async () => {
    await service?.stop()
    for (const name of NAMES) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
    if (root) rmSync(root, { recursive: true, force: true })
  })

  test('one job uploads; another job of the run lists it and downloads the same files', async () => {
    const files = [path.join(root, 'out', 'y2038-report.json'), path.join(root, 'out', 'sub', 'console.log')]
    const uploaded = await asJob('job-a', () =>
      new DefaultArtifactClient().uploadArtifact('y2038-report-test', files, path.join(root, 'out')),
    )
    assert.equal(uploaded.id, 1)
    assert.deepEqual(
      service.artifacts().map((a) => [a.name, a.finalized, a.digest]),
      [['y2038-report-test', true, `sha256:${uploaded.digest}`]],
    )
    const listed = await asJob('job-b', () => new DefaultArtifactClient().listArtifacts({ latest: true }))
    assert.deepEqual(
      listed.artifacts.map((a) => [a.name, a.id, a.size]),
      [['y2038-report-test', 1, uploaded.size]],
    )
    const into = path.join(root, 'download')
    const downloaded = await asJob('job-b', () => new DefaultArtifactClient().downloadArtifact(1, { path: into }))
    assert.equal(downloaded.downloadPath, into)
    assert.deepEqual(readdirSync(into).sort(), ['sub', 'y2038-report.json'])
    assert.equal(readFileSync(path.join(into, 'y2038-report.json'), 'utf8'), '{"schemaVersion": 5}\n')
    assert.equal(readFileSync(path.join(into, 'sub', 'console.log'), 'utf8'), 'line\n'.repeat(1000))
  })

  test('a second upload of the same name in the run is refused (409), not retried', async () => {
    const createsBefore = service.calls.filter((c) => c.method === 'CreateArtifact').length
    await assert.rejects(
      asJob('job-c', () =>
        new DefaultArtifactClient().uploadArtifact(
          'y2038-report-test',
          [path.join(root, 'out', 'y2038-report.json')],
          path.join(root, 'out'),
        ),
      ),
      /Received non-retryable error: Failed request: \(409\) Conflict: an artifact with this name already exists on the workflow run/,
    )
    // Not retried: one call, refused with 409.
    assert.deepEqual(
      service.calls
        .filter((c) => c.method === 'CreateArtifact')
        .slice(createsBefore)
        .map((c) => c.status),
      [409],
    )
  })

  test('a token the service did not issue is refused (401)', async () => {
    await assert.rejects(
      asJob('job-d', async () => {
        process.env.ACTIONS_RUNTIME_TOKEN = service.envFor('job-d').ACTIONS_RUNTIME_TOKEN.replace(/^[^.]+/, 'x')
        return new DefaultArtifactClient().listArtifacts()
      }),
    )
    assert.equal(service.calls.at(-1)!.status, 401)
  })
})
