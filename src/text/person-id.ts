// The forms in which the Anthology names a person, mapped to our Author.slug.
//
// Our slugs are the Anthology's person ids: a verified person's id (`jane-doe-mit`), a name
// slug of the old format (`jane-doe`), and for an unverified person of the 2026 format
// `{name-slug}/unverified` — the path of its page, /people/{name-slug}/unverified/
// (info/names.md). Relay ids encode the slug as is (`Author:jane-doe/unverified`). Accepted too:
// - the 2026 library's spelling of an unverified id, `unverified/{name-slug}`;
// - page URLs of either era, with or without host and trailing slash:
//   https://aclanthology.org/people/jane-doe-mit/, …/people/jane-doe/unverified/, and the old
//   format's …/people/j/jane-doe/ (pages filed under the id's first letter until 2025).
const PAGE = /^(?:https?:\/\/(?:www\.)?aclanthology\.org)?\/?people\/(.+?)\/?$/i;

export function personSlugOf(input: string): string {
  let s = input.trim();
  const page = PAGE.exec(s);
  if (page) {
    s = page[1]!;
    // Old format: /people/{first letter}/{id}/ (but `x/unverified` is an unverified page).
    const old = /^([a-z0-9])\/([^/]+)$/.exec(s);
    if (old && old[2] !== 'unverified' && old[2]!.startsWith(old[1]!)) s = old[2]!;
  }
  const library = /^unverified\/([^/]+)$/.exec(s);
  if (library) s = `${library[1]}/unverified`;
  return s;
}
