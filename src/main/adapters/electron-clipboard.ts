// The app's ClipboardPort over Electron 45's promise-based clipboard (main process only): the DM
// text is written as text; reading looks at the clipboard's items the W3C way (`types`, then
// `getType`). Copied files come first: Electron maps `text/uri-list` to the OS's own copied-files
// format (CF_HDROP, NSFilenamesPboardType, text/uri-list), and Finder also puts the file's icon on
// the clipboard as an image, which must not be shared in the files' place.
import type { Clipboard, ClipboardItem } from 'electron';
import type { ClipboardContent, ClipboardPort } from '../../core/ports/clipboard';

const URI_LIST = 'text/uri-list';
/** Raster types a screenshot or a copied photo arrives as, most faithful first. */
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/heic', 'image/heif', 'image/avif', 'image/tiff'];

export function electronClipboard(clipboard: Pick<Clipboard, 'read' | 'writeText'>, platform: NodeJS.Platform): ClipboardPort {
  return {
    writeText: (text) => clipboard.writeText(text),
    async read(): Promise<ClipboardContent> {
      const items: ClipboardItem[] = await clipboard.read();
      for (const item of items) {
        if (!item.types.includes(URI_LIST)) continue;
        const list = (await item.getType(URI_LIST)) as Blob;
        const paths = filePathsFromUriList(await list.text(), platform);
        if (paths.length > 0) return { kind: 'files', paths };
      }
      for (const item of items) {
        const type = IMAGE_TYPES.find((t) => item.types.includes(t));
        if (!type) continue;
        const blob = (await item.getType(type)) as Blob;
        return { kind: 'image', data: new Uint8Array(await blob.arrayBuffer()), type };
      }
      return { kind: 'none' };
    },
  };
}

/** The local files of an RFC 2483 URI list (CRLF lines, `#` comments); other URIs are left out. */
export function filePathsFromUriList(list: string, platform: NodeJS.Platform): string[] {
  return list
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .flatMap((uri) => {
      const path = pathFromFileUri(uri, platform);
      return path ? [path] : [];
    });
}

/** A file:// URI as a path of this OS (Node 20's fileURLToPath only knows the OS it runs on). */
function pathFromFileUri(uri: string, platform: NodeJS.Platform): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'file:') return undefined;
  const host = url.hostname === 'localhost' ? '' : url.hostname;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (platform === 'win32') {
    const path = pathname.replaceAll('/', '\\');
    if (host) return `\\\\${host}${path}`; // a network share
    return /^\\[a-zA-Z]:\\/.test(path) ? path.slice(1) : undefined;
  }
  return host ? undefined : pathname;
}
