// Where tests put what they record (screenshots, figures): test-output/, which git ignores, so
// `npm test` leaves the work tree clean. DMDROP_REFRESH_DOCS=1 sends them to docs/ instead, to
// refresh the copies the README and the docs show (then commit them on purpose).
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

/** The folder for one kind of record, e.g. outputDir('screenshots'). */
export function outputDir(kind: string, env: Record<string, string | undefined> = process.env): string {
  return join(root, env.DMDROP_REFRESH_DOCS === '1' ? 'docs' : 'test-output', kind);
}
