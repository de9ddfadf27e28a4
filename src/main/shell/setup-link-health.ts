// Link health in the app: core's LinkHealth checks live links in the background on the clock; a
// link whose health changed makes the page reload its history.
import type { Engine } from '../../core/engine/engine';
import { LinkHealth } from '../../core/links/link-health';
import type { Logger } from '../../core/logging/rotating-log';
import { systemClock, type Clock } from '../../core/ports/clock';
import { IPC } from '../../shared/ipc-contract';
import type { WindowHandle } from './setup-window';

export interface LinkHealthDeps {
  engine: Pick<Engine, 'history' | 'checkLink' | 'on'>;
  window: Pick<WindowHandle, 'send'>;
  log: Pick<Logger, 'warn'>;
  clock?: Clock;
  maxAgeMs?: number;
  spacingMs?: number;
}

export function setupLinkHealth(deps: LinkHealthDeps): LinkHealth {
  return new LinkHealth({
    engine: deps.engine,
    clock: deps.clock ?? systemClock,
    maxAgeMs: deps.maxAgeMs,
    spacingMs: deps.spacingMs,
    onChecked: (_id, _record, changed) => changed && deps.window.send(IPC.historyChanged),
    onError: (error) => deps.log.warn('link check failed', error),
  });
}
