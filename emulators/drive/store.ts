// In-memory Drive: files and folders keyed by id, each remembering which OAuth client created it
// (drive.file scope only shows an app its own files), plus permissions, grants and upload sessions.
import { createHash, randomBytes } from 'node:crypto';
import { googleError } from './wire';

export const FOLDER_MIME = 'application/vnd.google-apps.folder';
export const ROOT_ID = 'root';
export const DRIVE_FILE_SCOPE = 'https://www.googleapis.com/auth/drive.file';

export interface Permission {
  id: string;
  type: 'user' | 'group' | 'domain' | 'anyone';
  role: string;
  allowFileDiscovery?: boolean;
  emailAddress?: string;
  domain?: string;
  expirationTime?: string;
}

export interface DriveFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  appProperties: Record<string, string>;
  /** Empty for folders. */
  data: Buffer;
  createdByClient: string;
  trashed: boolean;
  createdTime: number;
  modifiedTime: number;
  md5Checksum: string;
  sha256Checksum: string;
  permissions: Permission[];
}

export interface RefreshGrant {
  token: string;
  clientId: string;
  scopes: string[];
  issuedAt: number;
  revoked: boolean;
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
  challenge: string;
  scopes: string[];
  offline: boolean;
  used: boolean;
}

export interface UploadSession {
  id: string;
  clientId: string;
  metadata: Record<string, unknown>;
  fields: string | undefined;
  contentType: string | undefined;
  declaredLength: number | undefined;
  received: Buffer[];
  receivedBytes: number;
  /** Set once the last byte arrived: later status queries answer 200 + this file. */
  fileId?: string;
}

/** Real Drive ids: 33 characters, starting with `1`, from the base64url alphabet. */
export function newFileId(): string {
  return '1' + randomBytes(24).toString('base64url').slice(0, 32);
}

export class DriveStore {
  readonly files = new Map<string, DriveFile>();
  readonly codes = new Map<string, AuthCode>();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  readonly accessTokens = new Map<string, AccessGrant>();
  readonly uploads = new Map<string, UploadSession>();
  quotaBytes = Infinity;
  /** The real id behind the `root` alias (My Drive). */
  readonly rootId = '0A' + randomBytes(16).toString('base64url').slice(0, 17);

  constructor(private readonly now: () => number) {}

  usedBytes(): number {
    let total = 0;
    for (const f of this.files.values()) total += f.data.length;
    return total;
  }

  /** Resolves the `root` alias and the real root id to the root id. */
  resolveId(id: string): string {
    return id === ROOT_ID ? this.rootId : id;
  }

  isRoot(id: string): boolean {
    return id === ROOT_ID || id === this.rootId;
  }

  /** A file this client may see (drive.file: only its own). */
  visible(id: string, clientId: string): DriveFile | undefined {
    const file = this.files.get(id);
    return file && file.createdByClient === clientId ? file : undefined;
  }

  checkQuota(extraBytes: number) {
    if (this.usedBytes() + extraBytes > this.quotaBytes) {
      throw googleError(403, 'storageQuotaExceeded', "The user's Drive storage quota has been exceeded.", { domain: 'usageLimits' });
    }
  }

  create(input: { name: string; mimeType: string; parents: string[]; appProperties?: Record<string, string>; data?: Buffer; clientId: string }): DriveFile {
    const data = input.data ?? Buffer.alloc(0);
    this.checkQuota(data.length);
    const t = this.now();
    const file: DriveFile = {
      id: newFileId(),
      name: input.name,
      mimeType: input.mimeType,
      parents: input.parents.length ? input.parents.map((p) => this.resolveId(p)) : [this.rootId],
      appProperties: { ...(input.appProperties ?? {}) },
      data,
      createdByClient: input.clientId,
      trashed: false,
      createdTime: t,
      modifiedTime: t,
      md5Checksum: createHash('md5').update(data).digest('hex'),
      sha256Checksum: createHash('sha256').update(data).digest('hex'),
      permissions: [],
    };
    this.files.set(file.id, file);
    return file;
  }

  children(folderId: string): DriveFile[] {
    return [...this.files.values()].filter((f) => f.parents.includes(folderId));
  }

  /** Deletes a file and, for folders, everything beneath it (Drive deletes descendants owned by the user). */
  delete(id: string) {
    const file = this.files.get(id);
    if (!file) return;
    this.files.delete(id);
    if (file.mimeType === FOLDER_MIME) for (const child of this.children(id)) this.delete(child.id);
  }

  /** The file and its ancestors, nearest first (cycles guarded). */
  lineage(file: DriveFile): DriveFile[] {
    const out: DriveFile[] = [];
    const seen = new Set<string>();
    const walk = (f: DriveFile) => {
      if (seen.has(f.id)) return;
      seen.add(f.id);
      out.push(f);
      for (const p of f.parents) {
        const parent = this.files.get(p);
        if (parent) walk(parent);
      }
    };
    walk(file);
    return out;
  }

  /** Trashed if the file or an ancestor folder is in the trash. */
  effectivelyTrashed(file: DriveFile): boolean {
    return this.lineage(file).some((f) => f.trashed);
  }

  /** Public = an `anyone` permission on it or any ancestor, and not trashed. */
  isPublic(file: DriveFile): boolean {
    if (this.effectivelyTrashed(file)) return false;
    return this.lineage(file).some((f) => f.permissions.some((p) => p.type === 'anyone'));
  }

  /** `Folder/sub/name`, built from the first parent chain (root not included). */
  pathOf(file: DriveFile): string {
    const names: string[] = [file.name];
    const seen = new Set<string>([file.id]);
    let parentId = file.parents[0];
    while (parentId && !this.isRoot(parentId) && !seen.has(parentId)) {
      seen.add(parentId);
      const parent = this.files.get(parentId);
      if (!parent) break;
      names.unshift(parent.name);
      parentId = parent.parents[0];
    }
    return names.join('/');
  }

  setData(file: DriveFile, data: Buffer) {
    this.checkQuota(data.length - file.data.length);
    file.data = data;
    file.md5Checksum = createHash('md5').update(data).digest('hex');
    file.sha256Checksum = createHash('sha256').update(data).digest('hex');
    file.modifiedTime = this.now();
  }
}
