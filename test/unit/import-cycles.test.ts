/**
 * The layer and import-cycle check CI runs (`npm run deps`, dependency-cruiser with
 * .dependency-cruiser.mjs): it passes on src/, and it fails on a purpose-made upward import,
 * a folder outside the layers and a cycle, so that a green check means something.
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

describe('the layer and import-cycle check', () => {
  test('src/ has no upward import and no cycle between files', () => {
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

  /** A tree of src/ with `files` (path: text), for the rules that name src/'s folders. */
  function tree(files: Record<string, string>): string {
    const root = path.join(scratchDir('y2038-layers-'), 'src')
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true })
      writeFileSync(path.join(root, name), text)
    }
    return root
  }

  test('a layer importing one above it fails, naming the rule and both files', () => {
    const run = cruise(
      tree({
        'report/model.ts': 'export const version = 1\n',
        'config/options.ts': "import { version } from '../report/model.js'\nexport const v = version\n",
      }),
    )
    assert.notEqual(run.status, 0, run.output)
    assert.match(run.output, /error layer-config: \S*src\/config\/options\.ts → \S*src\/report\/model\.ts/)
  })

  test('importing down the order passes; the engine importing an edge does not', () => {
    const down = cruise(
      tree({
        'config/options.ts': 'export const v = 1\n',
        'report/model.ts': "import { v } from '../config/options.js'\nexport const version = v\n",
      }),
    )
    assert.equal(down.status, 0, down.output)
    const up = cruise(
      tree({
        'cli/cli.ts': 'export const main = (): number => 0\n',
        'engine.ts': "import { main } from './cli/cli.js'\nexport const run = main\n",
      }),
    )
    assert.notEqual(up.status, 0, up.output)
    assert.match(up.output, /error layer-engine: /)
  })

  test('the two edges do not import each other', () => {
    const run = cruise(
      tree({
        'cli/cli.ts': 'export const main = (): number => 0\n',
        'action/run.ts': "import { main } from '../cli/cli.js'\nexport const run = main\n",
      }),
    )
    assert.notEqual(run.status, 0, run.output)
    assert.match(run.output, /error layer-action: /)
  })

  test('a folder that is in no layer fails until it is given its place', () => {
    const run = cruise(
      tree({
        'misc/util.ts': "import { v } from '../config/options.js'\nexport const u = v\n",
        'config/options.ts': 'export const v = 1\n',
      }),
    )
    assert.notEqual(run.status, 0, run.output)
    assert.match(run.output, /error layer-unknown: \S*src\/misc\/util\.ts/)
  })
})
