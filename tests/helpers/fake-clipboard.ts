// The one fake ClipboardPort: what is on it is set by the test (an image, copied files, nothing),
// and writing text replaces it, as on a real clipboard.
import type { ClipboardContent, ClipboardPort } from '../../src/core/ports/clipboard';

export function fakeClipboard(initial: ClipboardContent = { kind: 'none' }) {
  let content: ClipboardContent = initial;
  let fails = false;
  const port: ClipboardPort & { writes: string[]; put(next: ClipboardContent): void; fail(on?: boolean): void; text(): string | undefined } = {
    writes: [],
    put: (next) => void (content = next),
    fail: (on = true) => void (fails = on),
    text: () => port.writes.at(-1),
    async writeText(text) {
      if (fails) throw new Error('The clipboard is not available.');
      port.writes.push(text);
      content = { kind: 'none' }; // text is not a photo
    },
    async read() {
      if (fails) throw new Error('The clipboard is not available.');
      return content;
    },
  };
  return port;
}
