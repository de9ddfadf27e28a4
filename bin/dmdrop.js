#!/usr/bin/env node
// Runs the dmdrop CLI straight from the TypeScript sources (tsx compiles on the fly and caches),
// so a clone needs no build step: `npm run --silent dmdrop -- share photo.jpg`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
