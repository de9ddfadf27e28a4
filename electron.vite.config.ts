// Three builds: main (ESM, dependencies external so sharp & co. load from node_modules), preload
// (CommonJS: a sandboxed preload cannot be an ES module) and the renderer (a plain web page).
// The main build also writes oauth-clients.json: DM Drop's own public OAuth clients, taken from the
// build's environment (DMDROP_DROPBOX_APP_KEY, DMDROP_DRIVE_CLIENT_ID, DMDROP_DRIVE_CLIENT_SECRET),
// read by the app and the CLI; `{}` for a copy built without them.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { BUILT_IN_CLIENTS_FILE, builtInClientsFromEnv } from './src/core/providers/oauth-client';
import { connectableProviders } from './src/core/providers/provider-list';

function builtInOAuthClients(): Plugin {
  return {
    name: 'dmdrop-built-in-oauth-clients',
    generateBundle() {
      const clients = builtInClientsFromEnv(connectableProviders(), process.env);
      this.emitFile({ type: 'asset', fileName: BUILT_IN_CLIENTS_FILE, source: `${JSON.stringify(clients, null, 2)}\n` });
    },
  };
}

export default defineConfig({
  main: {
    plugins: [builtInOAuthClients()],
    build: {
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      // Bundled, not external: a sandboxed preload can require only Electron's own modules.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
});
