// The one provider list: every id the settings accept has an entry, an unknown id is an error with
// a code (never a silent Dropbox), and links, secrets, consent pages and emulator origins are
// found through it.
import { describe, expect, it } from 'vitest';
import { isUnsupported } from '../../../src/core/providers/provider-descriptor';
import {
  BUILT_IN_PROVIDERS,
  connectableProvider,
  connectableProviders,
  consentPages,
  emulatorOrigins,
  providerEntry,
  providerForSecret,
  providerForUrl,
  providerName,
} from '../../../src/core/providers/provider-list';
import { createProviderRegistry } from '../../../src/core/providers/provider-registry';
import { DmDropError } from '../../../src/shared/errors';
import { defaultSettings, PROVIDER_IDS } from '../../../src/shared/settings-schema';
import { instantClock } from '../../helpers/instant-clock';
import { noSecrets } from '../../helpers/no-secrets';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof DmDropError ? error.code : `not a DmDropError: ${String(error)}`;
  }
  return 'no error';
};

describe('the built-in provider list', () => {
  it('has exactly the ids the settings accept, each once, each with a name', () => {
    expect(BUILT_IN_PROVIDERS.map((p) => p.id)).toEqual([...PROVIDER_IDS]);
    expect(BUILT_IN_PROVIDERS.map((p) => providerName(p.id))).toEqual(['Dropbox', 'Google Drive', 'Google Photos', 'iCloud']);
  });

  it('gives each connectable provider its own env keys, secret key and consent pages', () => {
    const connectable = connectableProviders();
    expect(connectable.map((p) => p.id)).toEqual(['dropbox', 'drive']);
    const keys = connectable.flatMap((p) => [p.env.endpoint, p.env.refreshToken, ...p.client.fields.map((f) => f.env), p.secretKey]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(consentPages()).toEqual(['https://www.dropbox.com/oauth2/authorize', 'https://accounts.google.com/o/oauth2/v2/auth']);
  });
});

describe('looking a provider up by id', () => {
  it('refuses an unknown id with PROVIDER_UNKNOWN, naming the ones it knows', () => {
    expect(codeOf(() => providerEntry('onedrive'))).toBe('PROVIDER_UNKNOWN');
    expect(() => connectableProvider('onedrive')).toThrow(/no provider "onedrive".*dropbox, drive, google-photos, icloud/);
  });

  it('says why a provider that cannot share cannot be used', () => {
    expect(codeOf(() => connectableProvider('icloud'))).toBe('PROVIDER_UNSUPPORTED');
    expect(() => connectableProvider('google-photos')).toThrow(/31 March 2025/);
    expect(BUILT_IN_PROVIDERS.filter(isUnsupported).map((p) => p.id)).toEqual(['google-photos', 'icloud']);
  });

  it('the registry builds nothing for an unknown id: PROVIDER_UNKNOWN, not Dropbox', async () => {
    const registry = createProviderRegistry({ settings: defaultSettings, secrets: noSecrets, env: { DMDROP_DROPBOX_APP_KEY: 'k', DMDROP_DROPBOX_REFRESH_TOKEN: 't' }, clock: instantClock() });
    await expect(registry.get('onedrive')).rejects.toMatchObject({ code: 'PROVIDER_UNKNOWN' });
    await expect(registry.get('icloud')).rejects.toMatchObject({ code: 'PROVIDER_UNSUPPORTED' });
    await expect(registry.get('dropbox')).resolves.toMatchObject({ id: 'dropbox', displayName: 'Dropbox' });
  });
});

describe('which provider owns a link', () => {
  it('knows the real services’ links, and a Google link only when it names a Drive file', () => {
    expect(providerForUrl('https://www.dropbox.com/scl/fi/abc/p.jpg?rlkey=x&dl=0', {}).id).toBe('dropbox');
    expect(providerForUrl('https://drive.google.com/file/d/1AbC_d-9/view', {}).id).toBe('drive');
    expect(providerForUrl('https://drive.google.com/uc?id=1AbC&export=download', {}).id).toBe('drive');
    expect(codeOf(() => providerForUrl('https://www.google.com/search?q=photos', {}))).toBe('LINK_NOT_FOUND');
    expect(codeOf(() => providerForUrl('https://www.dropbox.com.evil.example/scl/fi/abc', {}))).toBe('LINK_NOT_FOUND');
  });

  it('knows its emulators’ links from the environment', () => {
    const env = { DMDROP_DROPBOX_ENDPOINT: 'http://127.0.0.1:4001', DMDROP_DRIVE_ENDPOINT: 'http://127.0.0.1:4002/' };
    expect(providerForUrl('http://127.0.0.1:4001/scl/fi/abc/p.jpg', env).id).toBe('dropbox');
    expect(providerForUrl('http://127.0.0.1:4002/file/d/FILEID/view', env).id).toBe('drive');
    expect(codeOf(() => providerForUrl('http://127.0.0.1:4003/file/d/FILEID/view', env))).toBe('LINK_NOT_FOUND');
    expect(emulatorOrigins(env)).toEqual(['http://127.0.0.1:4001', 'http://127.0.0.1:4002']);
    expect(emulatorOrigins({})).toEqual([]);
  });

  it('refuses what is not a link', () => {
    expect(() => providerForUrl('not a url', {})).toThrow(expect.objectContaining({ code: 'LINK_NOT_FOUND', message: '"not a url" is not a link.' }));
  });
});

describe('which provider keeps a secret', () => {
  it('finds the provider by its SecretStore key', () => {
    expect(providerForSecret('drive.refreshToken')?.name).toBe('Google Drive');
    expect(providerForSecret('dropbox.refreshToken')?.name).toBe('Dropbox');
    expect(providerForSecret('something.else')).toBeUndefined();
  });
});
