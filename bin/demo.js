#!/usr/bin/env node
// npm run demo: see emulators/demo.ts.
import { register } from 'tsx/esm/api';

register();
await import('../emulators/demo.ts');
