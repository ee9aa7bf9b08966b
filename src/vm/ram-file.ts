/**
 * The saved guest's RAM kept in a file and mapped privately into each restored guest ("VM
 * templating"): a restore reads only the device state through the migration stream, and the
 * guest's pages come from the file as it touches them (copy-on-write), and guests side by side
 * share the pages they only read. Under TCG a date is no faster for it (README, bench:dates). A template QEMU loads the saved state into a shared file mapping (`share=on`), then
 * saves the device state alone with the `x-ignore-shared` migration capability; each clone
 * maps the file privately (`share=off`) and loads that device state with the same capability.
 * Pure: the QEMU arguments and the choice by QEMU's version.
 */
import type { MachineProfile } from '../config/targets.js'
import { qemuOptionValue } from './qemu-option.js'

/** migrate-set-capabilities' arguments: RAM in a shared mapping is not in the stream. */
export const IGNORE_SHARED = { capabilities: [{ capability: 'x-ignore-shared', state: true }] }

export interface QemuVersion {
  major: number
  minor: number
}

/** `QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)` → 7.2. */
export function parseQemuVersion(versionLine: string): QemuVersion | undefined {
  const match = /version (\d+)\.(\d+)/.exec(versionLine)
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined
}

const atLeast = (v: QemuVersion, major: number, minor: number) =>
  v.major > major || (v.major === major && v.minor >= minor)

/**
 * How this QEMU maps a RAM file, or why it cannot. `-machine memory-backend=` came in 5.0.
 * From 8.2 (`rom=off`) a clone opens the file read-only and still gets writable RAM: nothing
 * a guest does can reach the file, whoever owns it. Before, a clone opens it read-write and
 * maps it privately (MAP_PRIVATE: its writes stay its own all the same).
 */
export function ramFileSupport(versionLine: string): { readOnlyOpen: boolean } | { why: string } {
  const version = parseQemuVersion(versionLine)
  if (!version) return { why: `no version in '${versionLine}'` }
  if (!atLeast(version, 5, 0)) return { why: `QEMU ${version.major}.${version.minor} has no -machine memory-backend` }
  return { readOnlyOpen: atLeast(version, 8, 2) }
}

/** The template writes the guest's RAM into the file; a clone reads it, privately. */
export type RamFileUse = 'template' | 'clone'

export interface RamFile {
  path: string
  use: RamFileUse
  /** A clone opens the file read-only (QEMU 8.2 and later: ramFileSupport). */
  readOnlyOpen: boolean
}

/** The arguments that put the machine's RAM in `ram.path`, under the name it has without them. */
export function ramFileArgs(ram: RamFile, machine: Pick<MachineProfile, 'memoryMiB' | 'ramId'>): string[] {
  const access =
    ram.use === 'template' ? ['share=on'] : ram.readOnlyOpen ? ['share=off', 'readonly=on', 'rom=off'] : ['share=off']
  // The template runs paused: saved with that runstate in the stream, its clones would not
  // start once loaded. Without it, they start as a restore from the whole state does.
  const template = ram.use === 'template' ? ['-global', 'migration.store-global-state=off'] : []
  return [
    ...template,
    '-object',
    [
      'memory-backend-file',
      `id=${machine.ramId}`,
      `size=${machine.memoryMiB}M`,
      `mem-path=${qemuOptionValue(ram.path)}`,
      ...access,
    ].join(','),
    '-machine',
    `memory-backend=${machine.ramId}`,
  ]
}
