// dmdrop login dropbox|drive: connect an account in the browser (OAuth code flow + PKCE, loopback
// redirect); the refresh token goes to the 0600 token file in the data dir.
import { spawn } from 'node:child_process';
import { loginDropbox, revokeDropboxToken, DROPBOX_REDIRECT_PORT } from '../../core/auth/dropbox-login';
import { loginDrive, revokeDriveToken } from '../../core/auth/drive-login';
import { driveClient, dropboxAppKey, SECRET_KEYS, UNSUPPORTED } from '../../core/providers/provider-registry';
import { ProviderIdSchema } from '../../shared/settings-schema';
import { DmDropError } from '../../shared/errors';
import type { CliContext } from '../cli-context';
import { EXIT, UsageError } from '../cli-io';

export async function loginCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const [provider, ...rest] = argv;
  const noBrowser = rest.includes('--no-browser') || ctx.io.env.DMDROP_NO_BROWSER === '1';
  const known = ProviderIdSchema.safeParse(provider);
  if (known.success && UNSUPPORTED[known.data]) throw new DmDropError('PROVIDER_UNSUPPORTED', UNSUPPORTED[known.data]!);
  const port = ctx.io.env.DMDROP_OAUTH_PORT !== undefined ? Number(ctx.io.env.DMDROP_OAUTH_PORT) : DROPBOX_REDIRECT_PORT;
  const openUrl = (name: string) => (url: string) => {
    ctx.io.stderr.write(`Open this page to connect ${name} (it opens by itself where possible):\n${url}\n`);
    if (!noBrowser) openInBrowser(url);
  };
  if (provider === 'drive') {
    const { clientId, clientSecret } = driveClient(ctx.settings.get(), ctx.io.env);
    if (!clientId) {
      throw new UsageError('No Google OAuth client: set DMDROP_DRIVE_CLIENT_ID and DMDROP_DRIVE_CLIENT_SECRET (the README explains how to create one).');
    }
    const account = await loginDrive({ clientId, clientSecret, endpoint: ctx.io.env.DMDROP_DRIVE_ENDPOINT || undefined, port, openUrl: openUrl('Google Drive') });
    await ctx.secrets.set(SECRET_KEYS.driveRefreshToken, account.refreshToken);
    ctx.io.stdout.write('Google Drive is connected.\n');
    return EXIT.ok;
  }
  if (provider !== 'dropbox') throw new UsageError('Usage: dmdrop login dropbox|drive [--no-browser]');
  const appKey = dropboxAppKey(ctx.settings.get(), ctx.io.env);
  if (!appKey) {
    throw new UsageError('No Dropbox app key: set DMDROP_DROPBOX_APP_KEY (the README explains how to create one).');
  }
  const account = await loginDropbox({ appKey, endpoint: ctx.io.env.DMDROP_DROPBOX_ENDPOINT || undefined, port, openUrl: openUrl('Dropbox') });
  await ctx.secrets.set(SECRET_KEYS.dropboxRefreshToken, account.refreshToken);
  ctx.io.stdout.write(`Dropbox is connected${account.accountId ? ` (${account.accountId})` : ''}.\n`);
  return EXIT.ok;
}

export async function logoutCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const provider = argv[0] ?? 'dropbox';
  if (provider === 'drive') {
    const refreshToken = await ctx.secrets.get(SECRET_KEYS.driveRefreshToken);
    if (!refreshToken) {
      ctx.io.stdout.write('Google Drive was not connected.\n');
      return EXIT.ok;
    }
    const { clientId, clientSecret } = driveClient(ctx.settings.get(), ctx.io.env);
    if (clientId) await revokeDriveToken({ clientId, clientSecret, refreshToken, endpoint: ctx.io.env.DMDROP_DRIVE_ENDPOINT || undefined });
    await ctx.secrets.delete(SECRET_KEYS.driveRefreshToken);
    ctx.io.stdout.write('Google Drive is disconnected and DM Drop’s access was revoked.\n');
    return EXIT.ok;
  }
  if (provider !== 'dropbox') throw new UsageError('Usage: dmdrop logout [dropbox|drive]');
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
