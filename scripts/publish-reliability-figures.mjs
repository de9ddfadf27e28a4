// npm run reliability:publish: copies the figures the latest test runs wrote (docs/reliability/latest/,
// git-ignored) over the committed ones in docs/reliability/, for docs/RELIABILITY.md to quote.
import { copyFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const docs = join(import.meta.dirname, '../docs/reliability');
const latest = join(docs, 'latest');
const names = (await readdir(latest)).filter((name) => name.endsWith('.json'));
for (const name of names) await copyFile(join(latest, name), join(docs, name));
console.log(`Published ${names.length} figure files: ${names.join(', ')}`);
