// npm run emulator: start the loopback Dropbox and Google Drive emulators and print, once they
// accept requests, one line of JSON {"env": {...}} whose variables point dmdrop and the app at
// them with already-authorised test accounts. Logs go to stderr. Serves until SIGINT/SIGTERM.
// `--variant NAME` (repeatable) switches to another plausible behaviour of the real service;
// `--variants` lists them.
import { parseArgs } from 'node:util';
import { startAdminServer } from './admin';
import { startDriveEmulator } from './google-drive/server';
import { startDropboxEmulator } from './dropbox/server';
import { variants as dropboxVariants } from './dropbox/variants';
import { variants as driveVariants } from './google-drive/variants';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    account: { type: 'string', default: 'basic' },
    latency: { type: 'string' },
    bandwidth: { type: 'string' },
    uplink: { type: 'string' },
    faults: { type: 'string' },
    seed: { type: 'string', default: '1' },
    variant: { type: 'string', multiple: true, default: [] },
    variants: { type: 'boolean', default: false },
  },
});

if (values.variants) {
  for (const [name, v] of [...Object.entries(dropboxVariants), ...Object.entries(driveVariants)]) {
    process.stdout.write(`${name}\n  ${v.description}\n  source: ${v.source}\n`);
  }
  process.exit(0);
}
let dropboxVariant = {};
let driveVariant = {};
for (const name of values.variant) {
  if (dropboxVariants[name]) dropboxVariant = { ...dropboxVariant, ...dropboxVariants[name].options };
  else if (driveVariants[name]) driveVariant = { ...driveVariant, ...driveVariants[name].options };
  else {
    console.error(`emulator: no variant "${name}"; \`npm run emulator -- --variants\` lists them`);
    process.exit(2);
  }
}

const number = (value: string | undefined, name: string) => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`emulator: --${name} must be a non-negative number, not "${value}"`);
    process.exit(2);
  }
  return n;
};

const dropbox = await startDropboxEmulator({
  ...dropboxVariant,
  port: number(values.port, 'port'),
  linkBase: 'loopback',
  accountType: values.account === 'pro' ? 'pro' : 'basic',
  latencyMs: number(values.latency, 'latency'),
  bandwidthKbps: number(values.bandwidth, 'bandwidth'),
  uplinkKbps: number(values.uplink, 'uplink'),
});
const drive = await startDriveEmulator({
  ...driveVariant,
  linkBase: 'loopback',
  latencyMs: number(values.latency, 'latency'),
  bandwidthKbps: number(values.bandwidth, 'bandwidth'),
});
const rate = number(values.faults, 'faults');
if (rate) {
  dropbox.faults.random({ rate, seed: number(values.seed, 'seed') ?? 1 });
  drive.faults.random({ rate, seed: number(values.seed, 'seed') ?? 1 });
}
const admin = await startAdminServer([dropbox, drive]);

process.stdout.write(
  JSON.stringify({
    env: {
      ...dropbox.dmdropEnv(),
      ...drive.dmdropEnv(),
      DMDROP_EMULATOR_ADMIN: admin.url,
    },
  }) + '\n',
);
console.error(`Dropbox emulator on ${dropbox.url} (account: ${values.account}${values.variant.length ? `; variants: ${values.variant.join(', ')}` : ''}), Google Drive emulator on ${drive.url}; admin on ${admin.url}. Ctrl-C stops it.`);

const stop = async () => {
  await Promise.all([dropbox.close(), drive.close(), admin.close()]);
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
