/**
 * What goes to the Actions cache after a run, and what the job summary says became of each
 * entry: the kernel, the root filesystem and the kept guest (saved where it waits for its job).
 * An entry is saved only once it is known to work: a guest booted from the images reached the
 * probe, a date started from the kept guest reached the probe.
 */
import type { StoreKind } from '../image/build.js'
import type { RunReport } from '../report/model.js'
import type { SaveOutcome } from './image-cache.js'
import type { CacheState } from './summary.js'

export type SaveOutcomes = Partial<Record<StoreKind, SaveOutcome | 'not-verified'>>

/** One entry the run should save; `unverified` says why it must not be, when it must not. */
export interface CacheSave {
  kind: StoreKind
  key: string
  unverified?: string
}

const NOT_BOOTED = 'no guest reached the probe, so the build is not known to boot'
const NOT_STARTED = 'no date started from it reached the probe'

const SAVE_TEXT: Record<SaveOutcome, string> = {
  saved: 'saved to the Actions cache',
  refused: 'not saved: the Actions cache refused it (saved by another job, or a read-only token)',
  unavailable: 'not saved: the Actions cache is not available',
  failed: 'not saved: saving failed (see the warnings)',
}

/** What became of an entry the run made: how its save went, or why there was none. */
function saveText(save: SaveOutcome | 'not-verified' | undefined, kind: StoreKind, cacheEnabled: boolean): string {
  if (save === undefined) return cacheEnabled ? 'not saved' : 'not saved (cache: false)'
  if (save !== 'not-verified') return SAVE_TEXT[save]
  return `not saved: ${kind === 'saved-guest' ? NOT_STARTED : NOT_BOOTED}`
}

/**
 * The entries this run made and should save: what it built (a prepare-only run also what it
 * found locally) and the guest it kept. Restored entries are in the cache already.
 */
export function cacheSaves(report: RunReport, prepareOnly: boolean): CacheSave[] {
  const runs = [...report.dates, ...(report.control ? [report.control] : [])]
  const booted = runs.some((d) => d.reachedProbe)
  const saves: CacheSave[] = []
  for (const kind of ['kernel', 'userland'] as const) {
    const artifact = report[kind]
    if (artifact.source === 'restored' || (artifact.source === 'local' && !prepareOnly)) continue
    saves.push({ kind, key: artifact.key, ...(booted ? {} : { unverified: NOT_BOOTED }) })
  }
  const kept = report.savedGuest
  if (kept?.source === 'built' && !kept.discarded) {
    const started = runs.some((d) => d.fromSnapshot && d.reachedProbe)
    saves.push({ kind: 'saved-guest', key: kept.key, ...(started ? {} : { unverified: NOT_STARTED }) })
  }
  return saves
}

/** What became of the kept guest; undefined when the run kept none. */
function savedGuestState(
  report: RunReport,
  cacheEnabled: boolean,
  save: SaveOutcomes['saved-guest'],
): string | undefined {
  const kept = report.savedGuest
  if (!kept) return undefined
  if (kept.discarded) return 'did not start, so it was removed: each date booted on its own'
  switch (kept.source) {
    case 'local':
      return 'found in the local cache directory: nothing booted'
    case 'restored':
      return 'restored from the Actions cache: nothing booted'
    case 'built': {
      return `booted and saved by this run; ${saveText(save, 'saved-guest', cacheEnabled)}`
    }
  }
}

export function cacheState(report: RunReport, cacheEnabled: boolean, saves: SaveOutcomes): CacheState {
  const describe = (kind: 'kernel' | 'userland'): string => {
    const artifact = report[kind]
    const save = saves[kind]
    switch (artifact.source) {
      case 'local':
        return `found in the local cache directory${save ? `; ${saveText(save, kind, cacheEnabled)}` : ''}`
      case 'restored':
        return 'restored from the Actions cache'
      case 'built':
        return `built in ${artifact.buildSeconds} s; ${saveText(save, kind, cacheEnabled)}`
    }
  }
  const savedGuest = savedGuestState(report, cacheEnabled, saves['saved-guest'])
  return { kernel: describe('kernel'), userland: describe('userland'), ...(savedGuest ? { savedGuest } : {}) }
}
