// The text pasted into a TikTok DM. Templates use {caption}, {link} and {count}; an empty caption
// leaves no double spaces behind, and the link always appears even if a template forgot it.
// A caption is its own sentence (`📷 From the beach. Tap to view…`), whatever the person typed.
export interface DmTextInput {
  link: string;
  caption?: string;
  count?: number;
}

export function formatDmText(template: string, input: DmTextInput): string {
  const caption = captionSentence(input.caption ?? '');
  const values: Record<string, string> = {
    caption,
    link: input.link,
    count: String(input.count ?? 1),
  };
  let text = template.replace(/\{(caption|link|count)\}/g, (_, key: string) => values[key] ?? '');
  if (!template.includes('{link}')) text = `${text} ${input.link}`;
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]{2,}/g, ' ').trim())
    .join('\n')
    .trim();
}

/** Closing quotes and brackets may follow a sentence's own punctuation: `He said “wow!”`. */
const CLOSERS = /[)\]}"'»”’]+$/u;
const OWN_ENDING = /[.!?…‼⁉。！？]$/u;
/** An emoji (with its variation selector, skin tone or keycap) ends a sentence well enough. */
const EMOJI_ENDING = /(\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3)(?:\ufe0f|\p{Emoji_Modifier})*$/u;

/**
 * The caption as a sentence: control characters dropped, the first letter capitalised (unless its
 * first word is spelled with capitals inside, like "iPhone"), and a full stop added unless it ends
 * with its own punctuation or an emoji. Empty stays empty.
 */
export function captionSentence(raw: string): string {
  const caption = raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  if (!caption) return '';
  const withoutClosers = caption.replace(CLOSERS, '');
  const ended = OWN_ENDING.test(withoutClosers) || EMOJI_ENDING.test(withoutClosers) || EMOJI_ENDING.test(caption);
  return capitaliseFirst(caption) + (ended ? '' : '.');
}

function capitaliseFirst(text: string): string {
  // Skip opening quotes or brackets; only a lowercase letter is changed.
  const match = /^([("'«“‘¿¡]*)(\p{Ll})(\S*)/u.exec(text);
  if (!match) return text;
  const [, opening, letter, restOfWord] = match;
  if (/\p{Lu}/u.test(restOfWord!)) return text; // iPhone, eBay: a name, not a sentence start
  return opening! + letter!.toLocaleUpperCase() + text.slice(opening!.length + letter!.length);
}

/**
 * Templates saved before captions became sentences often put punctuation right after {caption}
 * (`{caption}: {link}`, `{caption} - {link}`); the caption now ends itself, so that punctuation
 * would double up ("Beach.: …"). Removing it is idempotent, so it runs on every read.
 */
export function migrateDmTemplate(template: string): string {
  return template.replace(/\{caption\}(?:[ \t]*(?:[.,:;!?…]+|[-–—]+(?=[ \t])))+/g, '{caption}');
}

/** Saved settings with their DM templates migrated (see migrateDmTemplate); the same object when nothing changed. */
export function migrateSavedDmTemplates<T extends Record<string, unknown>>(raw: T): T {
  let out = raw;
  for (const key of ['dmTemplate', 'albumDmTemplate'] as const) {
    const value = raw[key];
    if (typeof value !== 'string') continue;
    const migrated = migrateDmTemplate(value);
    if (migrated !== value) out = { ...out, [key]: migrated };
  }
  return out;
}
