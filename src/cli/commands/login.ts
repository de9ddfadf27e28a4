// dmdrop login <provider> / logout [provider]: connect an account in the browser (OAuth code flow
// + PKCE, loopback redirect); the refresh token goes to the OS keychain, or, where none answers, to
// the 0600 token file only when --plaintext-token (or allowUnencryptedTokens) says so. Logout
// revokes the token at the provider, then deletes it.
import { spawn } from 'node:child_process';
import { connectAccount, disconnectAccount } from '../../core/auth/accounts';
import { BUILT_IN_PROVIDERS, connectableProviders, providerName } from '../../core/providers/provider-list';
import type { CliContext } from '../cli-context';
import { EXIT, UsageError } from '../cli-io';
import { noKeychainError } from '../cli-secrets';

/** Any provider in the list; one that cannot be connected is told why by connectAccount. */
function providerArg(value: string | undefined, usage: string): string {
  if (!BUILT_IN_PROVIDERS.some((p) => p.id === value)) throw new UsageError(usage);
  return value!;
}

const ids = connectableProviders().map((p) => p.id).join('|');
export const LOGIN_USAGE = `dmdrop login ${ids} [--no-browser] [--plaintext-token]`;
export const LOGOUT_USAGE = `dmdrop logout [${ids}]`;

export async function loginCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const provider = providerArg(name, `Usage: ${LOGIN_USAGE}`);
  const noBrowser = rest.includes('--no-browser') || ctx.io.env.DMDROP_NO_BROWSER === '1';
  const deps = { settings: ctx.settings.get(), secrets: await tokenStore(ctx, rest.includes('--plaintext-token')), env: ctx.io.env, builtInClients: ctx.builtInClients };
  const account = await connectAccount(provider, deps, (url) => {
    ctx.io.stderr.write(`Open this page to connect ${providerName(provider)} (it opens by itself where possible):\n${url}\n`);
    if (!noBrowser) openInBrowser(url);
  });
  ctx.io.stdout.write(`${account.name} is connected${account.accountId ? ` (${account.accountId})` : ''}.\n`);
  return EXIT.ok;
}

/** Refused before the browser opens, so nobody consents to a sign-in that cannot be kept. */
async function tokenStore(ctx: CliContext, plaintextFlag: boolean) {
  const tokens = await ctx.tokens();
  if (tokens.kind === 'keychain') return tokens.store;
  if (!plaintextFlag && !ctx.settings.get().allowUnencryptedTokens) throw noKeychainError(tokens.reason, ctx.dataDir);
  ctx.io.stderr.write('No keychain answered: the sign-in goes to the token file in the data folder, readable by you only, as asked.\n');
  return tokens.plaintext();
}

export async function logoutCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const provider = providerArg(argv[0] ?? 'dropbox', `Usage: ${LOGOUT_USAGE}`);
  const deps = { settings: ctx.settings.get(), secrets: ctx.secrets, env: ctx.io.env, builtInClients: ctx.builtInClients };
  const name = providerName(provider);
  const was = await disconnectAccount(provider, deps);
  ctx.io.stdout.write(was ? `${name} is disconnected and DM Drop’s access was revoked.\n` : `${name} was not connected.\n`);
  return EXIT.ok;
}

function openInBrowser(url: string) {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined); // no opener: the printed URL is enough
  child.unref();
}
