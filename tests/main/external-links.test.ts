// openExternal's allowlist: the consent pages the provider list names, emulators the environment
// points at, and links DM Drop made; nothing else.
import { describe, expect, it } from 'vitest';
import { isAllowedExternal } from '../../src/main/shell/external-links';

describe('isAllowedExternal', () => {
  it('opens the providers’ consent pages over https only, with any query', () => {
    expect(isAllowedExternal('https://www.dropbox.com/oauth2/authorize?client_id=x', { ownLinks: [] })).toBe(true);
    expect(isAllowedExternal('https://accounts.google.com/o/oauth2/v2/auth?client_id=x', { ownLinks: [] })).toBe(true);
    expect(isAllowedExternal('http://www.dropbox.com/oauth2/authorize', { ownLinks: [] })).toBe(false);
    expect(isAllowedExternal('https://www.dropbox.com/home', { ownLinks: [] })).toBe(false);
  });

  it('takes the consent pages it is given instead of the built-in ones', () => {
    const options = { ownLinks: [], consentPages: ['https://loopbox.example/authorize'] };
    expect(isAllowedExternal('https://loopbox.example/authorize?x=1', options)).toBe(true);
    expect(isAllowedExternal('https://www.dropbox.com/oauth2/authorize', options)).toBe(false);
  });

  it('opens emulator origins and its own links, and refuses anything else', () => {
    expect(isAllowedExternal('http://127.0.0.1:4000/oauth2/authorize', { ownLinks: [], emulatorOrigins: ['http://127.0.0.1:4000'] })).toBe(true);
    expect(isAllowedExternal('https://www.dropbox.com/scl/fi/a/p.jpg', { ownLinks: ['https://www.dropbox.com/scl/fi/a/p.jpg'] })).toBe(true);
    expect(isAllowedExternal('https://evil.example/', { ownLinks: [] })).toBe(false);
    expect(isAllowedExternal('javascript:alert(1)', { ownLinks: ['javascript:alert(1)'] })).toBe(false);
    expect(isAllowedExternal('not a url', { ownLinks: [] })).toBe(false);
    expect(isAllowedExternal('file:///etc/passwd', { ownLinks: ['file:///etc/passwd'] })).toBe(false);
  });
});
