/**
 * Benchmark of the static audit of a whole root filesystem: the i386 bookworm guest of the
 * README's first command, unpacked, audited three times (as a build does: every ELF file
 * read and classified), next to reading the same bytes without auditing them, so that the
 * figure can be read as a ratio on a shared, noisy machine.
 *
 *   npm run bench:audit [-- PACKAGE...]
 *
 * Exits non-zero when the guest is not built or an audit disagrees with the stored one.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { auditRoot, packageOwners } from '../src/audit/scan.js'
import { withGuestRoot } from './guest-root.js'

const RUNS = 3
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

await withGuestRoot(process.argv.slice(2), async ({ key, root, audit }) => {
  const owners = await packageOwners(root)
  const auditSeconds: number[] = []
  const readSeconds: number[] = []
  for (let run = 0; run < RUNS; run++) {
    let started = performance.now()
    const fresh = await auditRoot(root, owners)
    auditSeconds.push((performance.now() - started) / 1000)
    const summary = (files: typeof fresh.files) => files.map((f) => `${f.path} ${f.class}`).join('\n')
    if (summary(fresh.files) !== summary(audit.files)) throw new Error('the audit disagrees with the stored one')
    started = performance.now()
    for (const file of fresh.files) await readFile(path.join(root, file.path))
    readSeconds.push((performance.now() - started) / 1000)
  }
  const a = median(auditSeconds)
  const r = median(readSeconds)
  console.log(`i386 bookworm (${key}): ${audit.files.length} ELF files, median of ${RUNS}`)
  console.log(`audit of the whole root      ${a.toFixed(2).padStart(6)} s`)
  console.log(`reading those files only     ${r.toFixed(2).padStart(6)} s`)
  console.log(`ratio                        ${(a / r).toFixed(2).padStart(6)}x`)
})
