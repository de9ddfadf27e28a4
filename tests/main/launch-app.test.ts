// The start of the app, before and around `ready`, against the fake Electron: files opened while
// starting are not lost, a failed start is said and ends the process (releasing the lock), and
// what must happen before ready does.
import { describe, expect, it, vi } from 'vitest';
import { launchApp, startFailureText, type Running } from '../../src/main/lifecycle/launch-app';
import { fakeElectron } from '../helpers/fake-electron';

function running() {
  return { share: vi.fn<(paths: string[]) => void>(), secondLaunch: vi.fn<(argv: string[], cwd: string) => void>(), close: vi.fn(async () => undefined) } satisfies Running;
}

function launch(fake: ReturnType<typeof fakeElectron>, boot: () => Promise<Running>, overrides: { interactive?: boolean; platform?: NodeJS.Platform } = {}) {
  const reported: unknown[] = [];
  const result = launchApp({
    electron: fake.electron as never,
    platform: overrides.platform ?? 'darwin',
    appUserModelId: 'app.dmdrop.desktop',
    boot,
    report: (error) => void reported.push(error),
    logLocation: () => '/home/person/.config/dmdrop/logs',
    interactive: overrides.interactive ?? true,
  });
  return { result, reported };
}

describe('launching the app', () => {
  it('keeps files opened before ready (macOS open-file) and from second launches until the shell is up', async () => {
    const fake = fakeElectron();
    const app = running();
    let finishBoot!: () => void;
    const booted = new Promise<void>((resolve) => (finishBoot = resolve));
    const { result } = launch(fake, async () => {
      await booted;
      return app;
    });
    const preventDefault = vi.fn();
    fake.app.emit('open-file', { preventDefault }, '/Users/zoe/Pictures/beach.heic'); // before ready
    fake.app.ready();
    fake.app.emit('second-instance', {}, ['/Applications/DM Drop.app/Contents/MacOS/DM Drop', 'b.jpg'], '/Users/zoe');
    expect(app.share).not.toHaveBeenCalled();
    finishBoot();
    expect(result.started && (await result.ready)).toBe(app);
    expect(preventDefault).toHaveBeenCalled();
    expect(app.share).toHaveBeenCalledWith(['/Users/zoe/Pictures/beach.heic']);
    expect(app.secondLaunch).toHaveBeenCalledWith(['/Applications/DM Drop.app/Contents/MacOS/DM Drop', 'b.jpg'], '/Users/zoe');
    // Once up, files go straight through.
    fake.app.emit('open-file', { preventDefault }, '/Users/zoe/c.png');
    expect(app.share).toHaveBeenLastCalledWith(['/Users/zoe/c.png']);
  });

  it('a failure during start is logged, shown with what to do, releases the lock and exits non-zero', async () => {
    const fake = fakeElectron();
    const { result, reported } = launch(fake, async () => {
      throw new Error('The journal in /home/person/.config/dmdrop is damaged.');
    });
    expect(fake.app.hasSingleInstanceLock()).toBe(true);
    fake.app.ready();
    expect(result.started && (await result.ready)).toBeUndefined();
    expect(reported).toEqual([expect.objectContaining({ message: 'The journal in /home/person/.config/dmdrop is damaged.' })]);
    expect(fake.errorBoxes).toEqual([{ title: 'DM Drop could not start', content: expect.stringContaining('The journal in /home/person/.config/dmdrop is damaged.') }]);
    expect(fake.errorBoxes[0]!.content).toMatch(/Start DM Drop again.*\n\/home\/person\/\.config\/dmdrop\/logs/s);
    expect(fake.app.hasSingleInstanceLock()).toBe(false);
    expect(fake.app.exit).toHaveBeenCalledWith(1);
  });

  it('the self-test fails the same way without a dialog, exiting only once its report is written', async () => {
    const fake = fakeElectron();
    let written!: () => void;
    const result = launchApp({
      electron: fake.electron as never,
      platform: 'linux',
      appUserModelId: 'x',
      boot: async () => Promise.reject(new Error('no display')),
      report: () => new Promise<void>((resolve) => (written = resolve)), // stdout to a pipe: asynchronous
      logLocation: () => '/tmp',
      interactive: false,
    });
    const exited = new Promise<void>((resolve) => fake.app.exit.mockImplementation(() => void resolve()));
    fake.app.ready();
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.app.exit).not.toHaveBeenCalled();
    written();
    await exited;
    expect(result.started && (await result.ready)).toBeUndefined();
    expect(fake.errorBoxes).toEqual([]);
    expect(fake.app.exit).toHaveBeenCalledWith(1);
  });

  it('registers the page scheme before ready, the Windows app id, and quits at once when another instance runs', async () => {
    const win = fakeElectron();
    launch(win, async () => running(), { platform: 'win32' });
    expect(win.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(win.app.appUserModelId).toBe('app.dmdrop.desktop');

    const second = fakeElectron();
    second.app.requestSingleInstanceLock(); // another DM Drop holds it
    const boot = vi.fn(async () => running());
    expect(launch(second, boot).result).toEqual({ started: false });
    expect(second.app.quit).toHaveBeenCalled();
    second.app.ready();
    await Promise.resolve();
    expect(boot).not.toHaveBeenCalled();
  });

  it('closes the shell and the engine before quitting', async () => {
    const fake = fakeElectron();
    const app = running();
    const { result } = launch(fake, async () => app);
    fake.app.ready();
    if (result.started) await result.ready;
    const exited = new Promise<void>((resolve) => fake.app.exit.mockImplementation(() => void resolve()));
    const preventDefault = vi.fn();
    fake.app.emit('will-quit', { preventDefault });
    expect(preventDefault).toHaveBeenCalled();
    await exited;
    expect(app.close).toHaveBeenCalledTimes(1);
    expect(fake.app.exit).toHaveBeenCalledWith(0);
  });

  it('says what to do in words, never a stack trace', () => {
    const text = startFailureText(new Error('Setting "maxEdge" is invalid.'), 'C:\\Users\\Zoë\\AppData\\Roaming\\dmdrop\\logs');
    expect(text).not.toMatch(/at .*\(.*:\d+:\d+\)/);
    expect(text).toContain('C:\\Users\\Zoë\\AppData\\Roaming\\dmdrop\\logs');
  });
});
