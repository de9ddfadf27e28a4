// What is Drive-specific beyond the conformance suite: the app folder found again by its tag (not
// its name), revoking with "move to the bin" on,
// and the id a link points at.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startDriveEmulator, type DriveEmulator } from '../../../../emulators/google-drive/server';
import { createDriveProvider } from '../../../../src/core/providers/drive/drive-provider';
import { driveIdFromUrl, rewriteDriveUrl } from '../../../../src/core/providers/drive/drive-endpoints';
import { linkStillOpens } from '../../../../src/core/links/link-probe';
import { instantClock } from '../../../helpers/instant-clock';

let emu: DriveEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function provider(options: { trashOnRevoke?: boolean; folderName?: string } = {}) {
  emu ??= await startDriveEmulator();
  return createDriveProvider({
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    refreshToken: emu.issueRefreshToken(),
    endpoint: emu.url,
    folderName: options.folderName ?? 'DM Drop',
    trashOnRevoke: options.trashOnRevoke,
    clock: instantClock(),
  });
}

describe('Google Drive provider', () => {
  it('finds its app folder again by its tag, even under another name, and never makes a second one', async () => {
    const first = await provider();
    await first.upload({ data: Buffer.from('one'), remotePath: first.remotePathFor('a.jpg'), mime: 'image/jpeg' });
    // A new process (new provider), with the folder name setting changed: same folder.
    const second = await provider({ folderName: 'Renamed' });
    await second.upload({ data: Buffer.from('two'), remotePath: second.remotePathFor('b.jpg'), mime: 'image/jpeg' });
    expect(emu!.files().map((f) => f.path).sort()).toEqual(['DM Drop/a.jpg', 'DM Drop/b.jpg']);
    expect(emu!.requests.filter((r) => r.route === 'files.create' && r.status === 200)).toHaveLength(1);
  });

  it('with "move to the bin" on, revoking closes the link and trashes the file', async () => {
    const drive = await provider({ trashOnRevoke: true });
    const data = Buffer.from('photo bytes');
    const remote = await drive.upload({ data, remotePath: drive.remotePathFor('c.jpg'), mime: 'image/jpeg' });
    expect(remote.contentHash).toBe(createHash('md5').update(data).digest('hex'));
    const link = await drive.createLink(remote);
    expect(link.url).toBe(`https://drive.google.com/file/d/${remote.id}/view?usp=drivesdk`);
    expect(link.directUrl).toBe(`https://drive.google.com/uc?id=${remote.id}&export=download`);
    await drive.revoke(link.url);
    expect(await linkStillOpens(drive.anonymousFetch, link.directUrl)).toBe(false);
    expect(emu!.files()).toEqual([expect.objectContaining({ trashed: true, public: false })]);
  });

  it('reads the file id from every Drive link shape and maps public hosts to the emulator only when asked', () => {
    expect(driveIdFromUrl('https://drive.google.com/file/d/1AbC_d-9/view?usp=drivesdk')).toBe('1AbC_d-9');
    expect(driveIdFromUrl('https://drive.google.com/drive/folders/1Fold3r')).toBe('1Fold3r');
    expect(driveIdFromUrl('https://drive.google.com/drive/u/0/folders/1Fold3r')).toBe('1Fold3r');
    expect(driveIdFromUrl('https://drive.google.com/uc?id=1Dl&export=download')).toBe('1Dl');
    expect(driveIdFromUrl('not a url')).toBeUndefined();
    expect(rewriteDriveUrl('https://drive.usercontent.google.com/download?id=1', 'http://127.0.0.1:9')).toBe('http://127.0.0.1:9/download?id=1');
    expect(rewriteDriveUrl('https://drive.google.com/uc?id=1', undefined)).toBe('https://drive.google.com/uc?id=1');
    expect(rewriteDriveUrl('https://example.com/uc?id=1', 'http://127.0.0.1:9')).toBe('https://example.com/uc?id=1');
  });

  it('downloads only the photos an earlier album check has not proven, and still lists them all', async () => {
    const drive = await provider();
    const album = await drive.createAlbum('Day', 'day-key');
    const members = [];
    for (const name of ['a.jpg', 'b.jpg', 'c.jpg']) {
      const data = Buffer.from(`bytes of ${name}`);
      const remote = await drive.upload({ data, remotePath: drive.remotePathFor(name, album), mime: 'image/jpeg' });
      members.push({ name, id: remote.id!, size: data.length, sha256: createHash('sha256').update(data).digest('hex') });
    }
    const link = await drive.createLink(album);
    const downloads = () => emu!.requests.filter((r) => r.route === 'public.download').length;
    await drive.verifyAlbum(link, members);
    expect(downloads()).toBe(3);
    await drive.verifyAlbum(link, [{ ...members[0]!, proven: true }, { ...members[1]!, proven: true }, members[2]!]);
    expect(downloads()).toBe(4);
    await drive.verifyAlbum(link, members.map((m) => ({ ...m, proven: true })));
    expect(downloads()).toBe(5); // one stands in, so the anonymous route is still proven
    // A proven photo that left the folder is still caught.
    await expect(drive.verifyAlbum(link, [...members.map((m) => ({ ...m, proven: true })), { ...members[0]!, id: 'gone', proven: true }])).rejects.toMatchObject({ code: 'LINK_NOT_VERIFIED' });
  });
});
