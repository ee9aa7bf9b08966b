/**
 * The user's own system as the guest's userland (`image`): an OCI image, pulled or read with
 * skopeo and unpacked layer by layer with umoci (whiteouts, opaque directories, owners,
 * modes, device nodes, hard links, xattrs), or a root filesystem tarball unpacked by tar.
 * Stored by its digest as the same erofs root image a Debian userland is, with the static
 * audit, and described for the report (its OS, its C library, whether it has dpkg).
 */
import { lstat, readFile, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { RootAudit } from '../audit/classify.js'
import { auditRoot } from '../audit/scan.js'
import { InputError, ToolError } from '../config/errors.js'
import {
  OCI_PLATFORMS,
  type SystemImage,
  type SystemSource,
  archOfPlatform,
  isLoopbackRegistry,
  pinnedSource,
  skopeoReference,
} from '../config/system-image.js'
import { type Arch, TIME32_CAPABLE } from '../config/targets.js'
import { lastLine } from '../config/text.js'
import type { Logger } from '../host/log.js'
import type { CommandRunner } from '../host/proc.js'
import {
  AUDIT_FILE,
  type Built,
  type ImageRestorer,
  ROOT_IMAGE_FILE,
  type SystemDetails,
  type UserlandDetails,
  findOrRestore,
  makeRootImage,
} from './build.js'
import { AUDIT_TABLE_DIGEST, SYSTEM_RECIPE_VERSION, type SystemRecipe, recipeKey } from './recipe.js'
import type { ImageStore } from './store.js'
import { resolveInRoot } from './in-root.js'
import { sha256File } from './payload.js'

/** The system as found before anything is unpacked: its digest and architecture. */
export interface InspectedSystem {
  digest: string
  arch: Arch
}

/** Directories the initramfs and the harness mount on: made when the system lacks them. */
export const MOUNT_POINTS = ['dev', 'proc', 'sys', 'run', 'tmp'] as const

/** skopeo's global options that pick the platform of `arch` in a multi-platform image. */
function platformArgs(arch: Arch | undefined): string[] {
  if (!arch) return []
  const platform = OCI_PLATFORMS[arch]
  return [
    '--override-os',
    'linux',
    '--override-arch',
    platform.architecture,
    ...(platform.variant ? ['--override-variant', platform.variant] : []),
  ]
}

/** skopeo inspect's arguments for the image, on the platform of `arch` when the user named one. */
export function skopeoInspectArgs(source: Extract<SystemSource, { kind: 'oci' }>, arch?: Arch): string[] {
  const plainHttp = isLoopbackRegistry(source) ? ['--tls-verify=false'] : []
  return [...platformArgs(arch), 'inspect', ...plainHttp, skopeoReference(source)]
}

/** skopeo copy's arguments that put the image into an OCI layout at `layout`, tagged `image`. */
export function skopeoCopyArgs(source: Extract<SystemSource, { kind: 'oci' }>, arch: Arch, layout: string): string[] {
  const plainHttp = isLoopbackRegistry(source) ? ['--src-tls-verify=false'] : []
  return [...platformArgs(arch), 'copy', '--quiet', ...plainHttp, skopeoReference(source), `oci:${layout}:image`]
}

/** The digest and Debian architecture skopeo inspect reports; the architecture checked against `arch`. */
export function inspectedSystem(image: SystemImage, json: string, arch: Arch): InspectedSystem {
  let found: { Digest?: string; Architecture?: string; Variant?: string; Os?: string }
  try {
    found = JSON.parse(json) as typeof found
  } catch {
    throw new ToolError(`skopeo inspect of ${image.given} printed no JSON`)
  }
  if (!found.Digest || !/^sha256:[0-9a-f]{64}$/.test(found.Digest)) {
    throw new ToolError(`skopeo inspect of ${image.given} gave no digest`)
  }
  const platform = `${found.Os ?? '?'}/${found.Architecture ?? '?'}${found.Variant ? `/${found.Variant}` : ''}`
  const of = found.Architecture ? archOfPlatform(found.Architecture, found.Variant) : undefined
  if (found.Os !== 'linux' || !of) {
    throw new InputError('image', `${image.given} is for ${platform}, which is not a Debian architecture's`)
  }
  if (image.archGiven && of !== arch) {
    throw new InputError(
      'arch',
      `'${arch}' does not match ${image.given}, which is for ${platform} (${of}): give arch ${of} or leave it out`,
    )
  }
  return { digest: found.Digest, arch: of }
}

/** The system's digest and architecture: skopeo inspect for an image, the tarball's SHA-256 and `arch` for a tarball. */
export async function inspectSystem(image: SystemImage, arch: Arch, runner: CommandRunner): Promise<InspectedSystem> {
  const source = image.source
  if (source.kind === 'rootfs') return { digest: `sha256:${await sha256File(source.path)}`, arch }
  const result = await runner.run('skopeo', skopeoInspectArgs(source, image.archGiven ? arch : undefined), {
    maxCapture: 1024 * 1024,
  })
  if (result.code !== 0) {
    throw new InputError('image', `cannot read ${image.given}: ${lastLine(result.stderr || result.stdout)}`)
  }
  return inspectedSystem(image, result.stdout, arch)
}

export function systemRecipe(found: InspectedSystem): SystemRecipe {
  return {
    kind: 'system',
    version: SYSTEM_RECIPE_VERSION,
    arch: found.arch,
    digest: found.digest,
    auditTable: AUDIT_TABLE_DIGEST,
  }
}

/** tar's arguments that unpack a root filesystem exactly: owners by number, modes, xattrs, ACLs. */
export function rootfsTarArgs(tarball: string, root: string): string[] {
  return [
    '--extract',
    '--file',
    tarball,
    '--directory',
    root,
    '--numeric-owner',
    '--same-owner',
    '--preserve-permissions',
    '--xattrs',
    '--xattrs-include=*',
    '--acls',
  ]
}

/** PRETTY_NAME (or NAME) of an os-release file's text. Pure. */
export function osReleaseName(text: string): string | undefined {
  const fields = Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^([A-Z_]+)=(.*)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!.replace(/^(["'])(.*)\1$/, '$2')]),
  )
  return fields.PRETTY_NAME || fields.NAME || undefined
}

/** The C library a tree's loaders say it has: musl's ld-musl-*, glibc's ld-linux*. */
export function libcOfLoaders(names: string[]): SystemDetails['libc'] {
  if (names.some((n) => n.startsWith('ld-musl-'))) return 'musl'
  if (names.some((n) => /^ld-linux.*\.so\.\d$/.test(n))) return 'glibc'
  return 'unknown'
}

async function describeRoot(root: string): Promise<Pick<SystemDetails, 'os' | 'libc' | 'dpkg'>> {
  let os: string | undefined
  for (const file of ['etc/os-release', 'usr/lib/os-release']) {
    const resolved = await resolveInRoot(root, file)
    const text = resolved && (await readFile(resolved, 'utf8').catch(() => undefined))
    if (text) {
      os = osReleaseName(text)
      break
    }
  }
  const loaders: string[] = []
  for (const dir of ['lib', 'lib64', 'usr/lib']) {
    const resolved = await resolveInRoot(root, dir)
    if (resolved) loaders.push(...(await readdir(resolved).catch(() => [])).filter((n) => n.startsWith('ld-')))
  }
  return {
    ...(os ? { os } : {}),
    libc: libcOfLoaders(loaders),
    dpkg: (await resolveInRoot(root, 'usr/bin/dpkg')) !== undefined,
  }
}

/** The audit of a system's files no dpkg file list names: each is grouped by its directory. */
export function groupedByDirectory(audit: RootAudit): RootAudit {
  return {
    ...audit,
    files: audit.files.map((file) =>
      file.package ? file : { ...file, package: path.posix.dirname(path.posix.join('/', file.path)) },
    ),
  }
}

async function unpack(
  image: SystemImage,
  found: InspectedSystem,
  workDir: string,
  root: string,
  runner: CommandRunner,
): Promise<void> {
  const source = image.source
  if (source.kind === 'rootfs') {
    const mk = await runner.run('mkdir', ['-p', root], { privileged: true })
    if (mk.code !== 0) throw new ToolError(`cannot make ${root}: ${lastLine(mk.stderr)}`)
    const result = await runner.run('tar', rootfsTarArgs(source.path, root), {
      privileged: true,
      maxCapture: 256 * 1024,
    })
    if (result.code !== 0) {
      throw new InputError(
        'image',
        `${image.given} is not a root filesystem tarball tar can unpack: ${lastLine(result.stderr || result.stdout)}`,
      )
    }
    return
  }
  const layout = path.join(workDir, 'oci')
  const copied = await runner.run('skopeo', skopeoCopyArgs(pinnedSource(source, found.digest), found.arch, layout), {
    maxCapture: 256 * 1024,
  })
  if (copied.code !== 0) {
    throw new InputError('image', `cannot copy ${image.given}: ${lastLine(copied.stderr || copied.stdout)}`)
  }
  const unpacked = await runner.run('umoci', ['raw', 'unpack', '--image', `${layout}:image`, root], {
    privileged: true,
    maxCapture: 256 * 1024,
  })
  if (unpacked.code !== 0) {
    throw new ToolError(`umoci could not unpack ${image.given}: ${lastLine(unpacked.stderr || unpacked.stdout)}`)
  }
}

/** `debs` are installed with the system's own dpkg: refused, with one line, where it has none. */
export function checkDebsInstallable(system: SystemDetails | undefined, debs: number): void {
  if (debs > 0 && system && !system.dpkg) {
    throw new InputError(
      'debs',
      `${system.given} has no dpkg to install them with: leave debs out, or put the programs in the image`,
    )
  }
}

/** The system's userland from the store, the restorer, or unpacked now; refused without a /bin/sh. */
export async function ensureSystemUserland(
  store: ImageStore,
  image: SystemImage,
  found: InspectedSystem,
  runner: CommandRunner,
  log: Logger,
  restore?: ImageRestorer,
  beforeBuild?: () => Promise<void>,
): Promise<Built<UserlandDetails>> {
  const recipe = systemRecipe(found)
  const key = recipeKey(recipe)
  const existing = await findOrRestore<UserlandDetails>(store, 'userland', key, restore)
  if (existing) return existing
  await beforeBuild?.()
  log.info(`Unpacking ${image.given} (${found.digest}, ${found.arch})`)
  const built = await store.build<UserlandDetails>(key, recipe, async (workDir) => {
    const root = path.join(workDir, 'root')
    await unpack(image, found, workDir, root, runner)
    if (!(await resolveInRoot(root, 'bin/sh'))) {
      throw new InputError('image', `${image.given} has no /bin/sh: the guest needs a shell there to start`)
    }
    const missing: string[] = []
    for (const dir of MOUNT_POINTS) if (!(await lstat(path.join(root, dir)).catch(() => undefined))) missing.push(dir)
    if (missing.length > 0) {
      log.info(`Adding the mount points the system lacks: ${missing.map((d) => `/${d}`).join(', ')}`)
      const made = await runner.run('mkdir', ['-m', '755', ...missing.map((d) => path.join(root, d))], {
        privileged: true,
      })
      if (made.code !== 0) throw new ToolError(`cannot add mount points to ${image.given}: ${lastLine(made.stderr)}`)
    }
    const described = await describeRoot(root)
    const system: SystemDetails = { given: image.given, digest: found.digest, arch: found.arch, ...described }
    let audit: UserlandDetails['audit']
    if (TIME32_CAPABLE.includes(found.arch)) {
      // By dpkg's file lists where the system has them; any other file by its directory.
      const read = groupedByDirectory(await auditRoot(root))
      await writeFile(path.join(workDir, AUDIT_FILE), `${JSON.stringify(read)}\n`)
      log.info(`Read ${read.elfFiles} ELF files for the time_t audit in ${read.seconds} s`)
      audit = { file: AUDIT_FILE, elfFiles: read.elfFiles, seconds: read.seconds }
    }
    await makeRootImage(runner, root, path.join(workDir, ROOT_IMAGE_FILE), log)
    await store.removeTree(root)
    return {
      details: { image: ROOT_IMAGE_FILE, system, ...(audit ? { audit } : {}) },
      files: [ROOT_IMAGE_FILE, ...(audit ? [audit.file] : [])],
    }
  })
  return { image: built, source: 'built' }
}
