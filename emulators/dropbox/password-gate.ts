// What a stranger meets at a password link (SharedLinkSettings.require_password + link_password,
// sharing.stone ~827–831; RequestedVisibility.password: "A link-specific password is required to
// access the link. Login is not required.", ~382–384). The API spec stops there: the page itself
// is modelled, not documented. The preview (dl=0) is a page asking for the password; dl=1 and
// raw=1 without it lead back to that page, never to the bytes; the form posts the password, and a
// right one sets a cookie under which the link behaves as a public one. docs/contracts/dropbox.md.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DropboxStore, SharedLink } from './store';
import { randomId } from './wire';

export const PASSWORD_FORM_PATH = '/sm/password';
const COOKIE = 'dmdrop_emu_link_auth';

export interface PasswordGate {
  /** The links this request's cookie has unlocked. */
  unlockedBy(req: IncomingMessage): Set<string>;
  /** Handles the form's POST; false when the request is not one. */
  handleForm(req: IncomingMessage, url: URL, body: Buffer, res: ServerResponse): boolean;
}

export function createPasswordGate(store: DropboxStore): PasswordGate {
  const sessions = new Map<string, string>(); // cookie value → linkId
  return {
    unlockedBy(req) {
      const unlocked = new Set<string>();
      for (const part of String(req.headers.cookie ?? '').split(/;\s*/)) {
        const [name, value] = part.split('=');
        const linkId = name === COOKIE && value ? sessions.get(value) : undefined;
        if (linkId) unlocked.add(linkId);
      }
      return unlocked;
    },
    handleForm(req, url, body, res) {
      if (req.method !== 'POST' || url.pathname !== PASSWORD_FORM_PATH) return false;
      const form = new URLSearchParams(body.toString('utf8'));
      const page = form.get('url') ?? '';
      const id = /\/scl\/fi\/([^/?]+)\//.exec(page)?.[1];
      const link = id ? store.links.get(id) : undefined;
      const rlkey = (() => {
        try {
          return new URL(page, url).searchParams.get('rlkey');
        } catch {
          return null;
        }
      })();
      if (!link || link.revoked || link.rlkey !== rlkey || link.password === undefined) {
        sendPasswordPage(res, page, 'This link doesn’t work.', 404);
        return true;
      }
      if (form.get('password') !== link.password) {
        sendPasswordPage(res, page, 'The password you entered was incorrect. Try again.', 401);
        return true;
      }
      const token = randomId(24);
      sessions.set(token, link.linkId);
      res.writeHead(302, { location: page, 'set-cookie': `${COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax` }).end();
      return true;
    },
  };
}

/** True when the link needs a password this request has not given (the caller has then answered). */
export function gatePasswordLink(link: SharedLink, url: URL, unlocked: Set<string>, res: ServerResponse): boolean {
  if (link.password === undefined || unlocked.has(link.linkId)) return false;
  const wantsBytes = url.searchParams.get('dl') === '1' || url.searchParams.get('raw') === '1';
  const page = new URL(url);
  page.searchParams.delete('raw');
  page.searchParams.set('dl', '0');
  if (wantsBytes) {
    // No bytes without the password: back to the page that asks for it.
    res.writeHead(302, { location: page.pathname + page.search }).end();
    return true;
  }
  sendPasswordPage(res, page.pathname + page.search, '', 200);
  return true;
}

function sendPasswordPage(res: ServerResponse, page: string, problem: string, status: number) {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(
    '<!doctype html><html><head><title>Dropbox - Password required</title></head><body>' +
      '<h1>This link is password protected</h1>' +
      (problem ? `<p class="error">${escape(problem)}</p>` : '') +
      `<form method="post" action="${PASSWORD_FORM_PATH}"><input type="hidden" name="url" value="${escape(page)}">` +
      '<input type="password" name="password"><button type="submit">Continue</button></form></body></html>',
  );
}
