import type { RunOptions } from '../config/options.js'
import { errorMessage } from '../config/errors.js'
import { redactCredentials } from '../config/text.js'
import type { Logger } from '../host/log.js'
import type { CommandRunner } from '../host/proc.js'
import { type PackagesIndex, fetchPackagesIndex } from './apt-index.js'
import { proxySet } from './mirror.js'
import { type DebPackage, mirrorShortfall } from './debs.js'

/**
 * Asks the mirror's package index, before a build of minutes, whether the user's packages
 * and the .debs' dependencies are there. When the index cannot be read (a proxy, which
 * Node's fetch does not use; a mirror without one) the build itself is the check.
 */
export async function checkMirrorIndex(
  options: Pick<RunOptions, 'packages' | 'mirror' | 'suite' | 'arch'>,
  debs: DebPackage[],
  runner: CommandRunner,
  log: Logger,
): Promise<void> {
  if (options.packages.length === 0 && debs.length === 0) return
  if (proxySet()) {
    log.info('A proxy is set: the packages are checked by the build, not against the index first')
    return
  }
  let index: PackagesIndex
  try {
    index = await fetchPackagesIndex(options.mirror, options.suite, options.arch, ['main'], {
      runner,
      timeoutMs: 60_000,
    })
  } catch (error) {
    log.warn(`could not read the mirror's package index (${errorMessage(error)}): the build checks the packages`)
    return
  }
  const shortfall = mirrorShortfall(index, options.packages, debs, {
    arch: options.arch,
    suite: options.suite,
    mirror: redactCredentials(options.mirror),
  })
  if (shortfall) throw shortfall
}
