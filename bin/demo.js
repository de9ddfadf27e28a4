#!/usr/bin/env node
// npm run demo: see emulators/demo.ts. (CommonJS, as every bin/*.js: see bin/package.json.)
'use strict';
import('tsx/esm/api').then(({ register }) => {
  register();
  return import('../emulators/demo.ts');
});
