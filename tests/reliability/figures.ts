// The reliability tests record what they tried and what survived under docs/reliability/, one file
// per test (they run in parallel); docs/RELIABILITY.md presents them. The figures are the tests' own
// counts, never typed by hand.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, '../../docs/reliability');

export async function recordFigures(section: string, figures: Record<string, number | string>): Promise<void> {
  await mkdir(DIR, { recursive: true });
  await writeFile(join(DIR, `${section}.json`), JSON.stringify({ ...figures, recordedAt: new Date().toISOString().slice(0, 10) }, null, 2) + '\n');
}
