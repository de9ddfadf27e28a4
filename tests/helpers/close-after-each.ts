// What a test opened (an emulator, an engine on it…), closed after the test in the reverse order
// of opening: what was opened on top of another closes first, as an engine before its emulator.
import { afterEach } from 'vitest';

type Closable = { close(): unknown };

export interface Closing {
  /** Keeps a thing to close after the test, and hands it back. */
  <T extends Closable>(thing: T): T;
  /** Closes now what is kept so far (a test that starts over half-way). */
  now(): Promise<void>;
}

export function closeAfterEach(): Closing {
  const open: Closable[] = [];
  const closing = <T extends Closable>(thing: T): T => {
    open.push(thing);
    return thing;
  };
  closing.now = async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
  };
  afterEach(closing.now);
  return closing;
}
