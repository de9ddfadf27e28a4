// Channel names and the window.api shape, free of runtime dependencies: the sandboxed preload
// imports this file (it cannot load zod); main validates with the schemas in ipc-contract.ts.
import type { AccountItem, HistoryItem, ListHistoryRequest, ProgressEvent, SettingsPatch, ShareFilesRequest, SharePastedRequest, ShellNotice } from './ipc-contract';
import type { Settings } from './settings-schema';

export const IPC = {
  getInfo: 'app:get-info',
  shareFiles: 'share:files',
  sharePasted: 'share:pasted',
  openLink: 'history:open',
  checkHealth: 'history:check',
  pickFolder: 'settings:pick-folder',
  startDemo: 'app:start-demo',
  listHistory: 'history:list',
  copyLink: 'history:copy',
  revokeLink: 'history:revoke',
  deleteFile: 'history:delete',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  listAccounts: 'accounts:list',
  connectAccount: 'accounts:connect',
  disconnectAccount: 'accounts:disconnect',
  progress: 'jobs:progress',
  historyChanged: 'history:changed',
  notice: 'shell:notice',
} as const;

/** What the preload exposes as window.api: small and named, never ipcRenderer itself. */
export interface WindowApi {
  getInfo(): Promise<{ version: string; platform: string }>;
  shareFiles(request: ShareFilesRequest): Promise<{ accepted: number }>;
  sharePasted(request: SharePastedRequest): Promise<{ accepted: number }>;
  /** Opens a link DM Drop made in the browser. */
  openLink(request: { url: string }): Promise<void>;
  checkHealth(request: { id: string }): Promise<HistoryItem | undefined>;
  pickFolder(): Promise<string | undefined>;
  /** Demo mode: the built-in emulator stands in for Dropbox; nothing leaves this computer. */
  startDemo(): Promise<{ ok: boolean }>;
  listHistory(request?: ListHistoryRequest): Promise<HistoryItem[]>;
  /** Copies a history entry's DM text to the clipboard. */
  copyLink(request: { id: string }): Promise<{ copied: boolean }>;
  revokeLink(request: { url: string }): Promise<{ ok: boolean; error?: { code: string; message: string } }>;
  /** Closes the photo's link and deletes the file from the user's storage. */
  deleteFile(request: { id: string }): Promise<{ ok: boolean; error?: { code: string; message: string } }>;
  getSettings(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  listAccounts(): Promise<AccountItem[]>;
  connectAccount(request: { provider: string }): Promise<AccountItem[]>;
  disconnectAccount(request: { provider: string }): Promise<AccountItem[]>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  onHistoryChanged(listener: () => void): () => void;
  /** Things the shell tells the page: a hotkey that could not be registered, a lost sign-in… */
  onNotice(listener: (notice: ShellNotice) => void): () => void;
  /** The path of a dropped file (sandboxed pages have no File.path; webUtils gives it). */
  pathForFile(file: File): string;
}
