// The emulated account's data: files (case-insensitive, case-preserving paths), folders, upload
// sessions, shared links, OAuth codes and tokens.
import { createHash } from 'node:crypto';
import { emulatorContentHash } from './content-hash';
import { randomId, timestamp } from './wire';

export interface StoredFile {
  pathDisplay: string;
  id: string;
  rev: string;
  data: Buffer;
  contentHash: string;
  clientModified: string;
  serverModified: string;
}

export interface SharedLink {
  linkId: string;
  rlkey: string;
  /** Lowercased path of the file or folder the link opens. */
  pathLower: string;
  kind: 'file' | 'folder';
  seg: string;
  revoked: boolean;
  expires?: string;
  /** Who can open it; a team policy can make a link team-only. */
  audience?: 'team';
  /** SharedLinkSettings.link_password (sharing.stone ~827–831): strangers must type it first. */
  password?: string;
}

export interface RefreshGrant {
  token: string;
  clientId: string;
  scopes: string[];
  revoked: boolean;
  pkce: boolean;
}

export interface AccessGrant {
  token: string;
  refresh: RefreshGrant;
  expiresAt: number;
  revoked: boolean;
}

export interface AuthCode {
  code: string;
  clientId: string;
  redirectUri: string;
  challenge?: string;
  scopes: string[];
  used: boolean;
  offline: boolean;
}

export interface UploadSession {
  id: string;
  chunks: Buffer[];
  offset: number;
  closed: boolean;
}

export const ALL_SCOPES = ['account_info.read', 'files.metadata.read', 'files.content.write', 'files.content.read', 'sharing.read', 'sharing.write'];

export class DropboxStore {
  readonly files = new Map<string, StoredFile>();
  readonly folders = new Map<string, string>(); // lower → display
  readonly sessions = new Map<string, UploadSession>();
  readonly links = new Map<string, SharedLink>();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  readonly accessTokens = new Map<string, AccessGrant>();
  readonly codes = new Map<string, AuthCode>();
  readonly downloadTokens = new Map<string, { linkId: string; pathLower: string }>();
  /** The account's space; uploads beyond it fail with insufficient_space. */
  quotaBytes = Infinity;
  private revCounter = 0x1a2b3c;

  constructor(private readonly now: () => number) {}

  writeFile(pathDisplay: string, data: Buffer, clientModified?: string): StoredFile {
    const lower = pathDisplay.toLowerCase();
    const existing = this.files.get(lower);
    const file: StoredFile = {
      pathDisplay: existing?.pathDisplay ?? pathDisplay,
      id: existing?.id ?? `id:${randomId(16)}`,
      rev: (this.revCounter++).toString(16) + randomId(3).replace(/[^0-9a-f]/g, '0'),
      data,
      contentHash: emulatorContentHash(data),
      clientModified: clientModified ?? timestamp(this.now()),
      serverModified: timestamp(this.now()),
    };
    this.files.set(lower, file);
    this.ensureParents(pathDisplay);
    return file;
  }

  ensureParents(pathDisplay: string) {
    const parts = pathDisplay.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const display = '/' + parts.slice(0, i).join('/');
      if (!this.folders.has(display.toLowerCase())) this.folders.set(display.toLowerCase(), display);
    }
  }

  fileMetadata(file: StoredFile, tagged: boolean) {
    const meta = {
      name: file.pathDisplay.split('/').pop()!,
      path_lower: file.pathDisplay.toLowerCase(),
      path_display: file.pathDisplay,
      id: file.id,
      client_modified: file.clientModified,
      server_modified: file.serverModified,
      rev: file.rev,
      size: file.data.length,
      is_downloadable: true,
      content_hash: file.contentHash,
    };
    return tagged ? { '.tag': 'file', ...meta } : meta;
  }

  folderMetadata(lower: string, tagged: boolean) {
    const display = this.folders.get(lower)!;
    const meta = { name: display.split('/').pop()!, path_lower: lower, path_display: display, id: `id:${createHash('sha1').update(lower).digest('base64url').slice(0, 22)}` };
    return tagged ? { '.tag': 'folder', ...meta } : meta;
  }

  /** Files a link opens: the file itself, or every file directly inside the folder. */
  linkedFiles(link: SharedLink): StoredFile[] {
    if (link.kind === 'file') {
      const file = this.files.get(link.pathLower);
      return file ? [file] : [];
    }
    return [...this.files.entries()]
      .filter(([lower]) => lower.startsWith(link.pathLower + '/') && !lower.slice(link.pathLower.length + 1).includes('/'))
      .map(([, file]) => file);
  }
}
