/**
 * What it takes to boot each Debian architecture and suite: the kernel that runs the
 * userland, the QEMU system binary and machine. Pure data and lookups.
 */

export const SUITES = ['bookworm', 'trixie', 'sid'] as const
export type Suite = (typeof SUITES)[number]

export const ARCHES = ['i386', 'amd64'] as const
export type Arch = (typeof ARCHES)[number]

/** How a kernel architecture is booted under QEMU. */
export interface MachineProfile {
  /** Debian architecture of the kernel. */
  kernelArch: Arch
  qemuBinary: string
  /** The Debian package that ships `qemuBinary`. */
  qemuPackage: string
  /** Machine, firmware and CPU arguments. */
  machineArgs: string[]
  /** Serial device the kernel console is on. */
  console: string
  memoryMiB: number
  /** virtio devices are found on PCI here (`virtio-*-pci`), or on MMIO (`virtio-*-device`). */
  virtioBus: 'pci' | 'mmio'
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

const QBOOT = '/usr/share/qemu/qboot.rom'

const MACHINES: Record<Arch, MachineProfile> = {
  // qboot instead of SeaBIOS: it skips option ROM scanning and boots a -kernel about 2 s faster.
  i386: {
    kernelArch: 'i386',
    qemuBinary: 'qemu-system-i386',
    qemuPackage: 'qemu-system-x86',
    machineArgs: ['-machine', 'pc', '-bios', QBOOT],
    console: 'ttyS0',
    memoryMiB: 512,
    virtioBus: 'pci',
  },
  amd64: {
    kernelArch: 'amd64',
    qemuBinary: 'qemu-system-x86_64',
    qemuPackage: 'qemu-system-x86',
    machineArgs: ['-machine', 'pc', '-bios', QBOOT],
    console: 'ttyS0',
    memoryMiB: 512,
    virtioBus: 'pci',
  },
}

const KERNEL_FLAVOUR: Record<Arch, string> = {
  i386: 'linux-image-686',
  amd64: 'linux-image-amd64',
}

export function isArch(value: string): value is Arch {
  return (ARCHES as readonly string[]).includes(value)
}

export function isSuite(value: string): value is Suite {
  return (SUITES as readonly string[]).includes(value)
}

/** Debian stopped building i386 kernels with trixie; an amd64 kernel runs the i386 userland. */
function kernelArchFor(arch: Arch, suite: Suite): Arch {
  if (arch === 'i386' && suite !== 'bookworm') return 'amd64'
  return arch
}

export function resolveTarget(arch: Arch, suite: Suite): Target {
  const kernelArch = kernelArchFor(arch, suite)
  const target: Target = {
    arch,
    suite,
    kernelPackage: KERNEL_FLAVOUR[kernelArch],
    kernelSuite: suite,
    machine: MACHINES[kernelArch],
  }
  if (kernelArch !== arch) {
    target.kernelNote = `${suite} has no ${arch} kernel: the ${arch} userland runs on the ${kernelArch} kernel (${target.kernelPackage})`
  }
  return target
}
