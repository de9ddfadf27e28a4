// Remote names are neutral by default: the original name leaks ("passport scan.jpg"), so it is
// used only when the user asks for it, and even then cleaned of path and control characters.
import { randomBytes } from 'node:crypto';
import { basename, extname } from 'node:path';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A short random stem such as `7f3k2q` (36^6 ≈ 2·10^9 names). */
export function randomStem(length = 6, bytes: (n: number) => Buffer = randomBytes): string {
  const raw = bytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[raw[i]! % ALPHABET.length];
  return out;
}

export function remoteFileName(options: { stem: string; ext: string; originalPath: string; keepName: boolean }): string {
  const ext = options.ext.replace(/^\./, '');
  if (options.keepName) {
    const cleaned = cleanName(basename(options.originalPath, extname(options.originalPath)));
    if (cleaned) return `${cleaned}.${ext}`;
  }
  return `dmdrop-${options.stem}.${ext}`;
}

/**
 * Removes what cloud providers reject, what could escape a folder, and invisible characters that
 * disguise a name (bidirectional overrides turn "photo\u202egpj.exe" into "photoexe.jpg" on screen).
 */
function cleanName(name: string): string {
  return name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 120);
}
