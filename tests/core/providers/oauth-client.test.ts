// Where a provider's OAuth client comes from (environment, then settings, then the build) for every
// provider in the list, what the build embeds from its environment, and the shape check of pasted values.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInClientsFromEnv, readBuiltInClients, resolveClient, validateClientValues } from '../../../src/core/providers/oauth-client';
import { connectableProviders } from '../../../src/core/providers/provider-list';
import { defaultSettings, type Settings } from '../../../src/shared/settings-schema';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('the OAuth client a provider signs in with', () => {
  for (const descriptor of connectableProviders()) {
    it(`${descriptor.name}: environment over settings over built-in, each source whole`, () => {
      const value = (source: string) => Object.fromEntries(descriptor.client.fields.map((f) => [f.key, `${source}-${f.key}`]));
      const env = Object.fromEntries(descriptor.client.fields.map((f) => [f.env, `env-${f.key}`]));
      const settings = { ...defaultSettings(), [descriptor.settingsKey]: { ...(defaultSettings() as unknown as Record<string, object>)[descriptor.settingsKey], ...value('settings') } } as Settings;
      const builtInClients = { [descriptor.id]: value('built') };
      expect(resolveClient(descriptor, { settings, env, builtInClients })).toEqual({ source: 'environment', values: value('env') });
      expect(resolveClient(descriptor, { settings, env: {}, builtInClients })).toEqual({ source: 'settings', values: value('settings') });
      expect(resolveClient(descriptor, { settings: defaultSettings(), env: {}, builtInClients })).toEqual({ source: 'built-in', values: value('built') });
      expect(resolveClient(descriptor, { settings: defaultSettings(), env: {}, builtInClients: {} })).toBeUndefined();
    });
  }

  it('embeds at build time what the build’s environment names, per provider, and nothing for a self-built copy', () => {
    const providers = connectableProviders();
    expect(builtInClientsFromEnv(providers, {})).toEqual({});
    expect(
      builtInClientsFromEnv(providers, { DMDROP_DROPBOX_APP_KEY: ' abc123 ', DMDROP_DRIVE_CLIENT_ID: '1-x.apps.googleusercontent.com', DMDROP_DRIVE_CLIENT_SECRET: 'GOCSPX-s' }),
    ).toEqual({ dropbox: { appKey: 'abc123' }, drive: { clientId: '1-x.apps.googleusercontent.com', clientSecret: 'GOCSPX-s' } });
    // A secret without its client id names no client.
    expect(builtInClientsFromEnv(providers, { DMDROP_DRIVE_CLIENT_SECRET: 'GOCSPX-s' })).toEqual({});
  });

  it('reads the built-in file: none when it is missing, a plain error when it is malformed', async () => {
    const dir = await tempDir();
    expect(readBuiltInClients(join(dir, 'missing.json'))).toEqual({});
    await writeFile(join(dir, 'good.json'), JSON.stringify({ dropbox: { appKey: 'k' } }));
    expect(readBuiltInClients(join(dir, 'good.json'))).toEqual({ dropbox: { appKey: 'k' } });
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ dropbox: 'k' }));
    expect(() => readBuiltInClients(join(dir, 'bad.json'))).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('trims pasted values and says which one does not look right', () => {
    const [dropbox, drive] = connectableProviders();
    expect(validateClientValues(dropbox!, { appKey: '  abcdefghijklmno \n' })).toEqual({ appKey: 'abcdefghijklmno' });
    expect(() => validateClientValues(dropbox!, { appKey: '' })).toThrow(/^Enter the App key of your Dropbox app/);
    expect(() => validateClientValues(dropbox!, { appKey: 'https://www.dropbox.com/developers/apps' })).toThrow(/does not look like a Dropbox App key/);
    expect(() => validateClientValues(drive!, { clientId: 'GOCSPX-abc', clientSecret: 'GOCSPX-abc' })).toThrow(/“GOCSPX-abc” does not look like a Google Drive Client ID: .*ends in \.apps\.googleusercontent\.com/);
  });
});
