// A third provider, added the way the architecture says one is added: a descriptor in a provider
// list, and nothing else edited. "Loopbox" speaks Dropbox's protocol to an emulator of its own,
// under its own id, name, keys, secret and links; the registry, the engine, the catalog, account
// connection and revoke-by-URL all find it through the list, and it passes the whole conformance suite.
import { describe, expect, it } from 'vitest';
import { startDropboxEmulator } from '../../../../emulators/dropbox/server';
import { connectAccount, disconnectAccount } from '../../../../src/core/auth/accounts';
import { dropboxDescriptor } from '../../../../src/core/providers/dropbox/dropbox-descriptor';
import { loginDropbox, revokeDropboxToken } from '../../../../src/core/providers/dropbox/dropbox-login';
import { createDropboxProvider } from '../../../../src/core/providers/dropbox/dropbox-provider';
import { listProviders } from '../../../../src/core/providers/provider-catalog';
import { endpointHost, oauthPortOverride, requireRefreshToken, type ProviderDescriptor } from '../../../../src/core/providers/provider-descriptor';
import { BUILT_IN_PROVIDERS, emulatorOrigins, providerForUrl } from '../../../../src/core/providers/provider-list';
import { createProviderRegistry } from '../../../../src/core/providers/provider-registry';
import { defaultSettings } from '../../../../src/shared/settings-schema';
import { instantClock } from '../../../helpers/instant-clock';
import { noSecrets } from '../../../helpers/no-secrets';
import { describeProviderConformance } from './conformance-suite';
import { HARNESSES, type HarnessOptions } from './harnesses';

const ENV = { endpoint: 'DMDROP_LOOPBOX_ENDPOINT', appKey: 'DMDROP_LOOPBOX_APP_KEY', refreshToken: 'DMDROP_LOOPBOX_REFRESH_TOKEN' };

const loopbox: ProviderDescriptor = {
  id: 'loopbox',
  name: 'Loopbox',
  settingsKey: 'loopbox',
  env: { endpoint: ENV.endpoint, refreshToken: ENV.refreshToken },
  client: { ...dropboxDescriptor.client, fields: [{ ...dropboxDescriptor.client.fields[0]!, env: ENV.appKey }], check: async () => undefined },
  secretKey: 'loopbox.refreshToken',
  consentPages: ['https://loopbox.example/oauth2/authorize'],
  ownsUrl: (url, env) => url.host === endpointHost(env, ENV.endpoint),
  login: (deps, openUrl) => loginDropbox({ appKey: deps.env[ENV.appKey]!, endpoint: deps.env[ENV.endpoint], port: oauthPortOverride(deps.env), openUrl }),
  revokeToken: (refreshToken, deps) => revokeDropboxToken({ appKey: deps.env[ENV.appKey]!, refreshToken, endpoint: deps.env[ENV.endpoint] }),
  async create(deps) {
    return createDropboxProvider({
      appKey: deps.env[ENV.appKey]!,
      refreshToken: await requireRefreshToken(loopbox, deps.secrets, deps.env),
      endpoint: deps.env[ENV.endpoint],
      folder: '/Loopbox',
      clock: deps.clock,
      random: deps.random,
      retry: deps.retry,
      chunkThreshold: deps.dropboxChunkThreshold,
      chunkSize: deps.dropboxChunkSize,
    });
  },
};

/** The list with the third provider in it: the only place it is registered. */
const PROVIDERS = [...BUILT_IN_PROVIDERS, loopbox];

/** Its emulator: a Dropbox-protocol server whose links are its own loopback URLs, under Loopbox's variables. */
async function loopboxHarness(options: HarnessOptions = {}) {
  const inner = await HARNESSES.dropbox({ ...options, emulator: { linkBase: 'loopback', ...options.emulator } });
  const env = inner.env;
  return {
    ...inner,
    id: loopbox.id,
    env: { [ENV.endpoint]: env.DMDROP_DROPBOX_ENDPOINT, [ENV.appKey]: env.DMDROP_DROPBOX_APP_KEY, [ENV.refreshToken]: env.DMDROP_DROPBOX_REFRESH_TOKEN },
  };
}

describeProviderConformance({ descriptor: loopbox, harness: loopboxHarness, providers: PROVIDERS });

describe('a provider added through the list alone', () => {
  it('is built by the registry under its own id and name, and owns its own links', async () => {
    const h = await loopboxHarness();
    try {
      const registry = createProviderRegistry({ settings: defaultSettings, secrets: noSecrets, env: h.env, clock: instantClock(), providers: PROVIDERS });
      const provider = await registry.get('loopbox');
      expect([provider.id, provider.displayName]).toEqual(['loopbox', 'Loopbox']);
      const remote = await provider.upload({ data: Buffer.from('bytes'), remotePath: provider.remotePathFor('a.jpg'), mime: 'image/jpeg' });
      const link = await provider.createLink(remote);
      expect(registry.ownerOf(link.url)).toBe('loopbox');
      expect(providerForUrl(link.url, h.env, PROVIDERS).name).toBe('Loopbox');
      // The built-in list alone does not know it.
      expect(() => providerForUrl(link.url, h.env)).toThrow(expect.objectContaining({ code: 'LINK_NOT_FOUND' }));
      expect(emulatorOrigins(h.env, PROVIDERS)).toEqual([new URL(h.env[ENV.endpoint]!).origin]);
    } finally {
      await h.close();
    }
  });

  it('is listed with its state, and connects and disconnects through its own sign-in', async () => {
    const emu = await startDropboxEmulator();
    try {
      const dropboxEnv = emu.dmdropEnv({ signedIn: false });
      const env = { [ENV.endpoint]: dropboxEnv.DMDROP_DROPBOX_ENDPOINT, [ENV.appKey]: dropboxEnv.DMDROP_DROPBOX_APP_KEY, DMDROP_OAUTH_PORT: dropboxEnv.DMDROP_OAUTH_PORT };
      const stored = new Map<string, string>();
      const secrets = { get: async (k: string) => stored.get(k), set: async (k: string, v: string) => void stored.set(k, v), delete: async (k: string) => void stored.delete(k) };
      const settings = defaultSettings();
      const state = async () => (await listProviders(settings, secrets, env, PROVIDERS)).find((p) => String(p.id) === 'loopbox');
      expect(await state()).toMatchObject({ name: 'Loopbox', state: 'not-connected', note: 'Run `dmdrop login loopbox` to connect.' });

      // The browser: the emulator approves and sends the code to the loopback callback.
      const account = await connectAccount('loopbox', { settings, secrets, env }, (url) => {
        void fetch(url, { redirect: 'manual' }).then((approve) => fetch(approve.headers.get('location')!));
      }, PROVIDERS);
      expect(account.name).toBe('Loopbox');
      expect(stored.get('loopbox.refreshToken')).toMatch(/^\S{8,}$/); // a token the emulator issued, stored whole
      expect(await state()).toMatchObject({ state: 'connected' });

      expect(await disconnectAccount('loopbox', { settings, secrets, env }, PROVIDERS)).toBe(true);
      expect(stored.has('loopbox.refreshToken')).toBe(false);
    } finally {
      await emu.close();
    }
  });
});
