// The one list of providers DM Drop knows, and the lookups everything else uses instead of naming
// a provider: by id (an unknown id is an error, never a silent Dropbox), by the link it owns, by the
// secret it keeps. Adding a provider = its folder (descriptor + implementation), one line here,
// and its emulator (emulators/provider-emulators.ts).
import { DmDropError } from '../../shared/errors';
import { dropboxDescriptor } from './dropbox/dropbox-descriptor';
import { driveDescriptor } from './drive/drive-descriptor';
import { isUnsupported, type ProviderDescriptor, type ProviderEntry, type UnsupportedProvider } from './provider-descriptor';

const googlePhotos: UnsupportedProvider = {
  id: 'google-photos',
  name: 'Google Photos',
  unsupported:
    'Google Photos cannot share: Google removed the Library API’s sharing functions on 31 March 2025, so no app can make a Google Photos link any more. Use Google Drive or Dropbox instead.',
};

const icloud: UnsupportedProvider = {
  id: 'icloud',
  name: 'iCloud',
  unsupported: 'iCloud has no public API for making shared links, so DM Drop cannot share through it. Use Google Drive or Dropbox instead.',
};

/** Every provider a user may pick, in the order they are shown. */
export const BUILT_IN_PROVIDERS: readonly ProviderEntry[] = [dropboxDescriptor, driveDescriptor, googlePhotos, icloud];

export function providerEntry(id: string, list: readonly ProviderEntry[] = BUILT_IN_PROVIDERS): ProviderEntry {
  const entry = list.find((p) => p.id === id);
  if (!entry) {
    throw new DmDropError('PROVIDER_UNKNOWN', `DM Drop knows no provider "${id}"; it knows ${list.map((p) => p.id).join(', ')}.`);
  }
  return entry;
}

/** The descriptor of a provider that can be connected and used; PROVIDER_UNSUPPORTED says why not. */
export function connectableProvider(id: string, list: readonly ProviderEntry[] = BUILT_IN_PROVIDERS): ProviderDescriptor {
  const entry = providerEntry(id, list);
  if (isUnsupported(entry)) throw new DmDropError('PROVIDER_UNSUPPORTED', entry.unsupported);
  return entry;
}

export function connectableProviders(list: readonly ProviderEntry[] = BUILT_IN_PROVIDERS): ProviderDescriptor[] {
  return list.filter((p): p is ProviderDescriptor => !isUnsupported(p));
}

/** The name people know a provider by. */
export function providerName(id: string, list: readonly ProviderEntry[] = BUILT_IN_PROVIDERS): string {
  return providerEntry(id, list).name;
}

/** Which provider made this link (for revoking a link the journal does not know). */
export function providerForUrl(url: string, env: NodeJS.ProcessEnv, list: readonly ProviderEntry[] = BUILT_IN_PROVIDERS): ProviderDescriptor {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DmDropError('LINK_NOT_FOUND', `"${url}" is not a link.`);
  }
  const owner = connectableProviders(list).find((p) => p.ownsUrl(parsed, env));
  if (!owner) throw new DmDropError('LINK_NOT_FOUND', `${url} is not a link DM Drop made or can revoke.`);
  return owner;
}

/** The provider whose refresh token is kept under this SecretStore key, if any. */
export function providerForSecret(key: string, list: readonly ProviderEntry[] = BUILT_IN_PROVIDERS): ProviderDescriptor | undefined {
  return connectableProviders(list).find((p) => p.secretKey === key);
}

/** The origins of the emulators this environment points DM Drop at (the browser may open them). */
export function emulatorOrigins(env: NodeJS.ProcessEnv, list: readonly ProviderEntry[] = BUILT_IN_PROVIDERS): string[] {
  return connectableProviders(list)
    .map((p) => env[p.env.endpoint])
    .filter((v): v is string => Boolean(v))
    .map((v) => new URL(v).origin);
}

/** Every consent page a sign-in may open in the browser. */
export function consentPages(list: readonly ProviderEntry[] = BUILT_IN_PROVIDERS): string[] {
  return connectableProviders(list).flatMap((p) => p.consentPages);
}

/** The console pages the bring-your-own-client guide links to (the browser may open them). */
export function clientSetupPages(list: readonly ProviderEntry[] = BUILT_IN_PROVIDERS): string[] {
  return connectableProviders(list).flatMap((p) => p.client.steps('').flatMap((step) => (step.link ? [step.link] : [])));
}
