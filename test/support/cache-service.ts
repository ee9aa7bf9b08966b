/**
 * A local stand-in for GitHub's cache service as runners use it today ("cache service v2"):
 * a Twirp JSON API at `<ACTIONS_RESULTS_URL>/twirp/github.actions.results.api.v1.CacheService/<Method>`
 * that hands out signed Azure Blob Storage URLs, the archives themselves going straight to and
 * from blob storage. Here the blob storage is Azurite (the Azure Storage emulator, blob service only,
 * run as a child process on loopback), and the signed URLs are real SAS URLs made with
 * @azure/storage-blob from Azurite's well-known development account, so the REAL @actions/cache
 * client can be driven against it: point process.env at `service.env` and call
 * cache.saveCache / cache.restoreCache.
 *
 * What it does like GitHub (as seen from @actions/cache 6.x):
 * - requests carry `Authorization: Bearer <ACTIONS_RUNTIME_TOKEN>`; any other token gets Twirp
 *   `unauthenticated` (401);
 * - JSON bodies use the proto field names (`signed_upload_url`, `size_bytes`, `restore_keys`, ...),
 *   int64 fields as strings;
 * - entries are keyed by (key, version); CreateCacheEntry for a (key, version) that has a finalized
 *   entry answers HTTP 409 `{"code":"already_exists","msg":"cache entry with the same key, version,
 *   and scope already exists"}`, which is what github.com answers (the client turns it into
 *   ReserveCacheError: logs `Failed to save: Unable to reserve cache with key ..., another job may
 *   be creating this cache.` with core.info and returns -1);
 * - GetCacheEntryDownloadURL looks, for the key and then each restore key in order, for a finalized
 *   entry of the same version whose key equals it, else the newest one whose key starts with it (GitHub's
 *   documented matching: exact key, then partial match of the key, then restore-keys as prefixes);
 *   no match answers `{"ok":false}`, which the client reports as a miss (undefined).
 *
 * What it does its own way (GitHub's behaviour is not documented): a CreateCacheEntry for a
 * (key, version) whose upload was never finalized is allowed again and re-reserves the entry;
 * FinalizeCacheEntryUpload without a reservation answers Twirp `not_found` (404), and with no
 * uploaded blob, or a blob whose size differs from `size_bytes`, `{"ok":false,"message":...}`.
 * Scopes (branches) are not modelled: every entry is visible to every caller.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import {
  BlobSASPermissions,
  BlobServiceClient,
  type ContainerClient,
  SASProtocol,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
} from '@azure/storage-blob'

/** Azurite's well-known development account (documented, not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1'
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

export const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/'

export interface CacheServiceOptions {
  /** Blob container the archives go to. Default `actions-cache`. */
  container?: string
  /** Lifetime of the signed URLs. Default 3600 s. */
  sasTtlSeconds?: number
  /** Print each Twirp call and Azurite's output to stderr. Default false. */
  verbose?: boolean
}

/** The environment the @actions/cache client needs to use the stand-in (merge it into process.env). */
export interface CacheServiceEnv {
  /** Selects the v2 (Twirp) protocol in @actions/cache. */
  ACTIONS_CACHE_SERVICE_V2: string
  /** Base URL of the Twirp API, `http://127.0.0.1:<port>/`. */
  ACTIONS_RESULTS_URL: string
  /** The same URL, as runners also set it (only the v1 protocol reads it; the stand-in does not speak v1). */
  ACTIONS_CACHE_URL: string
  /** An unsigned JWT (`alg: none`); the client only sends it as a bearer token, it does not decode it. */
  ACTIONS_RUNTIME_TOKEN: string
  /** `write` (read and write allowed), overriding any ACTIONS_CACHE_MODE of the machine the tests run on. */
  ACTIONS_CACHE_MODE: string
  /** github.com, so that the client does not take itself for GHES (where it falls back to v1). */
  GITHUB_SERVER_URL: string
}

export interface CacheEntryInfo {
  /** The entry id FinalizeCacheEntryUpload returned (what saveCache returns), assigned at creation. */
  id: number
  key: string
  version: string
  /** True once FinalizeCacheEntryUpload succeeded; only finalized entries can be restored. */
  finalized: boolean
  /** The size the client declared at finalization (undefined before). */
  sizeBytes?: number
  /** Name of the blob in the container. */
  blobName: string
  createdAt: Date
  finalizedAt?: Date
}

