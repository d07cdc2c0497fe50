// Paper search's tiers and its narrow index (issue 17; src/loaders/search.ts and migration
// 20261202140000_paper_search_index), over the real RAIL 2020 collection. Expected values
// come from PostgreSQL's own text search functions over the paper table (to_tsvector,
// websearch_to_tsquery), never from paper_search or the loader.
import { importAclAnthology } from '../src/importers/acl-anthology/command.js';
import { corpusOf } from './helpers/corpus.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';

let t: TestDatabase;
let client: TestClient;

/** Imports 2020.rail, its XML changed by `edit` (a temporary copy; the shared file is untouched). */
async function importRail(edit: (xml: string) => string = (xml) => xml): Promise<void> {
  const corpus = await corpusOf(['2020.rail'], { '2020.rail': edit });
  try {
    await importAclAnthology(t.db, corpus.dir, { quiet: true });
  } finally {
    await corpus.remove();
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  await importRail();
  client = createTestClient(t.db);
}, 120_000);
afterAll(() => t.drop());

interface Found {
  totalCount: number;
  exactCount: number;
  totalCountExact: boolean;
  edges: { score: number; node: { anthologyId: string; title: string } }[];
}

async function searchPapers(query: string, first: number): Promise<Found> {
  const result = await client.query<{ search: Found }>(
    `query($q: String!, $first: Int) { search(query: $q, kinds: [PAPER], first: $first) {
       totalCount exactCount: totalCount(exact: true) totalCountExact edges { score node { ... on Paper { anthologyId title } } } } }`,
    { q: query, first },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.search;
}

/** Papers (not frontmatter) matching `query`: in the title (weight A) or anywhere. From the paper table. */
async function matches(query: string): Promise<{ title: string[]; all: string[] }> {
  const { rows } = await t.db.pool.query<{ anthology_id: string; in_title: boolean }>(
    `SELECT anthology_id, to_tsvector('english', title) @@ websearch_to_tsquery('english', $1) AS in_title
     FROM paper
     WHERE NOT is_frontmatter
       AND (to_tsvector('english', title) || to_tsvector('english', coalesce(abstract, ''))) @@ websearch_to_tsquery('english', $1)`,
    [query],
  );
  return { title: rows.filter((r) => r.in_title).map((r) => r.anthology_id), all: rows.map((r) => r.anthology_id) };
}

test('paper_search holds one row per paper but frontmatter: its title lexemes and key, as PostgreSQL defines them', async () => {
  const { rows } = await t.db.pool.query<{ papers: number; rows: number; wrong: number }>(
    `SELECT (SELECT count(*) FROM paper WHERE NOT is_frontmatter)::int AS papers,
            (SELECT count(*) FROM paper_search)::int AS rows,
            (SELECT count(*) FROM paper p JOIN paper_search s ON s.paper_id = p.id
             WHERE p.is_frontmatter
                OR s.title_vector <> setweight(to_tsvector('english', p.title), 'A')
                OR s.title_length <> length(to_tsvector('english', p.title))
                OR s.title_key <> lower(regexp_replace(btrim(p.title), '\\s+', ' ', 'g'))
                OR (s.year, s.sort_key) <> (p.year, p.sort_key))::int AS wrong`,
  );
  expect(rows[0]).toEqual({ papers: 9, rows: 9, wrong: 0 });
});

/**
 * paper_title_lexeme rows that are not one per (searchable paper, lexeme of its title) with
 * that paper's title length, year and sort key, as PostgreSQL parses the title; and missing ones.
 */
async function wrongLexemeRows(): Promise<number> {
  const { rows } = await t.db.pool.query<{ wrong: number }>(
    `WITH expected AS (
       SELECT p.id AS paper_id, l AS lexeme, length(to_tsvector('english', p.title)) AS title_length, p.year, p.sort_key
       FROM paper p, unnest(tsvector_to_array(to_tsvector('english', p.title))) AS l
       WHERE NOT p.is_frontmatter
     )
     SELECT count(*)::int AS wrong FROM (
       (SELECT * FROM expected EXCEPT ALL SELECT paper_id, lexeme, title_length, year, sort_key FROM paper_title_lexeme)
       UNION ALL
       (SELECT paper_id, lexeme, title_length, year, sort_key FROM paper_title_lexeme EXCEPT ALL SELECT * FROM expected)
     ) d`,
  );
  return rows[0]!.wrong;
}

test('paper_title_lexeme holds one row per lexeme of each searchable title, with the title order', async () => {
  const { rows } = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM paper_title_lexeme');
  expect(rows[0]!.n).toBeGreaterThan(9 * 3);
  expect(await wrongLexemeRows()).toBe(0);
});

test('title matches come first, then the papers that match only with their abstract; all of them', async () => {
  const expected = await matches('language');
  expect(expected.title.length).toBeGreaterThan(3);
  expect(expected.all.length).toBeGreaterThan(expected.title.length);
  const found = await searchPapers('language', 20);
  const ids = found.edges.map((e) => e.node.anthologyId);
  expect(ids.slice(0, expected.title.length).sort()).toEqual([...expected.title].sort());
  expect([...ids].sort()).toEqual([...expected.all].sort());
  // The scores fall along the order (search merges kinds by score).
  const scores = found.edges.map((e) => e.score);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  // Every match fits the page: counted exactly.
  expect(found).toMatchObject({ totalCount: expected.all.length, exactCount: expected.all.length, totalCountExact: true });
});

test('the exact title first with score 1, whatever the case and spacing', async () => {
  const found = await searchPapers('  complex SETSWANA   parts of speech tagging ', 5);
  expect(found.edges[0]).toEqual({ score: 1, node: { anthologyId: '2020.rail-1.4', title: 'Complex Setswana Parts of Speech Tagging' } });
  expect(found.edges.slice(1).every((e) => e.score < 1)).toBe(true);
});

test('when the titles fill the page, totalCount is an estimate (never below the title matches) and exact: true counts', async () => {
  const expected = await matches('language');
  const found = await searchPapers('language', 2);
  expect(found.edges).toHaveLength(2);
  expect(found.totalCountExact).toBe(false);
  expect(found.totalCount).toBeGreaterThanOrEqual(expected.title.length);
  expect(found.exactCount).toBe(expected.all.length);
});

test('quotes and backslashes in a query reach the estimate as data, not SQL', async () => {
  // Title matches fill a page of one: the estimate is asked (with the query's tsquery quoted).
  const estimated = await searchPapers(`languages' OR '1'='1`, 1);
  expect(estimated).toMatchObject({ totalCountExact: false, exactCount: (await matches(`languages' OR '1'='1`)).all.length });
  for (const q of ['language\\\' "; SELECT 1; --', "l'anguage $$ %L"]) {
    const found = await searchPapers(q, 1);
    expect(found).toMatchObject({ totalCount: 0, totalCountExact: true, edges: [] });
  }
});

test('the exact count costs one statement more, and only when asked', async () => {
  const run = (selection: string) =>
    client.countStatements(() => client.query(`{ search(query: "language", kinds: [PAPER], first: 2) { ${selection} } }`));
  const estimated = await run('totalCount totalCountExact');
  expect(estimated.result.errors).toBeUndefined();
  expect(estimated.statements).toHaveLength(1);
  const exact = await run('totalCount(exact: true)');
  expect(exact.result.errors).toBeUndefined();
  expect(exact.statements).toHaveLength(2);
});

describe('kept in step with the imports', () => {
  const OLD = 'Complex Setswana Parts of Speech Tagging';
  const NEW = 'Part-of-Speech Tagging for Setswana, Revised';

  test('a re-import that changes a title: the new title is found first, the old one no longer exactly', async () => {
    await importRail((xml) => xml.replace(`<title>${OLD}</title>`, `<title>${NEW}</title>`));
    const found = await searchPapers(NEW, 5);
    expect(found.edges[0]).toEqual({ score: 1, node: { anthologyId: '2020.rail-1.4', title: NEW } });
    const old = await searchPapers(OLD, 5);
    expect(old.edges.every((e) => e.score < 1)).toBe(true);
    expect(await wrongLexemeRows()).toBe(0);
  });

  test('a re-import without a paper: it is gone from search', async () => {
    await importRail((xml) => xml.replace(/<paper id="7">[\s\S]*?<\/paper>\s*/, ''));
    const found = await searchPapers('A Computational Grammar of Ga', 5);
    expect(found.edges.map((e) => e.node.anthologyId)).not.toContain('2020.rail-1.7');
    const { rows } = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM paper_search');
    expect(rows[0]!.n).toBe(8);
    expect(await wrongLexemeRows()).toBe(0);
  });

  test('re-importing the original: everything as at first', async () => {
    await importRail();
    const found = await searchPapers(OLD, 5);
    expect(found.edges[0]).toEqual({ score: 1, node: { anthologyId: '2020.rail-1.4', title: OLD } });
    expect((await searchPapers('A Computational Grammar of Ga', 5)).edges[0]?.node.anthologyId).toBe('2020.rail-1.7');
    expect(await wrongLexemeRows()).toBe(0);
  });

  test('a direct UPDATE of paper_search rows (year) moves their lexeme rows too', async () => {
    await t.db.pool.query(`UPDATE paper SET year = year - 1 WHERE anthology_id = '2020.rail-1.4'`);
    expect(await wrongLexemeRows()).toBe(0);
    // paper's own trigger replaces paper_search rows; an UPDATE of them is followed as well.
    await t.db.pool.query(
      `UPDATE paper_search SET year = year + 1 WHERE paper_id = (SELECT id FROM paper WHERE anthology_id = '2020.rail-1.4')`,
    );
    const { rows } = await t.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM paper_title_lexeme x JOIN paper_search s USING (paper_id)
       WHERE (x.title_length, x.year, x.sort_key) IS DISTINCT FROM (s.title_length, s.year, s.sort_key)`,
    );
    expect(rows[0]!.n).toBe(0);
    await t.db.pool.query(`UPDATE paper SET year = year + 1 WHERE anthology_id = '2020.rail-1.4'`);
    expect(await wrongLexemeRows()).toBe(0);
  });
});

test('a negated word (-word) excludes papers that have it anywhere, title matches too', async () => {
  // Papers with "language" in the title but "paper" only in the abstract: the title tier alone would keep them.
  const all = (await matches('language')).title;
  const kept = (await matches('language -paper')).all;
  expect(all.filter((id) => !kept.includes(id)).length).toBeGreaterThan(0);
  const found = await searchPapers('language -paper', 100);
  expect(found.edges.map((e) => e.node.anthologyId).sort()).toEqual([...kept].sort());
  expect(found.exactCount).toBe(kept.length);
});
