#!/usr/bin/env node
// npm run emulator: see emulators/start.ts. (CommonJS, as every bin/*.js: see bin/package.json.)
'use strict';
import('tsx/esm/api').then(({ register }) => {
  register();
  return import('../emulators/start.ts');
});
