// Writes a large dblp.xml for the importer's memory check (docs/import.md, "DBLP"): the
// records of the four samples in ../shared/data/dblp-samples repeated with renamed keys and
// names until about `records` publication records, in one ISO-8859-1 file with a DOCTYPE.
// Copy i suffixes every key (record, crossref, person) with `-c<i>` and every person name with
// a letter tag, so each copy is new records by new people. The hand-edited record
// (journals/acta/Schonhage77, <year>" "</year>) is left out.
// Usage: node scripts/dblp-large.mjs <records> <out.xml>  (e.g. 1000000 /tmp/dblp-1m.xml)
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [count, out] = [Number(process.argv[2]), process.argv[3]];
if (!Number.isInteger(count) || count <= 0 || !out) {
  console.error('usage: node scripts/dblp-large.mjs <records> <out.xml>');
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samples = [path.resolve(root, '../shared/data/dblp-samples'), path.resolve(root, '../../shared/data/dblp-samples')].find(existsSync);
if (!samples) throw new Error('no ../shared/data/dblp-samples');

const FILES = [
  'xcurator_dblp-sample.xml',
  'hufghani_dblp_curated_sample.xml',
  'shenka123_dblp_incollection_sample.xml',
  'evelasquez_dblp_with_www_persons.xml',
];
const RECORD = /<(article|inproceedings|proceedings|book|incollection|phdthesis|mastersthesis|www)\s[^>]*>[\s\S]*?<\/\1>/g;
// A record two samples share (e.g. series/hci/HarperY08a) is taken once: keys are unique in dblp.
const records = new Map();
for (const f of FILES) {
  for (const m of readFileSync(path.join(samples, f), 'latin1').matchAll(RECORD)) {
    const key = / key="([^"]+)"/.exec(m[0])[1];
    if (key !== 'journals/acta/Schonhage77' && !records.has(key)) records.set(key, m[0]);
  }
}
const publications = [...records.values()].filter((r) => !r.startsWith('<www')).length;
const copies = Math.ceil(count / publications);

/** 0 → "a", 25 → "z", 26 → "ba": a tag that is never a dblp 4-digit suffix. */
const tag = (i) => {
  let s = '';
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26);
  } while (i > 0);
  return s;
};

const stream = createWriteStream(out, { encoding: 'latin1' });
const write = (text) => (stream.write(text) ? Promise.resolve() : new Promise((resolve) => stream.once('drain', resolve)));
await write('<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\n<dblp>\n');
for (let i = 0; i < copies; i++) {
  const t = tag(i);
  let chunk = '';
  for (const r of records.values()) {
    chunk +=
      r
        .replace(/ key="([^"]+)"/, (_m, k) => ` key="${k}-c${i}"`)
        .replace(/<crossref>([^<]+)<\/crossref>/, (_m, k) => `<crossref>${k}-c${i}</crossref>`)
        .replace(
          /<(author|editor)([^>]*)>([^<]+)<\/\1>/g,
          (_m, el, attrs, name) => `<${el}${attrs.replace(/ orcid="[^"]*"/, '')}>${name.trim()} ${t}</${el}>`,
        )
        .replace(/https:\/\/orcid\.org\/[0-9X-]+/g, '') + '\n';
  }
  await write(chunk);
}
await write('</dblp>\n');
await new Promise((resolve) => stream.end(resolve));
console.error(`wrote ${out}: ${copies} copies of ${publications} publication records (${copies * publications} records)`);
