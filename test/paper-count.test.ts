// The stored paper counts (migration 20261204100000_paper_count) that give the root paper
// list its total: after an import, a re-import and every kind of write to `paper` (insert,
// update of year, volume or frontmatter flag, delete, a volume's cascade), they equal the
// papers counted in the paper table itself, and the list's totalCount equals a count(*) over
// `paper` with the filter's conditions written out here. Real collections: RAIL 2020 and
// IWSLT 2015.
import { importAclAnthology } from '../src/importers/acl-anthology/command.js';
import { corpusOf } from './helpers/corpus.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';

let t: TestDatabase;
let client: TestClient;

/** Imports 2020.rail (its XML changed by `edit`) and 2015.iwslt from a temporary folder (the shared files untouched). */
async function importCorpus(edit: (xml: string) => string = (xml) => xml): Promise<void> {
  const corpus = await corpusOf(['2015.iwslt', '2020.rail'], { '2020.rail': edit });
  try {
    await importAclAnthology(t.db, corpus.dir, { quiet: true });
  } finally {
    await corpus.remove();
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  await importCorpus();
  client = createTestClient(t.db);
}, 120_000);
afterAll(() => t.drop());

/** paper_count's rows, and the same figures counted in the paper table. */
async function countsAndTruth(): Promise<{ stored: string[]; counted: string[] }> {
  const list = async (sql: string) => (await t.db.pool.query<{ row: string }>(sql)).rows.map((r) => r.row);
  return {
    stored: await list(`SELECT format('%s/%s: %s', volume_id, year, papers) AS row FROM paper_count ORDER BY volume_id, year`),
    counted: await list(
      `SELECT format('%s/%s: %s', volume_id, year, count(*)) AS row FROM paper WHERE NOT is_frontmatter
       GROUP BY volume_id, year ORDER BY volume_id, year`,
    ),
  };
}

async function expectCountsInStep(): Promise<void> {
  const { stored, counted } = await countsAndTruth();
  expect(counted.length).toBeGreaterThan(0);
  expect(stored).toEqual(counted);
}

/** The paper list's totalCount (and totalCount asked alone) for `filter`. */
async function listTotals(filter: Record<string, unknown>): Promise<[number, number]> {
  const withPage = await client.query<{ papers: { totalCount: number } }>(
    `query($f: PaperFilter) { papers(first: 2, filter: $f) { totalCount edges { node { anthologyId } } } }`,
    { f: filter },
  );
  const alone = await client.query<{ papers: { totalCount: number } }>(`query($f: PaperFilter) { papers(filter: $f) { totalCount } }`, {
    f: filter,
  });
  expect(withPage.errors).toBeUndefined();
  expect(alone.errors).toBeUndefined();
  return [withPage.data!.papers.totalCount, alone.data!.papers.totalCount];
}

