// The app's settings on electron-store (Electron replaced: electron-store only asks it for paths
// and the app version): one file shared with the CLI, defaults from the zod schema, invalid values
// refused, and migrations run when a newer version opens older settings.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir';

const version = { current: '0.1.0' };
vi.mock('electron', () => ({
  default: { app: { getPath: () => '/nonexistent', getVersion: () => version.current }, ipcMain: { on: () => undefined }, shell: {} },
}));

const { default: ElectronStore } = await import('electron-store');
const { createElectronStoreSettings, openSettingsResetting } = await import('../../src/main/adapters/electron-store-settings');
const { loadFileSettings } = await import('../../src/core/config/file-settings-store');

const tempDir = useTempDirs();

describe('electron-store settings', () => {
  it('shares settings.json with the CLI, fills defaults and refuses invalid values', async () => {
    const dir = await tempDir();
    const app = createElectronStoreSettings(ElectronStore, { dataDir: dir });
    expect(app.get()).toMatchObject({ defaultProvider: 'dropbox', maxEdge: 2048, hotkeys: { copyLast: 'Control+Alt+Shift+L', openWindow: 'Control+Alt+Shift+U' }, watch: { autoUploadScreenshots: false, cancelWindowSec: 3 } });
    await app.update({ defaultProvider: 'drive', maxEdge: 1600 });
    // The CLI reads the same file.
    expect((await loadFileSettings(dir)).get()).toMatchObject({ defaultProvider: 'drive', maxEdge: 1600 });
    await expect(app.update({ maxEdge: 12 })).rejects.toThrow();
    expect(app.get().maxEdge).toBe(1600);
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ maxEdge: 'huge' }));
    expect(() => createElectronStoreSettings(ElectronStore, { dataDir: dir })).toThrow(/maxEdge/);
  });

  it('migrates DM templates saved before captions became sentences, in the file too', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ albumDmTemplate: '{count} photos: {caption} - {link}' }));
    const app = createElectronStoreSettings(ElectronStore, { dataDir: dir });
    expect(app.get().albumDmTemplate).toBe('{count} photos: {caption} {link}');
    const raw = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(raw.albumDmTemplate).toBe('{count} photos: {caption} {link}');
    expect(raw.dmTemplate).toBeUndefined();
  });

  it('migrates settings written by an older version', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ autoUpload: true, maxEdge: 1800, __internal__: { migrations: { version: '0.1.0' } } }));
    version.current = '0.2.0';
    try {
      const app = createElectronStoreSettings(ElectronStore, { dataDir: dir });
      expect(app.get().watch.autoUploadScreenshots).toBe(true);
      expect(app.get().maxEdge).toBe(1800);
      const raw = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
      expect(raw.autoUpload).toBeUndefined();
    } finally {
      version.current = '0.1.0';
    }
  });

  it('moves the first default hotkeys (Ctrl+Shift+U is IBus’s Unicode entry) to this OS’s new ones, and keeps chosen ones', async () => {
    const dir = await tempDir();
    // Written by the CLI (no version marker), with the old defaults in it.
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ hotkeys: { copyLast: 'Alt+F9', openWindow: 'CmdOrCtrl+Shift+U' } }));
    const app = createElectronStoreSettings(ElectronStore, { dataDir: dir });
    expect(app.get().hotkeys).toEqual({ copyLast: 'Alt+F9', openWindow: 'Control+Alt+Shift+U', shareClipboard: 'Control+Alt+Shift+V' });
  });
});

describe('a settings file that cannot be used', () => {
  const at = () => new Date('2026-12-01T10:00:00Z');

  it('resets only the invalid settings, keeps the rest and the original, and says so', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ maxEdge: 'huge', defaultProvider: 'drive', dmTemplate: '' }));
    const { settings, problem } = openSettingsResetting(ElectronStore, { dataDir: dir, now: at });
    expect(settings.get()).toMatchObject({ maxEdge: 2048, defaultProvider: 'drive', dmTemplate: expect.stringContaining('{link}') });
    expect(problem).toMatch(/Some settings were not valid \(maxEdge, dmTemplate\).*settings\.invalid-2026-12-01T10-00-00-000Z\.json/);
    expect(JSON.parse(await readFile(join(dir, 'settings.invalid-2026-12-01T10-00-00-000Z.json'), 'utf8'))).toMatchObject({ maxEdge: 'huge' });
  });

  it('sets aside a file that is not JSON at all and starts with the defaults', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), '{ "maxEdge": 1600,');
    const { settings, problem } = openSettingsResetting(ElectronStore, { dataDir: dir, now: at });
    expect(settings.get().maxEdge).toBe(2048);
    expect(problem).toMatch(/could not be read.*default settings/);
    expect((await readdir(dir)).sort()).toEqual(['settings.invalid-2026-12-01T10-00-00-000Z.json', 'settings.json']);
  });

  it('opens a good file without a word', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ maxEdge: 1600 }));
    expect(openSettingsResetting(ElectronStore, { dataDir: dir }).problem).toBeUndefined();
  });
});
