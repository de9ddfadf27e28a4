// `npm run dist` is configured for the three OSes: electron-builder's own schema accepts the
// config, the fuses are flipped, native parts are unpacked from the ASAR, the Mac app lives only
// in the menu bar; and the security lint finds nothing unreviewed. No Electron download needed.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

describe('packaging', () => {
  it('has an electron-builder config its own schema accepts, for macOS, Windows and Linux', async () => {
    const config = JSON.parse(await readFile(join(root, 'electron-builder.json'), 'utf8')) as Record<string, unknown> & { $schema?: string };
    delete config.$schema;
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
    await validateConfiguration(config, { add: () => undefined, isEnabled: false });
    await expect(validateConfiguration({ ...config, notAnOption: true }, { add: () => undefined, isEnabled: false })).rejects.toThrow(/notAnOption/);
    expect(config).toMatchObject({
      mac: { target: ['dmg'], extendInfo: { LSUIElement: true } },
      win: { target: ['nsis'] },
      linux: { target: ['AppImage', 'deb'] },
      electronFuses: { runAsNode: false, enableCookieEncryption: true, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true, enableNodeCliInspectArguments: false, enableNodeOptionsEnvironmentVariable: false },
    });
    const unpack = (config.asarUnpack as string[]).join(' ');
    for (const native of ['node_modules/sharp/', 'node_modules/@img/', 'node_modules/@parcel/watcher']) expect(unpack).toContain(native);
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.dist).toMatch(/electron-vite build && electron-builder/);
  });

  it('passes the Electron security lint with every medium finding reviewed', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'scripts/lint-security.mjs')], { cwd: root });
    expect(stdout).toMatch(/0 not reviewed\./);
    expect(stdout).not.toMatch(/^HIGH/m);
  });
});
