// ESLint flat config: ESLint's recommended rules and typescript-eslint's recommended rules
// for the TypeScript sources and tests, plus the type-aware rules that catch a promise
// nobody waits for (a guest left running, an error nobody sees).
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import tseslint from 'typescript-eslint'

export default defineConfig([
  // dist/ is ncc's output and test/fixtures/ holds recorded guest output, not code to lint.
  globalIgnores(['dist/', 'node_modules/', 'test/fixtures/', 'out/', '.y2038/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test runs the promises its describe/it/test return itself.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  // Import direction: the edges (src/cli, src/action) drive src/engine.ts, which drives the
  // stages (host, build, vm, guest, verdict, report), which all read src/config (what the
  // user asked for). Nothing imports back up that line.
  {
    files: ['src/config/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../host',
                '../host/*',
                '../build',
                '../build/*',
                '../protocol',
                '../protocol/*',
                '../image',
                '../image/*',
                '../debian',
                '../debian/*',
                '../vm',
                '../vm/*',
                '../guest',
                '../guest/*',
                '../verdict',
                '../verdict/*',
                '../report',
                '../report/*',
                '../engine.js',
                '../cli',
                '../cli/*',
                '../action',
                '../action/*',
              ],
              message: 'src/config is what the user asked for: it imports nothing but itself.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'src/host/**/*.ts',
      'src/protocol/**/*.ts',
      'src/image/**/*.ts',
      'src/debian/**/*.ts',
      'src/build/**/*.ts',
      'src/vm/**/*.ts',
      'src/guest/**/*.ts',
      'src/verdict/**/*.ts',
      'src/report/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../engine.js', '../cli', '../cli/*', '../action', '../action/*'],
              message: 'A stage may import other stages and src/config, never the engine or an edge (cli, action).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/engine.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['./cli', './cli/*', './action', './action/*'],
              message: 'The engine is driven by the edges (cli, action); it does not import them.',
            },
          ],
        },
      ],
    },
  },
])
