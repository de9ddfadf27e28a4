import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import sharp from 'sharp';
import { startDropboxEmulator } from '/work/main/emulators/dropbox/server';
const emu = await startDropboxEmulator();
const home = mkdtempSync('/tmp/wh-'); const shots = home + '/shots'; mkdirSync(shots);
writeFileSync(shots + '/old.png', await sharp({ create: { width: 50, height: 50, channels: 3, background: '#f00' } }).png().toBuffer());
const child = spawn('node', ['bin/dmdrop.js', 'watch', '--screenshots', shots, '--cancel-window', '0', '--json'], { env: { ...process.env, DMDROP_HOME: home + '/data', DMDROP_DROPBOX_ENDPOINT: emu.url, DMDROP_DROPBOX_APP_KEY: emu.appKey, DMDROP_DROPBOX_REFRESH_TOKEN: emu.issueRefreshToken() } });
let t0 = 0;
child.stderr.on('data', (d) => process.stderr.write(d));
child.stdout.setEncoding('utf8').on('data', async (d: string) => { console.log('RAW', JSON.stringify(d));
  for (const line of d.trim().split('\n')) {
    const e = JSON.parse(line); console.log(Math.round(performance.now() - t0), line.slice(0, 160));
    if (e.event === 'ready') {
      const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#0a0' } }).png().toBuffer();
      writeFileSync(shots + '/.tmp-shot.png', png); t0 = performance.now(); renameSync(shots + '/.tmp-shot.png', shots + '/Screenshot 1.png'); console.log('renamed');
    }
    if (e.event === 'shared') { child.kill('SIGTERM'); }
  }
});
child.on('close', async (code) => { console.log('exit', code, emu.files().length); await emu.close(); });
