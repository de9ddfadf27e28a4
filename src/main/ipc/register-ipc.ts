// The IPC manager: one handler per contract channel; every payload is validated with the
// contract's zod schema and every sender must be the main frame of one of our windows showing our
// own page. Every handler answers with a result value and never throws: Electron's invoke keeps
// only a thrown error's message, so its code would be lost on the way to the page.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import { toErrorInfo, type ErrorCode } from '../../shared/errors';
import type { IpcResult } from '../../shared/ipc-channels';
import { AccountRequest, CopyLinkRequest, CopyPasswordRequest, HealthRequest, IPC, ListHistoryRequest, OpenLinkRequest, RevokeLinkRequest, SaveClientRequest, SettingsPatch, ShareFilesRequest, SharePastedRequest } from '../../shared/ipc-contract';
import type { WindowActions } from './window-actions';

export interface IpcDeps {
  ipcMain: Pick<IpcMain, 'handle'>;
  actions: WindowActions;
  /** True when the URL is our own renderer (the built file or the dev server). */
  isOwnUrl: (url: string) => boolean;
  /** True when the frame is the main frame of one of our windows. */
  isOwnFrame: (event: IpcMainInvokeEvent) => boolean;
  info: { version: string; platform: string };
}

const failed = (code: ErrorCode, message: string) => ({ ok: false, error: { code, message } }) as const;

export function registerIpc(deps: IpcDeps): void {
  const guard =
    <S extends z.ZodType, T extends object>(schema: S | undefined, run: (payload: z.infer<S>) => Promise<IpcResult<T>>) =>
    async (event: IpcMainInvokeEvent, payload: unknown): Promise<IpcResult<T>> => {
      const url = event.senderFrame?.url ?? '';
      if (!deps.isOwnFrame(event) || !deps.isOwnUrl(url)) {
        return failed('SENDER_REJECTED', 'IPC from a frame that is not DM Drop’s own page was rejected.');
      }
      const parsed = schema?.safeParse(payload);
      if (parsed && !parsed.success) {
        return failed('INVALID_REQUEST', `DM Drop’s window sent a request the app does not accept: ${parsed.error.issues[0]?.message ?? 'malformed'}.`);
      }
      try {
        return await run(parsed?.data as z.infer<S>);
      } catch (error) {
        // A DmDropError keeps its code and sentence; anything else becomes INTERNAL with a plain one.
        return { ok: false, error: toErrorInfo(error) };
      }
    };
  const { actions } = deps;
  deps.ipcMain.handle(IPC.getInfo, guard(undefined, async () => ({ ok: true, ...deps.info })));
  deps.ipcMain.handle(IPC.shareFiles, guard(ShareFilesRequest, (request) => actions.shareFiles(request)));
  deps.ipcMain.handle(IPC.sharePasted, guard(SharePastedRequest, (request) => actions.sharePasted(request)));
  deps.ipcMain.handle(IPC.openLink, guard(OpenLinkRequest, (request) => actions.openLink(request)));
  deps.ipcMain.handle(IPC.checkHealth, guard(HealthRequest, (request) => actions.checkHealth(request)));
  deps.ipcMain.handle(IPC.pickFolder, guard(undefined, () => actions.pickFolder()));
  deps.ipcMain.handle(IPC.startDemo, guard(undefined, () => actions.startDemo()));
  deps.ipcMain.handle(IPC.listHistory, guard(ListHistoryRequest, (request) => actions.listHistory(request ?? {})));
  deps.ipcMain.handle(IPC.copyLink, guard(CopyLinkRequest, (request) => actions.copyLink(request)));
  deps.ipcMain.handle(IPC.copyPassword, guard(CopyPasswordRequest, (request) => actions.copyPassword(request)));
  deps.ipcMain.handle(IPC.revokeLink, guard(RevokeLinkRequest, (request) => actions.revokeLink(request)));
  deps.ipcMain.handle(IPC.deleteFile, guard(CopyLinkRequest, (request) => actions.deleteFile(request)));
  deps.ipcMain.handle(IPC.getSettings, guard(undefined, () => actions.getSettings()));
  deps.ipcMain.handle(IPC.updateSettings, guard(SettingsPatch, (patch) => actions.updateSettings(patch)));
  deps.ipcMain.handle(IPC.listAccounts, guard(undefined, () => actions.listAccounts()));
  deps.ipcMain.handle(IPC.connectAccount, guard(AccountRequest, (request) => actions.connectAccount(request)));
  deps.ipcMain.handle(IPC.disconnectAccount, guard(AccountRequest, (request) => actions.disconnectAccount(request)));
  deps.ipcMain.handle(IPC.clientGuide, guard(AccountRequest, (request) => actions.clientGuide(request)));
  deps.ipcMain.handle(IPC.saveClient, guard(SaveClientRequest, (request) => actions.saveClient(request)));
}
