// Bringing your own OAuth client through the real settings file and the emulator: the guide says
// where the client comes from, a wrong key is refused with the provider's answer and not saved, a
// good one is saved and then connects, and clearing it goes back to the built-in one.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../../emulators/dropbox/server';
import { connectAccount } from '../../../src/core/auth/accounts';
import { clientGuide, saveClient } from '../../../src/core/auth/client-setup';
import { loadFileSettings } from '../../../src/core/config/file-settings-store';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
let emu: DropboxEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('bringing your own OAuth client', () => {
  it('Dropbox: the guide, a wrong key refused, the right one saved and connecting, cleared back to the built-in one', async () => {
    emu = await startDropboxEmulator();
    const { DMDROP_DROPBOX_APP_KEY: appKey, ...env } = emu.dmdropEnv({ signedIn: false });
    const dataDir = await tempDir();
    const settings = await loadFileSettings(dataDir);
    const deps = { settings, env };

    const guide = clientGuide('dropbox', deps);
    expect(guide).toMatchObject({ provider: 'dropbox', name: 'Dropbox', source: 'none', builtIn: false, registerRedirect: true, fields: [{ key: 'appKey', label: 'App key' }] });
    expect(guide.redirectUri).toBe(`http://127.0.0.1:${env.DMDROP_OAUTH_PORT}/callback`);

    await expect(saveClient('dropbox', { appKey: 'not-the-key-123' }, deps)).rejects.toMatchObject({ code: 'OAUTH_CLIENT_INVALID', message: /^Dropbox does not know the app key “not-the-key-123”/ });
    expect(settings.get().dropbox.appKey).toBeUndefined();

    const saved = await saveClient('dropbox', { appKey: ` ${appKey} ` }, deps);
    expect(saved).toMatchObject({ source: 'settings', fields: [{ key: 'appKey', value: appKey }] });
    expect(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8')).dropbox).toMatchObject({ appKey, folder: '/DM Drop' });

    const secrets = new Map<string, string>();
    const store = { get: async (k: string) => secrets.get(k), set: async (k: string, v: string) => void secrets.set(k, v), delete: async (k: string) => void secrets.delete(k) };
    const consent = (url: string) => void fetch(url, { redirect: 'follow' });
    await expect(connectAccount('dropbox', { settings: settings.get(), secrets: store, env }, consent)).resolves.toMatchObject({ name: 'Dropbox' });
    expect(secrets.get('dropbox.refreshToken')).toMatch(/^\S{8,}$/);

    await expect(saveClient('dropbox', { appKey: ' ' }, deps)).rejects.toMatchObject({ code: 'OAUTH_CLIENT_INVALID', message: /^Enter the App key of your Dropbox app/ });
    const cleared = await saveClient('dropbox', {}, { ...deps, builtInClients: { dropbox: { appKey: 'dm-drop-own' } } });
    expect(cleared).toMatchObject({ source: 'built-in', builtIn: true, fields: [{ key: 'appKey' }] });
    expect(cleared.fields[0]!.value).toBeUndefined();
  });
});
