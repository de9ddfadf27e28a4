// What the IPC handlers need from the engine and the shell, kept narrow so the shell stays thin
// and testable: each method is one user action, already validated by the IPC manager.
import type { Engine } from '../core/engine/engine';
import { toErrorInfo } from '../shared/errors';
import type { AccountItem, HistoryItem, ListHistoryRequest, ProgressEvent, SettingsPatch, ShareFilesRequest } from '../shared/ipc-contract';
import type { ProviderId, Settings } from '../shared/settings-schema';

export interface EngineFacade {
  shareFiles(request: ShareFilesRequest): Promise<{ accepted: number }>;
  listHistory(request: ListHistoryRequest): Promise<HistoryItem[]>;
  copyLink(request: { id: string }): Promise<{ copied: boolean }>;
  revokeLink(request: { url: string }): Promise<{ ok: boolean; error?: { code: string; message: string } }>;
  getSettings(): Settings;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  listAccounts(): Promise<AccountItem[]>;
  connectAccount(provider: ProviderId): Promise<AccountItem[]>;
  disconnectAccount(provider: ProviderId): Promise<AccountItem[]>;
}

/** The parts of the shell the facade delegates to (clipboard, settings, accounts). */
export interface FacadeShell {
  copy(text: string): void;
  settings: { get(): Settings; update(patch: Partial<Settings>): Promise<Settings> };
  accounts: { list(): Promise<AccountItem[]>; connect(id: ProviderId): Promise<void>; disconnect(id: ProviderId): Promise<void> };
  share(paths: string[], options: { caption?: string; maxEdge?: number }): void;
}

export function createEngineFacade(engine: Engine, shell: FacadeShell, onProgress: (event: ProgressEvent) => void): EngineFacade {
  engine.on((event) => {
    if (event.type === 'progress') onProgress({ jobId: event.jobId, file: event.file, stage: event.stage, sent: event.sent, total: event.total });
    else if (event.type === 'outcome' && !event.outcome.ok) onProgress({ jobId: event.outcome.jobId ?? event.outcome.file, file: event.outcome.file, stage: 'failed', error: event.outcome.error });
  });
  return {
    async shareFiles(request) {
      // Accepted at once; results arrive as progress events and in history.
      shell.share(request.paths, { caption: request.caption, maxEdge: request.maxEdge });
      return { accepted: request.paths.length };
    },
    async listHistory(request) {
      return engine.history().slice(0, request.limit ?? 100).map(({ id, file, url, directUrl, status, createdAt }) => ({ id, file, url, directUrl, status, createdAt }));
    },
    async copyLink({ id }) {
      const entry = engine.history().find((e) => e.id === id);
      if (!entry?.dm || entry.status !== 'live') return { copied: false };
      shell.copy(entry.dm);
      return { copied: true };
    },
    async revokeLink({ url }) {
      const outcome = await engine.revoke(url);
      return outcome.ok ? { ok: true } : { ok: false, error: outcome.error };
    },
    getSettings: () => shell.settings.get(),
    updateSettings: (patch) => shell.settings.update(patch),
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
