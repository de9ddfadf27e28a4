// Where the real Dropbox's behaviour is not known for sure, each plausible answer is a variant:
// `npm run emulator -- --variant NAME` serves it, and the conformance suite runs under each.
// With no variant the emulator serves what the real service most plausibly sends
// (docs/contracts/dropbox.md says why, and which switch models what).
import type { DropboxEmulatorOptions } from './server';

export interface Variant {
  description: string;
  source: string;
  options: Partial<DropboxEmulatorOptions>;
}

export const variants: Record<string, Variant> = {
  'zip-stored': {
    description: 'The folder ZIP (dl=1) stores photos uncompressed and still writes sizes after the data (data descriptors), which streaming ZIP readers cannot delimit safely.',
    source: 'Unknown: Dropbox does not document its ZIP writer. Plausible because JPEGs do not shrink; the default deflates.',
    options: { folderLink: { zip: { compression: 'store', dataDescriptors: true, rootEntry: true } } },
  },
  'zip-sized': {
    description: 'The folder ZIP carries sizes in each local header (no data descriptors) and has no lone "/" entry.',
    source: 'libarchive/libarchive#982 (a maintainer downloading a Dropbox folder in 2018 saw no "/" entry).',
    options: { folderLink: { zip: { dataDescriptors: false, rootEntry: false } } },
  },
  'zip-folder-prefix': {
    description: 'The folder ZIP names its entries under the folder, like files/download_zip ("Album/photo.jpg").',
    source: 'files.stone, route download_zip ("including the top level folder"); whether shared-link ZIPs do the same is unknown.',
    options: { folderLink: { zip: { folderPrefix: true } } },
  },
  'folder-page-no-preload': {
    description: 'The folder page carries no first page of entries at all: every name comes from the list_shared_link_folder_entries XHR.',
    source: 'JDownloader DropBoxComCrawler.java rev 52441 (mycodedoesnotcompile2/jdownloader_mirror): "First page didn\'t contain prefetch json in HTML -> Trying to obtain that via ajax request" (POST /list_shared_link_folder_entries).',
    options: { folderLink: { preloadFirstPage: false } },
  },
  'dropbox-audience-metadata': {
    description: 'Link metadata carries effective_audience + link_access_level instead of resolved_visibility.',
    source: 'sharing.stone LinkPermissions (~665–676: "For some links, an effective_audience value is returned instead"); samschott/maestral#658',
    options: { linkMetadata: 'audience' },
  },
  'dropbox-both-metadata': {
    description: 'Link metadata carries every visibility field at once (resolved_visibility, effective_audience, link_access_level).',
    source: 'sharing.stone LinkPermissions (all optional, none exclusive in the type); public clients read either: maestral client.py convert_shared_link_metadata, elba-security dropbox connector filterSharedLinks',
    options: { linkMetadata: 'both' },
  },
  'dropbox-dead-links-404': {
    description: 'A revoked, expired or unknown link answers a 404 HTML page (legacy /s/ links did).',
    source: 'shared/contracts/dropbox.md §8.4 (observed for dead legacy links); JDownloader DropBoxComCrawler.isOfflineWebsite treats 403/404 as dead; /scl/ status unconfirmed',
    options: { deadLinks: 'html-404' },
  },
  'dropbox-dead-links-sign-in': {
    description: 'A revoked or expired link detours a stranger to the sign-in page.',
    source: 'dropboxforum.com m-p/705730 (without the rlkey "visitors having to sign in and request access"); cyberdrop-dl follow_db_redirect (error_pages/no_access); status unconfirmed',
    options: { deadLinks: 'sign-in' },
  },
  'dropbox-redirect-any-loopback-port': {
    description: 'OAuth accepts a registered loopback redirect URI on any port (undocumented; the default is exact match).',
    source: 'shared/contracts/dropbox.md §3.1 ("whether Dropbox ignores the port on loopback URIs is unconfirmed")',
    options: { redirectMatch: 'loopback-any-port' },
  },
  'dropbox-team-only-links': {
    description: 'A team policy makes new links team-only: the link is created, but strangers must sign in.',
    source: 'sharing.stone ResolvedVisibility team_only / LinkAudience team, VisibilityPolicy example public_team (restricted_by_team); help.dropbox.com/share/manage-team-sharing',
    options: { teamPolicy: 'team-only' },
  },
  'dropbox-team-refuses-settings': {
    description: 'A team policy refuses a public link with settings_error/not_authorized.',
    source: 'sharing.stone SharedLinkSettingsError.not_authorized ("User is not allowed to modify the settings of this link")',
    options: { teamPolicy: 'settings-error' },
  },
  'dropbox-team-access-denied': {
    description: 'A team policy refuses to create any shared link (access_denied).',
    source: 'sharing.stone CreateSharedLinkWithSettingsError.access_denied ("not allowed to create a shared link to the specified file")',
    options: { teamPolicy: 'access-denied' },
  },
};
