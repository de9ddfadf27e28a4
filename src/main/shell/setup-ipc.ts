// The page's requests: the window's actions over the engine and the shell's features, registered on the IPC manager
// (payloads parsed, senders checked: ipc/register-ipc.ts).
import type { Engine } from '../../core/engine/engine';
import type { ProgressEvent } from '../../shared/ipc-contract';
import { createWindowActions, type ShellServices } from '../ipc/window-actions';
import { registerIpc } from '../ipc/register-ipc';
import type { ShellElectron } from './app-shell';

export interface IpcDeps {
  electron: Pick<ShellElectron, 'ipcMain' | 'app'>;
  engine: Engine;
  platform: NodeJS.Platform;
  isOwnUrl: (url: string) => boolean;
  isOwnFrame: Parameters<typeof registerIpc>[0]['isOwnFrame'];
  shell: ShellServices;
  onProgress(event: ProgressEvent): void;
}

export function setupIpc(deps: IpcDeps): void {
  const actions = createWindowActions(deps.engine, deps.shell, deps.onProgress);
  registerIpc({ ipcMain: deps.electron.ipcMain, actions, isOwnUrl: deps.isOwnUrl, isOwnFrame: deps.isOwnFrame, info: { version: deps.electron.app.getVersion(), platform: deps.platform } });
}
