// What the drop window can ask the app to do: one action per invoke channel (the IPC manager has
// validated the request already), each answering with a result value, never a throw. Each action
// is one engine or shell call, so the shell stays thin; the browser tests drive the real renderer
// through these same actions.
import type { Engine } from '../../core/engine/engine';
import type { LinkHealthRecord } from '../../core/links/link-health';
import type { HistoryEntry } from '../../core/queue/history';
import { toErrorInfo } from '../../shared/errors';
import type { InvokeApi } from '../../shared/ipc-channels';
import type { AccountItem, ClientGuide, HistoryItem, ProgressEvent, ShareFilesRequest } from '../../shared/ipc-contract';
import type { ProviderId, Settings } from '../../shared/settings-schema';

export type ShareChoices = Pick<ShareFilesRequest, 'caption' | 'maxEdge' | 'album' | 'expires' | 'password'>;

/** Every invoke channel but getInfo (the IPC manager answers that itself), typed as window.api sees it. */
export type WindowActions = Omit<InvokeApi, 'getInfo'>;


/** The parts of the shell the actions delegate to. */
export interface ShellServices {
  /** Resolves true once the text is on the clipboard (Electron's write is asynchronous). */
  copy(text: string, what?: 'link' | 'password'): Promise<boolean>;
  settings: { get(): Settings; update(patch: Partial<Settings>): Promise<Settings> };
  accounts: {
    list(): Promise<AccountItem[]>;
    connect(id: ProviderId): Promise<void>;
    disconnect(id: ProviderId): Promise<void>;
    clientGuide(id: ProviderId): ClientGuide;
    saveClient(id: ProviderId, values: Record<string, string>): Promise<ClientGuide>;
  };
  share(paths: string[], options: ShareChoices): void;
  /** Writes pasted bytes to a file of our own and shares it. */
  sharePasted(data: Uint8Array, type: string, options: ShareChoices): Promise<void>;
  openExternal(url: string): Promise<void>;
  health: { get(id: string): LinkHealthRecord | undefined; check(id: string): Promise<void> };
  pickFolder(): Promise<string | undefined>;
  startDemo(): Promise<void>;
}

function toHistoryItem(entry: HistoryEntry, health?: LinkHealthRecord): HistoryItem {
  const { id, file, url, directUrl, status, createdAt, provider, dm, bytesIn, bytesOut, width, height, album, albumHealth, expiresAt, error } = entry;
  return {
    id, file, url, directUrl, status, createdAt, provider, dm, bytesIn, bytesOut, width, height, album, albumHealth, expiresAt, error,
    removed: entry.removed,
    ...(status === 'live' ? { health: health?.health ?? 'unchecked', checkedAt: health?.checkedAt } : {}),
  };
}

export function createWindowActions(engine: Engine, shell: ShellServices, onProgress: (event: ProgressEvent) => void): WindowActions {
  engine.on((event) => {
    if (event.type === 'progress') onProgress({ jobId: event.jobId, file: event.file, stage: event.stage, sent: event.sent, total: event.total });
    else if (event.type === 'outcome' && !event.outcome.ok) onProgress({ jobId: event.outcome.jobId ?? event.outcome.file, file: event.outcome.file, stage: 'failed', error: event.outcome.error });
  });
  const choices = ({ caption, maxEdge, album, expires, password }: ShareChoices): ShareChoices => ({ caption, maxEdge, album, expires, password });
  return {
    async shareFiles(request) {
      // Accepted at once; results arrive as progress events and in history.
      shell.share(request.paths, choices(request));
      return { ok: true, accepted: request.paths.length };
    },
    async sharePasted(request) {
      await shell.sharePasted(request.data, request.type, choices(request));
      return { ok: true, accepted: 1 };
    },
    async listHistory(request = {}) {
      return { ok: true, items: engine.history().slice(0, request.limit ?? 100).map((entry) => toHistoryItem(entry, shell.health.get(entry.id))) };
    },
    async copyLink({ id }) {
      const entry = engine.history().find((e) => e.id === id);
      if (!entry?.dm || entry.status !== 'live') return { ok: true, copied: false };
      return { ok: true, copied: await shell.copy(entry.dm) };
    },
    copyPassword: async ({ password }) => ({ ok: true, copied: await shell.copy(password, 'password') }),
    async revokeLink({ url }) {
      const outcome = await engine.revoke(url);
      return outcome.ok ? { ok: true } : { ok: false, error: outcome.error! };
    },
    async openLink({ url }) {
      await shell.openExternal(url);
      return { ok: true };
    },
    async deleteFile({ id }) {
      const outcome = await engine.deleteRemote(id);
      return outcome.ok ? { ok: true } : { ok: false, error: outcome.error! };
    },
    async checkHealth({ id }) {
      await shell.health.check(id);
      const entry = engine.history().find((e) => e.id === id);
      return { ok: true, item: entry && toHistoryItem(entry, shell.health.get(id)) };
    },
    getSettings: async () => ({ ok: true, settings: shell.settings.get() }),
    updateSettings: async (patch) => ({ ok: true, settings: await shell.settings.update(patch) }),
    pickFolder: async () => ({ ok: true, folder: await shell.pickFolder() }),
    async startDemo() {
      await shell.startDemo();
      return { ok: true };
    },
    listAccounts: async () => ({ ok: true, accounts: await shell.accounts.list() }),
    async connectAccount({ provider }) {
      await shell.accounts.connect(provider);
      return { ok: true, accounts: await shell.accounts.list() };
    },
    async disconnectAccount({ provider }) {
      await shell.accounts.disconnect(provider);
      return { ok: true, accounts: await shell.accounts.list() };
    },
    clientGuide: async ({ provider }) => ({ ok: true, guide: shell.accounts.clientGuide(provider) }),
    saveClient: async ({ provider, values }) => ({ ok: true, guide: await shell.accounts.saveClient(provider, values) }),
  };
}

/** A batch the engine refuses as a whole (no account, say) becomes failed rows, never an unhandled rejection. */
export function reportRefusedBatch(paths: string[], error: unknown, onProgress: (event: ProgressEvent) => void) {
  const info = toErrorInfo(error);
  paths.forEach((file, i) => onProgress({ jobId: `rejected-${Date.now()}-${i}`, file, stage: 'failed', error: info }));
}
