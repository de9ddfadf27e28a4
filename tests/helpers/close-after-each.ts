// What a test opened (an emulator, an engine on it…), closed after the test in the reverse order
// of opening: what was opened on top of another closes first, as an engine before its emulator.
import { afterEach } from 'vitest';

type Closable = { close(): unknown };

/** Registers the after-each step; the function it returns keeps a thing for it and hands it back. */
export function closeAfterEach(): <T extends Closable>(thing: T) => T {
  const open: Closable[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
  });
  return (thing) => {
    open.push(thing);
    return thing;
  };
}
