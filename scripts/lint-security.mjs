// npm run lint:security: Electronegativity (Doyensec's Electron security linter) over the sources.
// Every HIGH or MEDIUM finding must be reviewed and justified in security-review.json; anything
// else fails. Runs offline: the Electron version is given, so the tool need not fetch release data.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const bin = join(import.meta.dirname, '../node_modules/@doyensec/electronegativity/dist/index.js');
const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
const csv = join(dir, 'findings.csv');
try {
  // The release-notes check needs GitHub (unreachable offline); Electron updates are tracked with npm outdated.
  execFileSync(process.execPath, [bin, '-i', 'src', '-e', electronVersion, '-x', 'AvailableSecurityFixesGlobalCheck', '-r', '-v', 'false', '-o', csv], { stdio: ['ignore', 'ignore', 'inherit'] });
  const findings = parseCsv(readFileSync(csv, 'utf8')).slice(1).map(([check, severity, confidence, file, location]) => ({ check, severity, confidence, file, location }));
  const { accepted } = JSON.parse(readFileSync(join(import.meta.dirname, '../security-review.json'), 'utf8'));
  const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
  const open = serious.filter((f) => !accepted.some((a) => a.check === f.check && a.file === f.file));
  for (const f of findings) {
    const note = accepted.find((a) => a.check === f.check && a.file === f.file) ? 'accepted (security-review.json)' : f.severity === 'LOW' || f.severity === 'INFORMATIONAL' ? 'low' : 'NOT REVIEWED';
    console.log(`${f.severity.padEnd(6)} ${f.check} ${f.file}:${f.location}  ${note}`);
  }
  console.log(`${findings.length} finding(s), ${serious.length} high/medium, ${open.length} not reviewed.`);
  process.exitCode = open.length === 0 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field.trim());
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      endField();
    } else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (c !== '\r') {
      field += c;
    }
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}
