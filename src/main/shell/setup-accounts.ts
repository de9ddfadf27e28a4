// Accounts: the providers and their state, connecting one in the system browser and disconnecting
// it (its token revoked); the tray's provider menu follows.
import { connectAccount, disconnectAccount } from '../../core/auth/accounts';
import type { SecretStore } from '../../core/ports/secret-store';
import type { SettingsPort } from '../../core/ports/settings-store';
import { listProviders } from '../../core/providers/provider-catalog';
import type { ShellServices } from '../ipc/window-actions';

export interface AccountsDeps {
  settings: Pick<SettingsPort, 'get'>;
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
  openExternal(url: string): Promise<void>;
  /** An account changed: the tray shows it. */
  changed(): void;
}

export function setupAccounts(deps: AccountsDeps): ShellServices['accounts'] {
  const { openExternal } = deps;
  const context = () => ({ settings: deps.settings.get(), secrets: deps.secrets, env: deps.env });
  return {
    list: () => listProviders(deps.settings.get(), deps.secrets, deps.env),
    async connect(id) {
      await connectAccount(id, context(), openExternal);
      deps.changed();
    },
    async disconnect(id) {
      await disconnectAccount(id, context());
      deps.changed();
    },
  };
}
