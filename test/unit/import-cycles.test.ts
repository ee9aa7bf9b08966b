/**
 * The import-cycle check CI runs (`npm run deps`, dependency-cruiser with
 * .dependency-cruiser.mjs): it passes on src/, and it fails on a purpose-made cycle, so that
 * a green check means something.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import { scratchDir } from '../support/scratch.js'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const DEPCRUISE = path.join(REPO, 'node_modules', '.bin', 'depcruise')

function cruise(dir: string): { status: number | null; output: string } {
  const run = spawnSync(DEPCRUISE, [dir, '--config', '.dependency-cruiser.mjs', '--output-type', 'err'], {
    cwd: REPO,
    encoding: 'utf8',
  })
  return { status: run.status, output: run.stdout + run.stderr }
}

describe('the import-cycle check', () => {
  test('src/ has no cycle between files', () => {
    const run = cruise('src')
    assert.equal(run.status, 0, run.output)
    assert.match(run.output, /no dependency violations found \(\d{2,} modules/)
  })

  test('a purpose-made cycle through three files fails it, naming them', () => {
    const dir = scratchDir('y2038-cycle-')
    mkdirSync(path.join(dir, 'stage'))
    writeFileSync(
      path.join(dir, 'engine.ts'),
      "import { b } from './stage/b.js'\nexport const a = (): number => b() + 1\n",
    )
    writeFileSync(path.join(dir, 'stage', 'b.ts'), "import { c } from './c.js'\nexport const b = (): number => c()\n")
    writeFileSync(
      path.join(dir, 'stage', 'c.ts'),
      "import { a } from '../engine.js'\nexport const c = (): number => a()\n",
    )
    const run = cruise(dir)
    assert.notEqual(run.status, 0, run.output)
    assert.match(run.output, /error no-circular: /)
    for (const name of ['engine.ts', 'stage/b.ts', 'stage/c.ts']) assert.ok(run.output.includes(name), name)
  })
})
