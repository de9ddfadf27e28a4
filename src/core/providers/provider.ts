// The Provider port: everything the engine needs from a cloud service. A new provider implements
// this, describes itself in a ProviderDescriptor (provider-descriptor.ts) listed in provider-list.ts,
// and passes the conformance suite in tests/core/providers; nothing else in the engine knows which
// service it talks to.
import type { LinkProbe } from '../links/link-probe';
import type { AlbumMember } from '../links/verify-album';
import type { HttpFetch } from '../net/http-fetch';

export interface RemoteFile {
  /** Provider path or id the file can be found by again (e.g. `/DM Drop/dmdrop-7f3k2q.jpg`). */
  path: string;
  id?: string;
  size: number;
  /** The provider's own content hash, when it has one (Dropbox content_hash). */
  contentHash?: string;
}

/** A folder made for one album: photos go inside, and the folder itself is shared. */
export interface RemoteAlbum {
  name: string;
  /** What `remotePathFor` puts photos under (a Dropbox path, a Drive folder id). */
  path: string;
  id?: string;
}

/** Anything a link can be made for: a photo or an album folder. */
export interface LinkTarget {
  path: string;
  id?: string;
}

export interface LinkInfo {
  /** The link to paste: opens a page that shows the photo. */
  url: string;
  /** A URL that returns the image bytes to anyone without credentials. */
  directUrl: string;
  /**
   * A URL that shows the photo itself in a browser (inline, no provider page, no sign-up prompt),
   * for photos; same access as `url`.
   */
  photoUrl?: string;
  /** What the provider says the link grants: must be `viewer`. */
  access: string;
  /** Who the provider says can open it: must be `public`. */
  audience: string;
  expiresAt?: string;
}

export interface UploadRequest {
  data: Buffer;
  remotePath: string;
  mime: string;
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

export interface Provider {
  /** Its descriptor's id and name (the registry sets both). */
  readonly id: string;
  readonly displayName: string;
  /** Where a file of this name goes in the user's storage (inside the album's folder if given). */
  remotePathFor(fileName: string, album?: RemoteAlbum): string;
  /** The file already at `remotePath` if it holds exactly `data` (resume without re-uploading). */
  findExisting(remotePath: string, data: Buffer): Promise<RemoteFile | undefined>;
  upload(request: UploadRequest): Promise<RemoteFile>;
  /**
   * A new folder for an album. `key` is DM Drop's own id for the album: a provider that can tag
   * folders finds the folder again by it, so a retried or resumed album never makes a second one.
   */
  createAlbum(name: string, key: string): Promise<RemoteAlbum>;
  /**
   * A view-only public link to a photo or an album; an existing link of ours is reused rather than
   * duplicated. With `password`, strangers must type it first (audience `password`); a provider or
   * plan that cannot do that throws PASSWORD_LINKS_UNAVAILABLE rather than make an open link.
   */
  createLink(target: LinkTarget, options?: { expiresAt?: Date; password?: string }): Promise<LinkInfo>;
  /** Links can carry a password on some accounts (Dropbox's paid plans); absent: on none. */
  readonly passwordLinks?: boolean;
  /**
   * Throws PASSWORD_LINKS_UNAVAILABLE when the account is known not to allow link passwords, so
   * the share is refused before anything is uploaded; resolves when allowed or not known.
   */
  checkPasswordLinks?(): Promise<void>;
  /**
   * Proves, as a stranger, that every photo of a shared album is reachable through the album's link
   * and byte-exact, by a route the provider documents. Throws LINK_NOT_VERIFIED (retryable when transient).
   */
  verifyAlbum(link: LinkInfo, members: AlbumMember[], signal?: AbortSignal): Promise<void>;
  /** An anonymous URL for one photo's bytes inside a shared album, when the provider has one. */
  memberDirectUrl?(file: RemoteFile): string | undefined;
  /** Removes the file from the user's storage; a file that is already gone is not an error. */
  deleteFile(target: LinkTarget): Promise<void>;
  /** Closes the link for everybody; a link that is already gone is not an error. */
  revoke(url: string): Promise<void>;
  /**
   * The anonymous request whose answer says whether a link (page, direct or photo URL of a photo or
   * an album) still gives strangers its content; without it the URL itself must serve bytes.
   */
  probeFor?(url: string): LinkProbe;
  /** What a DM link opens unless the user chose (setting `linkOpens`). */
  readonly defaultLinkOpens: 'photo' | 'page';
  /** Fetch for anonymous checks of this provider's links (no credentials ever added). */
  readonly anonymousFetch: HttpFetch;
}
