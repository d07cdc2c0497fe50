// The DBLP importer on the four real samples of ../shared/data/dblp-samples (SOURCE.md): exact
// counts, entities with and without a DOCTYPE, ISO-8859-1 and gzip input, the hand-edited
// dirty record, re-import as a no-op. Each import replaces the previous DBLP data (a dump is
// the whole source), so the tests run in order on one database.
//
// Expected numbers were counted in the files with grep, not with the importer:
//   records     grep -oE '<(article|inproceedings|proceedings|book|incollection|phdthesis|mastersthesis)[ >]' F | wc -l
//   authors     grep -o '<author[ >]' F | wc -l   (minus the `www` records' author lines)
//   editors     grep -o '<editor[ >]' F | wc -l
//   people      grep -oE '<(author|editor)[^>]*>[^<]*</(author|editor)>' F | sed -E 's/<[^>]*>//g' | sort -u | wc -l
//               (no sample has a non-ASCII byte, so raw and decoded names are distinct alike)
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ImportError } from '../../src/importers/acl-anthology/errors.js';
import { importDblp } from '../../src/importers/dblp/command.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { sharedData } from '../helpers/shared-data.js';

const sample = (name: string) => sharedData('dblp-samples', name);
const XCURATOR = sample('xcurator_dblp-sample.xml');
const HUFGHANI = sample('hufghani_dblp_curated_sample.xml');
const SHENKA = sample('shenka123_dblp_incollection_sample.xml');
const EVELASQUEZ = sample('evelasquez_dblp_with_www_persons.xml');

let t: TestDatabase;
let tmp: string;

beforeAll(async () => {
  t = await createTestDatabase();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'dblp-test-'));
});

