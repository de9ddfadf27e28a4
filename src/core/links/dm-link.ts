// Which of a photo's links goes in the DM: the photo itself (`linkOpens: "photo"`) where the
// provider has such a URL, else the provider's page. tests/core/links/link-forms.test.ts measures
// what each form shows a stranger.
export type LinkOpens = 'photo' | 'page';

export function linkForDm(link: { url: string; photoUrl?: string }, opens: LinkOpens): string {
  return opens === 'photo' && link.photoUrl ? link.photoUrl : link.url;
}
