// The bring-your-own-app guide in the window, in Chromium against the real shell and the Dropbox
// emulator (which knows its own app key): a copy built without DM Drop's own Dropbox app, started
// without one in its environment. First run's "Connect Dropbox" opens the guide with the steps, the
// permissions and the exact redirect URI; a wrong key gets Dropbox's plain answer in the window and
// is not saved; the right key is saved, the consent page opens (the emulator approves it) and
// Dropbox is connected. The guide's screenshot goes to test-output/screenshots (DMDROP_REFRESH_DOCS=1:
// docs/screenshots, which the README shows).
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DROPBOX_SCOPES } from '../../src/core/providers/dropbox/dropbox-descriptor';
import { outputDir } from '../helpers/output-dir';
import { useTempDirs } from '../helpers/temp-dir';
import { useAppWindow, type AppUnderTest } from './harness';

const SHOTS = outputDir('screenshots');
const tempDir = useTempDirs();
const appWindow = useAppWindow();
let app: AppUnderTest | undefined;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
});

describe('bringing your own Dropbox app in the window', () => {
  it('guides from first run, refuses a wrong key with Dropbox’s answer, and connects with the right one', async () => {
    const opened: string[] = [];
    app = await appWindow.open(await tempDir(), {
      firstRunDone: false,
      withoutDropboxAppKey: true,
      // The system browser: the emulator approves its consent page and redirects to DM Drop's loopback.
      openExternal: async (url) => {
        opened.push(url);
        void fetch(url).catch(() => undefined);
      },
    });
    const { page, emu } = app;
    await page.getByRole('button', { name: 'Connect Dropbox' }).click();
    const guide = page.getByRole('dialog', { name: 'Connect Dropbox with your own app' });
    await guide.waitFor();
    const steps = (await guide.locator('#client-guide-steps li').allTextContents()).join('\n');
    expect(steps).toContain('Scoped access');
    for (const scope of DROPBOX_SCOPES) expect(steps).toContain(scope);
    const port = new URL(await page.locator('#client-guide-redirect').inputValue()).port;
    await expect(page.locator('#client-guide-redirect').inputValue()).resolves.toBe(`http://127.0.0.1:${port}/callback`);
    expect(steps).toContain(`add exactly http://127.0.0.1:${port}/callback`);
    await expect(guide.textContent()).resolves.not.toMatch(/environment variable|DMDROP_/);
    await page.screenshot({ path: join(SHOTS, 'connect-guide.png'), fullPage: true });

    // A key Dropbox does not know: its answer, in the window, and nothing saved.
    await page.getByLabel('Dropbox App key').fill('wrongkey1234567');
    await page.getByRole('button', { name: 'Check and connect' }).click();
    await page.locator('#client-guide-error:not(:empty)').waitFor();
    await expect(page.locator('#client-guide-error').textContent()).resolves.toBe(
      'Dropbox does not know the app key “wrongkey1234567”. Copy the App key from the Settings tab of your app in the Dropbox App Console (not the App secret).',
    );
    expect(JSON.parse(await readFile(app.settingsFile, 'utf8').catch(() => '{}')).dropbox?.appKey).toBeUndefined();
    expect(opened).toEqual([]);

    // Not even key-shaped: said before Dropbox is asked.
    await page.getByLabel('Dropbox App key').fill('https://www.dropbox.com/developers/apps');
    await page.getByRole('button', { name: 'Check and connect' }).click();
    await page.locator('#client-guide-error:not(:empty)').waitFor();
    await expect(page.locator('#client-guide-error').textContent()).resolves.toMatch(/^“https:\/\/www\.dropbox\.com\/developers\/apps” does not look like a Dropbox App key/);

    // The right key: saved, the consent page opens once, and Dropbox is connected.
    await page.getByLabel('Dropbox App key').fill(` ${emu.appKey} `);
    await page.getByRole('button', { name: 'Check and connect' }).click();
    await page.locator('#first-run-title').waitFor();
    await page.getByText('Dropbox: connected').waitFor();
    await expect(guide.isVisible()).resolves.toBe(false);
    expect(opened).toHaveLength(1);
    expect(new URL(opened[0]!).searchParams.get('client_id')).toBe(emu.appKey);
    expect(JSON.parse(await readFile(app.settingsFile, 'utf8')).dropbox).toMatchObject({ appKey: emu.appKey });
  });
});
