/**
 * What fixes a Year-2038 finding on a 32-bit userland, in one line, where a fix exists: one
 * home for the advice the text report, the job summary and the annotations give. Pure.
 */
import { type Arch, type Suite, TIME32_CAPABLE } from '../config/targets.js'
import { type Finding, RUN_SIGNATURES } from './detect.js'

const FLAGS = 'rebuild with -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64 (glibc 2.34 or later)'

/** What the userland is called where it is not a Debian suite: the user's own system (`image`). */
export const OWN_SYSTEM = 'own system'

/** The userland's name for the remedy: its Debian suite, or OWN_SYSTEM with `image`. */
export function userlandSuite(suite: string, ownSystem: unknown): string {
  return ownSystem ? OWN_SYSTEM : suite
}

/** The advice for a target, or undefined where time_t is 64-bit (amd64, arm64). */
export function remedy(arch: Arch | string, suite: Suite | string): string | undefined {
  if (suite === OWN_SYSTEM) {
    return TIME32_CAPABLE.includes(arch as Arch)
      ? `Fix: ${FLAGS} in the system's build; musl has a 64-bit time_t from 1.2.`
      : undefined
  }
  switch (arch) {
    case 'i386':
      return `Fix: ${FLAGS}; Debian's own i386 packages keep a 32-bit time_t in every release.`
    case 'armhf':
    case 'armel':
      return suite === 'bookworm'
        ? `Fix: ${FLAGS}, or move to trixie, where Debian's ${arch} packages have a 64-bit time_t.`
        : `Fix: ${FLAGS}: Debian's own ${arch} packages in ${suite} have a 64-bit time_t, so this is software built without it.`
    default:
      return undefined
  }
}

/** The advice for a finding that may be a Year-2038 failure: a probe line or a service after the clock moved. */
export function remedyFor(finding: Finding): string | undefined {
  if ((finding.stage !== 'probe' && finding.stage !== 'services') || RUN_SIGNATURES.has(finding.signature.id))
    return undefined
  return remedy(finding.arch, finding.suite)
}
