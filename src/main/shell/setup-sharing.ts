// Sharing from the shell: files (the window, the tray, a launch) and pasted images go to the
// engine; its progress goes to the tray and the page, and what went wrong is said once: a photo
// waiting for the network is announced once, not at every automatic retry.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../../core/engine/engine';
import type { Logger } from '../../core/logging/rotating-log';
import { parseExpiry } from '../../shared/expiry';
import { retryKindOf } from '../../shared/retry-kind';
import { IPC, type ProgressEvent } from '../../shared/ipc-contract';
import { reportRefusedBatch, type ShareChoices } from '../ipc/window-actions';
import type { Notifications } from './setup-notifications';
import type { WindowHandle } from './setup-window';
import type { TrayHandle } from './setup-tray';


export interface SharingDeps {
  engine: Engine;
  dataDir: string;
  log: Pick<Logger, 'warn' | 'error'>;
  window: Pick<WindowHandle, 'send' | 'notice'>;
  tray: Pick<TrayHandle, 'uploading' | 'needsAttention' | 'refresh'>;
  notifications: Pick<Notifications, 'notify'>;
}

export interface Sharing {
  /** Settles (never rejects) once the photos' outcomes are known, or the share was refused and said. */
  share(paths: string[], choices?: ShareChoices): Promise<void>;
  /** Pasted images get a file of their own in the data dir (never next to the person's files). */
  sharePasted(data: Uint8Array, type: string, choices: ShareChoices): Promise<void>;
  /** The engine's progress, for the tray and the page. */
  onProgress(event: ProgressEvent): void;
}

export function setupSharing(deps: SharingDeps): Sharing {
  const { engine, log, window, tray } = deps;
  const { notify } = deps.notifications;
  const share = async (paths: string[], choices: ShareChoices = {}): Promise<void> => {
    if (paths.length === 0) return;
    const options = {
      caption: choices.caption,
      maxEdge: choices.maxEdge,
      expiresAt: choices.expires ? parseExpiry(choices.expires, Date.now()) : undefined,
      password: choices.password,
    };
    const run = choices.album ? engine.shareAlbum(paths, { ...options, name: choices.album.name }) : engine.share(paths, options);
    return run.then(
      () => undefined,
      (error: unknown) => {
        log.error('share refused', error);
        reportRefusedBatch(paths, error, (event) => window.send(IPC.progress, event));
        tray.needsAttention();
        notify('Could not share', (error as Error).message);
      },
    );
  };

  const waitingForNetwork = new Set<string>(); // jobs already announced as waiting for the network
  engine.on((event) => {
    if (event.type === 'progress') return void (event.stage === 'queued' || event.stage === 'done' || event.stage === 'failed' ? tray.refresh() : undefined);
    if (event.type === 'outcome' && event.outcome.ok) waitingForNetwork.delete(event.outcome.jobId);
    if (event.type === 'outcome' && !event.outcome.ok) {
      tray.needsAttention();
      const { code, message } = event.outcome.error;
      log.warn(`share failed: ${code}`, message);
      if (code === 'AUTH_EXPIRED') window.notice({ kind: 'auth-expired', message });
      const jobId = event.outcome.jobId;
      if (retryKindOf(code) !== 'automatic') notify('A photo was not shared', message);
      // Said once per photo: the automatic retries that fail while offline stay quiet.
      else if (!jobId || !waitingForNetwork.has(jobId)) {
        if (jobId) waitingForNetwork.add(jobId);
        notify('A photo was not shared', `${message} DM Drop will try again by itself when the connection is back.`);
      }
    }
    window.send(IPC.historyChanged);
    void tray.refresh();
  });

  return {
    share,
    async sharePasted(data, type, choices) {
      const dir = join(deps.dataDir, 'pasted');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const path = join(dir, `pasted-${randomUUID().slice(0, 8)}.${type.split('/')[1]!.replace('jpeg', 'jpg')}`);
      await writeFile(path, data, { mode: 0o600 });
      void share([path], choices);
    },
    onProgress(event) {
      tray.uploading(event.jobId, event.stage !== 'done' && event.stage !== 'failed');
      window.send(IPC.progress, event);
    },
  };
}
