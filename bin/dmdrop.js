#!/usr/bin/env node
// Runs the dmdrop CLI straight from the TypeScript sources (tsx compiles on the fly and caches),
// so a clone needs no build step: `npm run --silent dmdrop -- share photo.jpg`.
import { register } from 'tsx/esm/api';

register();
// A reader that stops early (`dmdrop history --json | head`) is not an error: stop quietly, as
// Unix tools do. The journal makes stopping at any moment safe; `dmdrop resume` finishes the rest.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
