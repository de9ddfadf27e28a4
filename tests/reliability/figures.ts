// The reliability tests record what they tried and what survived under docs/reliability/latest/
// (git-ignored, so a test run leaves the tree clean), one file per test (they run in parallel).
// `npm run reliability:publish` copies the latest figures over docs/reliability/*.json, which
// docs/RELIABILITY.md presents. The figures are the tests' own counts, never typed by hand.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LATEST_FIGURES_DIR = join(import.meta.dirname, '../../docs/reliability/latest');

export async function recordFigures(section: string, figures: Record<string, number | string>): Promise<void> {
  await mkdir(LATEST_FIGURES_DIR, { recursive: true });
  await writeFile(join(LATEST_FIGURES_DIR, `${section}.json`), JSON.stringify({ ...figures, recordedAt: new Date().toISOString().slice(0, 10) }, null, 2) + '\n');
}
