// The one fake Electron: the slice of Electron the shell uses, behaving like Electron 45 where it
// matters (each behaviour below was checked against Electron's docs or source, see docs/desktop.md):
// - app: `open-file` can arrive before `ready` (macOS); `whenReady()` resolves on `ready`; a throw in
//   a ready handler is nobody's business but the app's (no exit, the single-instance lock stays held);
//   registerSchemesAsPrivileged throws after ready; `exit(code)` is recorded, never ends the test.
// - frames report URLs the way Chromium does (canonical, percent-encoded, `file:///C:/…`).
// - clipboard.writeText/readText return Promises (Electron 44+); a write can be made to fail.
// - clipboard.read()/write() (Electron 45, docs/api/clipboard.md, clipboard-item.md): the clipboard
//   is a list of ClipboardItems; `types` are the MIME types on offer, `getType(type)` resolves a
//   Blob and rejects for a type not offered; copied files are `text/uri-list` (file:// URIs, CRLF);
//   writeText replaces everything with one text/plain item.
// - Notification objects are only weakly held here, like the native side: whoever wants their
//   click/action handlers must keep them (the test can force a garbage collection).
// - globalShortcut.register returns false for an accelerator another app holds.
// - ipcRenderer.invoke (ipcMain.reply/invoke below): arguments and results go by structured clone
//   (a function is refused, a class instance arrives as a plain object), and a handler's throw
//   reaches the page only as `Error invoking remote method '<channel>': <String(error)>`, its code
//   and other properties gone (lib/browser/ipc-dispatch.ts, lib/renderer/api/ipc-renderer.ts,
//   docs/api/ipc-main.md "Errors thrown through handle … only the message").
import { EventEmitter } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { vi } from 'vitest';

/** Electron 45's ClipboardItem: built from MIME types to strings or Blobs. */
export class FakeClipboardItem {
  readonly types: string[];
  constructor(private readonly items: Record<string, string | Blob>) {
    this.types = Object.keys(items);
  }
  async getType(type: string): Promise<Blob> {
    const value = this.items[type];
    if (value === undefined) throw new DOMException(`The type '${type}' was not found`, 'NotFoundError');
    return typeof value === 'string' ? new Blob([value], { type }) : value;
  }
}

type MenuItem = { label?: string; enabled?: boolean; click?: () => void; submenu?: MenuItem[] };
export type Template = MenuItem[];

