// ESLint flat config: ESLint's recommended rules and typescript-eslint's recommended
// (syntax-only, not type-checked) rules for the TypeScript sources and tests.
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import tseslint from 'typescript-eslint'

export default defineConfig([
  // dist/ is ncc's output and test/fixtures/ holds recorded guest output, not code to lint.
  globalIgnores(['dist/', 'node_modules/', 'test/fixtures/', 'out/', '.y2038/']),
  js.configs.recommended,
  tseslint.configs.recommended,
])
