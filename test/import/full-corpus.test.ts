// The whole shared ACL Anthology corpus: the Anthology's own totals, people resolution,
// and idempotent re-import.
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/db/local.js';
import { importAclAnthology } from '../../src/importers/acl-anthology/command.js';
import { AUTHOR_PAGE_QUERY } from '../../src/examples/author-page.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient } from '../helpers/graphql.js';

const CORPUS = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology');

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await importAclAnthology(t.db, CORPUS, { quiet: true });
}, 600_000);
afterAll(async () => {
  await t?.drop();
});

async function one(sql: string, params: unknown[] = []): Promise<Record<string, unknown>> {
  const { rows } = await t.db.pool.query(sql, params);
  return rows[0] as Record<string, unknown>;
}

test('totals match the Anthology library', async () => {
  const r = await one(`SELECT
    (SELECT count(*)::int FROM collection) AS collections,
    (SELECT count(*)::int FROM volume) AS volumes,
    (SELECT count(*)::int FROM paper WHERE NOT is_frontmatter) AS papers,
    (SELECT count(*)::int FROM paper) AS with_frontmatter,
    (SELECT count(*)::int FROM authorship WHERE role = 'AUTHOR') AS author_links,
    (SELECT count(DISTINCT author_id)::int FROM authorship WHERE role = 'AUTHOR') AS authors`);
  expect(r).toEqual({
    collections: 1532,
    volumes: 3269,
    papers: 103514,
    with_frontmatter: 106497,
    author_links: 359957,
    // The issue quotes 98,278 from the Anthology's library. 98,291 is what its resolution
    // rules give on these files; the library's own figure comes from a build error that
    // drops the rest of volume D19-55 (13 authors) and from names given with an explicit id
    // becoming names of that person (scripts/anthology-people-count.py --register-explicit
    // reproduces 98,277). See the issue 3 note.
    authors: 98291,
  });
});

test('search vectors are the column definition, computed by the import', async () => {
  const r = await one(`SELECT count(*)::int AS checked,
    count(*) FILTER (WHERE search_vector IS DISTINCT FROM paper_search_vector(title, abstract))::int AS wrong
    FROM paper WHERE id % 37 = 0`);
  expect(r.checked).toBeGreaterThan(2500);
  expect(r.wrong).toBe(0);
});

test('public ids are built the Anthology way', async () => {
  const ids = ['P18-1001', 'P18-1000', 'W18-0501', '2024.naacl-long.1', '2024.naacl-long.0'];
  const { rows } = await t.db.pool.query('SELECT anthology_id, is_frontmatter FROM paper WHERE anthology_id = ANY($1) ORDER BY sort_key', [ids]);
  expect(rows.map((r) => r.anthology_id).sort()).toEqual([...ids].sort());
  expect(rows.filter((r) => r.is_frontmatter).map((r) => r.anthology_id).sort()).toEqual(['2024.naacl-long.0', 'P18-1000']);
});

test('the author page of lei-gao: three papers with Ruihong Huang, and the other Lei Gao is not here', async () => {
  const client = createTestClient(t.db);
  const r = await client.query<{ author: { paperCount: number; papers: { edges: { node: { anthologyId: string; authorships: { author: { slug: string } }[] } }[] } } }>(
    AUTHOR_PAGE_QUERY,
    { slug: 'lei-gao' },
  );
  expect(r.errors).toBeUndefined();
  const papers = r.data!.author.papers.edges.map((e) => e.node);
  expect(papers.map((p) => p.anthologyId)).toEqual(['N19-1179', 'I17-1078', 'R17-1036']);
  for (const p of papers) expect(p.authorships.map((a) => a.author.slug)).toContain('ruihong-huang');
});

test('lei-gao has papers with Ruihong Huang; Yang Liu is several people', async () => {
  const { rows } = await t.db.pool.query(
    `SELECT DISTINCT p.anthology_id FROM authorship a JOIN author au ON au.id = a.author_id JOIN paper p ON p.id = a.paper_id
     JOIN authorship b ON b.paper_id = p.id JOIN author bu ON bu.id = b.author_id
     WHERE au.slug = 'lei-gao' AND bu.slug = 'ruihong-huang' ORDER BY 1`,
  );
  expect(rows.length).toBeGreaterThanOrEqual(3);
  const yang = await t.db.pool.query(`SELECT slug FROM author WHERE slug LIKE 'yang-liu%'`);
  expect(yang.rows.map((r) => r.slug)).toContain('yang-liu-edinburgh');
  expect(yang.rowCount).toBeGreaterThan(3);
  // Each Yang Liu's papers carry only that person's authorship.
  const shared = await one(
    `SELECT count(*)::int AS n FROM authorship a JOIN authorship b ON a.paper_id = b.paper_id AND a.id <> b.id
     JOIN author x ON x.id = a.author_id JOIN author y ON y.id = b.author_id
     WHERE x.slug = 'yang-liu-edinburgh' AND y.slug LIKE 'yang-liu%' AND y.slug <> x.slug`,
  );
  expect(shared.n).toBe(0);
});

test('re-importing identical data changes nothing', async () => {
  const snapshot = () =>
    one(`SELECT (SELECT max(id) FROM paper) AS p, (SELECT count(*) FROM paper) AS pc, (SELECT max(id) FROM author) AS a,
         (SELECT count(*) FROM author) AS ac, (SELECT count(*) FROM authorship) AS l, (SELECT max(id) FROM authorship) AS lm`);
  const before = await snapshot();
  await importAclAnthology(t.db, CORPUS, { quiet: true });
  expect(await snapshot()).toEqual(before);
  const vectors = await one(
    `SELECT count(*) FILTER (WHERE search_vector IS DISTINCT FROM paper_search_vector(title, abstract))::int AS wrong FROM paper WHERE id % 37 = 0`,
  );
  expect(vectors.wrong).toBe(0);
}, 600_000);
