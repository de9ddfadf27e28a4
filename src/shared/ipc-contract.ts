// The one IPC contract shared by main, preload and renderer: every channel's name, and zod
// schemas for what goes in and comes out. Types are inferred from the schemas, never declared
// twice. Main validates every payload against these before acting on it.
import { z } from 'zod';
import { ErrorInfoSchema } from './errors';
import { EXPIRY_CHOICES } from './expiry';
import { ProviderIdSchema, SettingsSchema } from './settings-schema';

export { IPC } from './ipc-channels';

/** Links DM Drop makes are web links; nothing else (javascript:, file:) is ever passed on. */
const WebUrl = z.string().max(2048).regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) link');

/**
 * Strangers must type this before the link opens (Dropbox paid plans; Google Drive cannot, and the
 * share fails with PASSWORD_LINKS_UNAVAILABLE). Never put in the DM text, never journaled.
 */
const LinkPassword = z.string().min(1, 'The password is empty.').max(200, 'The password is longer than 200 characters.');

const ShareChoices = {
  caption: z.string().max(500).optional(),
  maxEdge: z.number().int().min(256).max(8192).optional(),
  /** Share the photos as one album link. */
  album: z.object({ name: z.string().max(120).optional() }).strict().optional(),
  /** The link closes then (DM Drop revokes it on every provider). */
  expires: z.enum(EXPIRY_CHOICES).optional(),
  password: LinkPassword.optional(),
};

export const ShareFilesRequest = z
  .object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(100), ...ShareChoices })
  .strict();

/** An image pasted from the clipboard: its bytes (the page cannot name a file). */
export const SharePastedRequest = z
  .object({
    data: z.instanceof(Uint8Array).refine((d) => d.byteLength > 0 && d.byteLength <= 50 * 1024 * 1024, 'The pasted image must be between 1 byte and 50 MB.'),
    type: z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/gif']),
    ...ShareChoices,
  })
  .strict();

export const OpenLinkRequest = z.object({ url: WebUrl }).strict();
export const HealthRequest = z.object({ id: z.string().min(1).max(100) }).strict();

export const ListHistoryRequest = z.object({ limit: z.number().int().min(1).max(500).optional() }).strict();
export const LINK_HEALTH = ['unchecked', 'live', 'broken'] as const;

export const HistoryItem = z.object({
  id: z.string(),
  file: z.string(),
  url: z.string().optional(),
  directUrl: z.string().optional(),
  status: z.string(),
  createdAt: z.string(),
  provider: z.string().optional(),
  dm: z.string().optional(),
  bytesIn: z.number().optional(),
  bytesOut: z.number().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  album: z.string().optional(),
  /** `failing`: the album's last check failed; its link stays open (people have it) and is checked again. */
  albumHealth: z.enum(['ok', 'failing']).optional(),
  expiresAt: z.string().optional(),
  removed: z.object({ location: z.boolean(), camera: z.boolean(), otherMetadata: z.boolean() }).optional(),
  error: ErrorInfoSchema.optional(),
  /** For live links: what the last anonymous check found (links can break at the provider). */
  health: z.enum(LINK_HEALTH).optional(),
  checkedAt: z.string().optional(),
});

export const ProgressEvent = z.object({
  jobId: z.string(),
  file: z.string(),
  stage: z.enum(['queued', 'optimising', 'uploading', 'sharing', 'verifying', 'done', 'failed']),
  sent: z.number().optional(),
  total: z.number().optional(),
  error: ErrorInfoSchema.optional(),
});

export const CopyLinkRequest = z.object({ id: z.string().min(1).max(100) }).strict();
/** The password the person typed for a link, copied on its own so it goes in a separate message. */
export const CopyPasswordRequest = z.object({ password: LinkPassword }).strict();
export const RevokeLinkRequest = z.object({ url: WebUrl }).strict();
export const AccountRequest = z.object({ provider: ProviderIdSchema }).strict();
/** What a person pasted for their own OAuth client, by field key (main checks each field's shape). */
export const SaveClientRequest = z
  .object({ provider: ProviderIdSchema, values: z.record(z.string().regex(/^[A-Za-z]{1,40}$/), z.string().max(500)) })
  .strict();

/**
 * What the page may change: the settings' own fields, each optional and without its default (a
 * patch must not reset what it does not name), nothing else. A nested group is replaced whole.
 */
export const SettingsPatch = z
  .object(Object.fromEntries(Object.entries(SettingsSchema.shape).map(([key, field]) => [key, (field instanceof z.ZodDefault || field instanceof z.ZodPrefault ? field.unwrap() : field).optional()])))
  .strict() as unknown as z.ZodType<Partial<z.infer<typeof SettingsSchema>>>;

export const AccountItem = z.object({
  id: ProviderIdSchema,
  name: z.string(),
  state: z.enum(['connected', 'not-connected', 'unsupported']),
  default: z.boolean(),
  note: z.string().optional(),
  /** Where its OAuth client comes from; 'none': the person brings their own first (the guide). */
  client: z.enum(['environment', 'settings', 'built-in', 'none']).optional(),
});

/** The bring-your-own-client guide for one provider (src/core/auth/client-setup.ts). */
export const ClientGuide = z.object({
  provider: ProviderIdSchema,
  name: z.string(),
  source: z.enum(['environment', 'settings', 'built-in', 'none']),
  builtIn: z.boolean(),
  fields: z.array(z.object({ key: z.string(), label: z.string(), hint: z.string(), value: z.string().optional() })),
  steps: z.array(z.object({ text: z.string(), link: z.string().optional() })),
  redirectUri: z.string(),
  registerRedirect: z.boolean(),
});

export const ShellNotice = z.object({ kind: z.enum(['hotkey-failed', 'auth-expired', 'error']), message: z.string() });

/** The window's views the shell can open it on (the tray's "Show Last Link as QR Code"). */
export const WINDOW_VIEWS = ['drop', 'history', 'settings', 'qr'] as const;
/** Asks the page to show a view; `id` names the history entry the QR view shows. */
export const ShowViewEvent = z.object({ view: z.enum(WINDOW_VIEWS), id: z.string().max(100).optional() });

export type ShareFilesRequest = z.infer<typeof ShareFilesRequest>;
export type SharePastedRequest = z.infer<typeof SharePastedRequest>;
export type SettingsPatch = z.infer<typeof SettingsPatch>;
export type AccountItem = z.infer<typeof AccountItem>;
export type ClientGuide = z.infer<typeof ClientGuide>;
export type SaveClientRequest = z.infer<typeof SaveClientRequest>;
export type ShellNotice = z.infer<typeof ShellNotice>;
export type ShowViewEvent = z.infer<typeof ShowViewEvent>;
export type WindowView = ShowViewEvent['view'];
export type ListHistoryRequest = z.infer<typeof ListHistoryRequest>;
export type HistoryItem = z.infer<typeof HistoryItem>;
export type ProgressEvent = z.infer<typeof ProgressEvent>;
