// The settings schema: parsing `{}` yields the defaults, so defaults live in exactly one place
// (shared by the app's electron-store and the CLI's settings.json). Nested objects use
// `.prefault({})`: zod 4's `.default({})` returns the `{}` as is and skips the inner defaults,
// `.prefault({})` parses it, so each inner default is written once, beside its field.
import { z } from 'zod';
import { defaultHotkeys, HOTKEYS, type HotkeyId } from './hotkeys';

export const PROVIDER_IDS = ['dropbox', 'drive', 'google-photos', 'icloud'] as const;
export const ProviderIdSchema = z.enum(PROVIDER_IDS);
export type ProviderId = z.infer<typeof ProviderIdSchema>;

export const DEFAULT_DM_TEMPLATE = '📷 {caption} Tap to view, no login needed: {link}';
/** For albums: says how many photos the link opens. */
export const DEFAULT_ALBUM_DM_TEMPLATE = '📷 {count} photos. {caption} Tap to view, no login needed: {link}';

export const SettingsSchema = z.object({
  defaultProvider: ProviderIdSchema.default('dropbox'),
  /** Camera photos' long side; screenshots keep their own up to 4096 px when lossless stays small (optimise-image.ts). */
  maxEdge: z.number().int().min(256).max(8192).default(2048),
  /** Unset: the encoder and quality follow the measured uplink (src/core/optimise/encoder-choice.ts). */
  jpegQuality: z.number().int().min(40).max(100).optional(),
  keepOriginalNames: z.boolean().default(false),
  dmTemplate: z.string().min(1).max(1000).default(DEFAULT_DM_TEMPLATE),
  albumDmTemplate: z.string().min(1).max(1000).default(DEFAULT_ALBUM_DM_TEMPLATE),
  /**
   * What the link in the DM opens for the recipient: the photo itself, or the provider's page
   * around it (with its sign-in and sign-up prompts). Unset: each provider's default, measured in
   * tests/core/links/link-forms.test.ts.
   */
  linkOpens: z.enum(['photo', 'page']).optional(),
  copyToClipboard: z.boolean().default(true),
  /** The first-run screen was completed (or skipped). */
  firstRunDone: z.boolean().default(false),
  /** Open DM Drop (in the tray) when the user logs in. */
  startAtLogin: z.boolean().default(false),
  /** Global shortcuts, one per row of HOTKEYS (shared/hotkeys.ts, with each OS's default); an empty string turns one off. */
  hotkeys: z.object(hotkeyFields()).prefault({}),
  /**
   * On Linux without a keyring, Electron can only obfuscate tokens. Off: DM Drop refuses to store
   * them. On: the user accepted tokens readable by anyone who can read their files.
   */
  allowUnencryptedTokens: z.boolean().default(false),
  dropbox: z
    .object({
      appKey: z.string().min(1).optional(),
      /** The folder our files go to; app-folder apps see it below /Apps/<app name>. */
      folder: z.string().startsWith('/').default('/DM Drop'),
      /**
       * The loopback port Dropbox's sign-in comes back to. Dropbox accepts only redirect URIs
       * registered exactly, so a change here needs `http://127.0.0.1:<port>/callback` registered too.
       */
      redirectPort: z.number().int().min(1024).max(65535).default(53682),
    })
    .prefault({}),
  drive: z
    .object({
      /** A Desktop OAuth client of the user's own Google Cloud project (see the README). */
      clientId: z.string().min(1).optional(),
      /** Google issues Desktop clients a "secret" that is not secret; it is still required by the token endpoint. */
      clientSecret: z.string().min(1).optional(),
      /** Name of the app folder created on first use; found again by its tag, so renaming it is harmless. */
      folder: z.string().min(1).default('DM Drop'),
      /** Revoking a link also moves the file to the Drive bin. */
      trashOnRevoke: z.boolean().default(false),
    })
    .prefault({}),
  watch: z
    .object({
      /** The drop folder; created on first use. Empty = `~/DM Drop`. */
      dropFolder: z.string().optional(),
      /** Off until the user turns it on: screenshots can hold anything. */
      autoUploadScreenshots: z.boolean().default(false),
      /** Screenshot folders to watch; empty = the ones this OS and its tools are set to use. */
      screenshotFolders: z.array(z.string()).default([]),
      /** Seconds a detected file can still be cancelled before anything is uploaded (0 allowed). */
      cancelWindowSec: z.number().min(0).max(120).default(3),
      askBeforeUpload: z.boolean().default(false),
      /** One album per day for each watched folder, instead of a link per file. */
      albumPerDay: z.boolean().default(false),
      /** A provider for auto-uploads other than the default one. */
      provider: ProviderIdSchema.optional(),
    })
    .prefault({}),
});

function hotkeyFields() {
  return Object.fromEntries(HOTKEYS.map((row) => [row.id, z.string().max(60).default(() => defaultHotkeys()[row.id])])) as Record<HotkeyId, z.ZodDefault<z.ZodString>>;
}

export type Settings = z.infer<typeof SettingsSchema>;

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}
