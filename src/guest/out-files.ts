import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { formatInstant } from '../config/dates.js'
import type { Logger } from '../host/log.js'
import { OUT_LIMIT_BYTES } from '../protocol/run-config.js'
import type { OutFiles } from '../verdict/stages.js'

/** The files of $Y2038_OUT a date brought back, as the report holds them. */
export interface OutResult {
  /** Where the files are on the host. */
  dir: string
  files: number
  bytes: number
  /** Files the probe left that did not come back (over the limit, links, unreadable). */
  notBroughtBack: string[]
  /** The limit was reached: files are missing or cut. */
  overLimit: boolean
}

/** Writes the files the probe left in $Y2038_OUT under `dir`/out, and says what did not come back. */
export async function keepOutFiles(
  out: OutFiles,
  dir: string,
  date: Date,
  log: Logger,
): Promise<OutResult | undefined> {
  if (out.files.length === 0 && out.skipped.length === 0 && out.complete) return undefined
  const outDir = path.join(dir, 'out')
  for (const file of out.files) {
    const target = path.join(outDir, ...file.name.split('/'))
    await mkdir(path.dirname(target), { recursive: true })
    await writeFile(target, file.data, { mode: 0o644 })
  }
  const overLimit = out.filesNotSent > 0 || out.cut
  const limit = `${OUT_LIMIT_BYTES / 2 ** 20} MiB`
  if (overLimit) {
    log.warn(
      `the probe left more than ${limit} in $Y2038_OUT at ${formatInstant(date)}: ${out.filesNotSent} file(s) were not brought back${out.cut ? ' and the last one kept is cut short' : ''}`,
    )
  }
  if (!out.complete) {
    log.warn(
      `the files from $Y2038_OUT at ${formatInstant(date)} did not all arrive: the guest stopped while sending them`,
    )
  }
  return {
    dir: outDir,
    files: out.files.length,
    bytes: out.bytes,
    notBroughtBack: out.skipped.map((s) => `${s.name}: ${s.why}`),
    overLimit,
  }
}
