// What tests record lands where git does not look, unless the docs' copies are asked for.
import { execFile } from 'node:child_process';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { outputDir } from './output-dir';

const root = join(import.meta.dirname, '../..');
const git = (...args: string[]) => promisify(execFile)('git', args, { cwd: root });

describe('test output', () => {
  it('goes to a folder git ignores, so npm test leaves git status clean', async () => {
    const shots = join(outputDir('screenshots', {}), 'first-run.png');
    expect(relative(root, shots)).toBe(join('test-output', 'screenshots', 'first-run.png'));
    const { stdout } = await git('check-ignore', '--no-index', relative(root, shots));
    expect(stdout.trim()).toBe(relative(root, shots));
  });

  it('goes to docs/ only when DMDROP_REFRESH_DOCS=1 asks for it', async () => {
    expect(relative(root, outputDir('screenshots', { DMDROP_REFRESH_DOCS: '1' }))).toBe(join('docs', 'screenshots'));
    expect(relative(root, outputDir('screenshots', { DMDROP_REFRESH_DOCS: '0' }))).toBe(join('test-output', 'screenshots'));
    // docs/ is tracked: git would report anything written there.
    await expect(git('check-ignore', '--no-index', 'docs/screenshots/first-run.png')).rejects.toMatchObject({ code: 1 });
  });
});
