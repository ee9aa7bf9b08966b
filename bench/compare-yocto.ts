/**
 * This audit side by side with Yocto's `32bit-time` check (bench/yocto-rule.ts) on every ELF
 * file of the i386 bookworm guest that the README's first command builds, as `audit: all`
 * reports them: how many files each flags, and for each kind of disagreement the names that
 * cause it and a few of the files.
 *
 *   npm run compare:yocto [-- PACKAGE...]
 *
 * PACKAGE: the guest built with these `packages` (built first by a run with them).
 * Exits non-zero when the guest is not built or holds no ELF file.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { readElfImports } from '../src/audit/elf.js'
import { withGuestRoot } from './guest-root.js'
import { type Compared, compareWithYocto, yoctoFlags } from './yocto-rule.js'

const packages = process.argv.slice(2)
await withGuestRoot(packages, ({ key, root, audit }) => {
  const files: Compared[] = audit.files.map((ours) => {
    let yocto: string[] = []
    try {
      const elf = readElfImports(readFileSync(path.join(root, ours.path)))
      yocto = elf.bits === 32 ? yoctoFlags(elf.glibcFunctions) : []
    } catch {
      // Unreadable here as well: Yocto's objdump would not read it either.
    }
    return { path: ours.path, ours, yocto }
  })
  if (files.length === 0) throw new Error(`${key}: the audit holds no ELF file`)
  const rows = compareWithYocto(files)
  const flaggedHere = files.filter((f) => f.ours.class === 'time32' || f.ours.class === 'mixed').length
  const flaggedYocto = files.filter((f) => f.yocto.length > 0).length
  console.log(
    `i386 bookworm (${key}, packages: ${packages.join(' ') || 'none named'}), audit: all, ${files.length} ELF files`,
  )
  console.log(`flagged here (time32 or mixed): ${flaggedHere}; flagged by Yocto's 32bit-time: ${flaggedYocto}`)
  console.log('')
  console.log('| files | row | names that decide it (files) | for example |')
  console.log('| ---: | --- | --- | --- |')
  for (const row of rows) {
    const names = [...row.names]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 6)
      .map(([name, n]) => `${name} (${n})`)
      .join(', ')
    const examples = row.files
      .slice(0, 3)
      .map((f) => f.path)
      .join(', ')
    console.log(`| ${row.files.length} | ${row.row} | ${names || '-'} | ${examples || '-'} |`)
  }
})
