// Channel names and the window.api shape, free of runtime dependencies: the sandboxed preload
// imports this file (it cannot load zod); main validates with the schemas in ipc-contract.ts.
import type { AccountItem, ClientGuide, HistoryItem, ListHistoryRequest, ProgressEvent, SettingsPatch, ShareFilesRequest, SharePastedRequest, ShellNotice, ShowViewEvent } from './ipc-contract';
import type { ErrorInfo } from './errors';
import type { ProviderId, Settings } from './settings-schema';

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
  copyPassword: 'share:copy-password',
  revokeLink: 'history:revoke',
  deleteFile: 'history:delete',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  listAccounts: 'accounts:list',
  connectAccount: 'accounts:connect',
  disconnectAccount: 'accounts:disconnect',
  clientGuide: 'accounts:client-guide',
  saveClient: 'accounts:save-client',
  progress: 'jobs:progress',
  historyChanged: 'history:changed',
  notice: 'shell:notice',
  showView: 'window:show-view',
} as const;

/**
 * What every invoke channel answers. Failures are values: Electron's invoke turns a thrown error
 * into "Error invoking remote method '…': …" and drops its code, so handlers never throw.
 */
export type IpcResult<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorInfo };

/** What the preload exposes as window.api: small and named, never ipcRenderer itself. */
export interface WindowApi {
  getInfo(): Promise<IpcResult<{ version: string; platform: string }>>;
  /** Accepted at once; each photo's result arrives as progress events and in history. */
  shareFiles(request: ShareFilesRequest): Promise<IpcResult<{ accepted: number }>>;
  sharePasted(request: SharePastedRequest): Promise<IpcResult<{ accepted: number }>>;
  /** Opens a link DM Drop made in the browser. */
  openLink(request: { url: string }): Promise<IpcResult>;
  checkHealth(request: { id: string }): Promise<IpcResult<{ item?: HistoryItem }>>;
  /** `folder` is absent when the person cancelled the dialog. */
  pickFolder(): Promise<IpcResult<{ folder?: string }>>;
  /** Demo mode: the built-in emulator stands in for Dropbox; nothing leaves this computer. */
  startDemo(): Promise<IpcResult>;
  listHistory(request?: ListHistoryRequest): Promise<IpcResult<{ items: HistoryItem[] }>>;
  /** Copies a history entry's DM text to the clipboard; `copied` is false when its link is not live. */
  copyLink(request: { id: string }): Promise<IpcResult<{ copied: boolean }>>;
  /** Copies a link's password on its own (never with the DM text), so it can go in another message. */
  copyPassword(request: { password: string }): Promise<IpcResult<{ copied: boolean }>>;
  revokeLink(request: { url: string }): Promise<IpcResult>;
  /** Closes the photo's link and deletes the file from the user's storage. */
  deleteFile(request: { id: string }): Promise<IpcResult>;
  getSettings(): Promise<IpcResult<{ settings: Settings }>>;
  updateSettings(patch: SettingsPatch): Promise<IpcResult<{ settings: Settings }>>;
  listAccounts(): Promise<IpcResult<{ accounts: AccountItem[] }>>;
  connectAccount(request: { provider: ProviderId }): Promise<IpcResult<{ accounts: AccountItem[] }>>;
  disconnectAccount(request: { provider: ProviderId }): Promise<IpcResult<{ accounts: AccountItem[] }>>;
  /** Bringing your own OAuth client: the steps, the fields, the redirect URI, where the client in use comes from. */
  clientGuide(request: { provider: ProviderId }): Promise<IpcResult<{ guide: ClientGuide }>>;
  /** Checks the pasted client with the provider and saves it (`values: {}` removes it). */
  saveClient(request: { provider: ProviderId; values: Record<string, string> }): Promise<IpcResult<{ guide: ClientGuide }>>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  onHistoryChanged(listener: () => void): () => void;
  /** Things the shell tells the page: a hotkey that could not be registered, a lost sign-in… */
  onNotice(listener: (notice: ShellNotice) => void): () => void;
  /** The shell opened the window on a view (the tray's "Show Last Link as QR Code"). */
  onShowView(listener: (event: ShowViewEvent) => void): () => void;
  /** The path of a dropped file (sandboxed pages have no File.path; webUtils gives it). */
  pathForFile(file: File): string;
}

/** The window.api methods that are invoke channels (the rest are push channels and webUtils). */
export type InvokeApi = Omit<WindowApi, 'onProgress' | 'onHistoryChanged' | 'onNotice' | 'onShowView' | 'pathForFile'>;
