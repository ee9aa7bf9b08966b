/**
 * `image`: the user's own system as the guest's userland, instead of one mmdebstrap builds
 * from Debian's archive: an OCI image (an archive, a layout directory, a docker-archive, or a
 * registry reference) or a root filesystem tarball. Parsed and checked here (the file is
 * there); what it holds is read when the userland is prepared (image/system.ts).
 */
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { InputError } from './errors.js'
import type { Arch } from './targets.js'

export type SystemSource =
  /** An OCI image in skopeo's transport syntax (oci-archive:, oci:, docker-archive:, docker://). */
  | { kind: 'oci'; transport: 'oci-archive' | 'oci' | 'docker-archive' | 'docker'; reference: string }
  /** A tar of a root filesystem (plain or compressed), the architecture from `arch`. */
  | { kind: 'rootfs'; path: string }

export interface SystemImage {
  /** As the user wrote it, for the report. */
  given: string
  source: SystemSource
  /** `arch` was given: the image must be of it. Otherwise an OCI image's own architecture is taken. */
  archGiven: boolean
}

const VALID =
  'valid: oci-archive:PATH, oci:DIR[:TAG], docker-archive:PATH, docker://REFERENCE or rootfs:PATH (.tar, .tar.gz, .tar.xz, .tar.zst)'

/** The inputs that describe a userland mmdebstrap builds: meaningless with `image`. */
export const BUILD_ONLY_INPUTS = ['packages', 'suite'] as const

function existing(input: string, given: string, file: string, base: string, dir: boolean): string {
  const full = path.resolve(base, file)
  if (!existsSync(full)) throw new InputError(input, `'${given}': ${full} does not exist`)
  const isDir = statSync(full).isDirectory()
  if (dir !== isDir) throw new InputError(input, `'${given}': ${full} is ${isDir ? 'a directory' : 'not a directory'}`)
  return full
}

/** `value` as a SystemImage, or undefined when blank; paths are taken from `base` (the repository). */
export function parseSystemImage(value: string | undefined, base: string, archGiven: boolean): SystemImage | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const given = value.trim()
  const colon = given.indexOf(':')
  const scheme = colon > 0 ? given.slice(0, colon) : ''
  const rest = colon > 0 ? given.slice(colon + 1) : ''
  if (rest === '' || /\s/.test(given)) throw new InputError('image', `'${given}' is not an image (${VALID})`)
  let source: SystemSource
  switch (scheme) {
    case 'rootfs':
      source = { kind: 'rootfs', path: existing('image', given, rest, base, false) }
      break
    case 'oci-archive':
    case 'docker-archive':
      source = { kind: 'oci', transport: scheme, reference: existing('image', given, rest, base, false) }
      break
    case 'oci': {
      // oci:DIR[:TAG]: the tag is what follows the last colon, when DIR alone is a directory.
      const tagAt = rest.lastIndexOf(':')
      const [dir, tag] =
        tagAt > 0 && !existsSync(path.resolve(base, rest)) ? [rest.slice(0, tagAt), rest.slice(tagAt + 1)] : [rest, '']
      const full = existing('image', given, dir, base, true)
      source = { kind: 'oci', transport: 'oci', reference: tag ? `${full}:${tag}` : full }
      break
    }
    case 'docker':
      if (!rest.startsWith('//') || rest.length <= 2)
        throw new InputError('image', `'${given}' is not an image (${VALID})`)
      source = { kind: 'oci', transport: 'docker', reference: rest }
      break
    default:
      throw new InputError('image', `'${given}' is not an image (${VALID})`)
  }
  return { given, source, archGiven }
}

/** The image in skopeo's syntax. */
export function skopeoReference(source: Extract<SystemSource, { kind: 'oci' }>): string {
  return `${source.transport}:${source.reference}`
}

/**
 * A registry reference pinned to the digest it was found to have (`//host/name@sha256:…`), so
 * that what is copied is what the cache key names, whatever the tag points to by then. Other
 * transports are files and directories of this machine: as given.
 */
export function pinnedSource<S extends SystemSource>(source: S, digest: string): S {
  if (source.kind !== 'oci' || source.transport !== 'docker') return source
  const slash = source.reference.lastIndexOf('/')
  const name = source.reference
    .slice(slash + 1)
    .replace(/@.*$/, '')
    .replace(/:[^:]*$/, '')
  return { ...source, reference: `${source.reference.slice(0, slash + 1)}${name}@${digest}` }
}

/** A registry reference's host, for docker:// (`//host[:port]/name`). */
export function registryHost(source: SystemSource): string | undefined {
  if (source.kind !== 'oci' || source.transport !== 'docker') return undefined
  const first = source.reference.replace(/^\/\//, '').split('/')[0] ?? ''
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined
}

/** A registry on this machine's loopback: plain HTTP is taken (no one else can answer there). */
export function isLoopbackRegistry(source: SystemSource): boolean {
  const host = registryHost(source)
  if (!host) return false
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.split(':')[0]!
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name)
}

/** The OCI platform of each Debian architecture (skopeo's --override-arch and --override-variant). */
export const OCI_PLATFORMS: Record<Arch, { architecture: string; variant?: string }> = {
  i386: { architecture: '386' },
  amd64: { architecture: 'amd64' },
  armhf: { architecture: 'arm', variant: 'v7' },
  armel: { architecture: 'arm', variant: 'v5' },
  arm64: { architecture: 'arm64' },
}

/** The Debian architecture of an OCI image's platform, or undefined for one Debian has not. */
export function archOfPlatform(architecture: string, variant?: string): Arch | undefined {
  if (architecture === 'arm') return variant === 'v5' || variant === 'v6' ? 'armel' : 'armhf'
  return (Object.keys(OCI_PLATFORMS) as Arch[]).find(
    (arch) => OCI_PLATFORMS[arch].architecture === architecture && arch !== 'armel' && arch !== 'armhf',
  )
}
