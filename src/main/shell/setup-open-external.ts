// The system browser opens only the providers' consent pages and links DM Drop made.
import type { Engine } from '../../core/engine/engine';
import type { Logger } from '../../core/logging/rotating-log';
import type { ShellElectron } from './app-shell';
import { emulatorOrigins } from '../../core/providers/provider-list';
import { isAllowedExternal } from './external-links';

export interface OpenExternalDeps {
  shell: ShellElectron['shell'];
  engine: Pick<Engine, 'history'>;
  env: NodeJS.ProcessEnv;
  log: Pick<Logger, 'warn'>;
}

export function setupOpenExternal(deps: OpenExternalDeps): (url: string) => Promise<void> {
  return async (url) => {
    const own = deps.engine.history().flatMap((e) => [e.url, e.directUrl].filter((v): v is string => Boolean(v)));
    if (!isAllowedExternal(url, { ownLinks: own, emulatorOrigins: emulatorOrigins(deps.env) })) {
      deps.log.warn('refused to open an external URL');
      return;
    }
    await deps.shell.openExternal(url);
  };
}
