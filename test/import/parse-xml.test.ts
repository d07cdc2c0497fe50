// The fast tokenizer and saxes give the same CollectionData; whatever the fast one does not
// take on (or finds malformed) goes to saxes, so errors read as saxes words them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/db/local.js';
import { parseCollectionXml, parseCollectionXmlFast } from '../../src/importers/acl-anthology/parse-xml.js';

const XML = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology/xml');
const files = readdirSync(XML)
  .filter((f) => f.endsWith('.xml'))
  .sort();

// Every 25th file of the corpus, plus some with unusual content.
const sample = [...new Set([...files.filter((_, i) => i % 25 === 0), 'P18.xml', '2022.emnlp.xml', '2010.amta.xml', '2023.ws.xml'])];

test.each(sample)('%s: fast tokenizer = saxes', (file) => {
  const text = readFileSync(path.join(XML, file), 'utf8');
  const strict = parseCollectionXml(text, file, { strict: true });
  expect(parseCollectionXml(text, file)).toEqual(strict);
  const fast = parseCollectionXmlFast(text, file);
  // 2023.ws.xml holds a comment: the fast tokenizer leaves it to saxes.
  if (file === '2023.ws.xml') expect(fast).toBeUndefined();
  else expect(fast).toEqual(strict);
});

const doc = (body: string) =>
  `<?xml version='1.0' encoding='UTF-8'?>\n<collection id="X99">\n  <volume id="1" ingest-date="2020-01-01">\n    <meta>\n` +
  `      <booktitle>Proc &amp; <i>more</i></booktitle>\n      <year>2020</year>\n    </meta>\n${body}\n  </volume>\n</collection>\n`;

const cases: [string, string][] = [
  [
    'entities and character references',
    `<paper id="1"><title>A &lt;b&gt; &#65;&#x42; &quot;q&quot; &apos;</title><author><first> É</first><last>O&apos;Neil</last></author></paper>`,
  ],
  [
    'self-closing and attributes',
    `<paper id="2"><title>T<b/> <url a="1" b='x&amp;y'>u</url></title><author id="p-q" orcid="0000"><first/><last>Z</last></author></paper>`,
  ],
  [
    'markup kept as text where it is not a title',
    `<paper id="3"><title>T</title><pages> 1--2 </pages><abstract>a  <tex-math>x&gt;y</tex-math>\n b</abstract></paper>`,
  ],
  [
    'events are skipped',
    `<paper id="4"><title>T</title></paper></volume><event id="e"><meta><title>Ev</title></meta></event><volume id="2"><meta><year>2021</year></meta>`,
  ],
  ['a greater-than sign in an attribute', `<paper id="5"><title>T <a href="x>y">z</a></title></paper>`],
];

test.each(cases)('%s', (_, body) => {
  const text = doc(body);
  const strict = parseCollectionXml(text, 'x.xml', { strict: true });
  expect(parseCollectionXmlFast(text, 'x.xml')).toEqual(strict);
});

const malformed: [string, string, RegExp][] = [
  ['an unclosed tag', `<paper id="1"><title><b>T</title></paper>`, /^x\.xml:8: <title> malformed XML: 8:33: unexpected close tag/],
  ['an unknown entity', `<paper id="1"><title>&nbsp;</title></paper>`, /^x\.xml:\d+: .*malformed XML/],
  ['a bare ampersand', `<paper id="1"><title>A & B</title></paper>`, /^x\.xml:\d+: .*malformed XML/],
  ['an unquoted attribute', `<paper id=1><title>T</title></paper>`, /^x\.xml:\d+: .*malformed XML/],
  ['a duplicate attribute', `<paper id="1" id="2"><title>T</title></paper>`, /^x\.xml:\d+: .*malformed XML/],
  ['a stray close tag', `<paper id="1"><title>T</title></paper></paper>`, /^x\.xml:\d+: .*malformed XML/],
];

test.each(malformed)('%s: saxes words the error', (_, body, message) => {
  const text = doc(body);
  expect(parseCollectionXmlFast(text, 'x.xml')).toBeUndefined();
  expect(() => parseCollectionXml(text, 'x.xml')).toThrow(message);
  expect(() => parseCollectionXml(text, 'x.xml')).toThrow(
    (() => {
      try {
        parseCollectionXml(text, 'x.xml', { strict: true });
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    })(),
  );
});

test('text outside the root and a second root are left to saxes', () => {
  expect(parseCollectionXmlFast(doc('') + 'junk', 'x.xml')).toBeUndefined();
  expect(parseCollectionXmlFast(doc('') + '<collection id="Y"/>', 'x.xml')).toBeUndefined();
});
