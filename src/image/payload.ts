/**
 * What a store entry carries, as plain files this user owns (a kernel and its initramfs; a
 * root filesystem image whose filesystem holds the owners, modes and device nodes), with
 * each file's digest in the manifest. A copy restored from elsewhere is checked against it.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { lstat } from 'node:fs/promises'
import path from 'node:path'

export interface PayloadFile {
  name: string
  sha256: string
  bytes: number
}

/** A restored entry that does not match what was saved. */
export class CorruptImageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CorruptImageError'
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Names a payload file may have: plain names inside the entry directory. */
export function isPayloadName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)
}

export async function describePayload(dir: string, names: string[]): Promise<PayloadFile[]> {
  const files: PayloadFile[] = []
  for (const name of [...names].sort()) {
    if (!isPayloadName(name)) throw new Error(`not a payload file name: ${name}`)
    const file = path.join(dir, name)
    const info = await lstat(file)
    if (!info.isFile()) throw new Error(`${file} is not a regular file`)
    files.push({ name, sha256: await sha256File(file), bytes: info.size })
  }
  return files
}

/** One digest of a payload's names and contents: two entries with the same one carry the same bytes. */
export function payloadDigest(payload: PayloadFile[]): string {
  const hash = createHash('sha256')
  for (const file of [...payload].sort((a, b) => a.name.localeCompare(b.name)))
    hash.update(`${file.name}\0${file.sha256}\0`)
  return hash.digest('hex')
}

/** Checks the files in `dir` against the payload a manifest lists; throws CorruptImageError. */
export async function verifyPayload(what: string, dir: string, payload: PayloadFile[] | undefined): Promise<void> {
  if (!Array.isArray(payload) || payload.length === 0) {
    throw new CorruptImageError(`${what} lists no files to check it against`)
  }
  for (const expected of payload) {
    if (!isPayloadName(expected.name)) throw new CorruptImageError(`${what} lists a bad file name: ${expected.name}`)
    const file = path.join(dir, expected.name)
    const info = await lstat(file).catch(() => undefined)
    if (!info?.isFile()) throw new CorruptImageError(`${what} lacks ${expected.name}`)
    if (info.size !== expected.bytes) {
      throw new CorruptImageError(`${what}: ${expected.name} is ${info.size} bytes, not ${expected.bytes}: incomplete`)
    }
    if ((await sha256File(file)) !== expected.sha256) {
      throw new CorruptImageError(`${what}: ${expected.name} does not match its digest`)
    }
  }
}
