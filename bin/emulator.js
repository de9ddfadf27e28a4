#!/usr/bin/env node
// npm run emulator: see emulators/start.ts.
import { register } from 'tsx/esm/api';

register();
await import('../emulators/start.ts');
