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
  // The direction of imports between src/'s layers is dependency-cruiser's (.dependency-cruiser.mjs,
  // `npm run deps`): one home for the rule.
])
