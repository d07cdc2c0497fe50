// The Anthology's inline markup (an XML fragment of text, <fixed-case>, <tex-math>,
// <b>, <i>, <url>) as plain text. Input is what the importer stores in
// title_markup/abstract_markup: well-formed, text escaped (&amp; &lt; &gt;).

type Token = { kind: 'open'; name: string } | { kind: 'close'; name: string } | { kind: 'text'; text: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[e] ?? whole;
  });
}

function tokenize(markup: string): Token[] {
  const tokens: Token[] = [];
  const re = /<(\/?)([A-Za-z][\w.-]*)[^>]*?(\/?)>/g;
  let last = 0;
  for (let m = re.exec(markup); m; m = re.exec(markup)) {
    if (m.index > last) tokens.push({ kind: 'text', text: decode(markup.slice(last, m.index)) });
    const name = m[2]!;
    if (m[1]) tokens.push({ kind: 'close', name });
    else {
      tokens.push({ kind: 'open', name });
      if (m[3]) tokens.push({ kind: 'close', name });
    }
    last = re.lastIndex;
  }
  if (last < markup.length) tokens.push({ kind: 'text', text: decode(markup.slice(last)) });
  return tokens;
}

/** Text made safe to insert as HTML: the five characters with a meaning in markup escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The text a reader sees: tags dropped, entities decoded, whitespace collapsed. */
export function toPlainText(markup: string): string {
  let out = '';
  for (const t of tokenize(markup)) if (t.kind === 'text') out += t.text;
  return out.replace(/\s+/g, ' ').trim();
}
