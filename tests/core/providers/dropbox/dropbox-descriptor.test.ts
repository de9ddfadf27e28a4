// Dropbox's descriptor: its app key from the environment or the settings, the sentence when it is
// missing, the links it owns, and the provider it builds against the emulator.
import { afterEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../../../emulators/dropbox/server';
import { dropboxAppKey, dropboxDescriptor } from '../../../../src/core/providers/dropbox/dropbox-descriptor';
import { defaultSettings } from '../../../../src/shared/settings-schema';
import { instantClock } from '../../../helpers/instant-clock';
import { noSecrets } from '../../../helpers/no-secrets';

let emu: DropboxEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const build = (env: NodeJS.ProcessEnv) => dropboxDescriptor.create({ settings: defaultSettings, secrets: noSecrets, env, clock: instantClock() });

describe('the Dropbox descriptor', () => {
  it('takes the app key from DMDROP_DROPBOX_APP_KEY over the settings', () => {
    const settings = { ...defaultSettings(), dropbox: { ...defaultSettings().dropbox, appKey: 'from-settings' } };
    expect(dropboxAppKey(settings, { DMDROP_DROPBOX_APP_KEY: 'from-env' })).toBe('from-env');
    expect(dropboxAppKey(settings, {})).toBe('from-settings');
    expect(dropboxDescriptor.clientConfigured(defaultSettings(), {})).toBe(false);
  });

  it('says what to set when there is no app key, and what to run when there is no account', async () => {
    await expect(build({})).rejects.toMatchObject({ code: 'NOT_CONNECTED', message: /DMDROP_DROPBOX_APP_KEY/ });
    await expect(build({ DMDROP_DROPBOX_APP_KEY: 'k' })).rejects.toMatchObject({ code: 'NOT_CONNECTED', message: /dmdrop login dropbox/ });
  });

  it('owns dropbox.com links and its emulator’s, nothing else', () => {
    const env = { DMDROP_DROPBOX_ENDPOINT: 'http://127.0.0.1:4500' };
    expect(dropboxDescriptor.ownsUrl(new URL('https://www.dropbox.com/scl/fi/x/p.jpg'), {})).toBe(true);
    expect(dropboxDescriptor.ownsUrl(new URL('http://127.0.0.1:4500/scl/fi/x/p.jpg'), env)).toBe(true);
    expect(dropboxDescriptor.ownsUrl(new URL('http://127.0.0.1:4501/scl/fi/x/p.jpg'), env)).toBe(false);
    expect(dropboxDescriptor.ownsUrl(new URL('https://dropbox.com.example/x'), {})).toBe(false);
  });

  it('builds a provider that reaches its emulator with the printed env', async () => {
    emu = await startDropboxEmulator();
    const provider = await build(emu.dmdropEnv());
    const remote = await provider.upload({ data: Buffer.from('abc'), remotePath: provider.remotePathFor('a.jpg'), mime: 'image/jpeg' });
    expect(remote.path).toMatch(/^\/DM Drop\/a/);
    expect(emu.files()).toHaveLength(1);
  });
});
