// Demo mode's door to the emulator: what it returns really points the app at a signed-in loopback
// Dropbox, and closing it really stops that server.
import { describe, expect, it } from 'vitest';
import { startDemoProvider } from '../../src/main/demo-mode';

describe('startDemoProvider', () => {
  it('points at a running loopback Dropbox whose token works, and stops it on close', async () => {
    const demo = await startDemoProvider();
    const endpoint = demo.env.DMDROP_DROPBOX_ENDPOINT!;
    expect(new URL(endpoint).hostname).toBe('127.0.0.1');
    const token = await fetch(`${endpoint}/oauth2/token?grant_type=refresh_token&refresh_token=${demo.env.DMDROP_DROPBOX_REFRESH_TOKEN}&client_id=${demo.env.DMDROP_DROPBOX_APP_KEY}`, { method: 'POST' });
    expect(token.status).toBe(200);
    expect(((await token.json()) as { access_token?: string }).access_token).toMatch(/^\S{8,}$/);
    await demo.close();
    await expect(fetch(`${endpoint}/oauth2/token`, { method: 'POST' })).rejects.toThrow();
  });
});
