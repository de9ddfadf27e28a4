// The app window in Chromium against the real engine and the Dropbox emulator: first run, drop and
// paste a real image → progress → a verified link → Copy gives the DM text; revoke changes the
// status; invalid settings show their errors; a failure in main shows its sentence; the link's
// expiry chosen in the window; the main path keyboard-only; a link's QR code, read back by a QR
// reader (jsqr) from the pixels on screen, from a row and from the tray. Each screen's
// screenshot is saved under test-output/screenshots (DMDROP_REFRESH_DOCS=1: docs/screenshots, which
// the README shows).
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import jsQR from 'jsqr';
import sharp from 'sharp';
import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { instantClock } from '../helpers/instant-clock';
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

/** A noisy camera-sized JPEG; `small` where the test is about the window, not the optimiser (it drops faster). */
async function photoFile(dir: string, name: string, color: string, exif = false, small = false): Promise<string> {
  const path = join(dir, name);
  const [width, height] = small ? [640, 480] : [1600, 1200];
  let image = sharp({ create: { width, height, channels: 3, background: color, noise: { type: 'gaussian', mean: 128, sigma: 20 } } });
  if (exif) image = image.withExif({ IFD0: { Make: 'SecretCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' } });
  await writeFile(path, await image.jpeg({ quality: 90 }).toBuffer());
  return path;
}

/** Drops real files on the drop zone the way a file manager does (a DataTransfer with File objects). */
async function drop(a: AppUnderTest, paths: string[]) {
  const files = await Promise.all(paths.map(async (p) => ({ name: p.split('/').pop()!, path: p, bytes: [...(await readFile(p))] })));
  await a.page.evaluate((list) => {
    const w = window as unknown as { __testPaths?: Record<string, string> };
    w.__testPaths = { ...w.__testPaths, ...Object.fromEntries(list.map((f) => [f.name, f.path])) };
    const transfer = new DataTransfer();
    for (const f of list) transfer.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: 'image/jpeg' }));
    document.querySelector('#drop-zone')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
}

/** What a phone's camera would read: the element's pixels as Chromium drew them, through jsqr. */
async function scanQrCode(element: Locator): Promise<string | undefined> {
  const { data, info } = await sharp(await element.screenshot()).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)?.data;
}

