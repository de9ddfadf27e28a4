// npm run reliability:publish: copies the figures the latest test runs wrote (test-output/reliability/,
// git-ignored) over the committed ones in docs/reliability/, for docs/RELIABILITY.md to quote.
// (DMDROP_REFRESH_DOCS=1 makes a run write there directly.)
import { copyFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const from = join(root, 'test-output/reliability');
const to = join(root, 'docs/reliability');
const names = (await readdir(from)).filter((name) => name.endsWith('.json'));
for (const name of names) await copyFile(join(from, name), join(to, name));
console.log(`Published ${names.length} figure files: ${names.join(', ')}`);
