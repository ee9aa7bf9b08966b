import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { cacheSaves, cacheState } from '../../src/action/cache-state.js'
import { buildSummary } from '../../src/action/summary.js'
import { DEFAULTS, parseOptions } from '../../src/config/options.js'
import { resolveTarget } from '../../src/config/targets.js'
import type { DateResult, RunReport, SavedGuestInfo } from '../../src/report/model.js'
import { bashSyntaxError } from '../../src/host/bash-syntax.js'

type Source = 'local' | 'restored' | 'built'

function dateRun(date: string, facts: Partial<DateResult>): DateResult {
  return {
    date,
    bootDate: '2038-01-18T00:00:00Z',
    clock: 'step',
    outcome: 'pass',
    findings: [],
    durationSeconds: 5,
    reachedProbe: true,
    consoleLog: `/out/${date}.log`,
    ...facts,
  }
}

function report(
  sources: { kernel: Source; userland: Source },
  savedGuest: SavedGuestInfo | undefined,
  facts: Partial<DateResult> = { fromSnapshot: true },
): RunReport {
  const options = parseOptions(
    { dates: '2038-01-20', control: '2026-01-01' },
    { repositoryRoot: '/repo', syntaxError: bashSyntaxError, env: {} },
  )
  return {
    accel: 'tcg',
    target: resolveTarget('i386', DEFAULTS.suite),
    options,
    kernel: {
      key: 'kernel-k',
      dir: '/c/k',
      source: sources.kernel,
      built: sources.kernel === 'built',
      buildSeconds: 30,
      release: '6.1',
    },
    userland: {
      key: 'userland-u',
      dir: '/c/u',
      source: sources.userland,
      built: sources.userland === 'built',
      buildSeconds: 90,
    },
    dates: [dateRun('2038-01-20T00:00:00Z', facts)],
    control: dateRun('2026-01-01T00:00:00Z', facts),
    findings: [],
    ignored: [],
    flaky: [],
    audit: { mode: 'packages', affected: false, note: 'nothing to audit', packages: [], findings: [] },
    ...(savedGuest ? { savedGuest } : {}),
    startedAt: '2026-12-05T00:00:00.000Z',
    durationSeconds: 20,
  }
}

const built = { kernel: 'built', userland: 'built' } as const
const found = { kernel: 'local', userland: 'local' } as const
const keptNow: SavedGuestInfo = { key: 'saved-guest-i386-bookworm-0123456789abcdef', source: 'built' }

describe('cacheSaves: what a run saves to the Actions cache', () => {
  test('what it built, and the guest it kept once a date started from it reached the probe', () => {
    assert.deepEqual(cacheSaves(report(built, keptNow), false), [
      { kind: 'kernel', key: 'kernel-k' },
      { kind: 'userland', key: 'userland-u' },
      { kind: 'saved-guest', key: keptNow.key },
    ])
  })

  test('a kept guest no date started from (each booted on its own) is not saved, and says why', () => {
    assert.deepEqual(cacheSaves(report(found, keptNow, { fromSnapshot: false }), false), [
      { kind: 'saved-guest', key: keptNow.key, unverified: 'no date started from it reached the probe' },
    ])
  })

  test('nor one whose dates started from it but never reached the probe; nor then the images', () => {
    assert.deepEqual(
      cacheSaves(
        report(built, keptNow, { fromSnapshot: true, reachedProbe: false, outcome: 'boot-failure' }),
        false,
      ).map((s) => [s.kind, s.unverified !== undefined]),
      [
        ['kernel', true],
        ['userland', true],
        ['saved-guest', true],
      ],
    )
  })

  test('a kept guest found locally or restored is not saved again; one that did not start is never saved', () => {
    assert.deepEqual(cacheSaves(report(found, { ...keptNow, source: 'local' }), false), [])
    assert.deepEqual(cacheSaves(report(found, { ...keptNow, source: 'restored' }), false), [])
    assert.deepEqual(cacheSaves(report(found, { ...keptNow, discarded: true }), false), [])
  })

  test('prepare-only saves the images it found locally too', () => {
    assert.deepEqual(
      cacheSaves(report(found, undefined), true).map((s) => s.kind),
      ['kernel', 'userland'],
    )
  })
})

describe('cacheState: the summary says what became of each entry', () => {
  test('the kept guest has a row of its own with its key', () => {
    const r = report(built, keptNow)
    const state = cacheState(r, true, { kernel: 'saved', userland: 'refused', 'saved-guest': 'saved' })
    assert.equal(state.kernel, 'built in 30 s; saved to the Actions cache')
    assert.match(state.userland, /^built in 90 s; not saved: the Actions cache refused it/)
    assert.equal(state.savedGuest, 'booted and saved by this run; saved to the Actions cache')
    const summary = buildSummary(r, { consoleTails: {}, cache: state })
    assert.ok(
      summary.includes(
        `| saved guest | \`${keptNow.key}\` | booted and saved by this run; saved to the Actions cache |`,
      ),
      summary,
    )
  })

  test('restored, found, removed, not verified, and none', () => {
    const state = (guest: SavedGuestInfo | undefined, saves = {}) =>
      cacheState(report(found, guest), true, saves).savedGuest
    assert.equal(state({ ...keptNow, source: 'restored' }), 'restored from the Actions cache: nothing booted')
    assert.equal(state({ ...keptNow, source: 'local' }), 'found in the local cache directory: nothing booted')
    assert.equal(
      state({ ...keptNow, source: 'restored', discarded: true }),
      'did not start, so it was removed: each date booted on its own',
    )
    assert.equal(
      state(keptNow, { 'saved-guest': 'not-verified' }),
      'booted and saved by this run; not saved: no date started from it reached the probe',
    )
    assert.equal(state(undefined), undefined)
    assert.ok(
      !buildSummary(report(found, undefined), {
        consoleTails: {},
        cache: cacheState(report(found, undefined), true, {}),
      }).includes('saved guest'),
    )
  })

  test('the images say why they were not saved', () => {
    const state = cacheState(report(built, undefined), false, { kernel: 'not-verified' })
    assert.equal(
      state.kernel,
      'built in 30 s; not saved: no guest reached the probe, so the build is not known to boot',
    )
    assert.equal(state.userland, 'built in 90 s; not saved (cache: false)')
  })
})
