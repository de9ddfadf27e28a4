// The IPC manager: one handler per contract channel; every payload is validated with the
// contract's zod schema and every sender must be the main frame of one of our windows showing our
// own page. Anything else is rejected without effect.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import { AccountRequest, CopyLinkRequest, HealthRequest, IPC, ListHistoryRequest, OpenLinkRequest, RevokeLinkRequest, SettingsPatch, ShareFilesRequest, SharePastedRequest } from '../../shared/ipc-contract';
import type { EngineFacade } from '../engine-facade';

export interface IpcDeps {
  ipcMain: Pick<IpcMain, 'handle'>;
  engine: EngineFacade;
  /** True when the URL is our own renderer (the built file or the dev server). */
  isOwnUrl: (url: string) => boolean;
  /** True when the frame is the main frame of one of our windows. */
  isOwnFrame: (event: IpcMainInvokeEvent) => boolean;
  info: { version: string; platform: string };
}

export class IpcRejected extends Error {}

export function registerIpc(deps: IpcDeps): void {
  const guard =
    <S extends z.ZodType, R>(schema: S | undefined, run: (payload: z.infer<S>) => Promise<R> | R) =>
    async (event: IpcMainInvokeEvent, payload: unknown): Promise<R> => {
      const url = event.senderFrame?.url ?? '';
      if (!deps.isOwnFrame(event) || !deps.isOwnUrl(url)) {
        throw new IpcRejected('IPC from a frame that is not DM Drop’s own page was rejected.');
      }
      if (!schema) return run(undefined as z.infer<S>);
      const parsed = schema.safeParse(payload);
      if (!parsed.success) throw new IpcRejected(`Invalid request: ${parsed.error.issues[0]?.message ?? 'malformed'}.`);
      return run(parsed.data);
    };
  const { engine } = deps;
  deps.ipcMain.handle(IPC.getInfo, guard(undefined, () => deps.info));
  deps.ipcMain.handle(IPC.shareFiles, guard(ShareFilesRequest, (request) => engine.shareFiles(request)));
  deps.ipcMain.handle(IPC.sharePasted, guard(SharePastedRequest, (request) => engine.sharePasted(request)));
  deps.ipcMain.handle(IPC.openLink, guard(OpenLinkRequest, (request) => engine.openLink(request)));
  deps.ipcMain.handle(IPC.checkHealth, guard(HealthRequest, (request) => engine.checkHealth(request)));
  deps.ipcMain.handle(IPC.pickFolder, guard(undefined, () => engine.pickFolder()));
  deps.ipcMain.handle(IPC.startDemo, guard(undefined, () => engine.startDemo()));
  deps.ipcMain.handle(IPC.listHistory, guard(ListHistoryRequest, (request) => engine.listHistory(request ?? {})));
  deps.ipcMain.handle(IPC.copyLink, guard(CopyLinkRequest, (request) => engine.copyLink(request)));
  deps.ipcMain.handle(IPC.revokeLink, guard(RevokeLinkRequest, (request) => engine.revokeLink(request)));
  deps.ipcMain.handle(IPC.deleteFile, guard(CopyLinkRequest, (request) => engine.deleteFile(request)));
  deps.ipcMain.handle(IPC.getSettings, guard(undefined, () => engine.getSettings()));
  deps.ipcMain.handle(IPC.updateSettings, guard(SettingsPatch, (patch) => engine.updateSettings(patch)));
  deps.ipcMain.handle(IPC.listAccounts, guard(undefined, () => engine.listAccounts()));
  deps.ipcMain.handle(IPC.connectAccount, guard(AccountRequest, (request) => engine.connectAccount(request.provider)));
  deps.ipcMain.handle(IPC.disconnectAccount, guard(AccountRequest, (request) => engine.disconnectAccount(request.provider)));
}