export interface TwirpCall {
  method: string
  /** The JSON body the client sent (undefined if it was not JSON). */
  body: unknown
  /** HTTP status answered; 0 when the connection was reset (service unavailable, `reset` mode). */
  status: number
  /** The response body sent (undefined when reset). */
  response: unknown
  /** The Authorization header as received. */
  authorization?: string
}

/** How the service fails while unavailable. */
export type UnavailableMode =
  /** Destroy each connection as soon as the request arrives: the client gets ECONNRESET, gives up at once. */
  | 'reset'
  /** Answer HTTP 503 with a Twirp `unavailable` error: the client retries (5 attempts, about 25-35 s in all). */
  | '503'

export interface CorruptOptions {
  /**
   * `flip` (default): invert 64 bytes in the middle of the blob, same length;
   * `truncate`: keep only the first half (or `length` bytes);
   * `replace`: overwrite with `data` (for instance another, valid archive: undetectable by the client).
   */
  mode?: 'flip' | 'truncate' | 'replace'
  /** For `replace`. */
  data?: Uint8Array
  /** For `truncate`: bytes to keep. */
  length?: number
  /** Only the entry of this version (default: every finalized entry with the key). */
  version?: string
}

export interface CacheService {
  env: CacheServiceEnv
  /** Base URL of the Twirp server (same as env.ACTIONS_RESULTS_URL). */
  url: string
  /** Azurite's blob endpoint, `http://127.0.0.1:<port>/devstoreaccount1`. */
  blobEndpoint: string
  /** A snapshot of all entries (finalized or not), oldest first. */
  entries(): CacheEntryInfo[]
  /** Every Twirp call received, in order. */
  calls: TwirpCall[]
  /** The stored bytes of the newest finalized entry with this key (and version if given). Throws if none. */
  blob(key: string, version?: string): Promise<Buffer>
  /** Overwrite the stored blob(s) of finalized entries with this key through the Azure SDK. Throws if none. */
  corrupt(key: string, options?: CorruptOptions): Promise<void>
  /** Make the Twirp API unavailable (`reset` by default) or available again. Blob storage stays up. */
  setAvailable(available: boolean, mode?: UnavailableMode): void
  /** Forget all entries and delete their blobs. */
  clear(): Promise<void>
  /** Kill Azurite, close the server, remove the temporary directory. Idempotent. */
  stop(): Promise<void>
}

interface Entry extends CacheEntryInfo {
  seq: number
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

/** A syntactically valid, unsigned JWT shaped like a runner's ACTIONS_RUNTIME_TOKEN. */
function fakeRuntimeToken(): string {
  const now = Math.floor(Date.now() / 1000)
  const header = { typ: 'JWT', alg: 'none' }
  const payload = {
    iss: 'https://token.actions.example.invalid',
    aud: 'vso:00000000-0000-0000-0000-000000000000',
    nbf: now - 60,
    iat: now - 60,
    exp: now + 6 * 3600,
    scp: 'Actions.GenericRead:00000000-0000-0000-0000-000000000000',
    ac: JSON.stringify([{ Scope: 'refs/heads/main', Permission: 3 }]),
    jti: randomBytes(8).toString('hex'),
  }
  return `${base64url(header)}.${base64url(payload)}.`
}

export async function startAzurite(
  location: string,
  verbose: boolean,
): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const require = createRequire(import.meta.url)
  const main = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js')
  // The preloaded one-liner makes Azurite exit when its stdin pipe closes, that is when this process
  // dies, even by SIGKILL or a test-runner timeout that skips every cleanup hook.
  const watchdog = 'data:text/javascript,process.stdin.on("end",()=>process.exit(0)).resume()'
  const child = spawn(
    process.execPath,
    [
      '--import',
      watchdog,
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--location',
      location,
      '--silent',
      '--skipApiVersionCheck',
      '--loose',
      '--disableTelemetry',
      '--disableProductStyleUrl',
    ],
    { cwd: location, stdio: ['pipe', 'pipe', 'pipe'] },
  )
  let output = ''
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Azurite did not start within 30 s:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (verbose) process.stderr.write(`[azurite] ${chunk.toString()}`)
      const m = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`Azurite exited (${code ?? signal}) before listening:\n${output}`))
    })
  })
  return { child, port, output: () => output }
}

export async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

function matches(entry: Entry, version: string): boolean {
  return entry.finalized && entry.version === version
}

