// Google Drive's descriptor: its OAuth client from the environment or the settings, the sentence
// when it is missing, the links it owns (a Google host naming a Drive file), and the provider it builds.
import { afterEach, describe, expect, it } from 'vitest';
import { startDriveEmulator, type DriveEmulator } from '../../../../emulators/google-drive/server';
import { driveClient, driveDescriptor } from '../../../../src/core/providers/drive/drive-descriptor';
import { defaultSettings } from '../../../../src/shared/settings-schema';
import { instantClock } from '../../../helpers/instant-clock';
import { noSecrets } from '../../../helpers/no-secrets';

let emu: DriveEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const build = (env: NodeJS.ProcessEnv) => driveDescriptor.create({ settings: defaultSettings, secrets: noSecrets, env, clock: instantClock() });

describe('the Google Drive descriptor', () => {
  it('takes the client from the environment over the settings', () => {
    const settings = { ...defaultSettings(), drive: { ...defaultSettings().drive, clientId: 'id-s', clientSecret: 'secret-s' } };
    expect(driveClient(settings, { DMDROP_DRIVE_CLIENT_ID: 'id-e' })).toEqual({ clientId: 'id-e', clientSecret: 'secret-s' });
    expect(driveDescriptor.clientConfigured(settings, {})).toBe(true);
    expect(driveDescriptor.clientConfigured(defaultSettings(), {})).toBe(false);
  });

  it('says what to set when there is no client, and what to run when there is no account', async () => {
    await expect(build({})).rejects.toMatchObject({ code: 'NOT_CONNECTED', message: /DMDROP_DRIVE_CLIENT_ID/ });
    await expect(build({ DMDROP_DRIVE_CLIENT_ID: 'c' })).rejects.toMatchObject({ code: 'NOT_CONNECTED', message: /dmdrop login drive/ });
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
