// The preload: a small named API over the IPC contract, exposed to the isolated page. It never
// hands out ipcRenderer or a generic invoke/send.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC, type WindowApi } from '../shared/ipc-channels';

/** Subscribes to one push channel; the page gets only the payload, never the event (or its sender). */
function subscribe<T>(channel: string, listener: (payload: T) => void): () => void {
  const forward = (_event: IpcRendererEvent, payload: T) => listener(payload);
  ipcRenderer.on(channel, forward);
  return () => void ipcRenderer.removeListener(channel, forward);
}

export const api: WindowApi = {
  getInfo: () => ipcRenderer.invoke(IPC.getInfo),
  shareFiles: (request) => ipcRenderer.invoke(IPC.shareFiles, request),
  sharePasted: (request) => ipcRenderer.invoke(IPC.sharePasted, request),
  openLink: (request) => ipcRenderer.invoke(IPC.openLink, request),
  checkHealth: (request) => ipcRenderer.invoke(IPC.checkHealth, request),
  pickFolder: () => ipcRenderer.invoke(IPC.pickFolder),
  startDemo: () => ipcRenderer.invoke(IPC.startDemo),
  listHistory: (request = {}) => ipcRenderer.invoke(IPC.listHistory, request),
  copyLink: (request) => ipcRenderer.invoke(IPC.copyLink, request),
  copyPassword: (request) => ipcRenderer.invoke(IPC.copyPassword, request),
  revokeLink: (request) => ipcRenderer.invoke(IPC.revokeLink, request),
  deleteFile: (request) => ipcRenderer.invoke(IPC.deleteFile, request),
  getSettings: () => ipcRenderer.invoke(IPC.getSettings),
  updateSettings: (patch) => ipcRenderer.invoke(IPC.updateSettings, patch),
  listAccounts: () => ipcRenderer.invoke(IPC.listAccounts),
  connectAccount: (request) => ipcRenderer.invoke(IPC.connectAccount, request),
  disconnectAccount: (request) => ipcRenderer.invoke(IPC.disconnectAccount, request),
  clientGuide: (request) => ipcRenderer.invoke(IPC.clientGuide, request),
  saveClient: (request) => ipcRenderer.invoke(IPC.saveClient, request),
  onProgress: (listener) => subscribe(IPC.progress, listener),
  onHistoryChanged: (listener) => subscribe(IPC.historyChanged, () => listener()),
  onNotice: (listener) => subscribe(IPC.notice, listener),
  onShowView: (listener) => subscribe(IPC.showView, listener),
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('api', api);
