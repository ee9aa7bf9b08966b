/**
 * The one client of the Debian mirror on the host, making requests the way apt does: the
 * URL's credentials sent as Basic authorization (Node's fetch refuses a URL that holds
 * them), never shown in a message. Proxies are apt's: Node's fetch connects directly, so
 * behind a proxy the host asks nothing first and the build is the check.
 */
import { existsSync } from 'node:fs'
import { InputError } from '../config/errors.js'
import { redactCredentials } from '../config/text.js'

/** A proxy is set: a direct request says nothing of what apt, through the proxy, will see. */
export function proxySet(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY'].some((name) => env[name])
}

/** What to fetch for `url`: the URL without credentials, and the header that carries them. */
export function mirrorRequest(url: string): { href: string; headers: Record<string, string>; shown: string } {
  const target = new URL(url)
  const headers: Record<string, string> = {}
  if (target.username || target.password) {
    const credentials = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`
    target.username = ''
    target.password = ''
  }
  return { href: target.href, headers, shown: redactCredentials(url) }
}

/** A failed request's reason in one line: the system's code (ECONNREFUSED) where there is one. */
export function describeError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  const text = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))
  return text.split('\n')[0]!
}

export function isTimeout(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'TimeoutError' || (error.cause instanceof Error && error.cause.name === 'TimeoutError'))
  )
}

/**
 * Node's fetch did not try: the port is one the Fetch standard blocks (9, 25, 6000, ...).
 * apt connects to it, so this says nothing of the mirror.
 */
export function fetchRefusedPort(error: unknown): boolean {
  return describeError(error) === 'bad port'
}

/**
 * Asks the mirror for the suite's InRelease before building, so that an unreachable
 * mirror or an unknown suite fails in a second with a clear message.
 */
export async function checkMirror(
  mirror: string,
  suite: string,
  fetcher: typeof fetch = fetch,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const url = `${mirror}/dists/${suite}/InRelease`
  if (mirror.startsWith('file:')) {
    if (!existsSync(new URL(url))) {
      throw new InputError(
        'mirror',
        `${mirror} has no dists/${suite}/InRelease: not a Debian archive, or no suite '${suite}' there`,
      )
    }
    return
  }
  // Behind a proxy the answer of a direct request says nothing; mmdebstrap will tell.
  if (proxySet(env)) return
  const { href, headers } = mirrorRequest(url)
  let response: Response
  try {
    response = await fetcher(href, { method: 'HEAD', headers, signal: AbortSignal.timeout(20_000), redirect: 'follow' })
  } catch (error) {
    // A port fetch will not use is no answer about the mirror: mmdebstrap connects and says what it finds.
    if (fetchRefusedPort(error)) return
    throw new InputError('mirror', `cannot reach ${mirror} (${describeError(error)})`)
  }
  if (response.status === 404) {
    throw new InputError('suite', `'${suite}' was not found at ${mirror} (no dists/${suite}/InRelease)`)
  }
  if (!response.ok) {
    throw new InputError('mirror', `${mirror} answered HTTP ${response.status} for dists/${suite}/InRelease`)
  }
}
