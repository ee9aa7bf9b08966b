/**
 * The root filesystem of a stored i386 bookworm guest, unpacked for a script that reads it
 * (root or sudo: fsck.erofs keeps the files' owners and modes), with the audit stored with it.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { RootAudit } from '../src/audit/classify.js'
import { DEFAULTS, defaultCacheDir } from '../src/config/options.js'
import { resolveTarget } from '../src/config/targets.js'
import { AUDIT_FILE, ROOT_IMAGE_FILE } from '../src/image/build.js'
import { recipeKey, userlandRecipe } from '../src/image/recipe.js'

export interface GuestRoot {
  key: string
  /** Where the tree is unpacked. */
  root: string
  /** The audit made when the guest was built. */
  audit: RootAudit
}

/** Runs `use` on the unpacked root of the guest built with `packages`; exits 2 when it is not built. */
export async function withGuestRoot<T>(packages: string[], use: (guest: GuestRoot) => Promise<T> | T): Promise<T> {
  const key = recipeKey(userlandRecipe(resolveTarget('i386', 'bookworm'), DEFAULTS.mirror, packages))
  const stored = path.join(defaultCacheDir(process.env), 'artifacts', key)
  if (!existsSync(path.join(stored, ROOT_IMAGE_FILE))) {
    const named = packages.map((p) => ` --packages ${p}`).join('')
    console.error(`${key} is not built: run node dist/cli/index.js${named} once`)
    process.exit(2)
  }
  const audit = JSON.parse(readFileSync(path.join(stored, AUDIT_FILE), 'utf8')) as RootAudit
  const root = mkdtempSync(path.join(os.tmpdir(), 'y2038-root-'))
  try {
    execFileSync('fsck.erofs', [`--extract=${root}`, '--overwrite', path.join(stored, ROOT_IMAGE_FILE)], {
      stdio: 'inherit',
    })
    return await use({ key, root, audit })
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
