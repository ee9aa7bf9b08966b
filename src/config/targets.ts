/**
 * What it takes to boot each Debian architecture and suite: the kernel that runs the
 * userland, the QEMU system binary and machine. Pure data and lookups.
 */
import { InputError } from './errors.js'

export const SUITES = ['bookworm', 'trixie', 'sid'] as const
export type Suite = (typeof SUITES)[number]

export const ARCHES = ['i386', 'amd64', 'armhf', 'armel', 'arm64'] as const
export type Arch = (typeof ARCHES)[number]

/** The architectures a kernel is built for; armel userlands run on the armhf kernel. */
export type KernelArch = Exclude<Arch, 'armel'>

/** How a kernel architecture is booted under QEMU. */
export interface MachineProfile {
  /** Debian architecture of the kernel. */
  kernelArch: KernelArch
  qemuBinary: string
  /** The Debian package that ships `qemuBinary`. */
  qemuPackage: string
  /** Machine, firmware and CPU arguments. */
  machineArgs: string[]
  /** Serial device the kernel console is on. */
  console: string
  memoryMiB: number
  /**
   * The id of the machine's own RAM (QEMU's default_ram_id): a memory backend of that id
   * holds the RAM block of that name, so a state saved without it loads into it.
   */
  ramId: string
  /** virtio devices are found on PCI here (`virtio-*-pci`), or on MMIO (`virtio-*-device`). */
  virtioBus: 'pci' | 'mmio'
  /** Firmware file the machine needs on the host, if any. */
  firmware?: { file: string; package: string }
}

/** Everything about one arch × suite combination the engine needs. */
export interface Target {
  arch: Arch
  suite: Suite
  /** The kernel package installed in the kernel build (`linux-image-686`). */
  kernelPackage: string
  /** The suite the kernel comes from. */
  kernelSuite: Suite
  machine: MachineProfile
  /** Set when the kernel is not of the userland's architecture, for the report. */
  kernelNote?: string
}

export const QBOOT = '/usr/share/qemu/qboot.rom'
const QBOOT_FIRMWARE = { file: QBOOT, package: 'qemu-system-data' }

export const MACHINES: Record<KernelArch, MachineProfile> = {
  // qboot instead of SeaBIOS: it skips option ROM scanning and boots a -kernel about 2 s faster.
  i386: {
    kernelArch: 'i386',
    qemuBinary: 'qemu-system-i386',
    qemuPackage: 'qemu-system-x86',
    machineArgs: ['-machine', 'pc', '-bios', QBOOT],
    console: 'ttyS0',
    memoryMiB: 512,
    ramId: 'pc.ram',
    virtioBus: 'pci',
    firmware: QBOOT_FIRMWARE,
  },
  amd64: {
    kernelArch: 'amd64',
    qemuBinary: 'qemu-system-x86_64',
    qemuPackage: 'qemu-system-x86',
    machineArgs: ['-machine', 'pc', '-bios', QBOOT],
    console: 'ttyS0',
    memoryMiB: 512,
    ramId: 'pc.ram',
    virtioBus: 'pci',
    firmware: QBOOT_FIRMWARE,
  },
  // The virt machine boots a zImage with -kernel and makes its device tree itself.
  armhf: {
    kernelArch: 'armhf',
    qemuBinary: 'qemu-system-arm',
    qemuPackage: 'qemu-system-arm',
    machineArgs: ['-machine', 'virt', '-cpu', 'cortex-a15'],
    console: 'ttyAMA0',
    memoryMiB: 512,
    ramId: 'mach-virt.ram',
    virtioBus: 'pci',
  },
  arm64: {
    kernelArch: 'arm64',
    qemuBinary: 'qemu-system-aarch64',
    qemuPackage: 'qemu-system-arm',
    machineArgs: ['-machine', 'virt', '-cpu', 'cortex-a57'],
    console: 'ttyAMA0',
    memoryMiB: 512,
    ramId: 'mach-virt.ram',
    virtioBus: 'pci',
  },
}

const KERNEL_FLAVOUR: Record<KernelArch, string> = {
  i386: 'linux-image-686',
  amd64: 'linux-image-amd64',
  // cortex-a15 has LPAE; the armmp-lpae flavour is the one that boots on QEMU's virt machine.
  armhf: 'linux-image-armmp-lpae',
  arm64: 'linux-image-arm64',
}

/** Combinations that cannot boot, with the reason, refused before anything is built. */
const UNSUPPORTED: Partial<Record<Arch, Partial<Record<Suite, string>>>> = {
  armel: { sid: 'Debian dropped armel from sid after trixie: use bookworm or trixie' },
}

/**
 * The machine as this host can run it: without its firmware file (qboot) when the host's
 * QEMU does not ship it, so that QEMU falls back to its default firmware.
 */
export function withAvailableFirmware(machine: MachineProfile, exists: (file: string) => boolean): MachineProfile {
  if (!machine.firmware || exists(machine.firmware.file)) return machine
  const args = [...machine.machineArgs]
  const bios = args.indexOf('-bios')
  if (bios >= 0) args.splice(bios, 2)
  return { ...machine, machineArgs: args, firmware: undefined }
}

/**
 * Architectures whose C library has both a 32-bit and a 64-bit time_t ABI (glibc 2.34+):
 * their programs can be read for which one they use. On the others time_t is 64-bit.
 */
export const TIME32_CAPABLE: readonly Arch[] = ['i386', 'armhf', 'armel']

export function isArch(value: string): value is Arch {
  return (ARCHES as readonly string[]).includes(value)
}

export function isSuite(value: string): value is Suite {
  return (SUITES as readonly string[]).includes(value)
}

/**
 * The kernel that runs a userland. Debian stopped building i386 kernels with trixie (an
 * amd64 kernel runs the i386 userland), and has no armel kernel for QEMU's virt machine
 * (the armhf kernel, ARMv7, runs ARMv5 armel programs).
 */
export function kernelArchFor(arch: Arch, suite: Suite): KernelArch {
  if (arch === 'i386' && suite !== 'bookworm') return 'amd64'
  if (arch === 'armel') return 'armhf'
  return arch
}

export function unsupportedReason(arch: Arch, suite: Suite): string | undefined {
  return UNSUPPORTED[arch]?.[suite]
}

export function resolveTarget(arch: Arch, suite: Suite): Target {
  const reason = unsupportedReason(arch, suite)
  if (reason) throw new InputError('suite', `${arch} ${suite} cannot boot: ${reason}`)
  const kernelArch = kernelArchFor(arch, suite)
  const target: Target = {
    arch,
    suite,
    kernelPackage: KERNEL_FLAVOUR[kernelArch],
    kernelSuite: suite,
    machine: MACHINES[kernelArch],
  }
  if (kernelArch !== arch) {
    const why =
      arch === 'i386' ? `${suite} has no ${arch} kernel` : `Debian has no ${arch} kernel for QEMU's virt machine`
    target.kernelNote = `${why}: the ${arch} userland runs on the ${kernelArch} kernel (${target.kernelPackage})`
  }
  return target
}
