// The IPC manager: payloads validated with the contract, senders checked, and every answer a
// result value. A throw would reach the page as Electron's "Error invoking remote method" with
// its code gone, so nothing is ever thrown: failures come back as { ok: false, error: { code, message } }.
import { describe, expect, it, vi } from 'vitest';
import { registerIpc } from '../../../src/main/ipc/register-ipc';
import type { WindowActions } from '../../../src/main/ipc/window-actions';
import { DmDropError } from '../../../src/shared/errors';
import { IPC } from '../../../src/shared/ipc-contract';
import { fakeIpcMain } from '../../helpers/fake-electron';

const own = 'file:///app/out/renderer/index.html';

function setup(overrides: Partial<WindowActions> = {}) {
  const ipcMain = fakeIpcMain();
  const actions = {
    shareFiles: vi.fn(async (r: { paths: string[] }) => ({ ok: true, accepted: r.paths.length })),
    listHistory: vi.fn(async () => ({ ok: true, items: [] })),
    copyLink: vi.fn(async () => ({ ok: true, copied: true })),
    revokeLink: vi.fn(async () => ({ ok: true })),
    deleteFile: vi.fn(async () => ({ ok: true })),
    getSettings: vi.fn(),
    updateSettings: vi.fn(async (p: unknown) => ({ ok: true, settings: p })),
    listAccounts: vi.fn(async () => ({ ok: true, accounts: [] })),
    connectAccount: vi.fn(async () => ({ ok: true, accounts: [] })),
    disconnectAccount: vi.fn(async () => ({ ok: true, accounts: [] })),
    sharePasted: vi.fn(async () => ({ ok: true, accepted: 1 })),
    openLink: vi.fn(async () => ({ ok: true })),
    checkHealth: vi.fn(async () => ({ ok: true })),
    pickFolder: vi.fn(async () => ({ ok: true })),
    startDemo: vi.fn(async () => ({ ok: true })),
    ...overrides,
  };
  const frame = { url: own };
  registerIpc({
    ipcMain: ipcMain as never,
    actions: actions as unknown as WindowActions,
    isOwnUrl: (url) => url === own,
    isOwnFrame: (event) => (event as { senderFrame: unknown }).senderFrame === frame,
    info: { version: '0.1.0', platform: 'linux' },
  });
  return { call: (channel: string, payload: unknown, senderFrame: unknown = frame) => ipcMain.handlers.get(channel)!({ senderFrame }, payload), actions, ipcMain };
}

const invalid = { ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/^DM Drop’s window sent a request the app does not accept: .+\.$/) } };

