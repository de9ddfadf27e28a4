// The emulated Google account: Drive files and folders (ids, parents, appProperties, permissions),
// resumable upload sessions, and OAuth codes and tokens.
import { createHash } from 'node:crypto';
import { driveId } from './wire';

export const FOLDER_MIME = 'application/vnd.google-apps.folder';
export const DRIVE_FILE_SCOPE = 'https://www.googleapis.com/auth/drive.file';

export interface Permission {
  id: string;
  type: 'user' | 'group' | 'domain' | 'anyone';
  role: string;
  allowFileDiscovery?: boolean;
  emailAddress?: string;
}

export interface DriveFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  appProperties: Record<string, string>;
  data: Buffer;
  /** The OAuth client that created it: drive.file only sees its own files. */
  clientId: string;
  trashed: boolean;
  createdTime: string;
  modifiedTime: string;
  permissions: Permission[];
}

export interface UploadSession {
  id: string;
  clientId: string;
  metadata: Record<string, unknown>;
  mime: string;
  declaredTotal?: number;
  fields: string | null;
  data: Buffer;
  fileId?: string;
}

export interface RefreshGrant {
  token: string;
  clientId: string;
  scopes: string[];
  revoked: boolean;
  issuedAt: number;
}

export interface AccessGrant {
  token: string;
  refresh?: RefreshGrant;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
}

export interface AuthCode {
  code: string;
  clientId: string;
  redirectUri: string;
  challenge?: string;
  method?: string;
  scopes: string[];
  offline: boolean;
  used: boolean;
}

export class DriveStore {
  readonly files = new Map<string, DriveFile>();
  readonly sessions = new Map<string, UploadSession>();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  readonly accessTokens = new Map<string, AccessGrant>();
  readonly codes = new Map<string, AuthCode>();
  readonly rootId = driveId();
  quotaBytes = Infinity;
  /** How long a removed `anyone` permission keeps serving strangers (the serving hosts catch up). */
  permissionLagMs = 0;
  /** An organisation's refusal of `anyone` permissions (see refuseByPolicy in api.ts). */
  sharingPolicy: 'none' | 'domain-forbids-anyone' | 'shared-drive-refuses-anyone' = 'none';
  /** File id → until when strangers are still served after its `anyone` permission went. */
  private readonly lingering = new Map<string, number>();

  constructor(private readonly now: () => number) {
    const at = new Date(now()).toISOString();
    this.files.set(this.rootId, {
      id: this.rootId, name: 'My Drive', mimeType: FOLDER_MIME, parents: [], appProperties: {}, data: Buffer.alloc(0),
      clientId: '*', trashed: false, createdTime: at, modifiedTime: at, permissions: [],
    });
  }

  resolveId(id: string): string {
    return id === 'root' ? this.rootId : id;
  }

  usedBytes(): number {
    let used = 0;
    for (const f of this.files.values()) used += f.data.length;
    return used;
  }

  create(input: { name: string; mimeType: string; parents: string[]; appProperties: Record<string, string>; data: Buffer; clientId: string }): DriveFile {
    const at = new Date(this.now()).toISOString();
    const file: DriveFile = { id: driveId(), trashed: false, createdTime: at, modifiedTime: at, permissions: [], ...input };
    this.files.set(file.id, file);
    return file;
  }

  /** Trashed folders hide their children too. */
  isTrashed(file: DriveFile): boolean {
    for (let f: DriveFile | undefined = file; f; f = this.files.get(f.parents[0] ?? '')) if (f.trashed) return true;
    return false;
  }

  /** Public while an `anyone` permission exists on the file or any folder above it. */
  isPublic(file: DriveFile): boolean {
    if (this.isTrashed(file)) return false;
    for (let f: DriveFile | undefined = file; f; f = this.files.get(f.parents[0] ?? '')) {
      if (f.permissions.some((p) => p.type === 'anyone')) return true;
    }
    return false;
  }

  /** The permission is gone from the API at once; anonymous serving follows after `permissionLagMs`. */
  anyoneRemoved(file: DriveFile): void {
    if (this.permissionLagMs > 0) this.lingering.set(file.id, this.now() + this.permissionLagMs);
  }

  /** What a stranger is served: public, or public until the removal of its permission has spread. */
  servedPublicly(file: DriveFile): boolean {
    if (this.isPublic(file)) return true;
    if (this.isTrashed(file)) return false;
    for (let f: DriveFile | undefined = file; f; f = this.files.get(f.parents[0] ?? '')) {
      if ((this.lingering.get(f.id) ?? 0) > this.now()) return true;
    }
    return false;
  }

  children(folderId: string): DriveFile[] {
    return [...this.files.values()].filter((f) => f.parents.includes(folderId) && !f.trashed);
  }

  remove(id: string): void {
    for (const child of [...this.files.values()].filter((f) => f.parents.includes(id))) this.remove(child.id);
    this.files.delete(id);
  }

  /** `DM Drop/Weekend/photo.jpg`: the folder chain below My Drive. */
  pathOf(file: DriveFile): string {
    const names: string[] = [];
    for (let f: DriveFile | undefined = file; f && f.id !== this.rootId; f = this.files.get(f.parents[0] ?? '')) names.unshift(f.name);
    return names.join('/');
  }

  resource(file: DriveFile, linkBase: string): Record<string, unknown> {
    const folder = file.mimeType === FOLDER_MIME;
    return {
      kind: 'drive#file',
      id: file.id,
      name: file.name,
      mimeType: file.mimeType,
      parents: file.parents,
      appProperties: file.appProperties,
      trashed: file.trashed,
      createdTime: file.createdTime,
      modifiedTime: file.modifiedTime,
      webViewLink: folder ? `${linkBase}/drive/folders/${file.id}` : `${linkBase}/file/d/${file.id}/view?usp=drivesdk`,
      ...(folder
        ? {}
        : {
            size: String(file.data.length),
            md5Checksum: createHash('md5').update(file.data).digest('hex'),
            sha256Checksum: createHash('sha256').update(file.data).digest('hex'),
            webContentLink: `${linkBase}/uc?id=${file.id}&export=download`,
          }),
      permissions: file.permissions.map((p) => ({ kind: 'drive#permission', ...p })),
    };
  }
}
