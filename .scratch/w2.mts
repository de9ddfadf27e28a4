import { mkdtempSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import sharp from 'sharp';
import { watchFolder } from '/work/main/src/core/watch/folder-watcher';
const home = mkdtempSync('/tmp/wh-'); const shots = home + '/shots'; mkdirSync(shots);
const w = await watchFolder(shots, { onChange: (p, t) => console.log('change', p, t), onAppeared: () => console.log('app'), onGone: () => console.log('gone'), onError: (e) => console.log('err', e) });
const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#0a0' } }).png().toBuffer();
writeFileSync(shots + '/.tmp-shot.png', png); renameSync(shots + '/.tmp-shot.png', shots + '/Screenshot 1.png');
await new Promise((r) => setTimeout(r, 300));
await w.close();
