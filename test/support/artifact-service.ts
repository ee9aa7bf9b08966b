/**
 * A local stand-in for GitHub's artifact service as runners use it today (artifacts v4): a
 * Twirp JSON API at `<ACTIONS_RESULTS_URL origin>/twirp/github.actions.results.api.v1.ArtifactService/<Method>`
 * that hands out signed Azure Blob Storage URLs, the zipped artifacts going straight to and
 * from blob storage: here Azurite, with real SAS URLs made with @azure/storage-blob, as
 * test/support/cache-service.ts does for the cache. The REAL @actions/artifact client (the
 * bundled actions' own, or the tests') uploads, lists and downloads against it.
 *
 * What it does like GitHub (as seen from @actions/artifact 6.x):
 * - every request carries `Authorization: Bearer <ACTIONS_RUNTIME_TOKEN>`; the client reads the
 *   workflow run's and the job's backend ids from the token's `scp` claim
 *   (`Actions.Results:<run>:<job>`), so each job gets a token of its own (`envFor(job)`); an
 *   unknown token is Twirp `unauthenticated` (401), a request for another workflow run than
 *   its token's `permission_denied` (403); an artifact is created and finalized as the
 *   token's job, whatever job id the request carries (the client downloads with the ids of
 *   the job that uploaded);
 * - JSON bodies use the proto field names, int64 as strings, wrapper types (StringValue,
 *   Int64Value) as bare values, timestamps as RFC 3339 strings;
 * - CreateArtifact for a name that a finalized artifact of the same run has answers HTTP 409
 *   `already_exists` (artifacts v4 are immutable; the client does not retry a 409);
 * - FinalizeArtifact checks the uploaded blob's size and SHA-256 against what the client declares;
 * - ListArtifacts lists the finalized artifacts of the caller's workflow run, every job's,
 *   filtered by name or id; GetSignedArtifactURL signs a read URL for one by name;
 *   DeleteArtifact deletes one by name.
 * What it does its own way: no retention, no size quota, one repository.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {
  BlobSASPermissions,
  BlobServiceClient,
  SASProtocol,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
} from '@azure/storage-blob'
import { AZURITE_ACCOUNT, AZURITE_KEY, killChild, startAzurite } from './cache-service.js'

export const ARTIFACT_TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/'

export interface ImageInfo {
  id: number
  name: string
  runId: string
  jobId: string
  finalized: boolean
  size?: number
  digest?: string
  createdAt: Date
}

export interface ArtifactCall {
  method: string
  body: unknown
  status: number
  response: unknown
}

/** The environment a job's step needs to use the stand-in (merge it into the step's env). */
export interface ArtifactJobEnv extends NodeJS.ProcessEnv {
  ACTIONS_RUNTIME_TOKEN: string
  ACTIONS_RESULTS_URL: string
  GITHUB_SERVER_URL: string
}

export interface ArtifactService {
  url: string
  /** The workflow run's backend id every job of this service belongs to. */
  runId: string
  /** The environment of a job of the run: its own token, the service's URL. */
  envFor(job: string): ArtifactJobEnv
  artifacts(): ImageInfo[]
  calls: ArtifactCall[]
  stop(): Promise<void>
}

class TwirpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    msg: string,
  ) {
    super(msg)
  }
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

function runtimeToken(runId: string, jobId: string): string {
  const now = Math.floor(Date.now() / 1000)
  return `${base64url({ typ: 'JWT', alg: 'none' })}.${base64url({
    iss: 'https://token.actions.example.invalid',
    nbf: now - 60,
    iat: now - 60,
    exp: now + 6 * 3600,
    scp: `Actions.ExampleScope Actions.Results:${runId}:${jobId}`,
    jti: randomBytes(8).toString('hex'),
  })}.`
}

