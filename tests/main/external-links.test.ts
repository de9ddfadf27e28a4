// What the shell lets the system browser open: consent pages and links DM Drop made, nothing else.
import { describe, expect, it } from 'vitest';
import { isAllowedExternal } from '../../src/main/shell/external-links';

describe('external links', () => {
  it('opens only consent pages and links DM Drop made', () => {
    const own = ['https://www.dropbox.com/scl/fi/abc/x.jpg?rlkey=k&dl=0'];
    expect(isAllowedExternal('https://www.dropbox.com/oauth2/authorize?client_id=x', { ownLinks: own })).toBe(true);
    expect(isAllowedExternal('https://accounts.google.com/o/oauth2/v2/auth?client_id=x', { ownLinks: own })).toBe(true);
    expect(isAllowedExternal(own[0]!, { ownLinks: own })).toBe(true);
    expect(isAllowedExternal('https://evil.example/phish', { ownLinks: own })).toBe(false);
    expect(isAllowedExternal('file:///etc/passwd', { ownLinks: ['file:///etc/passwd'] })).toBe(false);
    expect(isAllowedExternal('http://127.0.0.1:5000/oauth2/authorize', { ownLinks: [], emulatorOrigins: ['http://127.0.0.1:5000'] })).toBe(true);
    expect(isAllowedExternal('javascript:alert(1)', { ownLinks: [] })).toBe(false);
  });
});
