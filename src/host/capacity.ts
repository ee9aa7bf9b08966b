/** How many guests this host runs at once: its cores, and what its free memory holds. */
import os from 'node:os'

/** What a QEMU process needs besides its guest's RAM (its own code, TCG's translation cache, buffers). */
export const QEMU_OVERHEAD_MIB = 256
/** Memory left to everything else on the machine. */
export const HOST_RESERVE_MIB = 1024

export interface HostCapacity {
  cores: number
  freeMiB: number
}

/** Guests of `guestMiB` each that run at once: one per core, as many as fit in free memory, at least one. */
export function guestSlots(guestMiB: number, host: HostCapacity): number {
  const byMemory = Math.floor((host.freeMiB - HOST_RESERVE_MIB) / (guestMiB + QEMU_OVERHEAD_MIB))
  return Math.max(1, Math.min(host.cores, byMemory))
}

export function hostCapacity(): HostCapacity {
  return { cores: os.availableParallelism(), freeMiB: Math.floor(os.freemem() / 2 ** 20) }
}
