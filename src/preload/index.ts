// The preload: a small named API over the IPC contract, exposed to the isolated page. It never
// hands out ipcRenderer or a generic invoke/send.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC, type WindowApi } from '../shared/ipc-channels';
import type { ProgressEvent } from '../shared/ipc-contract';

export const api: WindowApi = {
  getInfo: () => ipcRenderer.invoke(IPC.getInfo),
  shareFiles: (request) => ipcRenderer.invoke(IPC.shareFiles, request),
  listHistory: (request = {}) => ipcRenderer.invoke(IPC.listHistory, request),
  onProgress: (listener) => {
    const forward = (_event: IpcRendererEvent, payload: ProgressEvent) => listener(payload);
    ipcRenderer.on(IPC.progress, forward);
    return () => void ipcRenderer.removeListener(IPC.progress, forward);
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('api', api);
