/**
 * How long it takes to know what a mirror offers: fetching and parsing the bookworm i386
 * main index of deb.debian.org (Packages.xz, decompressed by xz), then the same file from a
 * file:// copy (decompressing and parsing without the network), then the parser alone on
 * the uncompressed text in memory. Prints the figures; asserts nothing.
 *
 *   node --import tsx bench/apt-index.ts [mirror] [suite] [arch]
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { fetchPackagesIndex, missingPackages, parsePackagesIndex } from '../src/debian/apt-index.js'

const [mirror = 'http://deb.debian.org/debian', suite = 'bookworm', arch = 'i386'] = process.argv.slice(2)
const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(2)} s`
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`

let started = performance.now()
const index = await fetchPackagesIndex(mirror, suite, arch)
console.log(`fetch + xz + parse, ${mirror} ${suite}/main/binary-${arch}: ${seconds(started)}`)
console.log(
  `  ${index.stanzas} stanzas, ${index.packages.size} package names, ${index.provides.size} provided names; heap ${mib(process.memoryUsage().heapUsed)}`,
)
started = performance.now()
const missing = missingPackages(['busybox', 'sudo', 'systemd', 'python3', 'mail-transport-agent', 'python2'], index)
console.log(`  missingPackages of 6 names: [${missing.join(', ')}] in ${seconds(started)}`)

const dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-bench-apt-index-'))
try {
  started = performance.now()
  const url = `${mirror}/dists/${suite}/main/binary-${arch}/Packages.xz`
  const response = await fetch(url)
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`)
  const compressed = Buffer.from(await response.arrayBuffer())
  console.log(`download alone of Packages.xz (${mib(compressed.length)}): ${seconds(started)}`)
  const local = path.join(dir, 'dists', suite, 'main', `binary-${arch}`)
  mkdirSync(local, { recursive: true })
  writeFileSync(path.join(local, 'Packages.xz'), compressed)

  started = performance.now()
  const fromFile = await fetchPackagesIndex(pathToFileURL(dir).href, suite, arch)
  console.log(`xz + parse from a file:// copy: ${seconds(started)} (${fromFile.stanzas} stanzas)`)

  const text = spawnSync('xz', ['-dc', path.join(local, 'Packages.xz')], { maxBuffer: 1024 * 2 ** 20 }).stdout.toString(
    'latin1',
  )
  started = performance.now()
  const parsed = parsePackagesIndex(text)
  console.log(
    `parse alone of the uncompressed text (${mib(text.length)}): ${seconds(started)} (${parsed.stanzas} stanzas)`,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
