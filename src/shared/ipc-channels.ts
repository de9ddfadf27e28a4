// Channel names and the window.api shape, free of runtime dependencies: the sandboxed preload
// imports this file (it cannot load zod); main validates with the schemas in ipc-contract.ts.
import type { HistoryItem, ListHistoryRequest, ProgressEvent, ShareFilesRequest } from './ipc-contract';

export const IPC = {
  getInfo: 'app:get-info',
  shareFiles: 'share:files',
  listHistory: 'history:list',
  progress: 'jobs:progress',
} as const;

/** What the preload exposes as window.api: small and named, never ipcRenderer itself. */
export interface WindowApi {
  getInfo(): Promise<{ version: string; platform: string }>;
  shareFiles(request: ShareFilesRequest): Promise<{ accepted: number }>;
  listHistory(request?: ListHistoryRequest): Promise<HistoryItem[]>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /** The path of a dropped file (sandboxed pages have no File.path; webUtils gives it). */
  pathForFile(file: File): string;
}
