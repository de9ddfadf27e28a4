// What every descriptor shares: where a connected account's token is found (the environment
// first, then the SecretStore), the sentence when none is, and an emulator endpoint's host.
import { describe, expect, it } from 'vitest';
import { endpointHost, oauthPortOverride, requireRefreshToken, storedRefreshToken } from '../../../src/core/providers/provider-descriptor';
import { dropboxDescriptor } from '../../../src/core/providers/dropbox/dropbox-descriptor';
import { noSecrets } from '../../helpers/no-secrets';

const secretsWith = (values: Record<string, string>) => ({ ...noSecrets, get: async (key: string) => values[key] });

describe('a connected account’s refresh token', () => {
  it('comes from the environment first, then from the SecretStore under the descriptor’s key', async () => {
    const secrets = secretsWith({ 'dropbox.refreshToken': 'stored' });
    expect(await storedRefreshToken(dropboxDescriptor, secrets, { DMDROP_DROPBOX_REFRESH_TOKEN: 'from-env' })).toBe('from-env');
    expect(await storedRefreshToken(dropboxDescriptor, secrets, {})).toBe('stored');
    expect(await storedRefreshToken(dropboxDescriptor, noSecrets, {})).toBeUndefined();
  });

  it('is required with a sentence that names the provider and the command', async () => {
    await expect(requireRefreshToken(dropboxDescriptor, noSecrets, {})).rejects.toMatchObject({
      code: 'NOT_CONNECTED',
      message: 'No Dropbox account is connected: run `dmdrop login dropbox` first.',
    });
  });
});

describe('environment helpers', () => {
  it('reads an emulator endpoint’s host, and nothing from an unset or broken one', () => {
    expect(endpointHost({ E: 'http://127.0.0.1:4100/base/' }, 'E')).toBe('127.0.0.1:4100');
    expect(endpointHost({}, 'E')).toBeUndefined();
    expect(endpointHost({ E: 'not a url' }, 'E')).toBeUndefined();
  });

  it('reads DMDROP_OAUTH_PORT when it is set', () => {
    expect(oauthPortOverride({ DMDROP_OAUTH_PORT: '53999' })).toBe(53999);
    expect(oauthPortOverride({})).toBeUndefined();
  });
});
