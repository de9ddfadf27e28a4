// Accounts: connecting one in the system browser (the emulator's consent page) and disconnecting
// it with a token revoke.
import { describe, expect, it } from 'vitest';
import { IPC } from '../../src/shared/ipc-contract';
import { photo, useShellHarness } from '../helpers/shell-harness';

const { start } = useShellHarness();

describe('accounts', () => {
  it('connects an account in the system browser and disconnects it with a revoke', async () => {
    const s = await start({ connected: false });
    expect(((await s.invoke(IPC.listAccounts)) as { accounts: { id: string; state: string }[] }).accounts).toContainEqual(expect.objectContaining({ id: 'dropbox', state: 'not-connected' }));
    const { accounts } = (await s.invoke(IPC.connectAccount, { provider: 'dropbox' })) as { accounts: { id: string; state: string }[] };
    expect(s.opened[0]).toMatch(new RegExp(`^${s.emu.url}/oauth2/authorize\\?`));
    expect(accounts.find((a) => a.id === 'dropbox')!.state).toBe('connected');
    // The stored token is what sharing now uses: a photo goes all the way to a live link.
    const shared = s.outcome();
    await s.invoke(IPC.shareFiles, { paths: [await photo(s.home, 'after-connect.jpg')] });
    await shared;
    expect(s.engine.history()[0]).toMatchObject({ status: 'live' });
    expect(await s.invoke(IPC.connectAccount, { provider: 'icloud' })).toMatchObject({ ok: false, error: { code: 'PROVIDER_UNSUPPORTED' } });
    await s.invoke(IPC.disconnectAccount, { provider: 'dropbox' });
    expect(s.secrets.values.has('dropbox.refreshToken')).toBe(false);
    expect(s.emu.requests.some((r) => r.route === 'auth/token/revoke' && r.status === 200)).toBe(true);
  });
});
