// The fake ipcMain's invoke behaves like Electron's where the app depends on it: what a handler
// throws reaches the page as one flattened message (no code), and what crosses is structured-cloned.
import { describe, expect, it } from 'vitest';
import { DmDropError } from '../../src/shared/errors';
import { fakeIpcMain } from './fake-electron';

describe('fake ipcMain invoke, as Electron', () => {
  it('flattens a thrown error to "Error invoking remote method" with its code lost', async () => {
    const ipcMain = fakeIpcMain();
    ipcMain.handle('accounts:connect', async () => {
      throw new DmDropError('NOT_CONNECTED', 'No Google OAuth client is configured.');
    });
    const error = await ipcMain.invoke('accounts:connect', {}, { provider: 'drive' }).catch((e: unknown) => e);
    expect(String(error)).toBe("Error: Error invoking remote method 'accounts:connect': DmDropError: No Google OAuth client is configured.");
    expect(error).not.toHaveProperty('code');
    await expect(ipcMain.invoke('nobody:home', {})).rejects.toThrow("Error invoking remote method 'nobody:home': Error: No handler registered for 'nobody:home'");
  });

  it('passes arguments and results by structured clone: prototypes dropped, functions refused', async () => {
    const ipcMain = fakeIpcMain();
    const seen: unknown[] = [];
    ipcMain.handle('echo', async (_event, payload) => (seen.push(payload), payload));
    ipcMain.handle('leaky', async () => ({ ok: true, close: () => undefined }));
    class Choice {
      constructor(readonly expires: string) {}
      label() {
        return this.expires;
      }
    }
    const back = (await ipcMain.invoke('echo', {}, new Choice('1h'))) as object;
    expect(back).toEqual({ expires: '1h' });
    expect(seen[0]).not.toBeInstanceOf(Choice);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    const bytes = new Uint8Array([1, 2, 3]);
    expect(await ipcMain.invoke('echo', {}, { data: bytes })).toEqual({ data: bytes });
    await expect(ipcMain.invoke('echo', {}, { onDone: () => undefined })).rejects.toThrow(/could not be cloned/);
    await expect(ipcMain.invoke('leaky', {})).rejects.toThrow(/^Error invoking remote method 'leaky': DataCloneError: .*could not be cloned/);
  });
});
