// What DM Drop may open in the system browser: the providers' consent pages and links it made
// itself. Anything else (a link injected into a page, a crafted history entry) is refused.
export function isAllowedExternal(url: string, options: { ownLinks: Iterable<string>; emulatorOrigins?: string[] }): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const consent =
    (parsed.protocol === 'https:' && parsed.host === 'www.dropbox.com' && parsed.pathname === '/oauth2/authorize') ||
    (parsed.protocol === 'https:' && parsed.host === 'accounts.google.com' && parsed.pathname === '/o/oauth2/v2/auth');
  if (consent) return true;
  if (options.emulatorOrigins?.includes(parsed.origin)) return true;
  for (const link of options.ownLinks) if (link === url) return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  return false;
}
