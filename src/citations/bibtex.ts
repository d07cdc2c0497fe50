// BibTeX in the ACL Anthology's style: four-space fields, `"…"` values, names as
// "Last, First" joined by `  and\n      `, bare month macros, `--` page ranges,
// <fixed-case> parts of titles protected by braces, LaTeX-escaped text. Pure.
import { type CitationRecord, type CitedPerson, monthMacro } from './record.js';

const COMBINING: Record<string, string> = {
  '\u0300': '`',
  '\u0301': "'",
  '\u0302': '^',
  '\u0303': '~',
  '\u0304': '=',
  '\u0306': 'u',
  '\u0307': '.',
  '\u0308': '"',
  '\u030a': 'r',
  '\u030b': 'H',
  '\u030c': 'v',
  '\u0323': 'd',
  '\u0327': 'c',
  '\u0328': 'k',
};
const LETTER_ACCENT = new Set(['u', 'r', 'H', 'v', 'd', 'c', 'k']);

const SPECIAL: Record<string, string> = {
  '&': '{\\&}',
  '%': '{\\%}',
  $: '{\\$}',
  '#': '{\\#}',
  _: '{\\_}',
  '{': '{\\{}',
  '}': '{\\}}',
  '~': '{\\textasciitilde}',
  '^': '{\\textasciicircum}',
  '\\': '{\\textbackslash}',
  ß: '{\\ss}',
  ø: '{\\o}',
  Ø: '{\\O}',
  æ: '{\\ae}',
  Æ: '{\\AE}',
  œ: '{\\oe}',
  Œ: '{\\OE}',
  ł: '{\\l}',
  Ł: '{\\L}',
  đ: '{\\dj}',
  Đ: '{\\DJ}',
  ı: '{\\i}',
  '–': '--',
  '—': '---',
  '‘': '`',
  '’': "'",
  '“': '{``}',
  '”': "{''}",
  '\u00a0': '~',
  '…': '{\\ldots}',
};

/** LaTeX for plain text: specials escaped, accented letters as `{\'e}`, `"` as `{``}`/`{''}`. */
export function latexEncode(text: string): string {
  let out = '';
  const chars = Array.from(text.normalize('NFD'));
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const accent = chars[i + 1] !== undefined ? COMBINING[chars[i + 1]!] : undefined;
    if (accent !== undefined && /[A-Za-z]/.test(c)) {
      const base = c === 'i' ? '\\i' : c === 'j' ? '\\j' : c;
      out += LETTER_ACCENT.has(accent) ? `{\\${accent}{${base}}}` : `{\\${accent}${base}}`;
      i++;
      continue;
    }
    if (c === '"') {
      out += /[\p{L}\p{N}]/u.test(chars[i + 1] ?? '') ? '{``}' : "{''}";
      continue;
    }
    out += SPECIAL[c] ?? c;
  }
  return out.normalize('NFC');
}

type Token = { kind: 'open' | 'close'; name: string } | { kind: 'text'; text: string };
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (t: string) =>
  t.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
      : (ENTITIES[e] ?? whole),
  );

function tokens(markup: string): Token[] {
  const out: Token[] = [];
  const re = /<(\/?)([A-Za-z][\w.-]*)[^>]*?(\/?)>/g;
  let last = 0;
  for (let m = re.exec(markup); m; m = re.exec(markup)) {
    if (m.index > last) out.push({ kind: 'text', text: decode(markup.slice(last, m.index)) });
    if (m[1]) out.push({ kind: 'close', name: m[2]! });
    else {
      out.push({ kind: 'open', name: m[2]! });
      if (m[3]) out.push({ kind: 'close', name: m[2]! });
    }
    last = re.lastIndex;
  }
  if (last < markup.length) out.push({ kind: 'text', text: decode(markup.slice(last)) });
  return out;
}

/** Anthology markup as BibTeX: <fixed-case>X</fixed-case> → `{X}`, <tex-math> kept as `$…$`, text escaped. */
export function markupToLatex(markup: string): string {
  let out = '';
  let inMath = 0;
  for (const t of tokens(markup)) {
    if (t.kind === 'text') out += inMath > 0 ? t.text : latexEncode(t.text);
    else if (t.name === 'fixed-case') out += t.kind === 'open' ? '{' : '}';
    else if (t.name === 'tex-math') {
      out += '$';
      inMath += t.kind === 'open' ? 1 : -1;
    } else if (t.name === 'b' || t.name === 'i') {
      if (t.kind === 'open') out += t.name === 'b' ? '\\textbf{' : '\\textit{';
      else out += '}';
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

const personName = (p: CitedPerson) => latexEncode(p.first ? `${p.last}, ${p.first}` : p.last);
const names = (people: CitedPerson[]) => people.map(personName).join('  and\n      ');

export interface BibtexOptions {
  /**
   * Print the abstract (last, as markup in LaTeX), as the Anthology's `Paper.to_bibtex(with_abstract=True)`
   * does for its per-paper `.bib` files and `anthology+abstracts.bib.gz`
   * (acl-org/acl-anthology python/acl_anthology/collections/paper.py).
   */
  abstract?: boolean;
}

/** One BibTeX entry, ending with `}` and no trailing newline. */
export function formatBibtex(r: CitationRecord, options: BibtexOptions = {}): string {
  const fields: [string, string, boolean?][] = [];
  const add = (name: string, value: string | null | undefined, bare = false) => {
    if (value != null && value !== '') fields.push([name, value, bare]);
  };
  const container = markupToLatex(r.containerMarkup);
  if (r.kind === 'proceedings') {
    add('title', container);
    add('editor', names(r.editors));
  } else {
    add('title', markupToLatex(r.titleMarkup));
    add('author', names(r.authors));
    if (r.kind === 'article') {
      add('journal', latexEncode(r.journal ?? r.container));
      add('volume', r.journalVolume);
      add('number', r.journalNumber);
    } else {
      add('editor', names(r.editors));
      add('booktitle', container);
    }
  }
  if (r.month != null) add('month', monthMacro(r.month), true);
  add('year', String(r.year));
  add('address', r.address && latexEncode(r.address));
  add('publisher', r.publisher && latexEncode(r.publisher));
  add('url', r.url);
  add('doi', r.doi);
  if (r.kind !== 'proceedings') add('pages', r.pages && r.pages.replace(/\s*(?:–|—|-+)\s*/g, '--'));
  if (options.abstract && r.abstractMarkup != null) add('abstract', markupToLatex(r.abstractMarkup));
  // A value with a `"` of its own (tex-math can keep one) is braced instead, as the
  // Anthology's make_bibtex_entry does (python/acl_anthology/utils/latex.py).
  const quote = (value: string) => (value.includes('"') ? `{${value}}` : `"${value}"`);
  const body = fields.map(([name, value, bare]) => `    ${name} = ${bare ? value : quote(value)},`).join('\n');
  return `@${r.kind}{${r.key},\n${body}\n}`;
}

/**
 * A `.bib` file of many entries, as the Anthology's create_bibtex.py writes a volume's
 * file (`volumes/{id}.bib`): each entry printed on its own, one after another (no blank
 * line between them), the file ending with a newline.
 */
export function formatBibtexFile(records: readonly CitationRecord[], options: BibtexOptions = {}): string {
  return records.map((r) => `${formatBibtex(r, options)}\n`).join('');
}
