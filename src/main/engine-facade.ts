// What the IPC handlers need from the engine and the shell, kept narrow so the shell stays thin
// and testable: each method is one user action, already validated by the IPC manager. The browser
// tests drive the renderer through this same facade.
import type { Engine } from '../core/engine/engine';
import type { HistoryEntry } from '../core/queue/history';
import { toErrorInfo } from '../shared/errors';
import type { AccountItem, HistoryItem, ListHistoryRequest, ProgressEvent, SettingsPatch, ShareFilesRequest, SharePastedRequest } from '../shared/ipc-contract';
import type { ProviderId, Settings } from '../shared/settings-schema';

export type ShareChoices = Pick<ShareFilesRequest, 'caption' | 'maxEdge' | 'album' | 'expires' | 'password'>;

export interface EngineFacade {
  shareFiles(request: ShareFilesRequest): Promise<{ accepted: number }>;
  sharePasted(request: SharePastedRequest): Promise<{ accepted: number }>;
  listHistory(request: ListHistoryRequest): Promise<HistoryItem[]>;
  copyLink(request: { id: string }): Promise<{ copied: boolean }>;
  revokeLink(request: { url: string }): Promise<{ ok: boolean; error?: { code: string; message: string } }>;
  openLink(request: { url: string }): Promise<void>;
  deleteFile(request: { id: string }): Promise<{ ok: boolean; error?: { code: string; message: string } }>;
  checkHealth(request: { id: string }): Promise<HistoryItem | undefined>;
  getSettings(): Settings;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  pickFolder(): Promise<string | undefined>;
  startDemo(): Promise<{ ok: boolean }>;
  listAccounts(): Promise<AccountItem[]>;
  connectAccount(provider: ProviderId): Promise<AccountItem[]>;
  disconnectAccount(provider: ProviderId): Promise<AccountItem[]>;
}

export interface LinkHealthRecord {
  health: 'unchecked' | 'live' | 'broken';
  checkedAt?: string;
}

/** The parts of the shell the facade delegates to. */
export interface FacadeShell {
  /** Resolves true once the text is on the clipboard (Electron's write is asynchronous). */
  copy(text: string): Promise<boolean>;
  settings: { get(): Settings; update(patch: Partial<Settings>): Promise<Settings> };
  accounts: { list(): Promise<AccountItem[]>; connect(id: ProviderId): Promise<void>; disconnect(id: ProviderId): Promise<void> };
  share(paths: string[], options: ShareChoices): void;
  /** Writes pasted bytes to a file of our own and shares it. */
  sharePasted(data: Uint8Array, type: string, options: ShareChoices): Promise<void>;
  openExternal(url: string): Promise<void>;
  health: { get(id: string): LinkHealthRecord | undefined; check(id: string): Promise<void> };
  pickFolder(): Promise<string | undefined>;
  startDemo(): Promise<void>;
}

export function toHistoryItem(entry: HistoryEntry, health?: LinkHealthRecord): HistoryItem {
  const { id, file, url, directUrl, status, createdAt, provider, dm, bytesIn, bytesOut, width, height, album, expiresAt, error } = entry;
  return {
    id, file, url, directUrl, status, createdAt, provider, dm, bytesIn, bytesOut, width, height, album, expiresAt, error,
    removed: entry.removed,
    ...(status === 'live' ? { health: health?.health ?? 'unchecked', checkedAt: health?.checkedAt } : {}),
  };
}

export function createEngineFacade(engine: Engine, shell: FacadeShell, onProgress: (event: ProgressEvent) => void): EngineFacade {
  engine.on((event) => {
    if (event.type === 'progress') onProgress({ jobId: event.jobId, file: event.file, stage: event.stage, sent: event.sent, total: event.total });
    else if (event.type === 'outcome' && !event.outcome.ok) onProgress({ jobId: event.outcome.jobId ?? event.outcome.file, file: event.outcome.file, stage: 'failed', error: event.outcome.error });
  });
  const choices = ({ caption, maxEdge, album, expires, password }: ShareChoices): ShareChoices => ({ caption, maxEdge, album, expires, password });
  return {
    async shareFiles(request) {
      // Accepted at once; results arrive as progress events and in history.
      shell.share(request.paths, choices(request));
      return { accepted: request.paths.length };
    },
    async sharePasted(request) {
      await shell.sharePasted(request.data, request.type, choices(request));
      return { accepted: 1 };
    },
    async listHistory(request) {
      return engine.history().slice(0, request.limit ?? 100).map((entry) => toHistoryItem(entry, shell.health.get(entry.id)));
    },
    async copyLink({ id }) {
      const entry = engine.history().find((e) => e.id === id);
      if (!entry?.dm || entry.status !== 'live') return { copied: false };
      return { copied: await shell.copy(entry.dm) };
    },
    async revokeLink({ url }) {
      const outcome = await engine.revoke(url);
      return outcome.ok ? { ok: true } : { ok: false, error: outcome.error };
    },
    openLink: ({ url }) => shell.openExternal(url),
    async deleteFile({ id }) {
      const outcome = await engine.deleteRemote(id);
      return outcome.ok ? { ok: true } : { ok: false, error: outcome.error };
    },
    async checkHealth({ id }) {
      await shell.health.check(id);
      const entry = engine.history().find((e) => e.id === id);
      return entry && toHistoryItem(entry, shell.health.get(id));
    },
    getSettings: () => shell.settings.get(),
    updateSettings: (patch) => shell.settings.update(patch),
    pickFolder: () => shell.pickFolder(),
    async startDemo() {
      await shell.startDemo();
      return { ok: true };
    },
    listAccounts: () => shell.accounts.list(),
    async connectAccount(id) {
      await shell.accounts.connect(id);
      return shell.accounts.list();
    },
    async disconnectAccount(id) {
      await shell.accounts.disconnect(id);
      return shell.accounts.list();
    },
  };
}

/** A batch the engine refuses as a whole (no account, say) becomes failed rows, never an unhandled rejection. */
export function reportRefusedBatch(paths: string[], error: unknown, onProgress: (event: ProgressEvent) => void) {
  const info = toErrorInfo(error);
  paths.forEach((file, i) => onProgress({ jobId: `rejected-${Date.now()}-${i}`, file, stage: 'failed', error: info }));
}
