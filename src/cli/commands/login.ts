// dmdrop login dropbox: connect an account in the browser (OAuth code flow + PKCE, loopback
// redirect); the refresh token goes to the 0600 token file in the data dir.
import { spawn } from 'node:child_process';
import { loginDropbox, revokeDropboxToken, DROPBOX_REDIRECT_PORT } from '../../core/auth/dropbox-login';
import { dropboxAppKey, SECRET_KEYS } from '../../core/providers/provider-registry';
import { DmDropError } from '../../shared/errors';
import type { CliContext } from '../cli-context';
import { EXIT, UsageError } from '../cli-io';

export async function loginCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const [provider, ...rest] = argv;
  const noBrowser = rest.includes('--no-browser') || ctx.io.env.DMDROP_NO_BROWSER === '1';
  if (provider === 'google-photos' || provider === 'icloud' || provider === 'drive') {
    throw new DmDropError('PROVIDER_UNSUPPORTED', `Connecting ${provider} is not possible in this version; use \`dmdrop login dropbox\`.`);
  }
  if (provider !== 'dropbox') throw new UsageError('Usage: dmdrop login dropbox [--no-browser]');
  const appKey = dropboxAppKey(ctx.settings.get(), ctx.io.env);
  if (!appKey) {
    throw new UsageError('No Dropbox app key: set DMDROP_DROPBOX_APP_KEY (the README explains how to create one).');
  }
  const port = ctx.io.env.DMDROP_OAUTH_PORT !== undefined ? Number(ctx.io.env.DMDROP_OAUTH_PORT) : DROPBOX_REDIRECT_PORT;
  const account = await loginDropbox({
    appKey,
    endpoint: ctx.io.env.DMDROP_DROPBOX_ENDPOINT || undefined,
    port,
    openUrl: (url) => {
      ctx.io.stderr.write(`Open this page to connect Dropbox (it opens by itself where possible):\n${url}\n`);
      if (!noBrowser) openInBrowser(url);
    },
  });
  await ctx.secrets.set(SECRET_KEYS.dropboxRefreshToken, account.refreshToken);
  ctx.io.stdout.write(`Dropbox is connected${account.accountId ? ` (${account.accountId})` : ''}.\n`);
  return EXIT.ok;
}

export async function logoutCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const provider = argv[0] ?? 'dropbox';
  if (provider !== 'dropbox') throw new UsageError('Usage: dmdrop logout [dropbox]');
  const refreshToken = await ctx.secrets.get(SECRET_KEYS.dropboxRefreshToken);
  if (!refreshToken) {
    ctx.io.stdout.write('Dropbox was not connected.\n');
    return EXIT.ok;
  }
  const appKey = dropboxAppKey(ctx.settings.get(), ctx.io.env);
  if (appKey) await revokeDropboxToken({ appKey, refreshToken, endpoint: ctx.io.env.DMDROP_DROPBOX_ENDPOINT || undefined });
  await ctx.secrets.delete(SECRET_KEYS.dropboxRefreshToken);
  ctx.io.stdout.write('Dropbox is disconnected and DM Drop’s access was revoked.\n');
  return EXIT.ok;
}

function openInBrowser(url: string) {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined); // no opener: the printed URL is enough
  child.unref();
}
