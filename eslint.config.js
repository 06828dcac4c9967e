import js from '@eslint/js'
import svelte from 'eslint-plugin-svelte'
import { defineConfig } from 'eslint/config'
import globals from 'globals'
import ts from 'typescript-eslint'
import svelteConfig from './svelte.config.js'

// Security fences (issue 8): the token is read only by the HTTP layer, the OS opens only
// allow-listed pages through one function, and no request follows redirects by itself.
const TOKEN_READ = {
  selector: "CallExpression[callee.property.name='getToken']",
  message: 'Only main/api/http.ts reads the token (it decides which origin may receive it).',
}
const OPEN_EXTERNAL = {
  selector:
    "MemberExpression[property.name='openExternal']:matches([object.name='shell'], [object.property.name='shell'])",
  message: 'Only main/app/security.ts opens URLs in the OS (allow-listed https pages).',
}
const FOLLOW_REDIRECTS = {
  selector: "Property[key.name='redirect'][value.value='follow']",
  message: "fetch would forward the Access-Token on a redirect: use 'manual' and follow by hand.",
}
const securityFences = (...rules) => ({ 'no-restricted-syntax': ['error', ...rules] })

export default defineConfig(
  {
    ignores: ['out/**', 'release/**', 'test-results/**', '.svelte-check/**', 'node_modules/**'],
  },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte', 'test/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
    rules: {
      'svelte/no-at-html-tags': 'error',
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/api/http.ts', 'main/app/security.ts'],
    rules: securityFences(TOKEN_READ, OPEN_EXTERNAL, FOLLOW_REDIRECTS),
  },
  { files: ['main/api/http.ts'], rules: securityFences(OPEN_EXTERNAL, FOLLOW_REDIRECTS) },
  { files: ['main/app/security.ts'], rules: securityFences(TOKEN_READ, FOLLOW_REDIRECTS) },
  // Fences between processes (architecture.md §3.5).
  {
    files: ['main/**/*.ts'],
    ignores: ['main/index.ts', 'main/adapters/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only main/index.ts imports Electron; take an ElectronApi.',
              allowTypeImports: true,
            },
            { name: 'keytar', message: 'keytar lives in main/adapters only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to main through window.disca only.' },
          ],
          patterns: [
            { group: ['node:*'], message: 'The renderer has no Node.' },
            { group: ['**/main/**'], message: 'The renderer cannot import main code.' },
            {
              group: ['**/preload/*', '!**/preload/contract'],
              message: 'Only the contract, as types.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|\\./contract$)',
              message: 'The preload imports only electron and ./contract.',
            },
          ],
        },
      ],
    },
  },
)
