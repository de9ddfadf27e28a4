// The OAuth client a provider signs in with, and where it comes from: the environment, then the
// settings (a person who brought their own), then the one built into this copy of DM Drop at build
// time (oauth-clients.json). That order is decided here and nowhere else. A client is one unit: its
// fields all come from the same place, so a person's client id is never sent with DM Drop's secret.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DmDropError } from '../../shared/errors';
import type { Settings } from '../../shared/settings-schema';
import { unlessMissingSync } from '../storage/unless-missing';

/** One value of a provider's OAuth client (an app key, a client id, a client secret). */
export interface ClientField {
  /** Its name in the provider's settings section and in the built-in file. */
  readonly key: string;
  /** The environment variable that overrides it (CI, the emulator's printed env). */
  readonly env: string;
  /** Its name for a person, as the provider's console shows it. */
  readonly label: string;
  /** What a well-formed value looks like; checked before the provider is asked. */
  readonly pattern: RegExp;
  /** What to copy, said when the value does not look right. */
  readonly hint: string;
}

/** One step of bringing your own client; `link` is the console page it happens on. */
export interface ClientStep {
  readonly text: string;
  readonly link?: string;
}

/** The OAuth client a provider needs, and how a person brings their own. */
export interface ClientSpec {
  /** The first field names the client (its presence decides the source); the rest belong with it. */
  readonly fields: readonly ClientField[];
  /** The steps in the provider's console, in order. */
  steps(redirectUri: string): readonly ClientStep[];
  /** The redirect URI this copy of DM Drop signs in with, exactly as the console should have it. */
  redirectUri(settings: Settings, env: NodeJS.ProcessEnv): string;
  /** Is a redirect URI registered in the console (Dropbox), or is any loopback address accepted (Google)? */
  readonly registerRedirect: boolean;
  /** Asks the provider, without any account, whether it knows this client; OAUTH_CLIENT_INVALID if not. */
  check(values: Record<string, string>, env: NodeJS.ProcessEnv): Promise<void>;
}

/** The clients built into this copy: provider id → field key → value. Empty for a self-built copy. */
export type BuiltInClients = Readonly<Record<string, Readonly<Record<string, string>>>>;

export const BuiltInClientsSchema = z.record(z.string(), z.record(z.string(), z.string().min(1)));

/** The file the build writes next to the main bundle (out/main/) and the app and the CLI read. */
export const BUILT_IN_CLIENTS_FILE = 'oauth-clients.json';

export type ClientSource = 'environment' | 'settings' | 'built-in';

export interface ResolvedClient {
  source: ClientSource;
  values: Record<string, string>;
}

/** What a provider's client is resolved from. */
export interface ClientSources {
  settings: Settings;
  env: NodeJS.ProcessEnv;
  builtInClients?: BuiltInClients;
}

/** The part of a descriptor this module reads (so a test can pass a small one). */
interface ClientOwner {
  readonly id: string;
  readonly name: string;
  readonly settingsKey: string;
  readonly client: ClientSpec;
}

/** The provider's settings section as plain values (a provider added by a test may have none). */
export function clientSettings(owner: ClientOwner, settings: Settings): Record<string, unknown> {
  return ((settings as unknown as Record<string, Record<string, unknown> | undefined>)[owner.settingsKey] ?? {}) as Record<string, unknown>;
}

/** Environment, then settings, then built-in: the first that names the client gives all of it. */
export function resolveClient(owner: ClientOwner, sources: ClientSources): ResolvedClient | undefined {
  const fromSettings = clientSettings(owner, sources.settings);
  const candidates: [ClientSource, (key: ClientField) => unknown][] = [
    ['environment', (f) => sources.env[f.env]],
    ['settings', (f) => fromSettings[f.key]],
    ['built-in', (f) => sources.builtInClients?.[owner.id]?.[f.key]],
  ];
  const [naming] = owner.client.fields;
  for (const [source, read] of candidates) {
    const name = read(naming!);
    if (typeof name !== 'string' || !name) continue;
    const values: Record<string, string> = {};
    for (const field of owner.client.fields) {
      const value = read(field);
      if (typeof value === 'string' && value) values[field.key] = value;
    }
    return { source, values };
  }
  return undefined;
}

/** The client, or the sentence that says how to bring one (never "set an environment variable"). */
export function requireClient(owner: ClientOwner, sources: ClientSources): Record<string, string> {
  const client = resolveClient(owner, sources);
  if (!client) throw noClient(owner);
  return client.values;
}

export function noClient(owner: ClientOwner): DmDropError {
  const labels = owner.client.fields.map((f) => f.label).join(' and ');
  return new DmDropError(
    'NOT_CONNECTED',
    `This copy of DM Drop has no ${owner.name} app of its own, so ${owner.name} needs yours: in DM Drop’s window choose “Connect ${owner.name}” and follow the steps, ` +
      `or put its ${labels} in settings.json under "${owner.settingsKey}" (the README’s “Bringing your own ${owner.name} app” lists the steps).`,
  );
}

/** Trims what a person pasted and checks each value's shape; the sentence names the field. */
export function validateClientValues(owner: ClientOwner, input: Record<string, string | undefined>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of owner.client.fields) {
    const value = (input[field.key] ?? '').trim();
    if (!value) throw new DmDropError('OAUTH_CLIENT_INVALID', `Enter the ${field.label} of your ${owner.name} app: ${field.hint}`);
    if (!field.pattern.test(value)) throw new DmDropError('OAUTH_CLIENT_INVALID', `“${value}” does not look like a ${owner.name} ${field.label}: ${field.hint}`);
    values[field.key] = value;
  }
  return values;
}

/** Reads the built-in clients; a copy built without them has none (no file, or an empty one). */
export function readBuiltInClients(file: string): BuiltInClients {
  const text = unlessMissingSync(() => readFileSync(file, 'utf8'), undefined);
  if (text === undefined) return {};
  const parsed = BuiltInClientsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new DmDropError('CONFIG_INVALID', `The built-in OAuth clients in ${file} are malformed; rebuild DM Drop.`);
  return parsed.data;
}

/** At build time: the clients named in the build's environment, by provider and field. */
export function builtInClientsFromEnv(owners: readonly ClientOwner[], env: NodeJS.ProcessEnv): BuiltInClients {
  const clients: Record<string, Record<string, string>> = {};
  for (const owner of owners) {
    const values = Object.fromEntries(owner.client.fields.filter((f) => env[f.env]).map((f) => [f.key, env[f.env]!.trim()]));
    if (values[owner.client.fields[0]!.key]) clients[owner.id] = values;
  }
  return clients;
}
