// The emulators' list matches the provider list: every provider that can be connected has an
// emulator under its id, and the env each prints is exactly what its descriptor reads.
import { describe, expect, it } from 'vitest';
import { PROVIDER_EMULATORS } from '../../emulators/provider-emulators';
import { connectableProvider, connectableProviders, emulatorOrigins } from '../../src/core/providers/provider-list';

describe('the provider emulators', () => {
  it('stand in for exactly the providers that can be connected', () => {
    expect(PROVIDER_EMULATORS.map((e) => e.id).sort()).toEqual(connectableProviders().map((p) => p.id).sort());
  });

  it.each(PROVIDER_EMULATORS.map((e) => [e.id, e] as const))('%s: prints the variables its descriptor reads, and its origin is one the browser may open', async (id, entry) => {
    const emulator = await entry.start({}, {});
    try {
      const descriptor = connectableProvider(id);
      const env = emulator.dmdropEnv();
      expect(Object.keys(env).sort()).toEqual([descriptor.env.endpoint, descriptor.env.refreshToken, ...descriptor.client.fields.map((f) => f.env)].sort());
      expect(emulatorOrigins(env)).toEqual([new URL(emulator.url).origin]);
      expect(emulator.files()).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});
