// Lint, plus the architecture's import boundaries: the layer rules in docs/architecture.md are
// enforced here so they cannot rot quietly (VS Code / Signal style layering by path).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const layer = (name) => ({ regex: `(^|/)(src/)?${name}(/|$)` });
const electron = { name: 'electron', message: 'This layer is plain Node: reach the desktop through a port in src/core/ports.' };
const msg = (text) => (pattern) => ({ ...pattern, message: text });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      // Stripping control characters from names and captions is the point of those patterns.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['bin/**/*.js', '*.config.{js,ts}', 'scripts/**/*', 'tests/fixtures/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: ['core', 'main', 'preload', 'renderer', 'cli'].map(layer).map(msg('src/shared is the lowest layer: it imports nothing of ours.')),
      }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: ['main', 'preload', 'renderer', 'cli'].map(layer).map(msg('src/core never imports the shell, the UI or the CLI.')),
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: ['main', 'preload', 'renderer'].map(layer).map(msg('The CLI runs on plain Node over src/core.')),
      }],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: ['core', 'main', 'renderer', 'cli'].map(layer).map(msg('The preload exposes the IPC contract from src/shared and nothing else.')),
      }],
    },
  },
  {
    files: ['src/renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: [
          ...['core', 'main', 'preload', 'cli', 'emulators'].map(layer).map(msg('The renderer talks to the app only through window.api (src/renderer/api.ts) and src/shared.')),
          { regex: '^node:', message: 'The renderer is a sandboxed web page: no Node built-ins.' },
        ],
      }],
    },
  },
);
