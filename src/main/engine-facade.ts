// What the IPC handlers need from the engine, kept narrow so the shell stays thin and testable.
import type { HistoryItem, ListHistoryRequest, ProgressEvent, ShareFilesRequest } from '../shared/ipc-contract';
import type { Engine } from '../core/engine/engine';
import { toErrorInfo } from '../shared/errors';

export interface EngineFacade {
  shareFiles(request: ShareFilesRequest): Promise<{ accepted: number }>;
  listHistory(request: ListHistoryRequest): Promise<HistoryItem[]>;
}

export function createEngineFacade(engine: Engine, onProgress: (event: ProgressEvent) => void): EngineFacade {
  engine.on((event) => {
    if (event.type === 'progress') onProgress({ jobId: event.jobId, file: event.file, stage: event.stage, sent: event.sent, total: event.total });
    else if (event.type === 'outcome' && !event.outcome.ok) onProgress({ jobId: event.outcome.jobId ?? event.outcome.file, file: event.outcome.file, stage: 'failed', error: event.outcome.error });
  });
  return {
    async shareFiles(request) {
      // Accepted at once; results arrive as progress events and in history. A batch refused as a
      // whole (no account connected, say) is reported per file, never left as an unhandled rejection.
      engine.share(request.paths, { caption: request.caption, maxEdge: request.maxEdge }).catch((error: unknown) => {
        const info = toErrorInfo(error);
        request.paths.forEach((file, i) => onProgress({ jobId: `rejected-${Date.now()}-${i}`, file, stage: 'failed', error: info }));
      });
      return { accepted: request.paths.length };
    },
    async listHistory(request) {
      return engine.history().slice(0, request.limit ?? 100).map(({ id, file, url, directUrl, status, createdAt }) => ({ id, file, url, directUrl, status, createdAt }));
    },
  };
}