afterAll(async () => {
  await t?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const quiet = { quiet: true };

async function counts() {
  const { rows } = await t.db.pool.query<Record<string, number>>(`SELECT
    (SELECT count(*)::int FROM source_record WHERE source = 'dblp' AND kind = 'paper') AS records,
    (SELECT count(*)::int FROM paper WHERE anthology_id LIKE 'dblp:%') AS papers,
    (SELECT count(*)::int FROM source_record WHERE source = 'dblp' AND kind = 'author') AS people,
    (SELECT count(*)::int FROM authorship WHERE role = 'AUTHOR') AS authors,
    (SELECT count(*)::int FROM authorship WHERE role = 'EDITOR') AS editors`);
  return rows[0]!;
}

/** Everything the import wrote, as one value: equal snapshots, identical data. */
async function snapshot() {
  const { rows } = await t.db.pool.query(`SELECT
    (SELECT md5(string_agg(concat_ws('|', id, anthology_id, title, volume_id), ',' ORDER BY id)) FROM paper) AS papers,
    (SELECT md5(string_agg(concat_ws('|', id, slug, first_name, last_name, orcid), ',' ORDER BY id)) FROM author) AS authors,
    (SELECT md5(string_agg(concat_ws('|', id, author_id, paper_id, position), ',' ORDER BY id)) FROM authorship) AS links,
    (SELECT md5(string_agg(concat_ws('|', id, source, source_key), ',' ORDER BY id)) FROM source_record) AS sources`);
  return rows[0] as Record<string, string>;
}

async function authorBySlug(slug: string) {
  const { rows } = await t.db.pool.query(
    `SELECT a.first_name, a.last_name, a.orcid, a.comment, a.institution, a.url,
       array(SELECT first_name || ' ' || last_name FROM author_name n WHERE n.author_id = a.id ORDER BY position) AS names
     FROM author a WHERE a.slug = $1`,
    [slug],
  );
  return rows[0];
}

test('xcurator sample (ISO-8859-1 declaration, no DOCTYPE): 1,144 incollection + 144 book records, crossrefs to the books', async () => {
  const summary = await importDblp(t.db, XCURATOR, quiet);
  expect(summary).toMatchObject({ unchanged: false, records: 1288, personRecords: 0, papers: 1288, people: 2420, authorships: 3027 });
  // 128 <editor> lines, all on <book> records: the books' volumes' editors.
  expect(await counts()).toEqual({ records: 1288, papers: 1288, people: 2420, authors: 3027, editors: 128 });
  // &ouml; without a DOCTYPE (line 61: <author>Hans R&ouml;ttger</author>).
  expect(await authorBySlug('dblp:Hans Röttger')).toMatchObject({ first_name: 'Hans', last_name: 'Röttger' });
  // An incollection's volume is its crossref, the book series/cogtech/364227662 ("Ubiquitous Display Environments", 2012).
  const { rows } = await t.db.pool.query(
    `SELECT v.anthology_id, v.title, v.year FROM paper p JOIN volume v ON v.id = p.volume_id WHERE p.anthology_id = 'dblp:series/cogtech/Zancanaro12'`,
  );
  expect(rows).toEqual([{ anthology_id: 'dblp:series/cogtech/364227662', title: 'Ubiquitous Display Environments', year: 2012 }]);
  // The book's editors (Antonio Kr&uuml;ger, Tsvi Kuflik), in order, as the volume's.
  const editors = await t.db.pool.query(
    `SELECT t.first_name || ' ' || t.last_name AS name, t.paper_id FROM authorship t JOIN volume v ON v.id = t.volume_id
     WHERE v.anthology_id = 'dblp:series/cogtech/364227662' AND t.role = 'EDITOR' ORDER BY t.position`,
  );
  expect(editors.rows).toEqual([
    { name: 'Antonio Krüger', paper_id: null },
    { name: 'Tsvi Kuflik', paper_id: null },
  ]);
}, 120_000);

test('hufghani sample (re-indented, no XML declaration): 527 inproceedings, 358 articles, 39 incollections, 8 books', async () => {
  const summary = await importDblp(t.db, HUFGHANI, quiet);
  expect(summary).toMatchObject({ records: 932, papers: 932, people: 1139, authorships: 4367 });
  // The previous sample's rows are gone: a DBLP import replaces the DBLP data.
  expect(await counts()).toEqual({ records: 932, papers: 932, people: 1139, authors: 4367, editors: 0 });
}, 120_000);

test('a gzip file is read as a stream: the same rows as the plain file', async () => {
  const before = await counts();
  const gz = path.join(tmp, 'hufghani.xml.gz');
  await writeFile(gz, gzipSync(await readFile(HUFGHANI)));
  const summary = await importDblp(t.db, gz, quiet);
  expect(summary.unchanged).toBe(false);
  expect(await counts()).toEqual(before);
}, 120_000);

test('shenka sample (DOCTYPE, orcid= attributes): 131 incollections, 4 ORCIDs printed', async () => {
  const summary = await importDblp(t.db, SHENKA, quiet);
  expect(summary).toMatchObject({ records: 131, papers: 131, people: 61, authorships: 73 });
  expect(await counts()).toEqual({ records: 131, papers: 131, people: 61, authors: 73, editors: 0 });
  // &uuml; with a DOCTYPE naming dblp.dtd (line 233: <author>J&uuml;rgen Beyerer</author>).
  expect(await authorBySlug('dblp:Jürgen Beyerer')).toMatchObject({ first_name: 'Jürgen', last_name: 'Beyerer' });
  // grep -o 'orcid="[^"]*"' F | sort -u: four, each on one person's name.
  const { rows } = await t.db.pool.query(`SELECT slug, orcid FROM author WHERE orcid IS NOT NULL ORDER BY orcid`);
  expect(rows).toEqual([
    { slug: 'dblp:Szymon Rusinkiewicz', orcid: '0000-0002-4253-2588' },
    { slug: 'dblp:Tony Lindeberg', orcid: '0000-0002-9081-2170' },
    { slug: 'dblp:Sylvia C. Pont', orcid: '0000-0002-9834-9600' },
    { slug: 'dblp:Daniel C. Alexander', orcid: '0000-0003-2439-350X' },
  ]);
}, 120_000);

test('re-importing the same file is a no-op', async () => {
  const before = await snapshot();
  const summary = await importDblp(t.db, SHENKA, quiet);
  expect(summary.unchanged).toBe(true);
  expect(await snapshot()).toEqual(before);
}, 60_000);

test('the hand-edited record (<year>" "</year>) is refused with file and line; nothing changes', async () => {
  const before = await snapshot();
  const err = await importDblp(t.db, EVELASQUEZ, quiet).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  // Line 136 of the file: <year>" "</year>, in journals/acta/Schonhage77.
  expect((err as Error).message).toBe(
    'evelasquez_dblp_with_www_persons.xml:136: <year> "\\" \\"" in journals/acta/Schonhage77 is not a year (four digits)',
  );
  expect(await snapshot()).toEqual(before);
}, 60_000);

test('malformed XML is refused with file and line; nothing changes', async () => {
  const before = await snapshot();
  const broken = path.join(tmp, 'broken.xml');
  const text = await readFile(SHENKA, 'latin1');
  // Line 234, <title>Mirrors.</title>, closed by the wrong tag.
  await writeFile(broken, text.replace('<title>Mirrors.</title>', '<title>Mirrors.</titel>'), 'latin1');
  const err = await importDblp(t.db, broken, quiet).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  expect((err as Error).message).toMatch(/^broken\.xml:234: (<title> )?unexpected close tag/);
  expect(await snapshot()).toEqual(before);
}, 60_000);

test('evelasquez sample without its dirty record: person records with aliases, suffixes, ORCIDs and affiliations', async () => {
  const text = await readFile(EVELASQUEZ, 'latin1');
  const clean = path.join(tmp, 'evelasquez-clean.xml');
  await writeFile(clean, text.replace(/<article mdate="2017-05-28" key="journals\/acta\/Schonhage77">[\s\S]*?<\/article>\n/, ''), 'latin1');
  const summary = await importDblp(t.db, clean, quiet);
  // 15 publication records less the dirty one; 8 <www key="homepages/…"> person records.
  // Authors: 45 <author> lines, less 9 in the www records, less 1 in the dirty record = 35.
  // People: 32 distinct names on the 14 records (none of them a www record's) + 8 person records = 40.
  expect(summary).toMatchObject({ records: 14, personRecords: 8, papers: 14, people: 40, authorships: 35, editorships: 8 });
  expect(await counts()).toEqual({ records: 14, papers: 14, people: 40, authors: 35, editors: 8 });
  // <www key="homepages/l/HuaLu">: "Hua Lu 0001" (the suffix is the disambiguator, not the
  // name), an ORCID from its orcid.org <url>, the current affiliation first.
  expect(await authorBySlug('dblp:homepages/l/HuaLu')).toEqual({
    first_name: 'Hua',
    last_name: 'Lu',
    orcid: '0000-0003-1199-6678',
    comment: '0001',
    institution: 'Roskilde University, Denmark',
    url: 'https://dblp.org/pid/l/HuaLu',
    names: ['Hua Lu'],
  });
  // Two <author> lines: the name and an alias.
  expect(await authorBySlug('dblp:homepages/l/BarbaraLiskov')).toMatchObject({ names: ['Barbara Liskov', 'Barbara H. Liskov'] });
  // Fr&eacute;d&eacute;ric, with a DOCTYPE; ORCID from <url>https://orcid.org/0000-0001-9301-7829</url>.
  expect(await authorBySlug('dblp:homepages/l/FredericLoulergue')).toMatchObject({
    first_name: 'Frédéric',
    last_name: 'Loulergue',
    orcid: '0000-0001-9301-7829',
  });
  const { rows } = await t.db.pool.query(
    `SELECT fields->'affiliations' AS affiliations, url FROM source_record WHERE source = 'dblp' AND source_key = 'homepages/l/HuaLu'`,
  );
  expect(rows).toEqual([
    {
      affiliations: [
        'Roskilde University, Denmark',
        'Department of Computer Science, Aalborg University, Denmark',
        'National University of Singapore, School of Computing, Singapore',
      ],
      url: 'https://dblp.org/pid/l/HuaLu',
    },
  ]);
}, 120_000);

describe('encodings', () => {
  /** shenka's record reference/vision/Beyerer14 (lines 232-239), "J&uuml;rgen" spelled out as `umlaut`. */
  async function beyerer(umlaut: string): Promise<string> {
    const text = await readFile(SHENKA, 'latin1');
    const start = text.indexOf('<incollection mdate="2017-07-12" key="reference/vision/Beyerer14"');
    const record = text.slice(start, text.indexOf('</incollection>', start) + '</incollection>'.length);
    return record.replace('J&uuml;rgen', `J${umlaut}rgen`);
  }

  test('ISO-8859-1 bytes are decoded as the declaration says', async () => {
    const file = path.join(tmp, 'latin1.xml');
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?>\n<dblp>\n${await beyerer('\u00fc')}\n</dblp>\n`;
    const bytes = Buffer.from(xml, 'latin1');
    expect(bytes.includes(0xfc)).toBe(true);
    await writeFile(file, bytes);
    await importDblp(t.db, file, quiet);
    expect(await authorBySlug('dblp:Jürgen Beyerer')).toMatchObject({ first_name: 'Jürgen' });
  }, 60_000);

  test('without a declaration the file is UTF-8', async () => {
    const file = path.join(tmp, 'utf8.xml');
    await writeFile(file, `<dblp>\n${await beyerer('\u00fc')}\n</dblp>\n`, 'utf8');
    await importDblp(t.db, file, quiet);
    expect(await authorBySlug('dblp:Jürgen Beyerer')).toMatchObject({ first_name: 'Jürgen' });
  }, 60_000);

  test('an entity the DTD does not declare is an error with file and line', async () => {
    const file = path.join(tmp, 'entity.xml');
    await writeFile(file, `<dblp>\n${await beyerer('&nosuch;')}\n</dblp>\n`, 'utf8');
    await expect(importDblp(t.db, file, quiet)).rejects.toThrow(/^entity\.xml:3: <author> undefined entity/);
  }, 60_000);
});
