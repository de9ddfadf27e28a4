// Accounts: the providers and their state, connecting one in the system browser and disconnecting
// it (its token revoked), and bringing your own OAuth client (the guide); the tray's provider menu follows.
import { connectAccount, disconnectAccount } from '../../core/auth/accounts';
import { clientGuide, saveClient } from '../../core/auth/client-setup';
import type { BuiltInClients } from '../../core/providers/oauth-client';
import type { SecretStore } from '../../core/ports/secret-store';
import type { SettingsPort } from '../../core/ports/settings-store';
import { listProviders } from '../../core/providers/provider-catalog';
import type { ShellServices } from '../ipc/window-actions';

export interface AccountsDeps {
  settings: Pick<SettingsPort, 'get' | 'update'>;
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
  /** The OAuth clients built into this copy (oauth-clients.json); none in a self-built copy. */
  builtInClients?: BuiltInClients;
  openExternal(url: string): Promise<void>;
  /** An account changed: the tray shows it. */
  changed(): void;
}

export function setupAccounts(deps: AccountsDeps): ShellServices['accounts'] {
  const { openExternal } = deps;
  const context = () => ({ settings: deps.settings.get(), secrets: deps.secrets, env: deps.env, builtInClients: deps.builtInClients });
  return {
    list: () => listProviders(deps.settings.get(), deps.secrets, deps.env, undefined, deps.builtInClients),
    async connect(id) {
      await connectAccount(id, context(), openExternal);
      deps.changed();
    },
    async disconnect(id) {
      await disconnectAccount(id, context());
      deps.changed();
    },
    clientGuide: (id) => clientGuide(id, deps),
    saveClient: (id, values) => saveClient(id, values, deps),
  };
}
