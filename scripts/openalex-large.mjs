// Writes a large OpenAlex works JSONL.gz for the importer's throughput and memory figures
// (docs/import.md, "OpenAlex: measured"): the 1,000 works of the 2022 snapshot sample in
// ../shared/data/openalex-samples repeated with renamed ids until `works` works. Copy i adds
// i * 10^10 to every work id (the work's and its referenced works', so references inside the
// sample still resolve within each copy), author id and ORCID (a new valid iD: the check
// digit recomputed), and puts `c<i>.` after each DOI's prefix (`10.1227/c1.00006123-…`): each copy is new works by new people.
// Usage: node scripts/openalex-large.mjs <works> <out.jsonl.gz>  (e.g. 100000 /tmp/openalex-100k.jsonl.gz)
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip, gunzipSync } from 'node:zlib';

const [count, out] = [Number(process.argv[2]), process.argv[3]];
if (!Number.isInteger(count) || count <= 0 || !out) {
  console.error('usage: node scripts/openalex-large.mjs <works> <out.jsonl.gz>');
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samples = [path.resolve(root, '../shared/data/openalex-samples'), path.resolve(root, '../../shared/data/openalex-samples')].find(
  existsSync,
);
if (!samples) throw new Error('no ../shared/data/openalex-samples');
const lines = gunzipSync(readFileSync(path.join(samples, 'es2dp_works_snapshot_sample_2022-05.jsonl.gz')))
  .toString('utf8')
  .split('\n')
  .filter(Boolean);

const renameId = (url, copy) => url.replace(/([WA])(\d+)$/, (_, kind, n) => `${kind}${BigInt(n) + BigInt(copy) * 10_000_000_000n}`);
// ORCID's check digit (ISO 7064 mod 11-2), as src/text/orcid.ts computes it.
function check(digits) {
  let total = 0;
  for (const d of digits) total = (total + Number(d)) * 2;
  const c = (12 - (total % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}
function renameOrcid(url, copy) {
  const digits = url.replace(/\D/g, '').slice(0, 15);
  const base = String((BigInt(digits) + BigInt(copy) * 7919n) % 10n ** 15n).padStart(15, '0');
  const full = base + check(base);
  return `https://orcid.org/${full.slice(0, 4)}-${full.slice(4, 8)}-${full.slice(8, 12)}-${full.slice(12)}`;
}

const gzip = createGzip();
gzip.pipe(createWriteStream(out));
let written = 0;
for (let copy = 0; written < count; copy++) {
  for (const line of lines) {
    if (written >= count) break;
    const w = JSON.parse(line);
    if (copy > 0) {
      w.id = renameId(w.id, copy);
      if (w.doi) w.doi = w.doi.replace(/(10\.\d+\/)/, `$1c${copy}.`);
      w.referenced_works = (w.referenced_works ?? []).map((r) => renameId(r, copy));
      for (const a of w.authorships ?? []) {
        if (a.author?.id) a.author.id = renameId(a.author.id, copy);
        if (a.author?.orcid) a.author.orcid = renameOrcid(a.author.orcid, copy);
      }
    }
    if (!gzip.write(`${JSON.stringify(w)}\n`)) await new Promise((resolve) => gzip.once('drain', resolve));
    written++;
  }
}
gzip.end();
console.error(`wrote ${written} works to ${out}`);
