import { describe, expect, it } from 'vitest';
import { formatDmText } from '../../src/shared/dm-text';
import { DEFAULT_DM_TEMPLATE } from '../../src/shared/settings-schema';

const LINK = 'https://www.dropbox.com/scl/fi/abc/dmdrop-7f3k2q.jpg?rlkey=k1&raw=1';

describe('DM text', () => {
  it('fills the default template with caption and link', () => {
    expect(formatDmText(DEFAULT_DM_TEMPLATE, { link: LINK, caption: 'from the beach' })).toBe(
      `📷 from the beach Tap to view, no login needed: ${LINK}`,
    );
  });

  it('leaves no double space when there is no caption', () => {
    expect(formatDmText(DEFAULT_DM_TEMPLATE, { link: LINK })).toBe(`📷 Tap to view, no login needed: ${LINK}`);
  });

  it('counts photos for albums and appends the link if a template forgot it', () => {
    expect(formatDmText('{count} photos for you', { link: LINK, count: 9 })).toBe(`9 photos for you ${LINK}`);
  });

  it('does not expand placeholders typed inside the caption', () => {
    expect(formatDmText('{caption} {link}', { link: LINK, caption: 'see {link}' })).toBe(`see {link} ${LINK}`);
  });

  it('drops control characters from captions but keeps line breaks of the template', () => {
    expect(formatDmText('{caption}\n{link}', { link: LINK, caption: 'hi\u0007 there\u001b' })).toBe(`hi there\n${LINK}`);
  });
});
