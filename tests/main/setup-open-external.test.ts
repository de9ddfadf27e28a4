// Opening the system browser: consent pages, the emulators DM Drop is pointed at, and links it
// made; anything else is refused and logged.
import { describe, expect, it, vi } from 'vitest';
import { emulatorOrigins } from '../../src/core/providers/provider-list';
import { setupOpenExternal } from '../../src/main/shell/setup-open-external';

describe('open external', () => {
  it('knows the emulators from the environment', () => {
    expect(emulatorOrigins({ DMDROP_DROPBOX_ENDPOINT: 'http://127.0.0.1:5000/x', DMDROP_DRIVE_ENDPOINT: 'http://127.0.0.1:6000' })).toEqual(['http://127.0.0.1:5000', 'http://127.0.0.1:6000']);
    expect(emulatorOrigins({})).toEqual([]);
  });

  it('opens links DM Drop made and consent pages, and refuses the rest', async () => {
    const openExternal = vi.fn(async () => undefined);
    const warn = vi.fn();
    const link = 'https://www.dropbox.com/scl/fi/abc/x.jpg?rlkey=k&dl=0';
    const open = setupOpenExternal({
      shell: { openExternal },
      engine: { history: () => [{ id: 'j', file: 'x.jpg', provider: 'dropbox', status: 'live', step: 'verified', createdAt: '', url: link }] },
      env: { DMDROP_DROPBOX_ENDPOINT: 'http://127.0.0.1:5000' },
      log: { warn },
    });
    await open(link);
    await open('http://127.0.0.1:5000/oauth2/authorize?client_id=x');
    await open('https://evil.example/phish');
    expect(openExternal.mock.calls).toEqual([[link], ['http://127.0.0.1:5000/oauth2/authorize?client_id=x']]);
    expect(warn).toHaveBeenCalledWith('refused to open an external URL');
  });
});
