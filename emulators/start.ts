// npm run emulator: start every provider's loopback emulator (emulators/provider-emulators.ts) and print, once they
// accept requests, one line of JSON {"env": {...}} whose variables point dmdrop and the app at
// them with already-authorised test accounts. Logs go to stderr. Serves until SIGINT/SIGTERM.
// `--variant NAME` (repeatable) switches to another plausible behaviour of the real service;
// `--variants` lists them.
import { parseArgs } from 'node:util';
import { startAdminServer } from './admin';
import { PROVIDER_EMULATORS } from './provider-emulators';

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
  for (const [name, v] of PROVIDER_EMULATORS.flatMap((e) => Object.entries(e.variants))) {
    process.stdout.write(`${name}\n  ${v.description}\n  source: ${v.source}\n`);
  }
  process.exit(0);
}
const chosen = new Map<string, object>(PROVIDER_EMULATORS.map((e) => [e.id, {}]));
for (const name of values.variant) {
  const emulator = PROVIDER_EMULATORS.find((e) => e.variants[name]);
  if (!emulator) {
    console.error(`emulator: no variant "${name}"; \`npm run emulator -- --variants\` lists them`);
    process.exit(2);
  }
  chosen.set(emulator.id, { ...chosen.get(emulator.id), ...emulator.variants[name]!.options });
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

const launcher = {
  port: number(values.port, 'port'),
  account: values.account === 'pro' ? ('pro' as const) : ('basic' as const),
  latencyMs: number(values.latency, 'latency'),
  bandwidthKbps: number(values.bandwidth, 'bandwidth'),
  uplinkKbps: number(values.uplink, 'uplink'),
};
const running = await Promise.all(PROVIDER_EMULATORS.map(async (e) => ({ id: e.id, emulator: await e.start(launcher, chosen.get(e.id)!) })));
const rate = number(values.faults, 'faults');
if (rate) for (const { emulator } of running) emulator.faults.random({ rate, seed: number(values.seed, 'seed') ?? 1 });
const admin = await startAdminServer(running.map((r) => r.emulator));

process.stdout.write(JSON.stringify({ env: Object.assign({}, ...running.map((r) => r.emulator.dmdropEnv()), { DMDROP_EMULATOR_ADMIN: admin.url }) }) + '\n');
const where = running.map((r, i) => `${r.id} emulator on ${r.emulator.url}${i === 0 ? ` (account: ${values.account}${values.variant.length ? `; variants: ${values.variant.join(', ')}` : ''})` : ''}`);
console.error(`${where.join(', ')}; admin on ${admin.url}. Ctrl-C stops it.`);

const stop = async () => {
  await Promise.all([...running.map((r) => r.emulator.close()), admin.close()]);
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
