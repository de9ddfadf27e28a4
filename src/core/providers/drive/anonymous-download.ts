// A Drive file's bytes as a stranger gets them, by the route public clients use (gdown's
// download.py): `uc?id=…&export=download` redirects to the download host, which serves the file,
// or, for a file too large for Google's virus scan, a warning page whose "download anyway" form
// (id="download-form", hidden id/export/confirm/uuid inputs) leads to the bytes. The warning page is
// followed; nothing else in a page is read.
import { anonymousGet, type AnonymousResponse } from '../../links/anonymous-get';
import { looksLikeSignIn } from '../../links/link-probe';
import { albumNotVerified, isTransientStatus } from '../../links/verify-album';
import type { HttpFetch } from '../../net/http-fetch';

export function driveDownloadUrl(fileId: string): string {
  return `https://drive.google.com/uc?id=${encodeURIComponent(fileId)}&export=download`;
}

/**
 * The response that carries the file's bytes, or LINK_NOT_VERIFIED saying why a stranger does not
 * get them. `name` is only for the sentence.
 */
export async function openAnonymousDownload(fetch: HttpFetch, fileId: string, name: string, signal?: AbortSignal): Promise<AnonymousResponse> {
  let url = driveDownloadUrl(fileId);
  // At most one warning page: a second one means the form did not lead to the file.
  for (let pages = 0; ; pages++) {
    const got = await anonymousGet(fetch, url, signal);
    const { response, finalUrl } = got;
    if (response.status !== 200 || looksLikeSignIn(finalUrl)) {
      response.body?.resume?.();
      if (looksLikeSignIn(finalUrl) || response.status === 401 || response.status === 403) {
        // The API already said "anyone with the link": a sign-in page here is a permission that has
        // not reached the download hosts yet, or one removed since. Worth another look either way.
        throw albumNotVerified(`strangers are asked to sign in to download ${name}`, true);
      }
      throw albumNotVerified(`${name} does not download for strangers (HTTP ${response.status})`, isTransientStatus(response.status));
    }
    if (!(response.headers.get('content-type') ?? '').toLowerCase().startsWith('text/html')) return got;
    const page = await response.text();
    const next = pages === 0 ? confirmationUrl(page, finalUrl) : undefined;
    if (next) {
      url = next;
      continue;
    }
    const refusal = /<p class="uc-error-subcaption">([^<]*)<\/p>/.exec(page)?.[1];
    // "Too many users have viewed or downloaded this file recently" passes with time.
    throw albumNotVerified(refusal ? `Google Drive refused to serve ${name} (${decodeEntities(refusal).trim()})` : `Google Drive showed a page instead of ${name}`, true);
  }
}

/** The "download anyway" target of Drive's virus-scan warning page (both shapes gdown knows). */
export function confirmationUrl(html: string, pageUrl: string): string | undefined {
  const form = /<form\b[^>]*\bid="download-form"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (form) {
    const action = attribute(form[0].slice(0, form[0].indexOf('>') + 1), 'action');
    if (!action) return undefined;
    const target = new URL(decodeEntities(action), pageUrl);
    for (const input of form[1]!.match(/<input\b[^>]*>/gi) ?? []) {
      const name = attribute(input, 'name');
      if (attribute(input, 'type')?.toLowerCase() !== 'hidden' || !name) continue;
      target.searchParams.set(decodeEntities(name), decodeEntities(attribute(input, 'value') ?? ''));
    }
    return target.toString();
  }
  const legacy = /href="(\/uc\?export=download[^"]+)"/.exec(html);
  return legacy ? new URL(decodeEntities(legacy[1]!), pageUrl).toString() : undefined;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi, (_, dec: string, hex: string, named: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[named.toLowerCase()]!;
  });
}
