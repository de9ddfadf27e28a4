// `npm run build` (electron-vite) produces what package.json and the main process expect, without
// needing the Electron binary; with DM Drop's own OAuth clients in the build's environment it
// embeds them in oauth-clients.json beside the main bundle (the app and the CLI read it), and a
// copy built without them carries none.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const CLIENT_ENV = ['DMDROP_DROPBOX_APP_KEY', 'DMDROP_DRIVE_CLIENT_ID', 'DMDROP_DRIVE_CLIENT_SECRET'];
/** The environment of a build without DM Drop's own clients (a self-built copy). */
const selfBuilt = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !CLIENT_ENV.includes(k)));
const build = (env: NodeJS.ProcessEnv, args: string[] = []) =>
  promisify(execFile)(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', ...args], { cwd: root, env: { ...env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });

describe('electron-vite build', () => {
  it('emits ESM main, a CommonJS preload and the renderer with a strict CSP', async () => {
    await build(selfBuilt());
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { main: string };
    expect((await stat(join(root, pkg.main))).isFile()).toBe(true);
    const preload = await readFile(join(root, 'out/preload/index.cjs'), 'utf8');
    expect(preload).toContain('exposeInMainWorld');
    expect(preload).not.toMatch(/require\("(?!electron")/); // sandboxed: nothing but electron is required
    const html = await readFile(join(root, 'out/renderer/index.html'), 'utf8');
    const csp = /Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
    // A copy built without DM Drop's own clients carries none: its window guides people to bring theirs.
    expect(JSON.parse(await readFile(join(root, 'out/main/oauth-clients.json'), 'utf8'))).toEqual({});
  });

  it('embeds the OAuth clients named in the build’s environment, where the main process reads them', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'dmdrop-build-'));
    try {
      await build({ ...selfBuilt(), DMDROP_DROPBOX_APP_KEY: 'distkey12345678', DMDROP_DRIVE_CLIENT_ID: '42-dist.apps.googleusercontent.com', DMDROP_DRIVE_CLIENT_SECRET: 'GOCSPX-dist' }, ['--outDir', outDir]);
      expect(JSON.parse(await readFile(join(outDir, 'main/oauth-clients.json'), 'utf8'))).toEqual({
        dropbox: { appKey: 'distkey12345678' },
        drive: { clientId: '42-dist.apps.googleusercontent.com', clientSecret: 'GOCSPX-dist' },
      });
      // index.ts reads it beside itself (import.meta.dirname), so the packaged app finds it in its asar.
      expect(await readFile(join(outDir, 'main/index.js'), 'utf8')).toContain('oauth-clients.json');
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
