// The settings schema: parsing `{}` yields the defaults, so defaults live in exactly one place
// (shared by the app's electron-store and the CLI's settings.json).
import { z } from 'zod';

export const PROVIDER_IDS = ['dropbox', 'drive', 'google-photos', 'icloud'] as const;
export const ProviderIdSchema = z.enum(PROVIDER_IDS);
export type ProviderId = z.infer<typeof ProviderIdSchema>;

export const DEFAULT_DM_TEMPLATE = '📷 {caption} Tap to view, no login needed: {link}';
/** For albums: says how many photos the link opens. */
export const DEFAULT_ALBUM_DM_TEMPLATE = '📷 {count} photos. {caption} Tap to view, no login needed: {link}';

/**
 * Global shortcuts take a key combination from every other app, so the defaults use combinations
 * nothing common uses on that OS (docs/desktop.md has the reasoning):
 * - macOS: Control+Command (⌃⌘) with L/U: not system shortcuts (⌃⌘D is Look Up, ⌃⌘F full
 *   screen, ⌃⌘Q lock), and apps rarely take ⌃⌘; ⌘⇧L/⌥⌘L are taken by Safari, Finder, editors.
 * - Windows: Windows+Alt with L/U: Ctrl+Alt is AltGr there (Ctrl+Alt+Shift+L types Ł on Polish
 *   keyboards) and Ctrl+Shift+L is an editor shortcut; Win+Alt is the Game Bar's, which uses
 *   neither L nor U.
 * - Linux: Ctrl+Alt+Shift with L/U: Ctrl+Shift+U is IBus's Unicode entry, Ctrl+Alt+L locks the
 *   screen on GNOME/XFCE/Cinnamon, Ctrl+Shift+L selects in editors; Linux has a separate AltGr key.
 */
export const DEFAULT_HOTKEYS = {
  darwin: { copyLast: 'Control+Command+L', openWindow: 'Control+Command+U' },
  win32: { copyLast: 'Super+Alt+L', openWindow: 'Super+Alt+U' },
  linux: { copyLast: 'Control+Alt+Shift+L', openWindow: 'Control+Alt+Shift+U' },
} as const;

/** The defaults that shipped before these; a file still holding them gets the new ones (migration). */
export const FORMER_DEFAULT_HOTKEYS = { copyLast: 'CmdOrCtrl+Shift+L', openWindow: 'CmdOrCtrl+Shift+U' } as const;

/** This OS's default hotkeys (where no OS is known, in the page, the Linux ones). */
export function defaultHotkeys(platform: string | undefined = (globalThis as { process?: { platform?: string } }).process?.platform): { copyLast: string; openWindow: string } {
  return { ...(platform === 'darwin' || platform === 'win32' ? DEFAULT_HOTKEYS[platform] : DEFAULT_HOTKEYS.linux) };
}

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
  /** Global shortcuts; an empty string turns one off. Defaults per OS: DEFAULT_HOTKEYS. */
  hotkeys: z
    .object({ copyLast: z.string().max(60).default(() => defaultHotkeys().copyLast), openWindow: z.string().max(60).default(() => defaultHotkeys().openWindow) })
    .default(() => defaultHotkeys()),
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
    .default({ folder: '/DM Drop', redirectPort: 53682 }),
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
    .default({ folder: 'DM Drop', trashOnRevoke: false }),
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
    .default({ autoUploadScreenshots: false, screenshotFolders: [], cancelWindowSec: 3, askBeforeUpload: false, albumPerDay: false }),
});

export type Settings = z.infer<typeof SettingsSchema>;

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}
