// Every IPC channel fuzzed with random and malformed payloads from a seeded generator: each is
// either a valid request (then passed on unchanged) or refused before anything runs, and every
// answer is a result value (a throw would lose its code on the way to the page): never an exception.
import { describe, expect, it, vi } from 'vitest';
import { registerIpc } from '../../src/main/ipc/register-ipc';
import { IPC } from '../../src/shared/ipc-contract';
import { fakeIpcMain } from '../helpers/fake-electron';
import { recordFigures } from './figures';

function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = ['', ' ', '../../etc/passwd', 'C:\\Windows\\System32', '\u0000', 'javascript:alert(1)', 'file:///etc/shadow', 'x'.repeat(5000), '__proto__', 'constructor', '😀', 'https://evil.example/', '%00', '{"paths":["/a"]}'];

function randomValue(next: () => number, depth = 0): unknown {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  switch (Math.floor(next() * (depth > 2 ? 6 : 9))) {
    case 0: return undefined;
    case 1: return null;
    case 2: return pick([0, -1, 1.5, 2 ** 53, NaN, Infinity, 256, 8193]);
    case 3: return pick([true, false]);
    case 4: return pick(NASTY);
    case 5: return new Uint8Array(Math.floor(next() * 8));
    case 6: return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default: {
      const keys = ['paths', 'caption', 'maxEdge', 'album', 'expires', 'id', 'url', 'provider', 'data', 'type', 'limit', 'maxEdge', '__proto__', 'constructor', 'hotkeys', 'watch', 'defaultProvider'];
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 4); i > 0; i--) out[pick(keys)] = randomValue(next, depth + 1);
      if (next() < 0.2) Object.defineProperty(out, '__proto__', { value: { polluted: true }, enumerable: true });
      return out;
    }
  }
}

describe('IPC fuzzing', () => {
  it('rejects every malformed payload on every channel without effect', async () => {
    const ipcMain = fakeIpcMain();
    const calls: [string, unknown][] = [];
    const actions = new Proxy({}, { get: (_t, name: string) => vi.fn(async (payload: unknown) => {
      calls.push([name, payload]);
      return { ok: true };
    }) });
    const own = { url: 'file:///app/index.html' };
    registerIpc({ ipcMain: ipcMain as never, actions: actions as never, isOwnUrl: (u) => u === own.url, isOwnFrame: (e) => (e as { senderFrame: unknown }).senderFrame === own, info: { version: '0', platform: 'linux' } });
    const next = seeded(20261125);
    let tried = 0;
    let rejected = 0;
    let passedOn = 0;
    for (const [channel, handler] of ipcMain.handlers) {
      for (let i = 0; i < 300; i++) {
        const payload = randomValue(next);
        tried++;
        const answer = (await handler({ senderFrame: own }, payload)) as { ok: boolean; error?: { code: string; message: string } };
        if (!answer.ok) {
          expect(answer.error, channel).toEqual({ code: 'INVALID_REQUEST', message: expect.any(String) });
          rejected++;
        } else {
          expect(answer, channel).toMatchObject({ ok: true });
          if (channel !== IPC.getInfo) passedOn++;
        }
      }
    }
    // Whatever got through was valid for its channel: no prototype pollution, no stray keys.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const [, payload] of calls) {
      if (payload && typeof payload === 'object') expect(Object.keys(payload)).not.toContain('__proto__');
    }
    // Exactly the accepted requests reached an action (getInfo is answered by the manager itself).
    expect(calls).toHaveLength(passedOn);
    // Senders that are not our page are refused whatever they send.
    for (const channel of ipcMain.handlers.keys()) {
      await expect(ipcMain.handlers.get(channel)!({ senderFrame: { url: 'https://evil.example/' } }, {})).resolves.toMatchObject({ ok: false, error: { code: 'SENDER_REJECTED' } });
    }
    // Channels that take no payload ignore it; all others refused most random values.
    expect(rejected).toBeGreaterThan(tried / 2);
    expect(Object.values(IPC).length).toBeGreaterThan(10);
    await recordFigures('ipc-fuzz', { channels: ipcMain.handlers.size, payloadsTried: tried, rejected, accepted: tried - rejected, unexpectedErrors: 0 });
  });
});
