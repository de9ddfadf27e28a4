// One harness per provider: its emulator started with an authorised account, the env that points
// DM Drop at it, and the provider-neutral controls the conformance suite needs (faults by kind,
// token trouble, storage quota, what is stored), keyed by the provider's id in the provider list.
// A new built-in provider adds its harness here; provider-conformance.test.ts insists on one.
import { startDriveEmulator, type DriveEmulatorOptions } from '../../../../emulators/google-drive/server';
import { startDropboxEmulator, type DropboxEmulatorOptions } from '../../../../emulators/dropbox/server';

export type FaultKind = 'rate-limit' | 'server-error' | 'dropped' | 'lost-response';
export type FaultTarget = 'upload' | 'share';


export interface HarnessOptions {
  quotaBytes?: number;
  now?: () => number;
  /** Emulator options beyond the defaults (a variant's), for the provider being tested. */
  emulator?: Partial<DropboxEmulatorOptions> & Partial<DriveEmulatorOptions>;
}

export interface Harness {
  /** The provider's id in the provider list. */
  id: string;
  env: NodeJS.ProcessEnv;
  stored(): { path: string; size: number; sha256: string }[];
  fault(kind: FaultKind, target: FaultTarget, times?: number): void;
  interruptChunk(times?: number): void;
  /** How many scripted faults were actually injected. */
  injected(): number;
  /** How many requests reached the emulator for a target (faulted ones included). */
  calls(target: FaultTarget): number;
  expireAccessTokens(): void;
  revokeAllTokens(): void;
  /** Every anonymous download (album ZIPs included) serves one wrong byte until `fixLinkBytes()`. */
  breakLinkBytes(): void;
  fixLinkBytes(): void;
  /** How many times the provider accepted closing a link (Dropbox revoke_shared_link, Drive permissions.delete). */
  linksClosed(): number;
  close(): Promise<void>;
}

const DROPBOX_ROUTES: Record<FaultTarget, RegExp> = {
  upload: /^files\/upload/,
  share: /^sharing\/create_shared_link_with_settings$/,
};
const DROPBOX_FAULTS = { 'rate-limit': '429-json', 'server-error': '503', dropped: 'drop-before-response', 'lost-response': 'lost-response' } as const;

const DRIVE_ROUTES: Record<FaultTarget, RegExp> = {
  upload: /^upload\./,
  share: /^permissions\.create$/,
};
const DRIVE_FAULTS = { 'rate-limit': '403-user-rate-limit', 'server-error': '503', dropped: 'drop-before-response', 'lost-response': 'lost-response' } as const;

export type HarnessFactory = (options?: HarnessOptions) => Promise<Harness>;

export const HARNESSES = {
  async dropbox(options = {}) {
    const emu = await startDropboxEmulator({ ...options.emulator, quotaBytes: options.quotaBytes, now: options.now });
    return {
      id: 'dropbox',
      env: emu.dmdropEnv(),
      stored: () => emu.files(),
      injected: () => emu.faults.injected.length,
      fault: (kind, target, times = 1) => emu.faults.add({ route: DROPBOX_ROUTES[target], kind: DROPBOX_FAULTS[kind], times, retryAfter: 2 }),
      // Dropbox stores an appended chunk whose answer is lost; the client must recover the offset.
      interruptChunk: (times = 1) => emu.faults.add({ route: 'files/upload_session/append_v2', kind: 'lost-response', times }),
      calls: (target) => emu.requests.filter((r) => DROPBOX_ROUTES[target].test(r.route)).length,
      expireAccessTokens: () => emu.expireAccessTokens(),
      revokeAllTokens: () => emu.revokeAllTokens(),
      breakLinkBytes: () => emu.misbehave.allLinksServeWrongBytes(),
      fixLinkBytes: () => emu.misbehave.reset(),
      linksClosed: () => emu.requests.filter((r) => r.route === 'sharing/revoke_shared_link' && r.status === 200).length,
      close: () => emu.close(),
    };
  },
  async drive(options = {}) {
    const emu = await startDriveEmulator({ ...options.emulator, quotaBytes: options.quotaBytes, now: options.now });
    return {
      id: 'drive',
      env: emu.dmdropEnv(),
      stored: () => emu.files().filter((f) => !f.trashed && f.size > 0),
      injected: () => emu.faults.injected.length,
      fault: (kind, target, times = 1) => emu.faults.add({ route: DRIVE_ROUTES[target], kind: DRIVE_FAULTS[kind], times }),
      // Drive keeps part of the chunk and drops the connection; the client must ask for the Range.
      interruptChunk: (times = 1) => emu.faults.add({ route: 'upload.resumable.put', kind: 'drop-mid-chunk', times }),
      calls: (target) => emu.requests.filter((r) => DRIVE_ROUTES[target].test(r.route)).length,
      expireAccessTokens: () => emu.expireAccessTokens(),
      revokeAllTokens: () => emu.revokeAllTokens(),
      breakLinkBytes: () => emu.misbehave.allLinksServeWrongBytes(),
      fixLinkBytes: () => emu.misbehave.reset(),
      linksClosed: () => emu.requests.filter((r) => r.route === 'permissions.delete' && r.status >= 200 && r.status < 300).length,
      close: () => emu.close(),
    };
  },
} satisfies Record<string, HarnessFactory>;

/** The harness of a provider in the list, by its id. */
export function harnessFor(id: string): HarnessFactory | undefined {
  return (HARNESSES as Record<string, HarnessFactory>)[id];
}

