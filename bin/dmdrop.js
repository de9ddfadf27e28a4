#!/usr/bin/env node
// Runs the dmdrop CLI from its bundle, out/cli/dmdrop.cjs (made at install, and made again here when
// a source it was built from has changed), so a start compiles no TypeScript, and with the bundle's
// compiled code cached (scripts/cli-bundle-load.cjs). When the bundle cannot be made (no esbuild, a
// read-only install) the sources run through tsx instead: slower, same program. A clone needs no
// build step: `npm run --silent dmdrop -- share photo.jpg`.
// CommonJS (bin/package.json), like everything loaded before the CLI runs: see cli-bundle-load.cjs.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose, see above */
const { bundlePath, isFresh, loadBundle } = require('../scripts/cli-bundle-load.cjs');

// A reader that stops early (`dmdrop history --json | head`) is not an error: stop quietly, as
// Unix tools do. The journal makes stopping at any moment safe; `dmdrop resume` finishes the rest.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

start().then((code) => {
  process.exitCode = code;
});

async function start() {
  const bundle = isFresh() ? bundlePath() : await (await import('../scripts/cli-bundle.mjs')).freshBundle();
  const { main } = bundle ? loadBundle(bundle) : await fromSources();
  return main(process.argv.slice(2));
}

async function fromSources() {
  (await import('tsx/esm/api')).register();
  return import('../src/cli/main.ts');
}
