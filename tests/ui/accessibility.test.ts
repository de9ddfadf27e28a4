// Every view of the window, checked by axe-core in light and in dark, against the real engine and
// the Dropbox emulator: any violation fails. The views are one list: a new view is one line here.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { photo } from '../helpers/shell-harness';
import { useTempDirs } from '../helpers/temp-dir';
import { expectNoAxeViolations } from './axe';
import { useAppWindow, type AppUnderTest } from './harness';

const tempDir = useTempDirs();
const appWindow = useAppWindow();
let app: AppUnderTest | undefined;

/** Shares a small photo (as a second launch would) and waits for its row to have a verified link. */
async function shareOne(a: AppUnderTest) {
  a.shell.share([await photo(await tempDir(), 'beach.jpg')]);
  await a.page.locator('li.job[data-stage="done"]').waitFor();
}

interface View {
  label: string;
  /** The window starts at first run (default: after it). */
  firstRun?: boolean;
  /** Starts the app without a built-in Dropbox app key (the bring-your-own guide's case). */
  withoutDropboxAppKey?: boolean;
  /** Brings the window to the view, filled in as a person would see it. */
  open(a: AppUnderTest): Promise<void>;
}

const VIEWS: View[] = [
  { label: 'first run', firstRun: true, open: (a) => a.page.locator('#first-run-title').waitFor() },
  { label: 'share, empty', open: (a) => a.page.locator('#drop-zone').waitFor() },
  {
    label: 'share with rows (done, failed) and a notice',
    open: async (a) => {
      const notImage = join(await tempDir(), 'notes.jpg');
      await writeFile(notImage, 'not an image');
      a.shell.share([notImage]);
      await a.page.locator('li.job[data-stage="failed"]').waitFor();
      await shareOne(a);
      await a.page.getByRole('button', { name: 'Copy DM text' }).click();
      await a.page.locator('#notice', { hasText: 'DM text copied' }).waitFor();
    },
  },
  {
    label: 'history',
    open: async (a) => {
      await shareOne(a);
      await a.page.getByRole('button', { name: 'History' }).click();
      await a.page.locator('li.entry').first().waitFor();
    },
  },
  {
    label: 'settings',
    open: async (a) => {
      await a.page.getByRole('button', { name: 'Settings' }).click();
      await a.page.locator('.account[data-provider="dropbox"] .status-connected').waitFor();
    },
  },
  {
    label: 'QR code',
    open: async (a) => {
      await shareOne(a);
      await a.page.locator('li.job[data-stage="done"]').getByRole('button', { name: 'QR code' }).click();
      await a.page.locator('#qr-code').waitFor();
    },
  },
  {
    label: 'the bring-your-own-app guide, with an error',
    firstRun: true,
    withoutDropboxAppKey: true,
    open: async (a) => {
      await a.page.getByRole('button', { name: 'Connect Dropbox' }).click();
      const guide = a.page.getByRole('dialog', { name: 'Connect Dropbox with your own app' });
      await guide.waitFor();
      await a.page.locator('#client-appKey').fill('not a key');
      await guide.getByRole('button', { name: /check and connect/i }).click();
      await a.page.locator('#client-guide-error:not(:empty)').waitFor();
    },
  },
];

describe('accessibility (axe-core, light and dark)', () => {
  it.each(VIEWS)('$label has no violations', async (view) => {
    app = await appWindow.open(await tempDir(), { firstRunDone: !view.firstRun, withoutDropboxAppKey: view.withoutDropboxAppKey });
    await view.open(app);
    await expectNoAxeViolations(app.page, view.label);
  });
});
