// `npm run dist` is configured for the three OSes: electron-builder's own schema accepts the
// config, the fuses are flipped, native parts are unpacked from the ASAR, the Mac app lives only
// in the menu bar; and the security lint finds nothing unreviewed. On Linux, electron-builder
// really packs the app (--dir) around a stand-in Electron binary, and the result is inspected.
// No Electron download needed.
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { trayIconName } from '../../src/main/shell/tray-menu';
import { useTempDirs } from '../helpers/temp-dir';

const root = join(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const tempDir = useTempDirs();
const readConfig = async () => JSON.parse(await readFile(join(root, 'electron-builder.json'), 'utf8')) as Record<string, unknown> & { $schema?: string; files: unknown[] };

// Where @electron/fuses looks for the fuse wire in an Electron binary: this sentinel, the wire's
// version (1), its length, then one byte per fuse ('0' off, '1' on) in Electron's order.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSES = ['runAsNode', 'enableCookieEncryption', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments', 'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar', 'loadBrowserProcessSpecificV8Snapshot', 'grantFileProtocolExtraPrivileges'];
const ELECTRON_DEFAULT_WIRE = '10110001';

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
    for (const native of ['node_modules/sharp/', 'node_modules/@img/']) expect(unpack).toContain(native);
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.dist).toMatch(/electron-vite build && electron-builder/);
  });

  it('gives macOS a 1024-pixel app icon, rebuilds nothing, and lets notifications show their actions', async () => {
    const config = await readConfig();
    const icon = await sharp(join(root, 'resources/icon.png')).metadata();
    expect([icon.width, icon.height]).toEqual([1024, 1024]); // macOS asks for at least 512
    // electron-builder takes the app icon from icon.png in the build resources folder.
    expect(config).toMatchObject({ npmRebuild: false, directories: { buildResources: 'resources' }, mac: { extendInfo: { NSUserNotificationAlertStyle: 'alert' } } });
  });

  it('puts DM Drop in Explorer’s Send To menu from the installer and takes it out in the uninstaller', async () => {
    const config = (await readConfig()) as unknown as { nsis: { include: string } };
    // electron-builder finds the include relative to the build resources, else the project.
    const script = await readFile(join(root, config.nsis.include), 'utf8');
    const macro = (name: string) => new RegExp(`^!macro ${name}\\s*$([\\s\\S]*?)^!macroend`, 'm').exec(script)?.[1] ?? '';
    expect(macro('customInstall')).toMatch(/^\s*CreateShortCut "\$SENDTO\\DM Drop\.lnk" "\$appExe"/m);
    expect(macro('customUnInstall')).toMatch(/^\s*Delete "\$SENDTO\\DM Drop\.lnk"\s*$/m);
    // The hooks by the names electron-builder's own templates insert, with $appExe set before.
    const templates = join(root, 'node_modules/app-builder-lib/templates/nsis');
    const install = await readFile(join(templates, 'installSection.nsh'), 'utf8');
    expect(install.indexOf('StrCpy $appExe "$INSTDIR\\${APP_EXECUTABLE_FILENAME}"')).toBeGreaterThan(-1);
    expect(install.indexOf('!insertmacro customInstall')).toBeGreaterThan(install.indexOf('StrCpy $appExe'));
    expect(await readFile(join(templates, 'uninstaller.nsh'), 'utf8')).toContain('!insertmacro customUnInstall');
  });

  it('declares the photo types so Linux file managers and macOS offer “Open With DM Drop”', async () => {
    const config = (await readConfig()) as unknown as { fileAssociations: { ext: string[]; role: string; rank: string }[]; linux: object; mac: { extendInfo: { CFBundleDocumentTypes: Record<string, unknown>[] } } };
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { desktopName: string; description?: string };
    // The .desktop entry as electron-builder computes it for the AppImage and the deb.
    const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper') as { LinuxTargetHelper: new (packager: unknown) => { computeDesktopEntry(options: object): Promise<string> } };
    const packager = {
      config,
      platformSpecificBuildOptions: config.linux,
      fileAssociations: config.fileAssociations,
      appInfo: { productName: 'DM Drop', sanitizedProductName: 'DM Drop', description: pkg.description ?? 'DM Drop' },
      executableName: 'dmdrop',
      info: { metadata: { desktopName: pkg.desktopName } },
    };
    const entry = await new LinuxTargetHelper(packager).computeDesktopEntry(config.linux);
    const mimeTypes = /^MimeType=(.*)$/m.exec(entry)?.[1]?.split(';').filter(Boolean);
    expect(mimeTypes).toEqual(['image/jpeg', 'image/png', 'image/heic', 'image/heif', 'image/webp', 'image/gif', 'image/avif']);
    // The files arrive on the command line (%U: paths or file:// URLs, both read by argv-files.ts).
    expect(entry).toMatch(/^Exec=.* %U$/m);
    // macOS: extensions from fileAssociations (electronMac.js writes CFBundleTypeExtensions from
    // them) and the same types by UTI, as a viewer that does not take over Preview's place.
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: expect.arrayContaining(['jpg', 'jpeg', 'png', 'heic', 'heif', 'webp', 'gif', 'avif']), role: 'Viewer', rank: 'Alternate' })]);
    expect(config.mac.extendInfo.CFBundleDocumentTypes).toEqual([
      expect.objectContaining({ CFBundleTypeRole: 'Viewer', LSHandlerRank: 'Alternate', LSItemContentTypes: ['public.jpeg', 'public.png', 'public.heic', 'public.heif', 'org.webmproject.webp', 'com.compuserve.gif', 'public.avif'] }),
    ]);
    const electronMac = await readFile(join(root, 'node_modules/app-builder-lib/out/electron/electronMac.js'), 'utf8');
    // electron-builder appends its own document types to the ones in extendInfo rather than replacing them.
    expect(electronMac).toContain('appPlist.CFBundleDocumentTypes = [...(appPlist.CFBundleDocumentTypes || []), ...documentTypes]');
  });

  it.runIf(process.platform === 'linux')('packs the app with its window icon, tray icons and native parts, no dev tooling, and the fuses flipped', { timeout: 300_000 }, async () => {
    const work = await tempDir();
    // A private build, so other tests rebuilding out/ at the same time cannot empty it mid-copy.
    await promisify(execFile)(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', join(work, 'out')], { cwd: root, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    const electronDist = join(work, 'electron');
    await mkdir(electronDist);
    await writeFile(join(electronDist, 'electron'), Buffer.concat([Buffer.from(`#!/bin/sh\n${FUSE_SENTINEL}`), Buffer.from([1, FUSES.length]), Buffer.from(ELECTRON_DEFAULT_WIRE)]));
    await chmod(join(electronDist, 'electron'), 0o755);
    const config = await readConfig();
    delete config.$schema;
    const files = config.files.map((f) => (f === 'out/**' ? { from: join(work, 'out'), to: 'out' } : f));
    expect(files).not.toEqual(config.files); // the only change: out/ comes from the private build
    const { build, Platform } = require('electron-builder') as typeof import('electron-builder');
    // Given as a file: a config object would be merged into electron-builder.json, lists appended.
    const configFile = join(work, 'electron-builder.json');
    await writeFile(configFile, JSON.stringify({ ...config, files, electronDist, electronVersion: '45.4.1', directories: { ...(config.directories as object), output: join(work, 'dist') } }));
    await build({ projectDir: root, targets: Platform.LINUX.createTarget('dir'), publish: 'never', config: configFile });

    const app = join(work, 'dist/linux-unpacked');
    const { listPackage } = require('@electron/asar') as { listPackage(path: string): string[] };
    const inAsar = listPackage(join(app, 'resources/app.asar')).map((p) => p.replaceAll('\\', '/'));
    expect(inAsar).toEqual(expect.arrayContaining(['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/resources/icon.png', '/node_modules/sharp', '/node_modules/zod']));
    expect(inAsar.filter((p) => /\/node_modules\/(tsx|esbuild|@esbuild)(\/|$)/.test(p))).toEqual([]);
    expect(inAsar.filter((p) => /^\/(src|tests|emulators|docs|bench)\//.test(p) || p.endsWith('.map'))).toEqual([]);
    // The window icon from inside the ASAR; the tray icons next to it, where the shell's resourcesDir points.
    const states = [{ uploading: 0, needsAttention: false }, { uploading: 2, needsAttention: false }, { uploading: 0, needsAttention: true }];
    const platforms = ['darwin', 'win32', 'linux'] as const;
    const trayNames = states.flatMap((state) => platforms.flatMap((os) => [false, true].map((dark) => trayIconName(state, os, dark))));
    for (const name of [...new Set(trayNames), 'icon.png']) expect((await stat(join(app, 'resources/resources', name))).isFile(), name).toBe(true);
    expect((await stat(join(app, 'resources/app.asar.unpacked/node_modules/sharp/package.json'))).isFile()).toBe(true);
    const binary = await readFile(join(app, 'dmdrop'));
    const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length + 2;
    const wire = Object.fromEntries(FUSES.map((name, i) => [name, String.fromCharCode(binary[at + i]!)]));
    expect(wire).toMatchObject({ runAsNode: '0', enableCookieEncryption: '1', enableNodeOptionsEnvironmentVariable: '0', enableNodeCliInspectArguments: '0', enableEmbeddedAsarIntegrityValidation: '1', onlyLoadAppFromAsar: '1', grantFileProtocolExtraPrivileges: '0' });
  });

  it('passes the Electron security lint with every medium finding reviewed', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'scripts/lint-security.mjs')], { cwd: root });
    expect(stdout).toMatch(/0 not reviewed\./);
    expect(stdout).not.toMatch(/^HIGH/m);
  });
});
