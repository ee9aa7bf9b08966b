/**
 * The names of the inputs and outputs of the two actions, as action.yml and
 * report/action.yml declare them (test/unit/action-names.test.ts checks that they match).
 */

/** The check action (action.yml). */
export const INPUTS = {
  dates: 'dates',
  search: 'search',
  arch: 'arch',
  suite: 'suite',
  packages: 'packages',
  image: 'image',
  probe: 'probe',
  run: 'run',
  debs: 'debs',
  workdir: 'workdir',
  setup: 'setup',
  clock: 'clock',
  crossMargin: 'cross-margin',
  confirm: 'confirm',
  parallel: 'parallel',
  init: 'init',
  systemdTarget: 'systemd-target',
  mirror: 'mirror',
  timeout: 'timeout',
  accel: 'accel',
  audit: 'audit',
  failOn: 'fail-on',
  control: 'control',
  cache: 'cache',
  prepareOnly: 'prepare-only',
  upload: 'upload',
  sarif: 'sarif',
} as const

export const OUTPUTS = {
  result: 'result',
  findings: 'findings',
  auditFindings: 'audit-findings',
  report: 'report',
  log: 'log',
  outputDir: 'output-dir',
  cacheHit: 'cache-hit',
  kernelCacheKey: 'kernel-cache-key',
  rootfsCacheKey: 'rootfs-cache-key',
  savedGuestCacheKey: 'saved-guest-cache-key',
  artifact: 'artifact',
  sarif: 'sarif',
  firstFailingDate: 'first-failing-date',
} as const

/** The report action (report/action.yml). */
export const REPORT_INPUTS = {
  path: 'path',
  sarif: 'sarif',
  failOn: 'fail-on',
} as const

export const REPORT_OUTPUTS = {
  result: 'result',
  findings: 'findings',
  firstFailingDate: 'first-failing-date',
  report: 'report',
  sarif: 'sarif',
} as const

export type ActionInput = (typeof INPUTS)[keyof typeof INPUTS]
export type ReportInputName = (typeof REPORT_INPUTS)[keyof typeof REPORT_INPUTS]
