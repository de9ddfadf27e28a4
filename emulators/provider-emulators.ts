// The emulator of each provider in src/core/providers/provider-list.ts, by the same id: how
// `npm run emulator` starts it from the launcher's options, and which variants it serves. A new
// provider's emulator adds one entry here; tests/emulators/provider-emulators.test.ts checks that
// every connectable provider has one and that its printed env is what its descriptor reads.
import { startDriveEmulator } from './google-drive/server';
import { variants as driveVariants } from './google-drive/variants';
import { startDropboxEmulator } from './dropbox/server';
import { variants as dropboxVariants } from './dropbox/variants';

/** What `npm run emulator` lets a person choose; each emulator takes what it models. */
export interface LauncherOptions {
  /** The Dropbox emulator's port (the others take a free one). */
  port?: number;
  account?: 'basic' | 'pro';
  latencyMs?: number;
  bandwidthKbps?: number;
  uplinkKbps?: number;
}

export interface RunningEmulator {
  url: string;
  /** The variables that point DM Drop at it, with an authorised account. */
  dmdropEnv(): Record<string, string>;
  faults: { random(options: { rate: number; seed: number }): void };
  files(): { provider: string; path: string; size: number; sha256: string }[];
  close(): Promise<void>;
}

export interface ProviderEmulator {
  /** The id of the provider it stands in for (its descriptor's id). */
  id: string;
  variants: Record<string, { description: string; source: string; options: object }>;
  start(options: LauncherOptions, variant: object): Promise<RunningEmulator>;
}

export const PROVIDER_EMULATORS: readonly ProviderEmulator[] = [
  {
    id: 'dropbox',
    variants: dropboxVariants,
    start: (o, variant) =>
      startDropboxEmulator({
        ...variant,
        port: o.port,
        linkBase: 'loopback',
        accountType: o.account === 'pro' ? 'pro' : 'basic',
        latencyMs: o.latencyMs,
        bandwidthKbps: o.bandwidthKbps,
        uplinkKbps: o.uplinkKbps,
      }),
  },
  {
    id: 'drive',
    variants: driveVariants,
    start: (o, variant) => startDriveEmulator({ ...variant, linkBase: 'loopback', latencyMs: o.latencyMs, bandwidthKbps: o.bandwidthKbps }),
  },
];