export class FakeWebContents extends EventEmitter {
  windowOpenHandler?: (details: unknown) => { action: string };
  mainFrame = { url: '' };
  sent: [string, unknown][] = [];
  setWindowOpenHandler(handler: (details: unknown) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  /** What Chromium would report as the frame's URL once `url` has loaded. */
  finishLoad(url: string) {
    this.mainFrame.url = chromiumUrl(url);
    this.emit('did-finish-load');
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  loaded?: string;
  destroyed = false;
  shown = 0;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadFile(path: string) {
    this.loaded = path;
    return Promise.resolve();
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  show() {
    this.shown++;
  }
  focus() {}
  isMinimized() {
    return false;
  }
  restore() {}
  isDestroyed() {
    return this.destroyed;
  }
}

export class FakeTray extends EventEmitter {
  image: string;
  tooltip = '';
  menu: Template = [];
  constructor(image: string) {
    super();
    this.image = image;
  }
  setImage(image: string) {
    this.image = image;
  }
  setToolTip(tip: string) {
    this.tooltip = tip;
  }
  setContextMenu(menu: unknown) {
    this.menu = menu as Template;
    this.emit('menu-set');
  }
  /** Resolves when the menu (now or after a later update) passes the test. */
  menuWhere(test: (menu: Template) => boolean): Promise<Template> {
    return new Promise((resolve) => {
      const check = () => (test(this.menu) ? resolve(this.menu) : this.once('menu-set', check));
      check();
    });
  }
}

export class FakeNotification extends EventEmitter {
  static isSupported = () => true;
  shown = false;
  constructor(
    readonly options: { title: string; body: string; actions?: unknown[] },
    private readonly world: { fail: boolean; events: EventEmitter } = { fail: false, events: new EventEmitter() },
  ) {
    super();
  }
  show() {
    if (this.world.fail) return void this.emit('failed', {}, 'Notifications are not allowed for this application');
    this.shown = true;
    this.emit('show');
    this.world.events.emit('notification', this);
  }
  close() {
    this.emit('close');
  }
}

/**
 * A URL as Chromium's canonicaliser writes it: spaces and non-ASCII percent-encoded in UTF-8,
 * Windows paths as file:///C:/…, backslashes as slashes. (WHATWG URL does the same for these.)
 */
export function chromiumUrl(url: string): string {
  const windowsPath = /^file:\/\/\/?([a-zA-Z]):[\\/]/.exec(url);
  if (windowsPath) return new URL(`file:///${windowsPath[1]!.toUpperCase()}:/${url.slice(windowsPath[0].length).replace(/\\/g, '/')}`).href;
  return new URL(url).href;
}

export type InvokeReply = { result: unknown; error?: undefined } | { error: string; result?: undefined };

export function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  /** What Electron's main process sends back for one invoke (ipc-dispatch.ts): a result or an error's string. */
  async function reply(channel: string, event: unknown, args: unknown[]): Promise<InvokeReply> {
    const handler = handlers.get(channel);
    if (!handler) return { error: String(new Error(`No handler registered for '${channel}'`)) };
    try {
      // Serialising the result happens inside Electron's try too: an uncloneable result is an error.
      return { result: structuredClone(await (handler as (event: unknown, ...args: unknown[]) => Promise<unknown>)(event, ...args)) };
    } catch (error) {
      return { error: String(error) };
    }
  }
  return {
    handlers,
    handle(channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>) {
      handlers.set(channel, handler);
    },
    reply,
    /** ipcRenderer.invoke as the page sees it, for callers in Node (the browser tests do the page half in the page). */
    async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
      const answer = await reply(channel, event, structuredClone(args));
      if (answer.error !== undefined) throw new Error(`Error invoking remote method '${channel}': ${answer.error}`);
      return answer.result;
    },
  };
}

/** Forces a full garbage collection (V8's own gc, exposed at run time). */
export async function collectGarbage(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // WeakRefs are kept alive to the end of the current job: let it end first.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  await new Promise((resolve) => setImmediate(resolve));
}

export interface FakeElectronOptions {
  /** Accelerators another app already holds. */
  taken?: string[];
  platform?: NodeJS.Platform;
  isPackaged?: boolean;
  notificationsSupported?: boolean;
  /** show() fails the way an unsigned macOS build's does: a 'failed' event, nothing on screen. */
  notificationsFail?: boolean;
  /** Whether macOS says the app was launched as a login item. */
  openedAtLogin?: boolean;
}

export function fakeElectron(options: FakeElectronOptions = {}) {
  /** 'notification' (each shown), 'clipboard' (each write that landed): tests wait for these. */
  const events = new EventEmitter();
  let ready = false;
  let lockHeld = false;
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));
  const app = Object.assign(new EventEmitter(), {
    isPackaged: options.isPackaged ?? true,
    exitCode: undefined as number | undefined,
    paths: new Map<string, string>(),
    appUserModelId: undefined as string | undefined,
    quit: vi.fn(),
    exit: vi.fn((code = 0) => void (app.exitCode = code)),
    getVersion: () => '0.1.0',
    setLoginItemSettings: vi.fn(),
    getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: options.openedAtLogin ?? false }),
    setAppUserModelId: (id: string) => void (app.appUserModelId = id),
    setPath: (name: string, path: string) => void app.paths.set(name, path),
    getPath: (name: string) => app.paths.get(name) ?? `/home/person/.config/DM Drop/${name}`,
    requestSingleInstanceLock: () => (lockHeld ? false : (lockHeld = true)),
    releaseSingleInstanceLock: () => void (lockHeld = false),
    hasSingleInstanceLock: () => lockHeld,
    isReady: () => ready,
    whenReady: () => readyPromise,
    dock: { hide: vi.fn() },
    /** The OS finished launching: 'ready' listeners run, then whenReady() resolves. */
    ready() {
      ready = true;
      app.emit('ready');
      resolveReady();
    },
  });

  const trays: FakeTray[] = [];
  const Tray = class extends FakeTray {
    constructor(image: string) {
      super(image);
      trays.push(this);
    }
  } as typeof FakeTray;

  // Only weak references, as on the native side: a notification nobody keeps can be collected.
  const notificationRefs: WeakRef<FakeNotification>[] = [];
  const Notification = class extends FakeNotification {
    static override isSupported = () => options.notificationsSupported ?? true;
    constructor(notificationOptions: FakeNotification['options']) {
      super(notificationOptions, { fail: options.notificationsFail ?? false, events });
      notificationRefs.push(new WeakRef(this));
    }
  } as typeof FakeNotification;

  /** The text of every notification shown (strings only: the objects themselves stay collectable). */
  const said: { title: string; body: string }[] = [];
  events.on('notification', (n: FakeNotification) => said.push({ title: n.options.title, body: n.options.body }));
  const shortcuts = new Map<string, () => void>();
  const clipboardWrites: string[] = [];
  let clipboardItems: FakeClipboardItem[] = [];
  let clipboardFails = false;
  const clipboard = {
    writeText: async (text: string): Promise<void> => {
      await Promise.resolve();
      if (clipboardFails) throw new Error('The clipboard is not available.');
      clipboardWrites.push(text);
      clipboardItems = [new FakeClipboardItem({ 'text/plain': text })];
      events.emit('clipboard', text);
    },
    readText: async (): Promise<string> => {
      const item = clipboardItems.find((i) => i.types.includes('text/plain'));
      return item ? (await item.getType('text/plain')).text() : '';
    },
    /** Another app (a screenshot tool, a file manager) puts these on the clipboard. */
    write: async (items: FakeClipboardItem[]): Promise<void> => {
      await Promise.resolve();
      if (clipboardFails) throw new Error('The clipboard is not available.');
      clipboardItems = [...items];
    },
    read: async (): Promise<FakeClipboardItem[]> => {
      await Promise.resolve();
      if (clipboardFails) throw new Error('The clipboard is not available.');
      return [...clipboardItems];
    },
  };
  const opened: string[] = [];
  const ipcMain = fakeIpcMain();
  const errorBoxes: { title: string; content: string }[] = [];
  const privileged: unknown[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();

  const electron = {
    app,
    Tray,
    Menu: { buildFromTemplate: (template: unknown) => template },
    nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: true }),
    globalShortcut: {
      register: (accelerator: string, fn: () => void) => ((options.taken ?? []).includes(accelerator) ? false : (shortcuts.set(accelerator, fn), true)),
      isRegistered: (accelerator: string) => shortcuts.has(accelerator),
      unregisterAll: () => shortcuts.clear(),
    },
    clipboard,
    Notification,
    shell: {
      // The person's browser: follows the consent page's redirect back to DM Drop's loopback server.
      openExternal: async (url: string) => {
        opened.push(url);
        const consent = await fetch(url, { redirect: 'manual' });
        await fetch(consent.headers.get('location')!);
      },
    },
    dialog: {
      showOpenDialog: vi.fn(),
      showErrorBox: (title: string, content: string) => void errorBoxes.push({ title, content }),
    },
    ipcMain,
    powerMonitor: new EventEmitter(),
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
        privileged.push(...schemes);
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response> | Response) => void protocolHandlers.set(scheme, handler),
    },
    safeStorage: {
      plainText: false,
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      setUsePlainTextEncryption(value: boolean) {
        this.plainText = value;
      },
      encryptString: (s: string) => Buffer.from([...s].reverse().join('')),
      decryptString: (b: Buffer) => [...b.toString()].reverse().join(''),
    },
  };

  return {
    electron,
    events,
    app,
    trays,
    /** The notifications that still exist (nobody let go of them yet). */
    get notifications(): FakeNotification[] {
      return notificationRefs.map((r) => r.deref()).filter((n): n is FakeNotification => n !== undefined);
    },
    said,
    shortcuts,
    clipboard: clipboardWrites,
    failClipboard: (fail = true) => void (clipboardFails = fail),
    opened,
    ipcMain,
    errorBoxes,
    privileged,
    protocolHandlers,
  };
}

export type FakeElectron = ReturnType<typeof fakeElectron>;
