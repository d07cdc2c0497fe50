// slugify() exactly as python-slugify computes the ACL Anthology's person ids
// (with Unidecode transliteration):
//   1. ASCII apostrophes in the input become '-'  ("O'Brien" → "o-brien");
//   2. transliterate to ASCII (unidecode-plus: the same Text::Unidecode tables as
//      Python's Unidecode; identical output on every character of the corpus's names);
//   3. lowercase; apostrophes that transliteration produced are dropped;
//   4. every other run of non-alphanumerics becomes one '-', trimmed at both ends.
// test/fixtures/slugify-cases.json pins the behaviour against python-slugify.
import { createRequire } from 'node:module';

// A CommonJS module whose typings declare an ES default export: load it as what it is.
const unidecode = createRequire(import.meta.url)('unidecode-plus') as (text: string) => string;

export function transliterate(text: string): string {
  return unidecode(text);
}

export function slugify(text: string): string {
  return transliterate(text.replace(/'+/g, '-'))
    .normalize('NFKD')
    .toLowerCase()
    .replace(/'+/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
