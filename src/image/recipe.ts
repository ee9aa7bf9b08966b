/**
 * What gets built, as data: the kernel with its initramfs, and the userland root filesystem.
 * Each recipe has a canonical description whose hash is its cache key, and the mmdebstrap
 * command line that builds it. Pure.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Arch, KernelArch, Suite, Target } from '../config/targets.js'
import { shellQuote } from '../config/text.js'
import { AUDIT_RULES_VERSION, LFS_SYMBOLS, TIME_SYMBOLS } from '../audit/time-symbols.js'

/** Bump when a change here changes what gets built: it changes every key. */
export const KERNEL_RECIPE_VERSION = 4
export const USERLAND_RECIPE_VERSION = 5
export const SAVED_GUEST_RECIPE_VERSION = 2
export const RUNTIME_RECIPE_VERSION = 1
export const SYSTEM_RECIPE_VERSION = 1

/**
 * Modules the initramfs carries and loads: the root image on a virtio disk (PCI or MMIO),
 * its filesystem, the overlay that makes it writable, and the results port (virtio_console).
 */
export const INITRAMFS_MODULES = [
  'virtio_pci',
  'virtio_mmio',
  'virtio_blk',
  'erofs',
  'overlay',
  'virtio_console',
] as const

/**
 * The initramfs script that makes the read-only root image a writable overlay and copies
 * the harness out of the initramfs. Literal URL, so that ncc copies the file next to the bundle.
 */
export function initramfsRootScript(): string {
  return readFileSync(new URL('../guest/initramfs-root.sh', import.meta.url), 'utf8')
}

/** Packages every userland gets, for the harness (bash, coreutils are essential) and the built-in probe. */
export const USERLAND_BASE_PACKAGES = ['busybox', 'sudo', 'systemd'] as const

export interface KernelRecipe {
  kind: 'kernel'
  version: number
  arch: KernelArch
  suite: Suite
  kernelPackage: string
  modules: string[]
  /** sha256 of the initramfs script that sets up the root: a change to it is a new kernel image. */
  rootScript: string
  mirror: string
}

export interface UserlandRecipe {
  kind: 'userland'
  version: number
  arch: Arch
  suite: Suite
  /** The base packages and the user's, sorted. */
  packages: string[]
  /**
   * Dependency relations (apt-get satisfy's syntax) of the user's .debs, sorted; absent
   * when there are none, so that a recipe without .debs keeps its key.
   */
  satisfy?: string[]
  mirror: string
  /**
   * The time_t audit's rules and symbol table, as a digest: the audit is read when the
   * userland is built and stored with it, so new rules must make a new entry, not reuse a
   * stale reading.
   */
  auditTable: string
}

/**
 * A guest booted to where it waits for its job and saved: everything that makes that state.
 * Not the probe (on a disk of its own, mounted after the job has come) and not the date (the
 * job sets the clock).
 */
export interface SavedGuestRecipe {
  kind: 'saved-guest'
  version: number
  arch: Arch
  suite: Suite
  harnessVersion: number
  /** `qemu-system-* --version`'s first line: a state loads only into the QEMU that saved it. */
  qemu: string
  /** The machine arguments and memory, and the accelerator (under KVM with the host's CPU model). */
  machine: string[]
  memoryMiB: number
  accel: string
  kernel: string
  userland: string
  /** The boot date, or HOST_CLOCK_BOOT for a guest booted at the host's clock (saved-guest.ts). */
  bootDate: string
  /** treeDigest of the harness disk's files (scripts, config, .debs, setup) and of the workdir. */
  harness: string
  workdir?: string
}

/**
 * The harness's own programs for a system it cannot rely on (image/runtime.ts): Debian's
 * packages for the guest's architecture, extracted from `suite`.
 */
export interface RuntimeRecipe {
  kind: 'runtime'
  version: number
  arch: Arch
  suite: Suite
  packages: string[]
  /** Where the harness finds them in the guest: their programs are linked to that place. */
  guestDir: string
  mirror: string
}

/**
 * The user's own system as a userland (image/system.ts): by what its bytes are (the image's
 * manifest digest, the tarball's SHA-256), never by its name, so that a moved tag is a new entry.
 */
export interface SystemRecipe {
  kind: 'system'
  version: number
  arch: Arch
  /** `sha256:<hex>` of the OCI manifest, or of the tarball. */
  digest: string
  auditTable: string
}

export type Recipe = KernelRecipe | UserlandRecipe | SavedGuestRecipe | RuntimeRecipe | SystemRecipe

export function kernelRecipe(target: Target, mirror: string): KernelRecipe {
  return {
    kind: 'kernel',
    version: KERNEL_RECIPE_VERSION,
    arch: target.machine.kernelArch,
    suite: target.kernelSuite,
    kernelPackage: target.kernelPackage,
    modules: [...INITRAMFS_MODULES],
    rootScript: createHash('sha256').update(initramfsRootScript()).digest('hex'),
    mirror,
  }
}

/** 16 hex digits of the SHA-256 of the audit's rules version and symbol tables. */
export const AUDIT_TABLE_DIGEST = createHash('sha256')
  .update(JSON.stringify({ rules: AUDIT_RULES_VERSION, table: TIME_SYMBOLS, lfs: LFS_SYMBOLS }))
  .digest('hex')
  .slice(0, 16)