export async function startArtifactService(options: { verbose?: boolean } = {}): Promise<ArtifactService> {
  const verbose = options.verbose ?? false
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'artifact-service-'))
  const runId = randomUUID()
  const tokens = new Map<string, { runId: string; jobId: string }>()
  const artifacts: (ImageInfo & { blobName: string })[] = []
  const calls: ArtifactCall[] = []
  let nextId = 1
  let azurite: Awaited<ReturnType<typeof startAzurite>> | undefined
  let server: http.Server | undefined
  let stopped = false
  const killOnExit = () => azurite?.child.kill('SIGKILL')
  process.once('exit', killOnExit)

  async function shutdown(): Promise<void> {
    if (server?.listening) {
      const srv = server
      const closed = new Promise<void>((resolve) => srv.close(() => resolve()))
      srv.closeAllConnections()
      await closed
    }
    if (azurite) await killChild(azurite.child)
    process.removeListener('exit', killOnExit)
    rmSync(tmp, { recursive: true, force: true })
  }

  try {
    azurite = await startAzurite(tmp, verbose)
    const credential = new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY)
    const blobEndpoint = `http://127.0.0.1:${azurite.port}/${AZURITE_ACCOUNT}`
    const container = new BlobServiceClient(blobEndpoint, credential).getContainerClient('actions-results')
    await container.createIfNotExists()
    const signedUrl = (blobName: string, permissions: string): string => {
      const now = Date.now()
      const sas = generateBlobSASQueryParameters(
        {
          containerName: container.containerName,
          blobName,
          permissions: BlobSASPermissions.parse(permissions),
          startsOn: new Date(now - 5 * 60_000),
          expiresOn: new Date(now + 3600_000),
          protocol: SASProtocol.HttpsAndHttp,
        },
        credential,
      )
      return `${container.getBlockBlobClient(blobName).url}?${sas.toString()}`
    }
    const json = (a: ImageInfo) => ({
      workflow_run_backend_id: a.runId,
      workflow_job_run_backend_id: a.jobId,
      database_id: String(a.id),
      name: a.name,
      size: String(a.size ?? 0),
      created_at: a.createdAt.toISOString(),
      ...(a.digest ? { digest: a.digest } : {}),
    })
    const inRun = (caller: { runId: string }, name: string) =>
      artifacts.find((a) => a.runId === caller.runId && a.name === name)

    const handlers: Record<
      string,
      (body: Record<string, unknown>, caller: { runId: string; jobId: string }) => Promise<Record<string, unknown>>
    > = {
      async CreateArtifact(body, caller) {
        const name = String(body.name ?? '')
        if (!name) throw new TwirpError(400, 'invalid_argument', 'name is required')
        const existing = inRun(caller, name)
        if (existing?.finalized) {
          throw new TwirpError(409, 'already_exists', 'an artifact with this name already exists on the workflow run')
        }
        if (existing) artifacts.splice(artifacts.indexOf(existing), 1)
        const id = nextId++
        artifacts.push({
          id,
          name,
          runId: caller.runId,
          jobId: caller.jobId,
          finalized: false,
          createdAt: new Date(),
          blobName: `${caller.runId}/${id}.zip`,
        })
        return { ok: true, signed_upload_url: signedUrl(artifacts.at(-1)!.blobName, 'cw') }
      },
      async FinalizeArtifact(body, caller) {
        const artifact = inRun(caller, String(body.name ?? ''))
        if (!artifact || artifact.finalized || artifact.jobId !== caller.jobId) {
          throw new TwirpError(404, 'not_found', 'no artifact of this name is being uploaded by this job')
        }
        const blob = container.getBlockBlobClient(artifact.blobName)
        const data = await blob.downloadToBuffer().catch(() => undefined)
        if (!data) return { ok: false }
        if (String(data.length) !== String(body.size)) {
          throw new TwirpError(
            400,
            'invalid_argument',
            `uploaded ${data.length} bytes, not the declared ${String(body.size)}`,
          )
        }
        const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`
        if (body.hash !== undefined && body.hash !== digest) {
          throw new TwirpError(400, 'invalid_argument', `the upload's digest is ${digest}, not ${String(body.hash)}`)
        }
        Object.assign(artifact, { finalized: true, size: data.length, digest })
        return { ok: true, artifact_id: String(artifact.id) }
      },
      async ListArtifacts(body, caller) {
        const byName = body.name_filter !== undefined ? String(body.name_filter) : undefined
        const byId = body.id_filter !== undefined ? String(body.id_filter) : undefined
        return {
          artifacts: artifacts
            .filter((a) => a.finalized && a.runId === caller.runId)
            .filter((a) => byName === undefined || a.name === byName)
            .filter((a) => byId === undefined || String(a.id) === byId)
            .map(json),
        }
      },
      async GetSignedArtifactURL(body, caller) {
        const artifact = inRun(caller, String(body.name ?? ''))
        if (!artifact?.finalized) throw new TwirpError(404, 'not_found', 'no such artifact')
        return { signed_url: signedUrl(artifact.blobName, 'r') }
      },
      async DeleteArtifact(body, caller) {
        const artifact = inRun(caller, String(body.name ?? ''))
        if (!artifact?.finalized) throw new TwirpError(404, 'not_found', 'no such artifact')
        artifacts.splice(artifacts.indexOf(artifact), 1)
        await container.getBlockBlobClient(artifact.blobName).deleteIfExists()
        return { ok: true, artifact_id: String(artifact.id) }
      },
    }

    server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1')
        const method = url.pathname.startsWith(ARTIFACT_TWIRP_PREFIX)
          ? url.pathname.slice(ARTIFACT_TWIRP_PREFIX.length)
          : url.pathname
        let body: unknown
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
        } catch {
          body = undefined
        }
        const call: ArtifactCall = { method, body, status: 0, response: undefined }
        calls.push(call)
        const send = (status: number, response: unknown) => {
          call.status = status
          call.response = response
          const text = JSON.stringify(response)
          res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) })
          res.end(text)
          if (verbose)
            process.stderr.write(`[artifact-service] ${method} ${JSON.stringify(body)} -> ${status} ${text}\n`)
        }
        if (req.method !== 'POST' || !(method in handlers)) {
          send(404, { code: 'bad_route', msg: `no handler for ${req.method} ${url.pathname}` })
          return
        }
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
        const caller = token ? tokens.get(token) : undefined
        if (!caller) {
          send(401, { code: 'unauthenticated', msg: 'missing or unknown bearer token' })
          return
        }
        if (!isRecord(body)) {
          send(400, { code: 'malformed', msg: 'expected a JSON body' })
          return
        }
        // The run must be the token's; the job need not: the client asks GetSignedArtifactURL
        // with the ids of the job that uploaded the artifact, another job of the same run.
        if (body.workflow_run_backend_id !== caller.runId) {
          send(403, { code: 'permission_denied', msg: "the request's workflow run is not the token's" })
          return
        }
        handlers[method]!(body, caller).then(
          (response) => send(200, response),
          (err: unknown) => {
            if (err instanceof TwirpError) send(err.status, { code: err.code, msg: err.message })
            else send(500, { code: 'internal', msg: String(err) })
          },
        )
      })
    })
    const srv = server
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject)
      srv.listen(0, '127.0.0.1', () => resolve())
    })
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/`
    const jobs = new Map<string, string>()
    return {
      url,
      runId,
      calls,
      envFor(job) {
        let token = jobs.get(job)
        if (!token) {
          const jobId = randomUUID()
          token = runtimeToken(runId, jobId)
          tokens.set(token, { runId, jobId })
          jobs.set(job, token)
        }
        return { ACTIONS_RUNTIME_TOKEN: token, ACTIONS_RESULTS_URL: url, GITHUB_SERVER_URL: 'https://github.com' }
      },
      artifacts: () =>
        artifacts.map((a) => ({
          id: a.id,
          name: a.name,
          runId: a.runId,
          jobId: a.jobId,
          finalized: a.finalized,
          ...(a.size !== undefined ? { size: a.size } : {}),
          ...(a.digest !== undefined ? { digest: a.digest } : {}),
          createdAt: a.createdAt,
        })),
      async stop() {
        if (stopped) return
        stopped = true
        await shutdown()
      },
    }
  } catch (err) {
    await shutdown()
    throw err
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
