#!/usr/bin/env node
// Runs the dmdrop CLI from its bundle, out/cli/dmdrop.cjs (made at install, and made again here when
// a source it was built from has changed), so a start compiles no TypeScript. When the bundle cannot
// be made (no esbuild, a read-only install) the sources run through tsx instead: slower, same
// program. A clone needs no build step: `npm run --silent dmdrop -- share photo.jpg`.
import { createRequire } from 'node:module';
import { freshBundle } from '../scripts/cli-bundle.mjs';

// A reader that stops early (`dmdrop history --json | head`) is not an error: stop quietly, as
// Unix tools do. The journal makes stopping at any moment safe; `dmdrop resume` finishes the rest.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const bundle = await freshBundle();
const { main } = bundle ? createRequire(import.meta.url)(bundle) : await fromSources();
process.exitCode = await main(process.argv.slice(2));

async function fromSources() {
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/cli/main.ts');
}
