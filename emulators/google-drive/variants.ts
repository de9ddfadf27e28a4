// Where the real Google Drive's behaviour is not known for sure, each plausible answer is a
// variant: `npm run emulator -- --variant NAME` serves it, and the conformance suite runs under each.
import type { DriveEmulatorOptions } from './server';

export interface Variant {
  description: string;
  source: string;
  options: Partial<DriveEmulatorOptions>;
}

export const variants: Record<string, Variant> = {
  'any-browser': {
    description: 'The folder page is served to any user agent (no "Update your browser" page).',
    source: 'gdown sends a Chrome user agent for folders (download_folder.py); which agents Drive refuses is not documented.',
    options: { pages: { unsupportedBrowser: 'serve' } },
  },
  'unsupported-browser-redirect': {
    description: 'An unrecognised browser is redirected to the "unsupported browser" help page instead of getting a 200 page.',
    source: 'BrowserWorks/waterfox#2189 (redirect to support.google.com/drive/answer/6283888?p=unsupported_browser).',
    options: { pages: { unsupportedBrowser: 'redirect' } },
  },
  'browser-check-first': {
    description: 'The browser check comes before the access check, so even a private folder answers 200 with the "Update your browser" page.',
    source: 'Unknown order; ikedaosushi/tech-news#15766 shows the page itself.',
    options: { pages: { browserCheckFirst: true } },
  },
  'drive-photo-form-page': {
    description: 'The photo form uc?export=view answers with Drive\'s viewer page (HTML) instead of the image, so only the page link can go in a DM.',
    source: 'Unconfirmed either way for a stranger opening it directly: ShareX/ShareX#3948 (2019) shows it serving the image; since 2024 Drive images stop loading when embedded elsewhere (Automattic/wp-calypso#86571, issuetracker.google.com/issues/319531488).',
    options: { photoForm: 'page' },
  },
  'drive-permission-lag': {
    description: 'A deleted "anyone" permission keeps serving strangers for 5 s while the change reaches the serving hosts.',
    source: 'shared/contracts/google-drive.md §7.3/§9 ("how fast a removed permission stops anonymous access is not documented")',
    options: { permissionLagMs: 5000 },
  },
  'drive-domain-forbids-anyone': {
    description: 'A Workspace domain forbids links anyone can open: permissions.create(anyone) answers 403 forbidden.',
    source: 'odeke-em/drive#864 and #570 ("Error 403: Insufficient permissions for this file, forbidden", blocked by the company)',
    options: { sharingPolicy: 'domain-forbids-anyone' },
  },
  'drive-shared-drive-refuses-anyone': {
    description: 'The file is in a shared drive whose settings refuse "anyone" permissions: 400 Bad Request.',
    source: 'googleapis/google-api-python-client#895 (400 "Bad Request. User message: """ making a shared-drive file viewable by anyone)',
    options: { sharingPolicy: 'shared-drive-refuses-anyone' },
  },
};
