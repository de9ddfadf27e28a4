// The reliability tests record what they tried and what survived, one file per test (they run in
// parallel): into test-output/reliability/ (git-ignored, so `npm test` leaves the tree clean), or
// with DMDROP_REFRESH_DOCS=1 into docs/reliability/, which docs/RELIABILITY.md presents. After a
// long run, `npm run reliability:publish` copies its figures there. The figures are the tests' own
// counts, never typed by hand.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { outputDir } from '../helpers/output-dir';

export async function recordFigures(section: string, figures: Record<string, number | string>): Promise<void> {
  const dir = outputDir('reliability');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${section}.json`), JSON.stringify({ ...figures, recordedAt: new Date().toISOString().slice(0, 10) }, null, 2) + '\n');
}
