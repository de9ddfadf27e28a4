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
};
