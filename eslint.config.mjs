import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.next/**', '**/.next-*/**', 'test-results/**', 'packages/db/src/generated/**', 'data/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Imports go one way (ARCHITECTURE.md): the worker never reaches the database or the console.
    files: ['apps/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@gatehouse/db/*', '@gatehouse/console*', '**/apps/console/**'] }],
    },
  },
  {
    // domain is pure: only zod (and yaml for manifests), no I/O and no other workspace package.
    files: ['packages/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@gatehouse/*', 'node:fs*', 'node:net', 'node:http*'] }],
    },
  },
);
