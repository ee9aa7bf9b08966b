/**
 * Benchmark of the user's own system (`--image`) against a Debian root of the same size: the
 * same root, built by mmdebstrap with the default userland's packages, once as the tool's
 * Debian userland and once as a root filesystem tarball given with --image (which boots the
 * harness's own shell, perl and bash from the harness disk). Both run the same probe at the
 * same dates in one invocation, so the figures read as ratios on a shared, noisy machine.
 *
 *   npm run bench:system            (i386; Y2038_BENCH_ARCH=armhf for ARM under emulation)
 *
 * The tarball and the system's userland are made before anything is timed. Exits non-zero
 * when a run fails, a date did not run to its end, or the two disagree on the findings.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { defaultCacheDir } from '../src/config/options.js'
import { USERLAND_BASE_PACKAGES } from '../src/image/recipe.js'
import type { JsonReport } from '../src/report/report.js'
import { benchRun } from './cli-run.js'

const ARCH = process.env.Y2038_BENCH_ARCH || 'i386'
const DATES = ['2038-01-18', '2038-01-20', '2040-01-01']
const PROBE = 'date -u\nsudo -n true\nbusybox date -u'
const CLI = new URL('../dist/cli/index.js', import.meta.url).pathname

const dir = path.join(defaultCacheDir(process.env), 'bench')
mkdirSync(dir, { recursive: true })
const tarball = path.join(dir, `debian-${ARCH}-bookworm-root.tar`)
if (!existsSync(tarball)) {
  console.log(`making ${tarball} (not timed)`)
  execFileSync(
    'mmdebstrap',
    [
      '--mode=root',
      '--variant=essential',
      `--architectures=${ARCH}`,
      `--include=${USERLAND_BASE_PACKAGES.join(',')}`,
      '--format=tar',
      'bookworm',
      tarball,
      'deb http://deb.debian.org/debian bookworm main',
    ],
    { stdio: 'ignore' },
  )
}
const common = ['--run', PROBE, '--control', 'none', '--confirm', 'false', ...DATES.flatMap((d) => ['--date', d])]
const asImage = ['--image', `rootfs:${tarball}`, '--arch', ARCH, ...common]
const asDebian = ['--arch', ARCH, ...common]
// Both userlands made before anything is timed.
for (const args of [asDebian, asImage]) spawnSync(process.execPath, [CLI, ...args], { stdio: 'ignore' })

const debian = benchRun('system-debian', asDebian)
const image = benchRun('system-image', asImage)
const key = (r: JsonReport) => r.findings.map((f) => `${f.date} ${f.line} ${f.signature.id}`).join('\n')
if (key(debian.report) !== key(image.report)) {
  throw new Error(`the two runs disagree:\n${key(debian.report)}\n---\n${key(image.report)}`)
}
const saveSeconds = (stderr: string) => Number(/and saved it \(\d+ MiB\) in ([\d.]+) s/.exec(stderr)?.[1] ?? NaN)
const perDate = (r: JsonReport) => r.dates.reduce((sum, d) => sum + d.durationSeconds, 0) / r.dates.length
const line = (name: string, r: typeof debian) =>
  `${name.padEnd(30)} ${r.seconds.toFixed(1).padStart(6)} s   boot and save ${saveSeconds(r.stderr).toFixed(1).padStart(5)} s   ${perDate(r.report).toFixed(1).padStart(4)} s per date`
console.log(`${ARCH} bookworm root (${USERLAND_BASE_PACKAGES.join(', ')}), clock step, ${DATES.length} dates`)
console.log(line('as the Debian userland', debian))
console.log(line('as --image rootfs:', image))
console.log(
  `ratio image / Debian: whole run ${(image.seconds / debian.seconds).toFixed(2)}x, boot and save ${(saveSeconds(image.stderr) / saveSeconds(debian.stderr)).toFixed(2)}x, per date ${(perDate(image.report) / perDate(debian.report)).toFixed(2)}x`,
)