describe('the app window', () => {
  it('first run: shows the honest provider list, the screenshot choice (off) and the hotkey', async () => {
    app = await appWindow.open(await tempDir(), { firstRunDone: false });
    const { page } = app;
    await page.locator('#first-run-title').waitFor();
    await expect(page.locator('#first-run-screenshots').isChecked()).resolves.toBe(false);
    await expect(page.locator('#view-first-run').textContent()).resolves.toMatch(/Google Photos cannot be used: Google Photos cannot share/);
    await expect(page.locator('kbd').textContent()).resolves.toBe('Ctrl+Alt+Shift+L');
    await page.screenshot({ path: join(SHOTS, 'first-run.png') });
    await page.locator('#first-run-done').click();
    await page.locator('#drop-zone').waitFor();
    expect(JSON.parse(await readFile(app.settingsFile, 'utf8'))).toMatchObject({ firstRunDone: true, watch: { autoUploadScreenshots: false } });
  });

  it('drop: a real photo goes through every stage to a verified link; Copy gives the DM text; a bad file says why', async () => {
    app = await appWindow.open(await tempDir());
    const dir = await tempDir();
    const good = await photoFile(dir, 'beach.jpg', '#3a86c8', true);
    const bad = join(dir, 'notes.jpg');
    await writeFile(bad, 'not an image');
    await drop(app, [good, bad]);
    const row = app.page.locator('li.job[data-stage="done"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/beach\.jpg.*Ready.*[KM]B → .*KB.*location removed.*camera data removed/);
    const failed = app.page.locator('li.job[data-stage="failed"]');
    await failed.waitFor();
    await expect(failed.textContent()).resolves.toMatch(/notes\.jpg.*not an image/i);
    await row.getByRole('button', { name: 'Copy DM text' }).click();
    await app.page.locator('#notice', { hasText: 'DM text copied' }).waitFor();
    const live = app.engine.history().find((e) => e.status === 'live')!;
    expect(app.clipboard.at(-1)).toBe(live.dm);
    expect(live.dm).toContain(live.url!);
    await app.page.screenshot({ path: join(SHOTS, 'drop-window.png') });
  });

  it('offline: the row says the photo will be retried by itself, and it is, when the machine wakes', async () => {
    app = await appWindow.open(await tempDir(), { clock: instantClock() }); // calls give up at once
    const photo = await photoFile(await tempDir(), 'train.jpg', '#2a9d8f');
    await app.emu.networkGone();
    await drop(app, [photo]);
    const failed = app.page.locator('li.job[data-stage="failed"]');
    await failed.waitFor();
    await expect(failed.textContent()).resolves.toMatch(/train\.jpg.*will try again by itself/);
    await expect(failed.getByRole('button', { name: 'Retry now' }).count()).resolves.toBe(1);
    await app.emu.networkBack();
    app.powerMonitor.emit('resume');
    await app.page.locator('li.job[data-stage="done"]').waitFor();
    expect(app.engine.history()[0]).toMatchObject({ file: photo, status: 'live' });
    expect(app.emu.files()).toHaveLength(1);
  });

  it('paste: an image pasted from the clipboard is shared like a dropped one', async () => {
    app = await appWindow.open(await tempDir());
    const png = [...(await sharp({ create: { width: 400, height: 300, channels: 3, background: '#e85d75' } }).png().toBuffer())];
    await app.page.evaluate((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, png);
    await app.page.locator('li.job[data-stage="done"]').waitFor();
    expect(app.engine.history()[0]).toMatchObject({ status: 'live', file: expect.stringMatching(/pasted-[0-9a-f]{8}\.png$/) });
    expect(app.emu.files()).toHaveLength(1);
  });

  it('history: searchable, a link re-checked as live, and revoke closes it for strangers', async () => {
    app = await appWindow.open(await tempDir());
    const dir = await tempDir();
    await drop(app, [await photoFile(dir, 'one.jpg', '#2a9d8f', false, true), await photoFile(dir, 'two.jpg', '#e9c46a', false, true)]);
    await app.page.locator('li.job[data-stage="done"]').nth(1).waitFor();
    await app.page.getByRole('button', { name: 'History' }).click();
    const entries = app.page.locator('li.entry');
    await entries.nth(1).waitFor();
    await app.page.locator('#history-search').fill('two');
    await expect(entries.count()).resolves.toBe(1);
    const entry = entries.first();
    await entry.getByRole('button', { name: 'Check' }).click();
    await app.page.locator('li.entry .status', { hasText: 'live · checked' }).waitFor();
    await app.page.locator('#history-search').fill('');
    await app.page.screenshot({ path: join(SHOTS, 'history.png') });
    const url = app.engine.history().find((e) => e.file.endsWith('two.jpg'))!.url!;
    await app.page.locator('#history-search').fill('two');
    await app.page.locator('li.entry').first().getByRole('button', { name: 'Revoke' }).click();
    await app.page.locator('li.entry[data-status="revoked"]').waitFor();
    expect(app.engine.history().find((e) => e.url === url)!.status).toBe('revoked');
    // Closed: where the photo was, a stranger gets Dropbox's dead-link page (HTML, often with 200).
    const stranger = await fetch(url.replace('https://www.dropbox.com', app.emu.url));
    expect(stranger.headers.get('content-type')).toMatch(/^text\/html/);
    // Deleting the file itself takes two presses; then it is gone from the storage.
    const entryOne = app.page.locator('li.entry', { hasText: 'one.jpg' });
    await app.page.locator('#history-search').fill('one');
    await entryOne.getByRole('button', { name: 'Delete file' }).click();
    await entryOne.getByRole('button', { name: 'Press again to delete from your storage' }).click();
    await app.page.locator('li.entry[data-status="deleted"]').waitFor();
    expect(app.emu.files()).toHaveLength(1); // only the revoked (not deleted) photo is still stored
  });

  it('settings: live DM preview, errors shown per field, valid values saved', async () => {
    app = await appWindow.open(await tempDir());
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.locator('#dmTemplate').fill('{caption} Here it is: {link}');
    // The caption is its own sentence (capitalised, a full stop added) whatever the template.
    await expect(page.locator('#dm-preview').textContent()).resolves.toBe('From Saturday. Here it is: https://www.dropbox.com/scl/fi/abc123/dmdrop-7f3k2q.jpg?rlkey=…&dl=0');
    await page.locator('#maxEdge').fill('100');
    await page.locator('#cancelWindowSec').fill('500');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.locator('#maxEdge-error').textContent()).resolves.toBe('Choose a size from 256 to 8192 pixels.');
    await expect(page.locator('#cancelWindowSec-error').textContent()).resolves.toBe('Choose 0 to 120 seconds.');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('cancelWindowSec'); // focus goes to the first problem
    expect(JSON.parse(await readFile(app.settingsFile, 'utf8')).maxEdge).toBe(2048); // nothing invalid was saved
    await page.screenshot({ path: join(SHOTS, 'settings.png'), fullPage: true });
    await page.locator('#maxEdge').fill('1600');
    await page.locator('#cancelWindowSec').fill('5');
    await page.locator('#hotkey-copyLast').press('Control+Alt+K');
    await expect(page.locator('#hotkey-copyLast').inputValue()).resolves.toBe('CmdOrCtrl+Alt+K');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#notice', { hasText: 'Settings saved.' }).waitFor();
    expect(JSON.parse(await readFile(app.settingsFile, 'utf8'))).toMatchObject({ maxEdge: 1600, dmTemplate: '{caption} Here it is: {link}', hotkeys: { copyLast: 'CmdOrCtrl+Alt+K' }, watch: { cancelWindowSec: 5 } });
  });

  it('a failure in main shows its own sentence, not Electron’s "Error invoking remote method"', async () => {
    // Google Drive has no OAuth client here, so its guide opens; checking an empty client fails in
    // main with OAUTH_CLIENT_INVALID, and connecting anyway with NOT_CONNECTED. A thrown error
    // would reach the page flattened by invoke, code lost; the answer is a value.
    app = await appWindow.open(await tempDir());
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.locator('.account[data-provider="drive"]').getByRole('button', { name: 'Connect Google Drive' }).click();
    await page.getByRole('button', { name: 'Check and connect' }).click();
    await page.locator('#client-guide-error:not(:empty)').waitFor();
    await expect(page.locator('#client-guide-error').textContent()).resolves.toBe(
      'Enter the Client ID of your Google Drive app: copy the Client ID (it ends in .apps.googleusercontent.com) of your Desktop app client.',
    );
    const answer = await page.evaluate(() => (window as unknown as { api: { connectAccount(r: { provider: string }): Promise<unknown> } }).api.connectAccount({ provider: 'drive' }));
    expect(answer).toEqual({ ok: false, error: { code: 'NOT_CONNECTED', message: expect.stringMatching(/^This copy of DM Drop has no Google Drive app of its own/) } });
  });

  it('expiry: the window offers the shared choices, and the link gets that expiry', async () => {
    app = await appWindow.open(await tempDir());
    const { page } = app;
    await expect(page.locator('#expires option').allTextContents()).resolves.toEqual(['Never', '1 hour', '24 hours', '7 days']);
    await page.locator('#expires').selectOption({ label: '24 hours' });
    const before = Date.now();
    await drop(app, [await photoFile(await tempDir(), 'closes.jpg', '#264653', false, true)]);
    await page.locator('li.job[data-stage="done"]').waitFor();
    const expiresAt = Date.parse(app.engine.history()[0]!.expiresAt!);
    expect(expiresAt - before).toBeGreaterThanOrEqual(86_400_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(86_400_000);
  });

  it('password: strangers are asked for it, the DM text never holds it, and "Copy password" copies it alone', async () => {
    app = await appWindow.open(await tempDir(), { accountType: 'pro' });
    const { page } = app;
    // Where the option is offered, it says that Google Drive cannot do it.
    await expect(page.locator('#link-password-hint').textContent()).resolves.toMatch(/Google Drive cannot put a password on a link anyone can open/);
    await page.getByLabel('Link password').fill('otter & 42');
    await drop(app, [await photoFile(await tempDir(), 'locked.jpg', '#6a4c93', false, true)]);
    const row = page.locator('li.job[data-stage="done"]');
    await row.waitFor();
    const live = app.engine.history().find((e) => e.status === 'live')!;
    expect(app.clipboard).toEqual([live.dm]); // the verified link's DM text, and nothing else
    expect(live.dm).not.toContain('otter');
    await expect(row.textContent()).resolves.toMatch(/send the password in a separate message/);
    // A stranger following the link gets the password page, not the photo.
    const stranger = await fetch(live.url!.replace('https://www.dropbox.com', app.emu.url).replace('dl=0', 'raw=1'));
    expect(stranger.headers.get('content-type')).toMatch(/^text\/html/);
    await row.getByRole('button', { name: 'Copy password' }).click();
    await page.locator('#notice', { hasText: 'Password copied: send it in a separate message' }).waitFor();
    expect(app.clipboard).toEqual([live.dm, 'otter & 42']);
    // Never written to disk: not in the journal, the history or the settings.
    for (const file of await readdir(app.dataDir, { recursive: true, withFileTypes: true })) {
      if (file.isFile()) expect(await readFile(join(file.parentPath, file.name), 'utf8'), file.name).not.toContain('otter');
    }
  });

  it('password on a plan that cannot set one: the row says why, and Retry keeps the password instead of making an open link', async () => {
    app = await appWindow.open(await tempDir(), { accountType: 'basic' });
    const { page } = app;
    await page.getByLabel('Link password').fill('otter');
    await drop(app, [await photoFile(await tempDir(), 'locked.jpg', '#6a4c93', false, true)]);
    const failed = page.locator('li.job[data-stage="failed"]');
    await failed.waitFor();
    await expect(failed.textContent()).resolves.toMatch(/cannot put a password on a link: Dropbox allows link passwords on paid plans/);
    await page.getByLabel('Link password').fill(''); // the field is changed; the retry must still carry the row's own password
    await failed.getByRole('button', { name: 'Retry' }).click();
    await failed.nth(1).waitFor(); // refused again, with the same sentence
    await expect(failed.nth(0).textContent()).resolves.toMatch(/paid plans/);
    expect(app.engine.history().filter((e) => e.status === 'live')).toEqual([]);
    expect(app.emu.files()).toEqual([]); // the plan is asked first: nothing was uploaded, either time
  });

  it('password with Google Drive as the default: the field is off and says why', async () => {
    app = await appWindow.open(await tempDir());
    const { page } = app;
    // As the Settings view sets it: through the window's own IPC.
    await page.evaluate(() => (window as unknown as { api: { updateSettings(p: object): Promise<unknown> } }).api.updateSettings({ defaultProvider: 'drive' }));
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Share' }).click();
    await expect.poll(() => page.getByLabel('Link password').isDisabled()).toBe(true);
    await expect(page.locator('#link-password-hint').textContent()).resolves.toMatch(/^Google Drive cannot put a password on a link anyone can open, so no password is offered/);
  });

  it('album health: a delivered album whose later check failed stays live and says so in History', async () => {
    app = await appWindow.open(await tempDir());
    const dir = await tempDir();
    const day = { key: 'watch:/shots:2026-12-01', name: 'Screenshots 1 Dec' };
    const first = await app.engine.shareAlbum([await photoFile(dir, 'first.jpg', '#2a9d8f', false, true)], day);
    expect(first.album.ok).toBe(true);
    app.emu.misbehave.allLinksServeWrongBytes(); // the check of the joining photo fails
    const later = await app.engine.shareAlbum([await photoFile(dir, 'second.jpg', '#e76f51', false, true)], day);
    expect(later.album.ok).toBe(false);
    await app.page.getByRole('button', { name: 'History' }).click();
    const entry = app.page.locator('li.entry', { hasText: 'first.jpg' });
    await entry.waitFor();
    await expect(entry.getAttribute('data-status')).resolves.toBe('live');
    await expect(entry.locator('.album-failing').textContent()).resolves.toMatch(/last check failed\. Its link stays open for the people who have it/);
    await expect(entry.getByRole('button', { name: 'Revoke' }).count()).resolves.toBe(1); // closing it stays the person's choice
  });

  it('keyboard only: choose a photo, share it, copy its DM text', async () => {
    app = await appWindow.open(await tempDir());
    const { page } = app;
    const file = await photoFile(await tempDir(), 'keyboard.jpg', '#6d597a');
    await page.evaluate((p) => ((window as unknown as { __testPaths: Record<string, string> }).__testPaths = { 'keyboard.jpg': p }), file);
    // Subscribe before any key is pressed: Playwright turns file-chooser interception on
    // asynchronously, and an Enter that beats it opens a real dialog no test can see.
    const chooserOpened = page.waitForEvent('filechooser');
    // Tab from the top of the page: the header's three buttons, the drop zone, then "Choose photos…".
    for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('choose-photos');
    await page.keyboard.press('Enter');
    const chooser = await chooserOpened;
    await chooser.setFiles(file);
    const row = page.locator('li.job[data-stage="done"]');
    await row.waitFor();
    await row.getByRole('button', { name: 'Copy DM text' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#notice', { hasText: 'DM text copied' }).waitFor();
    expect(app.clipboard.at(-1)).toBe(app.engine.history()[0]!.dm);
  });

  it('QR code: a shared link’s code scans back to that exact link, from its row, the tray and History', async () => {
    app = await appWindow.open(await tempDir());
    const { page } = app;
    await drop(app, [await photoFile(await tempDir(), 'phone.jpg', '#ff7f50', false, true)]);
    await page.locator('li.job[data-stage="done"]').getByRole('button', { name: 'QR code' }).click();
    const live = app.engine.history()[0]!;
    const code = page.locator('#qr-code');
    await code.waitFor();
    await expect(scanQrCode(code)).resolves.toBe(live.url);
    await expect(page.locator('#view-qr').textContent()).resolves.toMatch(/opens the same verified link.*phone\.jpg.*nothing is sent anywhere/);
    await page.screenshot({ path: join(SHOTS, 'qr-code.png') });
    await page.getByRole('button', { name: 'Back' }).click();
    await page.locator('#drop-zone').waitFor();
    // The tray's item opens the window on the last link's code (the shell sends the view to the page).
    const item = app.trayMenu().find((i) => i.label === 'Show Last Link as QR Code')!;
    expect(item.enabled).toBe(true);
    item.click!();
    await code.waitFor();
    await expect(scanQrCode(code)).resolves.toBe(live.url);
    // And from its History row.
    await page.getByRole('button', { name: 'History' }).click();
    await page.locator('li.entry').getByRole('button', { name: 'QR code' }).click();
    await code.waitFor();
    await expect(scanQrCode(code)).resolves.toBe(live.url);
  });
});