export function userlandRecipe(
  target: Target,
  mirror: string,
  packages: string[],
  satisfy: string[] = [],
): UserlandRecipe {
  return {
    kind: 'userland',
    version: USERLAND_RECIPE_VERSION,
    arch: target.arch,
    suite: target.suite,
    packages: [...new Set([...USERLAND_BASE_PACKAGES, ...packages])].sort(),
    ...(satisfy.length > 0 ? { satisfy: [...new Set(satisfy)].sort() } : {}),
    mirror,
    auditTable: AUDIT_TABLE_DIGEST,
  }
}

/** JSON with object keys sorted at every level, so equal recipes hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export function recipeHash(recipe: Recipe): string {
  return createHash('sha256').update(canonicalJson(recipe)).digest('hex')
}

/** `kernel-i386-bookworm-<16 hex>`, `system-armhf-<16 hex>`: readable at a glance, unique by the hash. */
export function recipeKey(recipe: Recipe): string {
  const suite = recipe.kind === 'system' ? '' : `-${recipe.suite}`
  return `${recipe.kind}-${recipe.arch}${suite}-${recipeHash(recipe).slice(0, 16)}`
}

export function sourcesLine(mirror: string, suite: Suite): string {
  return `deb ${mirror} ${suite} main`
}

function commonArgs(arch: Arch, keyring: string | undefined, format: 'directory' | 'null'): string[] {
  const args = ['--mode=root', '--variant=essential', `--architectures=${arch}`, `--format=${format}`]
  // On a host that is not Debian (an Ubuntu runner) apt does not trust Debian's archive key by itself.
  if (keyring) args.push(`--keyring=${keyring}`)
  return args
}

/** The initramfs-tools hook that puts the modules in the initramfs and loads them at boot. */
export function initramfsHook(modules: readonly string[]): string {
  return [
    '#!/bin/sh',
    'case "$1" in prereqs) exit 0;; esac',
    '. /usr/share/initramfs-tools/hook-functions',
    `for m in ${modules.join(' ')}; do`,
    '  manual_add_modules "$m"',
    '  echo "$m" >> "${DESTDIR}/conf/modules"',
    'done',
    '',
  ].join('\n')
}

/**
 * mmdebstrap for the kernel: a throwaway system that installs the kernel package with
 * initramfs-tools set to MODULES=list (a 6 MB initramfs instead of 26 MB: 2.5 s less to
 * unpack under TCG) and the overlay root script, then copies /boot out to `bootDir` and
 * throws the system away.
 */
export function kernelBuildArgs(
  recipe: KernelRecipe,
  bootDir: string,
  keyring?: string,
  rootScript: string = initramfsRootScript(),
): string[] {
  const hook = initramfsHook(recipe.modules)
  const tools = '"$1/etc/initramfs-tools"'
  const setup = [
    `mkdir -p ${tools}/conf.d ${tools}/hooks ${tools}/scripts/init-bottom`,
    `printf 'MODULES=list\\nBUSYBOX=y\\n' > ${tools}/conf.d/y2038`,
    `printf '%s' ${shellQuote(hook)} > ${tools}/hooks/y2038`,
    `printf '%s' ${shellQuote(rootScript)} > ${tools}/scripts/init-bottom/y2038-root`,
    `chmod 755 ${tools}/hooks/y2038 ${tools}/scripts/init-bottom/y2038-root`,
  ].join(' && ')
  return [
    ...commonArgs(recipe.arch, keyring, 'null'),
    `--include=${recipe.kernelPackage},initramfs-tools,busybox`,
    `--essential-hook=${setup}`,
    // mmdebstrap splits special hooks with shellwords: a quoted path may hold spaces and quotes.
    `--customize-hook=sync-out /boot ${shellQuote(bootDir)}`,
    recipe.suite,
    '/dev/null',
    sourcesLine(recipe.mirror, recipe.suite),
  ]
}

/** mmdebstrap for the userland: the base packages and the user's, and nothing of ours. */
export function userlandBuildArgs(recipe: UserlandRecipe, rootDir: string, keyring?: string): string[] {
  // mmdebstrap leaves /etc/hosts out; without it sudo complains it cannot resolve the host.
  const hosts = `printf '127.0.0.1\\tlocalhost\\n::1\\tlocalhost ip6-localhost ip6-loopback\\n' > "$1/etc/hosts"`
  // apt-get from outside the chroot, through mmdebstrap's own apt configuration, with dpkg
  // run inside it the way mmdebstrap installs its own packages (without Chroot-Directory,
  // dpkg would act on the host's system).
  const satisfy = recipe.satisfy?.length
    ? [
        [
          '--customize-hook=APT_CONFIG="$MMDEBSTRAP_APT_CONFIG" apt-get',
          '-o Dir::Bin::dpkg=env -o DPkg::Options::=--unset=TMPDIR -o DPkg::Options::=dpkg',
          '-o DPkg::Chroot-Directory="$1"',
          '--yes --no-install-recommends satisfy',
          ...recipe.satisfy.map(shellQuote),
        ].join(' '),
      ]
    : []
  return [
    ...commonArgs(recipe.arch, keyring, 'directory'),
    `--include=${recipe.packages.join(',')}`,
    ...satisfy,
    `--customize-hook=${hosts}`,
    recipe.suite,
    rootDir,
    sourcesLine(recipe.mirror, recipe.suite),
  ]
}
