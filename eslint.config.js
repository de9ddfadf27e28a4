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
        patterns: ['core', 'main', 'preload', 'renderer', 'cli', 'emulators', 'bench', 'scripts'].map(layer).map(msg('src/shared is the lowest layer: it imports nothing of ours.')),
      }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: ['main', 'preload', 'renderer', 'cli', 'emulators', 'bench', 'scripts'].map(layer).map(msg('src/core never imports the shell, the UI, the CLI, the emulators or dev tools.')),
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: ['main', 'preload', 'renderer', 'emulators', 'bench', 'scripts'].map(layer).map(msg('The CLI runs on plain Node over src/core.')),
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
  {
    // The shell: Electron plus the engine. It never reaches into the page, the CLI or dev tools; the
    // emulator only through demo mode's one door (src/main/demo-mode.ts, below).
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/demo-mode.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: ['renderer', 'preload', 'cli', 'emulators', 'bench', 'scripts'].map(layer).map(msg('src/main drives src/core and talks to the page over the IPC contract; demo mode reaches the emulator through src/main/demo-mode.ts only.')),
      }],
    },
  },
  {
    files: ['src/main/demo-mode.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: ['renderer', 'preload', 'cli', 'bench', 'scripts'].map(layer).map(msg('Demo mode is the door to emulators/ and nothing else.')),
      }],
    },
  },
  {
    // An emulator stands in for a remote service: it shares no code with the client it tests (a shared
    // bug would agree with itself). emulators/demo.ts is the demo runner, a client of both.
    files: ['emulators/**/*.ts'],
    ignores: ['emulators/demo.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: [{ regex: '(^|/)src(/|$)', message: 'An emulator models the real service, not our code: it imports nothing from src/.' }, ...['bench', 'scripts', 'tests'].map(layer).map(msg('Emulators import nothing from dev tools or tests.'))],
      }],
    },
  },
  {
    files: ['emulators/demo.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: [...['main', 'preload', 'renderer', 'cli'].map(layer).map(msg('The demo drives the engine (src/core) against an emulator, like the CLI does.')), ...['bench', 'scripts', 'tests'].map(layer).map(msg('The demo imports no dev tools or tests.'))],
      }],
    },
  },
  {
    // The benchmark drives the engine and the emulators, like the CLI and the tests do.
    files: ['bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: ['main', 'preload', 'renderer', 'scripts', 'tests'].map(layer).map(msg('The benchmark measures the engine through src/core and emulators/, not the shell, the page or test helpers.')),
      }],
    },
  },
  {
    // Build and maintenance scripts run before anything is built: plain Node, none of our code.
    files: ['scripts/**/*'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: ['src', 'emulators', 'bench', 'tests'].map(layer).map(msg('Scripts are plain Node tools: they import none of the app, the emulators, the benchmark or the tests.')),
      }],
    },
  },
);
