// A stranger who was sent the password: opens the link's page, finds the form that asks for the
// password, submits it, and keeps the cookie the page sets. The fetch this returns carries that
// cookie and nothing else (no account, no token), so verifying through it proves what a recipient
// who types the password gets, and only that.
import { DmDropError } from '../../shared/errors';
import type { HttpFetch } from '../net/http-fetch';
import { anonymousGet } from './anonymous-get';

export async function unlockWithPassword(fetch: HttpFetch, pageUrl: string, password: string, signal?: AbortSignal): Promise<HttpFetch> {
  const { response, finalUrl } = await anonymousGet(fetch, pageUrl, signal);
  const page = await response.text();
  const form = /<form\b[^>]*>[\s\S]*?<\/form>/i.exec(page)?.[0];
  const passwordField = form && /<input\b[^>]*type="password"[^>]*>/i.exec(form)?.[0];
  if (!form || !passwordField) {
    throw notVerified('its page does not ask for the password, so DM Drop cannot check it as the recipient would', response.status >= 500);
  }
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(tag)?.[1];
  const fields = new URLSearchParams();
  for (const input of form.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attr(input, 'name');
    if (name && input !== passwordField) fields.set(name, decodeEntities(attr(input, 'value') ?? ''));
  }
  fields.set(attr(passwordField, 'name') ?? 'password', password);
  const action = new URL(decodeEntities(attr(form, 'action') ?? finalUrl), finalUrl).toString();
  const answer = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'DM Drop link check', accept: 'text/html' },
    body: fields.toString(),
    signal: signal as never,
  });
  answer.body?.resume?.();
  const cookies = (answer.headers.raw()['set-cookie'] ?? []).map((c) => c.split(';')[0]!).filter(Boolean);
  if (answer.status < 300 || answer.status >= 400 || cookies.length === 0) {
    throw notVerified(`the link's page did not accept its password (HTTP ${answer.status})`, answer.status === 429 || answer.status >= 500);
  }
  const cookie = cookies.join('; ');
  return (url, init = {}) => fetch(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), cookie } });
}

function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&').replace(/&quot;/g, '"');
}

function notVerified(reason: string, retryable: boolean): DmDropError {
  return new DmDropError('LINK_NOT_VERIFIED', `The password link could not be verified: ${reason}.`, { retryable });
}
