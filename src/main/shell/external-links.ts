// What DM Drop may open in the system browser: the providers' consent pages and the console pages
// of the bring-your-own-client guide (their descriptors say which), and links it made itself.
// Anything else (a link injected into a page, a crafted history entry) is refused.
import { clientSetupPages, consentPages } from '../../core/providers/provider-list';

export function isAllowedExternal(url: string, options: { ownLinks: Iterable<string>; emulatorOrigins?: string[]; consentPages?: readonly string[] }): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:' && (options.consentPages ?? consentPages()).includes(parsed.origin + parsed.pathname)) return true;
  if (parsed.protocol === 'https:' && clientSetupPages().includes(url)) return true;
  if (options.emulatorOrigins?.includes(parsed.origin)) return true;
  for (const link of options.ownLinks) if (link === url) return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  return false;
}
