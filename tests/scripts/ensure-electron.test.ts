// `npm start` on a fresh machine: before electron-vite looks for node_modules/electron/path.txt, the
// prestart step runs Electron's own installer, or stops with a sentence saying what to do. Tested on
// a stand-in electron package whose install.js does what the real one does on success or failure,
// so nothing is downloaded.
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decide, ensureElectron, messages } from '../../scripts/ensure-electron.mjs';
import { useTempDirs } from '../helpers/temp-dir';

const root = join(import.meta.dirname, '../..');
const tempDir = useTempDirs();
const VERSION = '45.4.1';

// The real install.js ends by unzipping into dist/ and writing path.txt; on failure it prints the
// error and exits 1. The stand-in does the same two things without a network.
const INSTALL_OK = `const fs = require('fs'), path = require('path');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '#!/bin/sh\\n');
fs.writeFileSync(path.join(__dirname, 'dist', 'version'), 'v${VERSION}');
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');`;
const INSTALL_FAILS = `console.error('stand-in installer: the download was refused'); process.exit(1);`;

/** A project folder with node_modules/electron as npm leaves it since Electron 42: no binary. */
async function project(install = INSTALL_OK): Promise<{ dir: string; electronDir: string }> {
  const dir = await tempDir();
  const electronDir = join(dir, 'node_modules/electron');
  await mkdir(electronDir, { recursive: true });
  await writeFile(join(dir, 'package.json'), '{"name":"p","private":true}');
  await writeFile(join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: VERSION, main: 'index.js' }));
  await writeFile(join(electronDir, 'index.js'), '');
  await writeFile(join(electronDir, 'install.js'), install);
  return { dir, electronDir };
}

const NODE_22 = 'v22.12.0';

describe('ensuring the Electron binary before npm start', () => {
  it('downloads when path.txt is missing, on Node 22.12+, through Electron\'s own installer', async () => {
    const { electronDir } = await project();
    expect(decide({ electronDir, env: {}, nodeVersion: NODE_22 })).toEqual({ action: 'download' });
    const log: string[] = [];
    expect(ensureElectron({ electronDir, env: {}, nodeVersion: NODE_22, log: (l) => log.push(l) })).toBe(0);
    expect(await readFile(join(electronDir, 'path.txt'), 'utf8')).toBe('electron');
    expect(log).toEqual([`Downloading Electron ${VERSION} (once; it is kept in node_modules/electron)…`]);
    // Then it is there: nothing to do, whatever the Node version or the skip variable.
    expect(decide({ electronDir, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, nodeVersion: 'v20.19.0' })).toEqual({ action: 'ready' });
  });

  it('downloads again when the binary on disk is another Electron version', async () => {
    const { electronDir } = await project();
    await mkdir(join(electronDir, 'dist'));
    await writeFile(join(electronDir, 'dist/electron'), '');
    await writeFile(join(electronDir, 'dist/version'), 'v44.0.0');
    await writeFile(join(electronDir, 'path.txt'), 'electron');
    expect(decide({ electronDir, env: {}, nodeVersion: NODE_22 })).toEqual({ action: 'download' });
  });

  it('honours ELECTRON_SKIP_BINARY_DOWNLOAD: no download, and says how to get one', async () => {
    const { electronDir } = await project();
    const log: string[] = [];
    expect(ensureElectron({ electronDir, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, nodeVersion: NODE_22, log: (l) => log.push(l) })).toBe(1);
    expect(log).toEqual([messages.skipped(VERSION)]);
    expect(log[0]).toMatch(/Unset ELECTRON_SKIP_BINARY_DOWNLOAD/);
    expect(decide({ electronDir, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '0' }, nodeVersion: NODE_22 })).toEqual({ action: 'download' });
    // An Electron of one's own, as electron-vite accepts it, needs no download at all.
    expect(decide({ electronDir, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_EXEC_PATH: '/opt/electron/electron' }, nodeVersion: NODE_22 })).toEqual({ action: 'ready' });
  });

  it('stops on a Node older than 22.12 with what to install, before trying a download', async () => {
    const { electronDir } = await project();
    for (const old of ['v20.19.0', 'v22.11.0', 'v18.20.4']) {
      const decision = decide({ electronDir, env: {}, nodeVersion: old });
      expect(decision).toEqual({ action: 'stop', message: messages.oldNode(old) });
    }
    expect(messages.oldNode('v20.19.0')).toMatch(/needs Node\.js 22\.12 or newer.*this is Node\.js v20\.19\.0\.\nInstall Node\.js 22 LTS/s);
    // The README shows people this very message.
    expect(await readFile(join(root, 'README.md'), 'utf8')).toContain(messages.oldNode('v20.19.0'));
    for (const ok of ['v22.12.0', 'v23.0.0', 'v24.1.0']) expect(decide({ electronDir, env: {}, nodeVersion: ok })).toEqual({ action: 'download' });
  });

  it('says what to do when the download fails, after the installer\'s own reason', async () => {
    const { electronDir } = await project(INSTALL_FAILS);
    const log: string[] = [];
    expect(ensureElectron({ electronDir, env: {}, nodeVersion: NODE_22, log: (l) => log.push(l) })).toBe(1);
    expect(log.at(-1)).toBe(messages.downloadFailed(VERSION));
    expect(log.at(-1)).toMatch(/could not be downloaded.*ELECTRON_GET_USE_PROXY.*ELECTRON_MIRROR.*npx install-electron/s);
  });

  it('runs as npm runs it, from the project folder, before npm start and npm run dev', async () => {
    const { dir, electronDir } = await project();
    const script = join(root, 'scripts/ensure-electron.mjs');
    const run = (env: Record<string, string>) =>
      // The whole environment (Windows needs SystemRoot and co.) less the variables under test.
      promisify(execFile)(process.execPath, [script], { cwd: dir, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: undefined, ELECTRON_EXEC_PATH: undefined, ...env } }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    expect(await run({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })).toEqual({ code: 1, stderr: messages.skipped(VERSION) + '\n' });
    // On this Node: Node 20 is told to upgrade; Node 22.12+ runs the installer.
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    const modern = major > 22 || (major === 22 && minor >= 12);
    const result = await run({});
    if (modern) expect([result.code, await readFile(join(electronDir, 'path.txt'), 'utf8')]).toEqual([0, 'electron']);
    else expect(result).toEqual({ code: 1, stderr: messages.oldNode(process.version) + '\n' });
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.prestart).toBe('node scripts/ensure-electron.mjs');
    expect(pkg.scripts.predev).toBe('node scripts/ensure-electron.mjs');
  });
});
