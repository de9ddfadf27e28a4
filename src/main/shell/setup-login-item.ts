// Start at login: the OS is told only when the setting changes (and once at start, to match the
// OS to the setting); a failure is told, never silent.
import type { Logger } from '../../core/logging/rotating-log';
import type { LoginItem } from './login-item';

export interface LoginItemDeps {
  /** Absent in development runs and the self-test, which must never register one. */
  loginItem?: LoginItem;
  log: Pick<Logger, 'error'>;
  tell(title: string, body: string): void;
}

export function setupLoginItem(deps: LoginItemDeps): { apply(enabled: boolean): void } {
  let applied: boolean | undefined;
  return {
    apply(enabled) {
      if (!deps.loginItem || enabled === applied) return;
      applied = enabled;
      deps.loginItem.set(enabled).catch((error: unknown) => {
        deps.log.error('start at login could not be changed', error);
        deps.tell('Start at login', `DM Drop could not ${enabled ? 'add itself to' : 'remove itself from'} the programs started at login: ${(error as Error).message}`);
      });
    },
  };
}
