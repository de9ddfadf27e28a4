// Logs rotate and never hold a token or the secret part of a link.
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/core/logging/redact';
import { createRotatingLog } from '../../../src/core/logging/rotating-log';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('logs', () => {
  it('mask tokens, codes, verifiers and the access parts of links', () => {
    const secrets = [
      'sl.u.AbCdEfGhIjKlMnOpQrSt0123456789',
      'ya29.a0AfB_byC9876',
      '1//0gLmNoPq-rst',
      'kn7urzh9mkvhtakpm25408lh',
      'jc87eqjgd7qwewxra3oryjgj',
      '1AbCdEfGhIjKlMnOpQrStUvWxYz012345',
      'verifier-value-123',
    ];
    const line = `POST /token code_verifier=verifier-value-123 Authorization: Bearer ${secrets[0]} google ${secrets[1]} refresh ${secrets[2]} link https://www.dropbox.com/scl/fi/${secrets[4]}/a.jpg?rlkey=${secrets[3]}&dl=0 drive https://drive.google.com/file/d/${secrets[5]}/view {"refresh_token":"${secrets[2]}"}`;
    const out = redact(line);
    for (const secret of secrets) expect(out, secret).not.toContain(secret);
    expect(out).toContain('POST /token');
    expect(out).toContain('https://www.dropbox.com/scl/fi/[link]');
  });

  it('rotate at the size limit, keeping a bounded number of files', async () => {
    const dir = await tempDir();
    const log = createRotatingLog({ dir, maxBytes: 200, keep: 2 });
    for (let i = 0; i < 30; i++) log.info(`line ${i} with rlkey=secret${i}abc`);
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    const newest = await readFile(log.path, 'utf8');
    expect(newest).toContain('line 29');
    expect(newest).not.toContain('secret29');
    for (const f of files) expect((await readFile(`${dir}/${f}`, 'utf8')).length).toBeLessThanOrEqual(200);
  });
});
