// The layer rules of docs/architecture.md are lint rules (eslint.config.js): each tree may import
// only what its row allows. This runs the project's real ESLint config on one-line files placed in
// each tree, so a rule that stops matching (a typo in a regex, a tree left out) fails here.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function refused(file: string, specifier: string): Promise<boolean> {
  const [result] = await eslint.lintText(`import '${specifier}';\n`, { filePath: file });
  return result!.messages.some((m) => m.ruleId === 'no-restricted-imports');
}

// [file, import, refused?]
const cases: [string, string, boolean][] = [
  ['src/shared/x.ts', '../core/ports/clock', true],
  ['src/core/links/x.ts', 'electron', true],
  ['src/core/links/x.ts', '../../main/desktop', true],
  ['src/core/links/x.ts', '../../../emulators/dropbox/server', true],
  ['src/core/links/x.ts', '../ports/clock', false],
  ['src/cli/x.ts', '../../emulators/dropbox/server', true],
  ['src/cli/x.ts', '../core/engine/engine', false],
  ['src/main/shell/x.ts', '../../renderer/api', true],
  ['src/main/shell/x.ts', '../../../emulators/dropbox/server', true],
  ['src/main/shell/x.ts', '../../core/engine/engine', false],
  ['src/main/demo-mode.ts', '../../emulators/dropbox/server', false],
  ['src/main/demo-mode.ts', '../renderer/api', true],
  ['src/preload/x.ts', '../core/engine/engine', true],
  ['src/renderer/x.ts', 'node:fs', true],
  ['src/renderer/x.ts', '../shared/errors', false],
  ['emulators/dropbox/x.ts', '../../src/core/providers/dropbox/content-hash', true],
  ['emulators/dropbox/x.ts', './store', false],
  ['emulators/demo.ts', '../src/core/engine/engine', false],
  ['emulators/demo.ts', '../src/main/desktop', true],
  ['bench/x.ts', '../src/main/desktop', true],
  ['bench/x.ts', '../tests/helpers/temp-dir', true],
  ['bench/x.ts', '../src/core/engine/engine', false],
  ['bench/x.ts', '../emulators/dropbox/server', false],
  ['scripts/x.mjs', '../src/core/engine/engine.ts', true],
  ['scripts/x.mjs', 'sharp', false],
];

describe('import boundaries', () => {
  it.each(cases)('%s importing %s: refused = %s', async (file, specifier, expected) => {
    expect(await refused(file, specifier)).toBe(expected);
  });
});
