// Upload progress on a terminal: one redrawn line on stderr, only for uploads big enough to wait
// for, and never when stderr is not a TTY (scripts get clean output).
import { basename } from 'node:path';
import { formatBytes } from '../shared/format-bytes';
import type { EngineEvent } from '../core/engine/engine-events';
import type { CliIo } from './cli-io';

const MIN_BYTES = 1_000_000;

export function createProgressBar(io: CliIo): { onEvent(event: EngineEvent): void; clear(): void } {
  const stream = io.stderr;
  const active = new Map<string, { file: string; sent: number; total: number }>();
  let drawn = false;
  const draw = () => {
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    const parts = [...active.values()].map((u) => {
      const pct = Math.floor((u.sent / u.total) * 100);
      return `${basename(u.file)} ${pct}% of ${formatBytes(u.total)}`;
    });
    stream.write(`\r\x1b[2K${('Uploading ' + parts.join(', ')).slice(0, width)}`);
    drawn = true;
  };
  const clear = () => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    clear,
    onEvent(event) {
      if (!stream.isTTY || event.type !== 'progress') return;
      if (event.stage === 'uploading' && event.total && event.total >= MIN_BYTES) {
        active.set(event.jobId, { file: event.file, sent: event.sent ?? 0, total: event.total });
        draw();
      } else if (active.delete(event.jobId)) {
        if (active.size) draw();
        else clear();
      }
    },
  };
}
