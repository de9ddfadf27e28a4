import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../../src/core/config/data-dir';
import { createFileSecretStore, SECRETS_FILE } from '../../../src/core/config/file-secret-store';
import { loadFileSettings, SETTINGS_FILE } from '../../../src/core/config/file-settings-store';
import { defaultSettings } from '../../../src/shared/settings-schema';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('data dir', () => {
  it('prefers DMDROP_HOME, else the OS app-data folder', () => {
    expect(resolveDataDir({ DMDROP_HOME: '/x' }, 'linux', '/home/u')).toBe('/x');
    expect(resolveDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/DM Drop');
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')).toBe('/cfg/DM Drop');
    expect(resolveDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/DM Drop');
    expect(resolveDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toContain('DM Drop');
  });
});

describe('CLI token file', () => {
  it('is readable by the user only and round-trips secrets', async () => {
    const dir = await tempDir();
    const secrets = createFileSecretStore(dir);
    await secrets.set('dropbox.refreshToken', 'rt-1');
    expect(await secrets.get('dropbox.refreshToken')).toBe('rt-1');
    expect((await stat(join(dir, SECRETS_FILE))).mode & 0o777).toBe(0o600);
    await secrets.delete('dropbox.refreshToken');
    expect(await secrets.get('dropbox.refreshToken')).toBeUndefined();
  });
});

describe('settings file', () => {
  it('yields the defaults when absent and persists updates', async () => {
    const dir = await tempDir();
    const settings = await loadFileSettings(dir);
    expect(settings.get()).toEqual(defaultSettings());
    await settings.update({ maxEdge: 1080 });
    expect(JSON.parse(await readFile(join(dir, SETTINGS_FILE), 'utf8')).maxEdge).toBe(1080);
    expect((await loadFileSettings(dir)).get().maxEdge).toBe(1080);
  });

  it('migrates a DM template saved for the old caption rule, in the file too', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, SETTINGS_FILE), JSON.stringify({ dmTemplate: '📷 {caption}: {link}', maxEdge: 1080 }));
    const settings = await loadFileSettings(dir);
    expect(settings.get().dmTemplate).toBe('📷 {caption} {link}');
    expect(settings.get().albumDmTemplate).toBe(defaultSettings().albumDmTemplate);
    expect(JSON.parse(await readFile(join(dir, SETTINGS_FILE), 'utf8'))).toEqual({ dmTemplate: '📷 {caption} {link}', maxEdge: 1080 });
  });

  it('names the invalid setting', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, SETTINGS_FILE), JSON.stringify({ maxEdge: 5 }));
    await expect(loadFileSettings(dir)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('maxEdge') });
  });
});
