// The text pasted into a TikTok DM. Templates use {caption}, {link} and {count}; an empty caption
// leaves no double spaces behind, and the link always appears even if a template forgot it.
export interface DmTextInput {
  link: string;
  caption?: string;
  count?: number;
}

export function formatDmText(template: string, input: DmTextInput): string {
  const caption = (input.caption ?? '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
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
