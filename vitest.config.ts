import { defineConfig } from 'vitest/config';

// Tests use real files, real sharp and real loopback HTTP: give them room, and keep
// sharp's thread pool from fighting vitest's workers on a 2-core machine.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    // electron-store imports `electron`; inlining it lets a test replace Electron with a fake
    // (the binary is never needed).
    server: { deps: { inline: ['electron-store'] } },
  },
});
