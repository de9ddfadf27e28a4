import { describe, expect, it } from 'vitest';
import { captionSentence, formatDmText, migrateDmTemplate, migrateSavedDmTemplates } from '../../src/shared/dm-text';
import { DEFAULT_ALBUM_DM_TEMPLATE, DEFAULT_DM_TEMPLATE } from '../../src/shared/settings-schema';

const LINK = 'https://www.dropbox.com/scl/fi/abc/dmdrop-7f3k2q.jpg?rlkey=k1&raw=1';

describe('DM text', () => {
  it('makes the caption its own sentence before the link sentence', () => {
    expect(formatDmText(DEFAULT_DM_TEMPLATE, { link: LINK, caption: 'from the beach' })).toBe(
      `📷 From the beach. Tap to view, no login needed: ${LINK}`,
    );
  });

  it('reads as sentences for albums too', () => {
    expect(formatDmText(DEFAULT_ALBUM_DM_TEMPLATE, { link: LINK, caption: 'from the weekend', count: 3 })).toBe(
      `📷 3 photos. From the weekend. Tap to view, no login needed: ${LINK}`,
    );
    expect(formatDmText(DEFAULT_ALBUM_DM_TEMPLATE, { link: LINK, count: 3 })).toBe(`📷 3 photos. Tap to view, no login needed: ${LINK}`);
  });

  it('leaves no double space when there is no caption', () => {
    expect(formatDmText(DEFAULT_DM_TEMPLATE, { link: LINK })).toBe(`📷 Tap to view, no login needed: ${LINK}`);
    expect(formatDmText(DEFAULT_DM_TEMPLATE, { link: LINK, caption: '   ' })).toBe(`📷 Tap to view, no login needed: ${LINK}`);
  });

  it('counts photos for albums and appends the link if a template forgot it', () => {
    expect(formatDmText('{count} photos for you', { link: LINK, count: 9 })).toBe(`9 photos for you ${LINK}`);
  });

  it('does not expand placeholders typed inside the caption', () => {
    expect(formatDmText('{caption} {link}', { link: LINK, caption: 'see {link}' })).toBe(`See {link}. ${LINK}`);
  });

  it('drops control characters from captions but keeps line breaks of the template', () => {
    expect(formatDmText('{caption}\n{link}', { link: LINK, caption: 'hi\u0007 there\u001b' })).toBe(`Hi there.\n${LINK}`);
  });
});

describe('a caption as a sentence', () => {
  it('keeps its own ending punctuation', () => {
    expect(captionSentence('look at this!')).toBe('Look at this!');
    expect(captionSentence('guess where?')).toBe('Guess where?');
    expect(captionSentence('done.')).toBe('Done.');
    expect(captionSentence('and then…')).toBe('And then…');
    expect(captionSentence('she said “wow!”')).toBe('She said “wow!”');
  });

  it('needs no full stop after an emoji', () => {
    expect(captionSentence('sunset 🌅')).toBe('Sunset 🌅');
    expect(captionSentence('love it ❤️')).toBe('Love it ❤️');
    expect(captionSentence('high five 🙌🏽')).toBe('High five 🙌🏽');
    expect(captionSentence('go 🇫🇷')).toBe('Go 🇫🇷');
  });

  it('capitalises the first letter only, after an opening quote, but not a name spelled with inner capitals', () => {
    expect(captionSentence('for you')).toBe('For you.');
    expect(captionSentence('“quoted” text')).toBe('“Quoted” text.');
    expect(captionSentence('iPhone pics')).toBe('iPhone pics.');
    expect(captionSentence('élan')).toBe('Élan.');
    expect(captionSentence('@ana here')).toBe('@ana here.');
    expect(captionSentence('Already Fine')).toBe('Already Fine.');
    expect(captionSentence('2 photos from Rome')).toBe('2 photos from Rome.');
  });
});

describe('saved templates', () => {
  it('lose the punctuation they put after {caption}, which the caption now brings itself', () => {
    expect(migrateDmTemplate('{caption}: {link}')).toBe('{caption} {link}');
    expect(migrateDmTemplate('📷 {caption} - {link}')).toBe('📷 {caption} {link}');
    expect(migrateDmTemplate('{caption}. Tap: {link}')).toBe('{caption} Tap: {link}');
    expect(migrateDmTemplate('{caption}!! {link}')).toBe('{caption} {link}');
  });

  it('are left alone when already fine, and migrating twice changes nothing', () => {
    expect(migrateDmTemplate(DEFAULT_DM_TEMPLATE)).toBe(DEFAULT_DM_TEMPLATE);
    expect(migrateDmTemplate(DEFAULT_ALBUM_DM_TEMPLATE)).toBe(DEFAULT_ALBUM_DM_TEMPLATE);
    expect(migrateDmTemplate('{caption} -{link}')).toBe('{caption} -{link}');
    const once = migrateDmTemplate('{caption}; {link}');
    expect(migrateDmTemplate(once)).toBe(once);
    const saved = { dmTemplate: DEFAULT_DM_TEMPLATE, maxEdge: 1080 };
    expect(migrateSavedDmTemplates(saved)).toBe(saved);
  });

  it('read as sentences after migration', () => {
    const migrated = migrateSavedDmTemplates({ dmTemplate: '{caption}: {link}', albumDmTemplate: '{count} photos, {caption}, {link}' });
    expect(formatDmText(migrated.dmTemplate, { link: LINK, caption: 'beach' })).toBe(`Beach. ${LINK}`);
    expect(formatDmText(migrated.albumDmTemplate, { link: LINK, caption: 'beach', count: 2 })).toBe(`2 photos, Beach. ${LINK}`);
  });
});
