// The reliability tests record what they tried and what survived in docs/reliability-figures.json,
// which docs/RELIABILITY.md presents: the figures are the tests' own counts, never typed by hand.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FILE = join(import.meta.dirname, '../../docs/reliability-figures.json');

export async function recordFigures(section: string, figures: Record<string, number | string>): Promise<void> {
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(await readFile(FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    // first run
  }
  all[section] = { ...figures, recordedAt: new Date().toISOString().slice(0, 10) };
  await writeFile(FILE, JSON.stringify(all, Object.keys(all).sort().length ? undefined : undefined, 2) + '\n');
}