/** count(*) of papers (frontmatter excluded) matching `where` over `paper p`. */
async function counted(where: string, params: unknown[] = []): Promise<number> {
  const { rows } = await t.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM paper p WHERE NOT p.is_frontmatter AND ${where}`,
    params,
  );
  return rows[0]!.n;
}

const VENUE = `EXISTS (SELECT 1 FROM volume_venue vv JOIN venue v ON v.id = vv.venue_id WHERE vv.volume_id = p.volume_id AND v.slug = $1)`;
const VOLUME = `EXISTS (SELECT 1 FROM volume vo WHERE vo.id = p.volume_id AND vo.anthology_id = $1)`;

async function expectTotalsRight(): Promise<void> {
  expect(await listTotals({})).toEqual(Array(2).fill(await counted('true')));
  for (const year of [2015, 2020, 1999]) {
    expect(await listTotals({ year })).toEqual(Array(2).fill(await counted('p.year = $1', [year])));
  }
  expect(await listTotals({ yearFrom: 2016 })).toEqual(Array(2).fill(await counted('p.year >= 2016')));
  expect(await listTotals({ yearFrom: 2010, yearTo: 2019 })).toEqual(Array(2).fill(await counted('p.year BETWEEN 2010 AND 2019')));
  for (const venue of ['rail', 'iwslt', 'acl']) {
    expect(await listTotals({ venue })).toEqual(Array(2).fill(await counted(VENUE, [venue])));
  }
  expect(await listTotals({ venue: 'rail', year: 2020 })).toEqual(Array(2).fill(await counted(`p.year = 2020 AND ${VENUE}`, ['rail'])));
  for (const volume of ['2020.rail-1', '2015.iwslt-papers', 'nope']) {
    expect(await listTotals({ volume })).toEqual(Array(2).fill(await counted(VOLUME, [volume])));
  }
  // Filters that read the paper row are counted over the papers.
  expect(await listTotals({ year: 2020, hasAbstract: true })).toEqual(
    Array(2).fill(await counted(`p.year = 2020 AND p.abstract IS NOT NULL AND p.abstract <> ''`)),
  );
}

test('after an import, the counts are the papers of each volume and year, frontmatter excluded', async () => {
  await expectCountsInStep();
  // Both collections are there (not a vacuous comparison).
  expect(await counted('p.year = 2020')).toBeGreaterThan(0);
  expect(await counted('p.year = 2015')).toBeGreaterThan(0);
});

test("the paper list's totalCount, for every filter, is the papers counted", async () => {
  await expectTotalsRight();
});

test('every write to paper keeps the counts in step: insert, update of year, volume or frontmatter flag, delete, a cascade', async () => {
  const pool = t.db.pool;
  // A paper added (a copy of a real one under a new id), and one added as frontmatter.
  await pool.query(
    `INSERT INTO paper (anthology_id, sort_key, volume_id, title, title_markup, year, is_frontmatter)
     SELECT anthology_id || 'x', sort_key || 'x', volume_id, title, title_markup, year, false FROM paper WHERE anthology_id = '2020.rail-1.4'
     UNION ALL
     SELECT anthology_id || 'y', sort_key || 'y', volume_id, title, title_markup, year, true FROM paper WHERE anthology_id = '2020.rail-1.4'`,
  );
  await expectCountsInStep();
  // Year changed, moved to the other collection's volume, frontmatter flag set and cleared, in one statement and in several.
  await pool.query(`UPDATE paper SET year = 2019 WHERE anthology_id = '2020.rail-1.4x'`);
  await pool.query(
    `UPDATE paper SET volume_id = (SELECT id FROM volume WHERE anthology_id = '2015.iwslt-papers') WHERE anthology_id = '2020.rail-1.5'`,
  );
  await pool.query(`UPDATE paper SET is_frontmatter = NOT is_frontmatter WHERE anthology_id IN ('2020.rail-1.6', '2020.rail-1.4y')`);
  await pool.query(`UPDATE paper SET title = title || '.' WHERE year = 2020`);
  await expectCountsInStep();
  await expectTotalsRight();
  // Deleted: a paper, then a whole volume (its papers by the foreign key's cascade).
  await pool.query(`DELETE FROM paper WHERE anthology_id = '2020.rail-1.4x'`);
  await expectCountsInStep();
  await pool.query(`DELETE FROM volume WHERE anthology_id = '2015.iwslt-papers'`);
  await expectCountsInStep();
  await expectTotalsRight();
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM paper_count WHERE papers <= 0`);
  expect(rows[0]!.n).toBe(0);
});

test('a re-import (a paper removed, then everything restored) keeps them in step', async () => {
  await importCorpus((xml) => xml.replace(/<paper id="7">[\s\S]*?<\/paper>\s*/, ''));
  await expectCountsInStep();
  await expectTotalsRight();
  await importCorpus();
  await expectCountsInStep();
  await expectTotalsRight();
});

test('TRUNCATE of paper, or of volume cascading to it, empties them', async () => {
  const stored = async (db: { query: typeof t.db.pool.query }) =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM paper_count')).rows[0]!.n;
  expect(await stored(t.db.pool)).toBeGreaterThan(0);
  const client = await t.db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('TRUNCATE paper CASCADE');
    expect(await stored(client)).toBe(0);
    await client.query('ROLLBACK');
  } finally {
    client.release();
  }
  expect(await stored(t.db.pool)).toBeGreaterThan(0);
  await t.db.pool.query('TRUNCATE volume CASCADE');
  expect(await stored(t.db.pool)).toBe(0);
});
