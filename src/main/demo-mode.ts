// Demo mode: "Try it without an account" in the window starts a loopback Dropbox and points the app
// at it. This file is the one door from the app to emulators/ (lint allows it here and nowhere else
// in src/): the emulator is a test and demo tool, never part of a real share.
import { startDropboxEmulator } from '../../emulators/dropbox/server';

export interface DemoProvider {
  /** The environment that points the engine's Dropbox at the emulator. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startDemoProvider(): Promise<DemoProvider> {
  const emulator = await startDropboxEmulator({ linkBase: 'loopback' });
  return { env: emulator.dmdropEnv(), close: () => emulator.close() };
}
