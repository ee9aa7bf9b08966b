// The layers of src/ and the one direction their imports run, checked in CI (`npm run deps`):
// bottom to top, each layer may import the layers below it and nothing above; the two edges
// (cli, action) sit side by side and do not import each other. A strict order has no circle
// between folders; `no-circular` also keeps files from importing each other in a loop.
// test/unit/import-cycles.test.ts shows each rule fails on a purpose-made violation.
const LAYERS = [
  ['config'], // what the user asked for: parsed and checked, runs nothing
  ['host'], // processes, files, the machine's capacity
  ['protocol'], // the host's side of the guest protocol
  ['vm'], // QEMU
  ['debian'], // Debian's archive: the mirror, its package index, the user's .debs
  ['audit'], // the static time_t audit of ELF files
  ['image'], // the guest's images: recipe, build, store
  ['verdict'], // what came back from a guest, judged
  ['search'], // the date search: where each line changes its answer, narrowed to the second
  ['guest'], // a run's disks and one guest's run to its end
  ['report'], // the report of a run, and of many
  ['engine'], // src/engine.ts: the pipeline
  ['outputs'], // where the edges write what a run found
  ['cli', 'action'], // the edges
]

const where = (layer) => (layer === 'engine' ? '(^|/)src/engine\\.ts$' : `(^|/)src/${layer}/`)

const layerRules = LAYERS.flatMap((names, level) =>
  names.map((name) => {
    const above = [...LAYERS.slice(level + 1).flat(), ...names.filter((other) => other !== name)]
    const below = LAYERS.slice(0, level).flat()
    return {
      name: `layer-${name}`,
      comment: `src/${name === 'engine' ? 'engine.ts' : name} may import ${below.length ? below.join(', ') : 'nothing but itself'}; not ${above.join(', ')}.`,
      severity: 'error',
      from: { path: where(name) },
      to: { path: above.map(where) },
    }
  }),
)

export default {
  forbidden: [
    ...layerRules,
    {
      name: 'layer-unknown',
      comment: 'Every file of src/ is in a layer: give a new folder its place in LAYERS (.dependency-cruiser.mjs).',
      severity: 'error',
      from: { path: '(^|/)src/', pathNot: LAYERS.flat().map(where) },
      to: {},
    },
    {
      name: 'no-circular',
      comment: 'Two modules import each other, directly or through others: give the shared part a module of its own.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
  },
}
