// Import cycles between files of src/, checked in CI (`npm run deps`): a cycle is two modules
// that each need the other, so that neither can be read, tested or moved alone. The direction
// of the layers (edges -> engine -> stages -> config) is eslint.config.js's.
export default {
  forbidden: [
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
