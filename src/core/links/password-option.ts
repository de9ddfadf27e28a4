// The rules of a link password, checked before anything is queued or uploaded: a provider that
// cannot protect a link anyone can open (Google Drive) says so instead of making an open link, and
// an album (a folder link) is not offered one yet. The password itself never reaches the journal.
import { DmDropError } from '../../shared/errors';
import type { Provider } from '../providers/provider';

export function checkPasswordOption(provider: Pick<Provider, 'displayName' | 'passwordLinks'>, password: string | undefined, album?: unknown): void {
  if (password === undefined) return;
  if (!password) throw new DmDropError('USAGE', 'The link password is empty; type at least one character.');
  if (!provider.passwordLinks) {
    throw new DmDropError(
      'PASSWORD_LINKS_UNAVAILABLE',
      `${provider.displayName} cannot put a password on a link that anyone can open, so DM Drop shares nothing rather than an open link. Share without a password, or use a paid Dropbox account.`,
    );
  }
  if (album) throw new DmDropError('USAGE', 'Album links cannot carry a password yet; share the photos one by one with a password, or the album without one.');
}

export function passwordNotKept(file: string): DmDropError {
  return new DmDropError(
    'PASSWORD_NOT_KEPT',
    `${file} was to be shared behind a password, which DM Drop never writes to disk, so this resumed share cannot set or check it; share the photo again with its password.`,
  );
}
