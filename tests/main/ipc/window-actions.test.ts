// What the window can ask for, as result values: revoke and delete failures keep the engine's code
// and sentence, successes carry their payload under a name, and a batch the engine refuses whole
// becomes failed rows.
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/core/engine/engine';
import type { HistoryEntry } from '../../../src/core/queue/history';
import { createWindowActions, reportRefusedBatch, type ShellServices } from '../../../src/main/ipc/window-actions';
import { DmDropError } from '../../../src/shared/errors';
import type { ProgressEvent } from '../../../src/shared/ipc-contract';

const live: HistoryEntry = { id: 'j1', file: '/p/a.jpg', provider: 'dropbox', status: 'live', step: 'verified', createdAt: '2026-11-25T12:00:00.000Z', url: 'https://www.dropbox.com/s/a', dm: 'here: https://www.dropbox.com/s/a' };
const revoked: HistoryEntry = { ...live, id: 'j2', status: 'revoked', url: 'https://www.dropbox.com/s/b' };

function setup() {
  const copied: string[] = [];
  const engine = {
    on: () => () => undefined,
    history: () => [live, revoked],
    revoke: async (url: string) => (url === live.url ? { url, ok: true } : { url, ok: false, error: { code: 'REVOKE_FAILED', message: 'Dropbox did not close the link.' } }),
    deleteRemote: async (id: string) => ({ url: '', ok: false, error: { code: 'LINK_NOT_FOUND', message: `No photo ${id} in history.` } }),
  } as unknown as Engine;
  const shell = {
    copy: async (text: string) => (copied.push(text), true),
    health: { get: () => ({ health: 'live', checkedAt: '2026-11-25T13:00:00.000Z' }), check: async () => undefined },
    pickFolder: async () => undefined,
  } as unknown as ShellServices;
  return { actions: createWindowActions(engine, shell, () => undefined), copied };
}

describe('window actions', () => {
  it('answer revoke and delete failures with the engine’s code and sentence', async () => {
    const { actions } = setup();
    expect(await actions.revokeLink({ url: live.url! })).toEqual({ ok: true });
    expect(await actions.revokeLink({ url: 'https://www.dropbox.com/s/other' })).toEqual({ ok: false, error: { code: 'REVOKE_FAILED', message: 'Dropbox did not close the link.' } });
    expect(await actions.deleteFile({ id: 'j9' })).toEqual({ ok: false, error: { code: 'LINK_NOT_FOUND', message: 'No photo j9 in history.' } });
  });

  it('carry each success’s payload under its name', async () => {
    const { actions, copied } = setup();
    const history = await actions.listHistory({ limit: 1 });
    expect(history).toEqual({ ok: true, items: [expect.objectContaining({ id: 'j1', health: 'live' })] });
    expect(await actions.copyLink({ id: 'j1' })).toEqual({ ok: true, copied: true });
    expect(await actions.copyLink({ id: 'j2' })).toEqual({ ok: true, copied: false }); // not live: nothing copied
    expect(copied).toEqual([live.dm]);
    expect(await actions.checkHealth({ id: 'j1' })).toEqual({ ok: true, item: expect.objectContaining({ id: 'j1', health: 'live', checkedAt: '2026-11-25T13:00:00.000Z' }) });
    expect(await actions.pickFolder()).toEqual({ ok: true, folder: undefined });
  });

  it('copy a link’s password alone, never with the DM text', async () => {
    const { actions, copied } = setup();
    expect(await actions.copyPassword({ password: 'otter & 42' })).toEqual({ ok: true, copied: true });
    expect(copied).toEqual(['otter & 42']);
  });

  it('report a batch the engine refuses as failed rows, not an unhandled rejection', () => {
    const events: ProgressEvent[] = [];
    reportRefusedBatch(['/a.jpg', '/b.jpg'], new DmDropError('NOT_CONNECTED', 'No Dropbox account is connected.'), (event) => events.push(event));
    expect(events).toEqual([
      expect.objectContaining({ file: '/a.jpg', stage: 'failed', error: { code: 'NOT_CONNECTED', message: 'No Dropbox account is connected.' } }),
      expect.objectContaining({ file: '/b.jpg', stage: 'failed' }),
    ]);
  });
});
