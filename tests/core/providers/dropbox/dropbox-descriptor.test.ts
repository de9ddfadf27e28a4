// Dropbox's descriptor: its app key from the environment, the settings or the build, the sentence
// when there is none, the check of a key and the guide's steps, the links it owns, and the provider it builds against the emulator.
import { afterEach, describe, expect, it } from 'vitest';
import { startDropboxEmulator, type DropboxEmulator } from '../../../../emulators/dropbox/server';
import { dropboxDescriptor } from '../../../../src/core/providers/dropbox/dropbox-descriptor';
import { DROPBOX_SCOPES } from '../../../../src/core/providers/dropbox/dropbox-descriptor';
import { resolveClient } from '../../../../src/core/providers/oauth-client';
import { defaultSettings } from '../../../../src/shared/settings-schema';
import { instantClock } from '../../../helpers/instant-clock';
import { noSecrets } from '../../../helpers/no-secrets';

let emu: DropboxEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const build = (env: NodeJS.ProcessEnv, builtInClients = {}) => dropboxDescriptor.create({ settings: defaultSettings, secrets: noSecrets, env, builtInClients, clock: instantClock() });

describe('the Dropbox descriptor', () => {
  it('takes the app key from DMDROP_DROPBOX_APP_KEY, then the settings, then the one built in', () => {
    const settings = { ...defaultSettings(), dropbox: { ...defaultSettings().dropbox, appKey: 'from-settings' } };
    const builtInClients = { dropbox: { appKey: 'built-in' } };
    expect(resolveClient(dropboxDescriptor, { settings, env: { DMDROP_DROPBOX_APP_KEY: 'from-env' }, builtInClients })).toEqual({ source: 'environment', values: { appKey: 'from-env' } });
    expect(resolveClient(dropboxDescriptor, { settings, env: {}, builtInClients })).toEqual({ source: 'settings', values: { appKey: 'from-settings' } });
    expect(resolveClient(dropboxDescriptor, { settings: defaultSettings(), env: {}, builtInClients })).toEqual({ source: 'built-in', values: { appKey: 'built-in' } });
    expect(resolveClient(dropboxDescriptor, { settings: defaultSettings(), env: {} })).toBeUndefined();
  });

  it('says how to bring an app when there is none (never an environment variable), and what to run when there is no account', async () => {
    const none = await build({}).catch((e: Error & { code: string }) => e);
    expect(none).toMatchObject({ code: 'NOT_CONNECTED', message: expect.stringContaining('choose “Connect Dropbox” and follow the steps') });
    expect((none as Error).message).not.toMatch(/DMDROP_|environment/);
    await expect(build({ DMDROP_DROPBOX_APP_KEY: 'k' })).rejects.toMatchObject({ code: 'NOT_CONNECTED', message: /dmdrop login dropbox/ });
    await expect(build({}, { dropbox: { appKey: 'k' } })).rejects.toMatchObject({ code: 'NOT_CONNECTED', message: /dmdrop login dropbox/ });
  });

  it('asks the emulator whether it knows an app key, without any account', async () => {
    emu = await startDropboxEmulator();
    const env = emu.dmdropEnv({ signedIn: false });
    await expect(dropboxDescriptor.client.check({ appKey: env.DMDROP_DROPBOX_APP_KEY! }, env)).resolves.toBeUndefined();
    await expect(dropboxDescriptor.client.check({ appKey: 'abcdefghijklmno' }, env)).rejects.toMatchObject({
      code: 'OAUTH_CLIENT_INVALID',
      message: 'Dropbox does not know the app key “abcdefghijklmno”. Copy the App key from the Settings tab of your app in the Dropbox App Console (not the App secret).',
    });
  });

  it('guides with the permissions its sign-in asks for and the redirect URI it comes back to', () => {
    const settings = { ...defaultSettings(), dropbox: { ...defaultSettings().dropbox, redirectPort: 53999 } };
    const uri = dropboxDescriptor.client.redirectUri(settings, {});
    expect(uri).toBe('http://127.0.0.1:53999/callback');
    const steps = dropboxDescriptor.client.steps(uri).map((s) => s.text).join('\n');
    for (const scope of DROPBOX_SCOPES) expect(steps).toContain(scope);
    expect(steps).toContain('add exactly http://127.0.0.1:53999/callback');
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
