/**
 * How the guest's root filesystem reaches it. The only transport today is the seed's:
 * the host directory over virtio-9p. A disk-image root would be a second implementation.
 */
import type { MachineProfile } from './targets.js'

export interface RootTransport {
  /** Why this transport needs QEMU to run as root, or undefined. */
  readonly needsRoot: string | undefined
  qemuArgs(machine: MachineProfile): string[]
  kernelArgs(): string[]
}

export const ROOT_MOUNT_TAG = 'y2038root'

/**
 * Root over virtio-9p, read-only twice: `readonly=on` in QEMU and `ro` in the guest, so
 * nothing the guest does at a future date ever lands in the cached tree.
 * `security_model=passthrough` keeps the tree's owners and modes (sudo's setuid bit), and
 * that needs QEMU to run as root; `mapped-xattr` fails to boot ("Too many levels of symbolic links").
 */
export class Virtio9pRoot implements RootTransport {
  readonly needsRoot = 'the 9p root uses security_model=passthrough'

  constructor(private readonly hostDir: string) {}

  qemuArgs(machine: MachineProfile): string[] {
    const device = machine.virtioBus === 'pci' ? 'virtio-9p-pci' : 'virtio-9p-device'
    return [
      '-fsdev',
      `local,id=rootfs,path=${this.hostDir},security_model=passthrough,readonly=on`,
      '-device',
      `${device},fsdev=rootfs,mount_tag=${ROOT_MOUNT_TAG}`,
    ]
  }

  kernelArgs(): string[] {
    // 512000 is the largest msize the virtio transport takes.
    return [
      `root=${ROOT_MOUNT_TAG}`,
      'rootfstype=9p',
      'rootflags=trans=virtio,version=9p2000.L,msize=512000,cache=loose',
      'ro',
    ]
  }
}