describe('IPC manager', () => {
  it('registers every invoke channel of the contract', () => {
    const { ipcMain } = setup();
    const pushed: string[] = [IPC.progress, IPC.historyChanged, IPC.notice, IPC.showView];
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(IPC).filter((c) => !pushed.includes(c)).sort());
  });

  it('passes a valid request from our own page on and answers with the action’s result', async () => {
    const { call, actions } = setup();
    expect(await call(IPC.shareFiles, { paths: ['/home/u/a.jpg'], caption: 'hi' })).toEqual({ ok: true, accepted: 1 });
    expect(actions.shareFiles).toHaveBeenCalledWith({ paths: ['/home/u/a.jpg'], caption: 'hi' });
    expect(await call(IPC.getInfo, undefined)).toEqual({ ok: true, version: '0.1.0', platform: 'linux' });
  });

  it('answers malformed payloads with INVALID_REQUEST without calling the action', async () => {
    const { call, actions } = setup();
    for (const bad of [undefined, {}, { paths: [] }, { paths: 'a.jpg' }, { paths: ['a'], caption: 'x'.repeat(501) }, { paths: ['a'], extra: 1 }, { paths: ['a'], maxEdge: 10 }]) {
      expect(await call(IPC.shareFiles, bad)).toEqual(invalid);
    }
    expect(actions.shareFiles).not.toHaveBeenCalled();
  });

  it('validates every channel: settings patches, account ids, links and ids', async () => {
    const { call, actions } = setup();
    expect(await call(IPC.updateSettings, { maxEdge: 100 })).toEqual(invalid);
    expect(await call(IPC.updateSettings, { notASetting: true })).toEqual(invalid);
    expect(await call(IPC.updateSettings, { hotkeys: { copyLast: 'x'.repeat(61), openWindow: '' } })).toEqual(invalid);
    expect(await call(IPC.updateSettings, { startAtLogin: true })).toEqual({ ok: true, settings: { startAtLogin: true } });
    expect(await call(IPC.connectAccount, { provider: 'myspace' })).toEqual(invalid);
    expect(await call(IPC.revokeLink, { url: 'not a url' })).toEqual(invalid);
    expect(await call(IPC.copyLink, { id: 1 })).toEqual(invalid);
    expect(await call(IPC.sharePasted, { data: 'not bytes', type: 'image/png' })).toEqual(invalid);
    expect(await call(IPC.sharePasted, { data: new Uint8Array(4), type: 'text/html' })).toEqual(invalid);
    expect(await call(IPC.shareFiles, { paths: ['/a.jpg'], expires: '1y' })).toEqual(invalid);
    expect(await call(IPC.openLink, { url: 'javascript:alert(1)' })).toEqual(invalid);
    await call(IPC.connectAccount, { provider: 'drive' });
    expect(actions.connectAccount).toHaveBeenCalledWith({ provider: 'drive' });
    expect(actions.updateSettings).toHaveBeenCalledTimes(1);
    expect(actions.revokeLink).not.toHaveBeenCalled();
  });

  it('copies a password only as the contract allows: one non-empty string of at most 200 characters', async () => {
    const copyPassword = vi.fn(async () => ({ ok: true, copied: true }));
    const { call } = setup({ copyPassword } as Partial<WindowActions>);
    for (const bad of [{ password: '' }, { password: 'x'.repeat(201) }, { password: 42 }, { password: 'ok', text: 'anything else' }, {}]) {
      expect(await call(IPC.copyPassword, bad)).toEqual(invalid);
    }
    expect(copyPassword).not.toHaveBeenCalled();
    expect(await call(IPC.copyPassword, { password: 'otter' })).toEqual({ ok: true, copied: true });
    expect(copyPassword).toHaveBeenCalledWith({ password: 'otter' });
  });

  it('refuses a foreign sender even with a valid payload, as a value', async () => {
    const { call, actions } = setup();
    const refused = { ok: false, error: { code: 'SENDER_REJECTED', message: expect.stringMatching(/rejected/) } };
    expect(await call(IPC.shareFiles, { paths: ['/a.jpg'] }, { url: 'https://evil.example/' })).toEqual(refused);
    expect(await call(IPC.getInfo, undefined, { url: own })).toEqual(refused); // same URL, not our frame
    expect(actions.shareFiles).not.toHaveBeenCalled();
  });

  it('turns a thrown DmDropError into its code and sentence, and any other throw into INTERNAL', async () => {
    const { call } = setup({
      connectAccount: async () => {
        throw new DmDropError('NOT_CONNECTED', 'No Google OAuth client is configured.');
      },
      pickFolder: async () => {
        throw new TypeError('Cannot read properties of undefined');
      },
      startDemo: () => Promise.reject('a string, not an Error'),
    });
    expect(await call(IPC.connectAccount, { provider: 'drive' })).toEqual({ ok: false, error: { code: 'NOT_CONNECTED', message: 'No Google OAuth client is configured.' } });
    expect(await call(IPC.pickFolder, undefined)).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside DM Drop: Cannot read properties of undefined' } });
    expect(await call(IPC.startDemo, undefined)).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside DM Drop: a string, not an Error' } });
  });
});
