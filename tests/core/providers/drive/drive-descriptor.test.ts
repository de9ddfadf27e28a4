// Google Drive's descriptor: its OAuth client from the environment, the settings or the build, the
// sentence when there is none, the check of a client, the links it owns (a Google host naming a Drive file), and the provider it builds.
import { afterEach, describe, expect, it } from 'vitest';
import { startDriveEmulator, type DriveEmulator } from '../../../../emulators/google-drive/server';
import { driveDescriptor } from '../../../../src/core/providers/drive/drive-descriptor';
import { resolveClient } from '../../../../src/core/providers/oauth-client';
import { defaultSettings } from '../../../../src/shared/settings-schema';
import { instantClock } from '../../../helpers/instant-clock';
import { noSecrets } from '../../../helpers/no-secrets';

let emu: DriveEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const build = (env: NodeJS.ProcessEnv, builtInClients = {}) => driveDescriptor.create({ settings: defaultSettings, secrets: noSecrets, env, builtInClients, clock: instantClock() });

describe('the Google Drive descriptor', () => {
  it('takes the client from the environment, then the settings, then the build, each whole: never one client’s id with another’s secret', () => {
    const settings = { ...defaultSettings(), drive: { ...defaultSettings().drive, clientId: 'id-s', clientSecret: 'secret-s' } };
    const builtInClients = { drive: { clientId: 'id-b', clientSecret: 'secret-b' } };
    expect(resolveClient(driveDescriptor, { settings, env: { DMDROP_DRIVE_CLIENT_ID: 'id-e' }, builtInClients })).toEqual({ source: 'environment', values: { clientId: 'id-e' } });
    expect(resolveClient(driveDescriptor, { settings, env: { DMDROP_DRIVE_CLIENT_SECRET: 'secret-e' }, builtInClients })).toEqual({ source: 'settings', values: { clientId: 'id-s', clientSecret: 'secret-s' } });
    const ownIdOnly = { ...defaultSettings(), drive: { ...defaultSettings().drive, clientId: 'id-s' } };
    expect(resolveClient(driveDescriptor, { settings: ownIdOnly, env: {}, builtInClients })).toEqual({ source: 'settings', values: { clientId: 'id-s' } });
    expect(resolveClient(driveDescriptor, { settings: defaultSettings(), env: {}, builtInClients })).toEqual({ source: 'built-in', values: { clientId: 'id-b', clientSecret: 'secret-b' } });
  });

  it('says how to bring a client when there is none (never an environment variable), and what to run when there is no account', async () => {
    const none = await build({}).catch((e: Error & { code: string }) => e);
    expect(none).toMatchObject({ code: 'NOT_CONNECTED', message: expect.stringContaining('choose “Connect Google Drive” and follow the steps') });
    expect((none as Error).message).not.toMatch(/DMDROP_|environment/);
    await expect(build({ DMDROP_DRIVE_CLIENT_ID: 'c' })).rejects.toMatchObject({ code: 'NOT_CONNECTED', message: /dmdrop login drive/ });
    await expect(build({}, { drive: { clientId: 'c', clientSecret: 's' } })).rejects.toMatchObject({ code: 'NOT_CONNECTED', message: /dmdrop login drive/ });
  });

  it('asks the emulator whether it knows a client and its secret, without any account', async () => {
    emu = await startDriveEmulator();
    const env = emu.dmdropEnv({ signedIn: false });
    const good = { clientId: env.DMDROP_DRIVE_CLIENT_ID!, clientSecret: env.DMDROP_DRIVE_CLIENT_SECRET! };
    await expect(driveDescriptor.client.check(good, env)).resolves.toBeUndefined();
    await expect(driveDescriptor.client.check({ ...good, clientId: '123-abc.apps.googleusercontent.com' }, env)).rejects.toMatchObject({
      code: 'OAUTH_CLIENT_INVALID',
      message: expect.stringMatching(/^Google does not know the client ID “123-abc.apps.googleusercontent.com”/),
    });
    await expect(driveDescriptor.client.check({ ...good, clientSecret: 'GOCSPX-wrong' }, env)).rejects.toMatchObject({
      code: 'OAUTH_CLIENT_INVALID',
      message: expect.stringMatching(/^Google does not accept this client secret/),
    });
  });

  it('owns Google links that name a Drive file or folder, and its emulator’s', () => {
    const env = { DMDROP_DRIVE_ENDPOINT: 'http://127.0.0.1:4600/' };
    expect(driveDescriptor.ownsUrl(new URL('https://drive.google.com/file/d/abc123/view'), {})).toBe(true);
    expect(driveDescriptor.ownsUrl(new URL('https://drive.google.com/drive/folders/abc123'), {})).toBe(true);
    expect(driveDescriptor.ownsUrl(new URL('https://mail.google.com/mail/u/0/'), {})).toBe(false);
    expect(driveDescriptor.ownsUrl(new URL('http://127.0.0.1:4600/file/d/abc123/view'), env)).toBe(true);
    expect(driveDescriptor.ownsUrl(new URL('http://127.0.0.1:4601/file/d/abc123/view'), env)).toBe(false);
  });

  it('builds a provider that reaches its emulator with the printed env', async () => {
    emu = await startDriveEmulator();
    const provider = await build(emu.dmdropEnv());
    await provider.upload({ data: Buffer.from('abc'), remotePath: provider.remotePathFor('a.jpg'), mime: 'image/jpeg' });
    expect(emu.files().filter((f) => f.size > 0)).toHaveLength(1);
  });
});
