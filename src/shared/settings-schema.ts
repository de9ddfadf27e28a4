// The settings schema: parsing `{}` yields the defaults, so defaults live in exactly one place
// (shared by the app's electron-store and the CLI's settings.json).
import { z } from 'zod';

export const PROVIDER_IDS = ['dropbox', 'drive', 'google-photos', 'icloud'] as const;
export const ProviderIdSchema = z.enum(PROVIDER_IDS);
export type ProviderId = z.infer<typeof ProviderIdSchema>;

export const DEFAULT_DM_TEMPLATE = '📷 {caption} Tap to view, no login needed: {link}';

export const SettingsSchema = z.object({
  defaultProvider: ProviderIdSchema.default('dropbox'),
  maxEdge: z.number().int().min(256).max(8192).default(2048),
  jpegQuality: z.number().int().min(40).max(100).optional(),
  keepOriginalNames: z.boolean().default(false),
  dmTemplate: z.string().min(1).max(1000).default(DEFAULT_DM_TEMPLATE),
  copyToClipboard: z.boolean().default(true),
  dropbox: z
    .object({
      appKey: z.string().min(1).optional(),
      /** The folder our files go to; app-folder apps see it below /Apps/<app name>. */
      folder: z.string().startsWith('/').default('/DM Drop'),
    })
    .default({ folder: '/DM Drop' }),
});

export type Settings = z.infer<typeof SettingsSchema>;

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}
