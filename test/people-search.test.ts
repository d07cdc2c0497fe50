// People search and type-ahead over their index tables (issue 17; src/loaders/search.ts,
// migration 20261203120000_people_search), on real data: ACL 2015 (several Yang Lius),
// DCLRL 2022 (Erik Körner) and the shared name_variants.yaml. Expected values come from the
// author_name rows (the import of the source data) and pg_trgm's own functions over them,
// never from author_name_search / author_name_prefix or the loader.
import { databaseWithCollections } from './helpers/corpus.js';
import type { TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';

let t: TestDatabase;
let client: TestClient;
beforeAll(async () => {
  t = await databaseWithCollections(['P15', '2022.dclrl']);
  client = createTestClient(t.db);
}, 120_000);
afterAll(() => t.drop());

/** A name as people search normalises it: unaccented, lowercased (PostgreSQL's unaccent). */
const KEY = `lower(immutable_unaccent(n.first_name || ' ' || n.last_name))`;

/** Its words: the runs of letters and digits, as pg_trgm splits words. */
const WORDS = `ARRAY(SELECT m[1] FROM regexp_matches(${KEY}, '([[:alnum:]]+)', 'g') AS m)`;

interface Hit {
  score: number;
  node: { slug: string; name: string };
}

async function people(query: string, first = 100): Promise<{ totalCount: number; edges: Hit[] }> {
  const result = await client.query<{ search: { totalCount: number; edges: Hit[] } }>(
    `query($q: String!, $first: Int) { search(query: $q, kinds: [AUTHOR], first: $first) {
       totalCount edges { score node { ... on Author { slug name } } } } }`,
    { q: query, first },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.search;
}

describe('people search', () => {
  test('a full name finds every homonym (every person with that name, any spelling), first, scored 1', async () => {
    // Names two or more people bear, from the imported rows.
    const { rows } = await t.db.pool.query<{ name: string; slugs: string[] }>(
      `SELECT min(n.first_name || ' ' || n.last_name) AS name, array_agg(DISTINCT a.slug) AS slugs
       FROM author_name n JOIN author a ON a.id = n.author_id
       GROUP BY ${KEY} HAVING count(DISTINCT n.author_id) >= 2
       ORDER BY count(DISTINCT n.author_id) DESC, 1 LIMIT 40`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(rows.some((r) => r.name === 'Yang Liu' && r.slugs.length >= 5)).toBe(true);
    for (const { name, slugs } of rows) {
      const { edges } = await people(name);
      const found = edges.map((e) => e.node.slug);
      expect({ name, missing: slugs.filter((s) => !found.includes(s)) }).toEqual({ name, missing: [] });
      // Every homonym scores 1 and comes before any hit scoring less.
      const lastHomonym = Math.max(...slugs.map((s) => found.indexOf(s)));
      expect({ name, scores: edges.slice(0, lastHomonym + 1).map((e) => e.score) }).toEqual({
        name,
        scores: edges.slice(0, lastHomonym + 1).map(() => 1),
      });
    }
  });

  test.each(['Liu', 'Yang Liu', 'Korner', 'Chris', 'Zhang Min'])(
    '%s: the people with every query word, each with the pg_trgm score of their best name, best first',
    async (query) => {
      const { rows } = await t.db.pool.query<{ slug: string; score: number }>(
        `SELECT a.slug, max((similarity(${KEY}, q) + word_similarity(q, ${KEY})) / 2)::float8 AS score
         FROM author_name n JOIN author a ON a.id = n.author_id, lower(immutable_unaccent($1::text)) AS q
         WHERE ${WORDS} @> ARRAY(SELECT m[1] FROM regexp_matches(q, '([[:alnum:]]+)', 'g') AS m)
         GROUP BY a.slug`,
        [query],
      );
      expect(rows.length).toBeGreaterThan(0);
      const { edges, totalCount } = await people(query);
      expect(totalCount).toBe(rows.length);
      const expected = new Map(rows.map((r) => [r.slug, r.score]));
      for (const e of edges) {
        expect(expected.has(e.node.slug)).toBe(true);
        // pg_trgm computes in float4: equal to 6 places.
        expect(e.score).toBeCloseTo(expected.get(e.node.slug)!, 6);
      }
      const best = [...expected.values()].sort((a, b) => b - a).slice(0, edges.length);
      edges.forEach((e, i) => expect(e.score).toBeCloseTo(best[i]!, 6));
    },
  );

  test('with no name holding every query word, the fuzzy match (a typo) finds the person', async () => {
    const { edges } = await people('Yang Lui', 20);
    expect(edges.length).toBeGreaterThan(0);
    expect(edges[0]!.node.name).toBe('Yang Liu');
    expect(edges[0]!.score).toBeLessThan(1);
  });
});

describe('the index tables stay in step with author_name', () => {
  /** Names whose index rows are missing or differ from what the name gives now (expected: none). */
  async function outOfStep(): Promise<number> {
    const { rows } = await t.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM author_name n
       WHERE NOT EXISTS (SELECT 1 FROM author_name_search s WHERE s.name_id = n.id AND s.author_id = n.author_id AND s.name_key = ${KEY})
          OR (SELECT array_agg(p.key ORDER BY p.position) FROM author_name_prefix p WHERE p.name_id = n.id AND p.author_id = n.author_id)
             IS DISTINCT FROM (SELECT array_agg(array_to_string(x.w[i:], ' ') ORDER BY i)
                               FROM (SELECT ${WORDS} AS w) x, generate_subscripts(x.w, 1) AS i)`,
    );
    const { rows: extra } = await t.db.pool.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM author_name_search) - (SELECT count(*) FROM author_name) AS n`,
    );
    return rows[0]!.n + Number(extra[0]!.n);
  }

  test('after the import, a new spelling, a changed one and a deleted one', async () => {
    expect(await outOfStep()).toBe(0);
    const { rows } = await t.db.pool.query<{ id: number; slug: string }>(`SELECT id, slug FROM author WHERE slug = 'erik-korner'`);
    const erik = rows[0]!;
    await t.db.pool.query(
      `INSERT INTO author_name (author_id, first_name, last_name, canonical, position) VALUES ($1, 'Érik', 'Kørnerson', false, 9)`,
      [erik.id],
    );
    expect(await outOfStep()).toBe(0);
    expect((await people('Erik Kørnerson')).edges[0]).toMatchObject({ score: 1, node: { slug: 'erik-korner' } });
    await t.db.pool.query(`UPDATE author_name SET last_name = 'Körnersen' WHERE author_id = $1 AND position = 9`, [erik.id]);
    expect(await outOfStep()).toBe(0);
    expect((await people('Erik Kornersen')).edges[0]).toMatchObject({ score: 1, node: { slug: 'erik-korner' } });
    expect((await suggestPeople('kornerse')).map((s) => s.slug)).toEqual(['erik-korner']);
    await t.db.pool.query(`DELETE FROM author_name WHERE author_id = $1 AND position = 9`, [erik.id]);
    expect(await outOfStep()).toBe(0);
    expect(await suggestPeople('kornerse')).toEqual([]);
  });
});

interface Suggested {
  kind: string;
  slug: string | null;
}

async function suggestPeople(prefix: string, first = 8): Promise<Suggested[]> {
  const result = await client.query<{ suggest: Suggested[] }>(
    `query($p: String!, $first: Int) { suggest(prefix: $p, first: $first) { kind slug } }`,
    { p: prefix, first },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.suggest.filter((s) => s.kind === 'AUTHOR');
}

describe('suggest: people', () => {
  /** Each person with a name word starting with `prefix`: whether a name starts with it, the shortest such name. */
  async function matching(prefix: string): Promise<Map<string, { starts: boolean; len: number }>> {
    const { rows } = await t.db.pool.query<{ slug: string; starts: boolean; len: number }>(
      `SELECT DISTINCT ON (a.slug) a.slug, ${KEY} ~ ('^' || p) AS starts, length(n.first_name || n.last_name) AS len
       FROM author_name n JOIN author a ON a.id = n.author_id, lower($1::text) AS p
       WHERE ${KEY} ~ ('(^|[^[:alnum:]])' || p)
       ORDER BY a.slug, 2 DESC, 3`,
      [prefix],
    );
    return new Map(rows.map((r) => [r.slug, { starts: r.starts, len: r.len }]));
  }

  test.each(['y', 'zh', 'kor', 'liu', 'yang l', 'chris', 'wanx'])(
    '%s: people whose name has a word starting with it; names that start with it first, shorter names first',
    async (prefix) => {
      const all = await matching(prefix);
      const found = await suggestPeople(prefix, 50);
      expect(found.length).toBe(Math.min(50, all.size));
      for (const s of found) expect(all.has(s.slug!)).toBe(true);
      // The best (starts, length) there are: the people shown are among them (ties in any order).
      const rank = (m: { starts: boolean; len: number }) => (m.starts ? 0 : 1000) + m.len;
      const best = [...all.values()].map(rank).sort((a, b) => a - b);
      const shown = found.map((s) => rank(all.get(s.slug!)!)).sort((a, b) => a - b);
      expect(shown).toEqual(best.slice(0, shown.length));
    },
  );
});
