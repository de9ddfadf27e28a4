// Dropbox sells link expiry only on paid plans: set it natively there, and fall back to a plain
// link (DM Drop enforces the expiry itself) when a basic account refuses it.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startDropboxEmulator } from '../../../../emulators/dropbox/server';
import { createDropboxProvider } from '../../../../src/core/providers/dropbox/dropbox-provider';
import { instantClock } from '../../../helpers/instant-clock';

async function linkWithExpiry(accountType: 'basic' | 'pro') {
  const emu = await startDropboxEmulator({ accountType });
  try {
    const p = createDropboxProvider({ appKey: emu.appKey, refreshToken: emu.issueRefreshToken(), endpoint: emu.url, folder: '/DM Drop', clock: instantClock() });
    const remote = await p.upload({ data: randomBytes(100), remotePath: '/DM Drop/e.jpg', mime: 'image/jpeg' });
    return await p.createLink(remote, { expiresAt: new Date('2099-01-01T00:00:00Z') });
  } finally {
    await emu.close();
  }
}

describe('Dropbox native link expiry', () => {
  it('is set on a paid account', async () => {
    expect(await linkWithExpiry('pro')).toMatchObject({ access: 'viewer', audience: 'public', expiresAt: '2099-01-01T00:00:00Z' });
  });

  it('falls back to a plain link on a basic account', async () => {
    const link = await linkWithExpiry('basic');
    expect(link).toMatchObject({ access: 'viewer', audience: 'public' });
    expect(link.expiresAt).toBeUndefined();
  });
});
