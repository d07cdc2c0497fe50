// slugify() as the ACL Anthology computes person ids: python-slugify with Unidecode —
// transliterate to ASCII, lowercase, drop apostrophes, every other run of
// non-alphanumerics becomes a single '-', and leading/trailing '-' are trimmed.
//
// Unidecode's full table is not available to Node here: transliterations.ts holds its
// output for every non-ASCII character of the corpus's names; anything else folds with
// NFKD (dropping combining marks) plus a table of letters NFKD does not decompose.
// test/fixtures/slugify-cases.json pins the behaviour against python-slugify.
import { TRANSLITERATIONS } from './transliterations.js';

const FOLD: Record<string, string> = {
  ß: 'ss', ẞ: 'Ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L',
  đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th', ı: 'i', ħ: 'h', Ħ: 'H', ŧ: 't', Ŧ: 'T',
  ŀ: 'l', Ŀ: 'L', ĸ: 'q', ŉ: "'n", ſ: 's', ƒ: 'f', ɑ: 'a', ə: '@', Ə: '@', ŋ: 'ng', Ŋ: 'NG',
  'ʻ': "'", 'ʼ': "'", 'ʿ': '`', 'ʾ': "'", '‘': "'", '’': "'", '‚': ',', '“': '"', '”': '"',
  '–': '-', '—': '-', '‐': '-', '‑': '-', '…': '...', '·': '*', 'ı̇': 'i', 'ǝ': '@', 'ɛ': 'e',
  'Ɛ': 'E', 'ɔ': 'o', 'Ɔ': 'O', 'ʃ': 'S', 'ʒ': 'Z', 'ɲ': 'n', 'ɓ': 'b', 'ɗ': 'd', 'ƙ': 'k',
  'Ɓ': 'B', 'Ɗ': 'D', 'Ƙ': 'K', 'ɨ': 'i', 'ʉ': 'u', 'ø̈': 'o',
};

let extra: Record<string, string> = {};

/** Adds transliterations (e.g. generated from Unidecode for a corpus's CJK names). */
export function addTransliterations(table: Record<string, string>): void {
  extra = { ...extra, ...table };
}

export function transliterate(text: string): string {
  let out = '';
  for (const ch of text) {
    const mapped = extra[ch] ?? TRANSLITERATIONS[ch] ?? FOLD[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      out += ch;
      continue;
    }
    // NFKD splits accented letters into base + combining marks; keep the ASCII part.
    const decomposed = ch.normalize('NFKD');
    let ascii = '';
    for (const d of decomposed) if (d.codePointAt(0)! < 0x80) ascii += d;
    out += ascii;
  }
  return out;
}

export function slugify(text: string): string {
  return transliterate(text)
    .toLowerCase()
    .replace(/'+/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