/** Start Azurite and the Twirp server. Call stop() when done (in an after() hook). */
export async function startCacheService(options: CacheServiceOptions = {}): Promise<CacheService> {
  const containerName = options.container ?? 'actions-cache'
  const ttl = options.sasTtlSeconds ?? 3600
  const verbose = options.verbose ?? false
  const token = fakeRuntimeToken()
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cache-service-'))

  let azurite: Awaited<ReturnType<typeof startAzurite>> | undefined
  let server: http.Server | undefined
  const killOnExit = () => {
    // Last resort if the test process exits without calling stop().
    azurite?.child.kill('SIGKILL')
  }
  process.once('exit', killOnExit)

  const entries: Entry[] = []
  const calls: TwirpCall[] = []
  let seq = 0
  let nextId = 1
  let available = true
  let unavailableMode: UnavailableMode = 'reset'
  let stopped = false

  try {
    azurite = await startAzurite(tmp, verbose)
    const blobEndpoint = `http://127.0.0.1:${azurite.port}/${AZURITE_ACCOUNT}`
    const credential = new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY)
    const serviceClient = new BlobServiceClient(blobEndpoint, credential)
    const container: ContainerClient = serviceClient.getContainerClient(containerName)
    await container.createIfNotExists()

    const signedUrl = (blobName: string, permissions: string): string => {
      const now = Date.now()
      const sas = generateBlobSASQueryParameters(
        {
          containerName,
          blobName,
          permissions: BlobSASPermissions.parse(permissions),
          startsOn: new Date(now - 5 * 60_000),
          expiresOn: new Date(now + ttl * 1000),
          protocol: SASProtocol.HttpsAndHttp,
        },
        credential,
      )
      return `${container.getBlockBlobClient(blobName).url}?${sas.toString()}`
    }

    const handlers: Record<string, (body: Record<string, unknown>) => Promise<Record<string, unknown>>> = {
      async CreateCacheEntry(body) {
        const key = String(body.key ?? '')
        const version = String(body.version ?? '')
        if (!key || !version) throw new TwirpError(400, 'invalid_argument', 'key and version are required')
        const existing = entries.find((e) => e.key === key && e.version === version)
        if (existing?.finalized) {
          throw new TwirpError(
            409,
            'already_exists',
            'cache entry with the same key, version, and scope already exists',
          )
        }
        let entry = existing
        if (entry) {
          entry.createdAt = new Date()
          entry.seq = ++seq
        } else {
          const id = nextId++
          entry = { id, seq: ++seq, key, version, finalized: false, blobName: `${id}.cache`, createdAt: new Date() }
          entries.push(entry)
        }
        return { ok: true, signed_upload_url: signedUrl(entry.blobName, 'cw') }
      },

      async FinalizeCacheEntryUpload(body) {
        const key = String(body.key ?? '')
        const version = String(body.version ?? '')
        const sizeBytes = Number(body.size_bytes ?? 0)
        const entry = entries.find((e) => e.key === key && e.version === version && !e.finalized)
        if (!entry) throw new TwirpError(404, 'not_found', 'no cache entry reservation for this key and version')
        let size: number | undefined
        try {
          size = (await container.getBlockBlobClient(entry.blobName).getProperties()).contentLength
        } catch {
          return { ok: false, message: `no blob was uploaded for key ${key}` }
        }
        if (size !== sizeBytes) {
          return { ok: false, message: `uploaded blob is ${size} bytes, not the declared ${sizeBytes}` }
        }
        entry.finalized = true
        entry.sizeBytes = sizeBytes
        entry.finalizedAt = new Date()
        return { ok: true, entry_id: String(entry.id) }
      },

      async GetCacheEntryDownloadURL(body) {
        const key = String(body.key ?? '')
        const version = String(body.version ?? '')
        const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.map(String) : []
        const newestFirst = entries.filter((e) => matches(e, version)).sort((a, b) => b.seq - a.seq)
        for (const wanted of [key, ...restoreKeys]) {
          const hit = newestFirst.find((e) => e.key === wanted) ?? newestFirst.find((e) => e.key.startsWith(wanted))
          if (hit) return { ok: true, signed_download_url: signedUrl(hit.blobName, 'r'), matched_key: hit.key }
        }
        return { ok: false }
      },
    }

    const send = (res: http.ServerResponse, call: TwirpCall, status: number, response: unknown) => {
      call.status = status
      call.response = response
      const text = JSON.stringify(response)
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) })
      res.end(text)
      if (verbose)
        process.stderr.write(`[cache-service] ${call.method} ${JSON.stringify(call.body)} -> ${status} ${text}\n`)
    }

    server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1')
        const method = url.pathname.startsWith(TWIRP_PREFIX) ? url.pathname.slice(TWIRP_PREFIX.length) : url.pathname
        let body: unknown
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
        } catch {
          body = undefined
        }
        const call: TwirpCall = {
          method,
          body,
          status: 0,
          response: undefined,
          authorization: req.headers.authorization,
        }
        calls.push(call)
        if (!available) {
          if (unavailableMode === 'reset') {
            if (verbose) process.stderr.write(`[cache-service] ${method} -> connection reset (unavailable)\n`)
            req.socket.destroy()
            return
          }
          send(res, call, 503, { code: 'unavailable', msg: 'the cache service is unavailable' })
          return
        }
        if (req.method !== 'POST' || !url.pathname.startsWith(TWIRP_PREFIX) || !(method in handlers)) {
          send(res, call, 404, { code: 'bad_route', msg: `no handler for ${req.method} ${url.pathname}` })
          return
        }
        if (req.headers.authorization !== `Bearer ${token}`) {
          send(res, call, 401, { code: 'unauthenticated', msg: 'missing or wrong bearer token' })
          return
        }
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json') || body === undefined) {
          send(res, call, 400, { code: 'malformed', msg: 'expected a JSON body' })
          return
        }
        handlers[method]!(body as Record<string, unknown>).then(
          (response) => send(res, call, 200, response),
          (err: unknown) => {
            if (err instanceof TwirpError) send(res, call, err.status, { code: err.code, msg: err.message })
            else send(res, call, 500, { code: 'internal', msg: String(err) })
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

    const finalizedWith = (key: string, version?: string): Entry[] =>
      entries
        .filter((e) => e.finalized && e.key === key && (version === undefined || e.version === version))
        .sort((a, b) => b.seq - a.seq)

    const service: CacheService = {
      env: {
        ACTIONS_CACHE_SERVICE_V2: 'true',
        ACTIONS_RESULTS_URL: url,
        ACTIONS_CACHE_URL: url,
        ACTIONS_RUNTIME_TOKEN: token,
        ACTIONS_CACHE_MODE: 'write',
        GITHUB_SERVER_URL: 'https://github.com',
      },
      url,
      blobEndpoint,
      calls,
      entries: () =>
        entries.map((e) => ({
          id: e.id,
          key: e.key,
          version: e.version,
          finalized: e.finalized,
          sizeBytes: e.sizeBytes,
          blobName: e.blobName,
          createdAt: e.createdAt,
          finalizedAt: e.finalizedAt,
        })),

      async blob(key, version) {
        const entry = finalizedWith(key, version)[0]
        if (!entry) throw new Error(`no finalized cache entry with key ${key}`)
        return container.getBlockBlobClient(entry.blobName).downloadToBuffer()
      },

      async corrupt(key, opts = {}) {
        const targets = finalizedWith(key, opts.version)
        if (targets.length === 0) throw new Error(`no finalized cache entry with key ${key} to corrupt`)
        for (const entry of targets) {
          const blob = container.getBlockBlobClient(entry.blobName)
          const original = await blob.downloadToBuffer()
          let data: Buffer
          switch (opts.mode ?? 'flip') {
            case 'flip': {
              data = Buffer.from(original)
              const start = Math.max(0, Math.floor(data.length / 2) - 32)
              for (let i = start; i < Math.min(data.length, start + 64); i++) data[i] = data[i]! ^ 0xff
              break
            }
            case 'truncate':
              data = original.subarray(0, opts.length ?? Math.floor(original.length / 2))
              break
            case 'replace':
              if (!opts.data) throw new Error('corrupt: mode replace needs data')
              data = Buffer.from(opts.data)
              break
          }
          await blob.uploadData(data)
        }
      },

      setAvailable(value, mode = 'reset') {
        available = value
        unavailableMode = mode
      },

      async clear() {
        for (const entry of entries.splice(0)) await container.getBlockBlobClient(entry.blobName).deleteIfExists()
      },

      async stop() {
        if (stopped) return
        stopped = true
        await shutdown()
      },
    }
    return service
  } catch (err) {
    await shutdown()
    throw err
  }

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
}
