// The stored co-author pairs (migration 20261205100000_coauthor_pair) that give an author page
// its co-authors: after an import, the corrections (merge, split, reassignment, rename, revert),
// a DBLP and an OpenAlex import that fold into Anthology papers and people, a re-import, every
// kind of direct write (authorships inserted, moved, re-roled, deleted; a paper's frontmatter
// flag flipped; papers and a volume deleted; a person renamed) and TRUNCATE, they equal the
// pairs counted from authorship, paper and author here, and the co-authors page equals the
// ranking computed from those tables. Real collections: INLG 2020, MML 2022, IWSLT 2015.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { importAclAnthology } from '../src/importers/acl-anthology/command.js';
import { importDblp } from '../src/importers/dblp/command.js';
import { importOpenAlex } from '../src/importers/openalex/command.js';
import { corrector, curationServer } from './helpers/corrections.js';
import { createTestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';
import { CHOI, DUSEK_KASNER_2020, INLG_2020, dblpDump } from './helpers/dblp-records.js';
import { sharedData } from './helpers/shared-data.js';

const COLLECTIONS = ['2020.inlg', '2022.mml', '2015.iwslt'];
let tmp: string;

/** Imports COLLECTIONS from a temporary folder, 2020.inlg's XML changed by `edit` (the shared files untouched). */
async function importCorpus(edit: (xml: string) => string = (xml) => xml): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scholargraph-coauthor-pair-'));
  try {
    await mkdir(path.join(dir, 'xml'));
    await symlink(sharedData('acl-anthology', 'yaml'), path.join(dir, 'yaml'));
    for (const c of COLLECTIONS) {
      const xml = await readFile(sharedData('acl-anthology', 'xml', `${c}.xml`), 'utf8');
      await writeFile(path.join(dir, 'xml', `${c}.xml`), c === '2020.inlg' ? edit(xml) : xml);
    }
    await importAclAnthology(f.t.db, dir, { quiet: true });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const f = curationServer(async () => {
  const database = await createTestDatabase();
  f.t = database;
  await importCorpus();
  return database;
});
const correct = corrector(f);
let client: TestClient;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'scholargraph-coauthor-pair-sources-'));
  client = createTestClient(f.t.db);
}, 120_000);
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const rows = async (sql: string, params: unknown[] = []) => (await f.t.db.pool.query<{ row: string }>(sql, params)).rows.map((r) => r.row);

/** coauthor_pair's rows, and the same pairs counted from authorship, paper and author. */
async function pairsAndTruth(): Promise<{ stored: string[]; counted: string[] }> {
  return {
    stored: await rows(
      `SELECT format('%s>%s: %s %s|%s|%s', author_id, coauthor_id, shared, last_name, first_name, slug) AS row
       FROM coauthor_pair ORDER BY author_id, coauthor_id`,
    ),
    counted: await rows(
      `SELECT format('%s>%s: %s %s|%s|%s', x.author_id, y.author_id, count(DISTINCT x.paper_id), c.last_name, c.first_name, c.slug) AS row
       FROM authorship x
       JOIN authorship y ON y.paper_id = x.paper_id AND y.role = 'AUTHOR' AND y.author_id <> x.author_id
       JOIN paper p ON p.id = x.paper_id AND NOT p.is_frontmatter
       JOIN author c ON c.id = y.author_id
       WHERE x.role = 'AUTHOR'
       GROUP BY x.author_id, y.author_id, c.last_name, c.first_name, c.slug
       ORDER BY x.author_id, y.author_id`,
    ),
  };
}

async function expectPairsInStep(): Promise<void> {
  const { stored, counted } = await pairsAndTruth();
  expect(counted.length).toBeGreaterThan(0);
  expect(stored).toEqual(counted);
}

/** People with the most co-authors now, counted from the base tables. */
async function busiest(n: number): Promise<string[]> {
  return rows(
    `SELECT c.slug AS row FROM authorship x
     JOIN authorship y ON y.paper_id = x.paper_id AND y.role = 'AUTHOR' AND y.author_id <> x.author_id
     JOIN paper p ON p.id = x.paper_id AND NOT p.is_frontmatter JOIN author c ON c.id = x.author_id
     WHERE x.role = 'AUTHOR' GROUP BY c.slug ORDER BY count(DISTINCT y.author_id) DESC, c.slug LIMIT $1`,
    [n],
  );
}

/** The co-authors page of `slug` (first `first`), and the ranking counted from the base tables. */
async function pageAndTruth(slug: string, first: number): Promise<{ page: unknown; truth: unknown }> {
  const { data, errors } = await client.query<{
    author: { coauthors: { totalCount: number; edges: { sharedPaperCount: number; node: { slug: string } }[] } };
  }>(
    `query($slug: String!, $first: Int) { author(slug: $slug) { coauthors(first: $first) { totalCount edges { sharedPaperCount node { slug } } } } }`,
    {
      slug,
      first,
    },
  );
  expect(errors).toBeUndefined();
  const ranked = await rows(
    `SELECT format('%s %s', c.slug, count(DISTINCT x.paper_id)) AS row
     FROM author me JOIN authorship x ON x.author_id = me.id AND x.role = 'AUTHOR'
     JOIN authorship y ON y.paper_id = x.paper_id AND y.role = 'AUTHOR' AND y.author_id <> x.author_id
     JOIN paper p ON p.id = x.paper_id AND NOT p.is_frontmatter
     JOIN author c ON c.id = y.author_id
     WHERE me.slug = $1
     GROUP BY c.id, c.slug, c.last_name, c.first_name
     ORDER BY count(DISTINCT x.paper_id) DESC, c.last_name, c.first_name, c.slug`,
    [slug],
  );
  const page = data!.author.coauthors;
  return {
    page: { totalCount: page.totalCount, items: page.edges.map((e) => `${e.node.slug} ${e.sharedPaperCount}`) },
    truth: { totalCount: ranked.length, items: ranked.slice(0, first) },
  };
}

async function expectPagesRight(): Promise<void> {
  for (const slug of await busiest(3)) {
    for (const first of [100, 2]) {
      const { page, truth } = await pageAndTruth(slug, first);
      expect(page).toEqual(truth);
    }
  }
}

/** The (paper, position: 1 for the first author) of a person's authorships, from the base tables. */
async function slotsOf(slug: string): Promise<{ paper: string; position: number }[]> {
  const { rows: slots } = await f.t.db.pool.query<{ paper: string; position: number }>(
    `SELECT p.anthology_id AS paper, a.position + 1 AS position FROM authorship a JOIN author c ON c.id = a.author_id
     JOIN paper p ON p.id = a.paper_id WHERE c.slug = $1 AND a.role = 'AUTHOR' ORDER BY p.anthology_id, a.position`,
    [slug],
  );
  return slots;
}

test('after an import, the pairs are the shared papers of each two people, frontmatter excluded, with the sort names', async () => {
  await expectPairsInStep();
  await expectPagesRight();
  // Not vacuous: someone has several co-authors and some pair shares more than one paper.
  expect((await pageAndTruth((await busiest(1))[0]!, 100)).truth).toMatchObject({ totalCount: expect.any(Number) });
  expect(await rows(`SELECT max(shared)::text AS row FROM coauthor_pair`)).not.toEqual(['1']);
});

test('corrections keep them in step: merge (two co-authors into one), split, reassignment, rename, revert', async () => {
  const [keep] = await busiest(1);
  // A co-author of `keep`: after the merge, one person holds both slots of their shared papers.
  const [remove] = await rows(
    `SELECT c.slug AS row FROM coauthor_pair q JOIN author me ON me.id = q.author_id JOIN author c ON c.id = q.coauthor_id
     WHERE me.slug = $1 ORDER BY q.shared DESC, c.slug LIMIT 1`,
    [keep],
  );
  const merge = await correct('mergeAuthors', { keep, remove });
  await expectPairsInStep();
  await expectPagesRight();
  const slots = await slotsOf(keep!);
  expect(slots.length).toBeGreaterThan(1);
  await correct('splitAuthor', {
    author: keep,
    authorships: [slots[0]],
    newAuthor: { slug: 'coauthor-pair-split', name: 'Split Person' },
  });
  await expectPairsInStep();
  const [other] = await rows(`SELECT slug AS row FROM author WHERE slug NOT IN ($1, 'coauthor-pair-split') ORDER BY slug LIMIT 1`, [keep]);
  await correct('reassignAuthorship', { authorship: slots[1], toAuthor: other });
  await expectPairsInStep();
  await correct('updateAuthor', { author: keep, canonicalName: { first: 'Aaa', last: 'Aaaa' } });
  await expectPairsInStep();
  await expectPagesRight();
  await correct('revertCorrection', { correction: String(merge) });
  await expectPairsInStep();
  await expectPagesRight();
}, 120_000);

// dblp's records of 2020.inlg-1.19 (and its proceedings) and of Seongho Choi (the ORCID the
// Anthology prints for him in 2022.mml; test/helpers/dblp-records.ts): the paper folds into the
// Anthology's, the person merges into the Anthology's by ORCID.
const DBLP_XML = dblpDump(DUSEK_KASNER_2020, INLG_2020, CHOI);

test('DBLP and OpenAlex imports (new papers, folds into Anthology papers, people merged by ORCID) keep them in step', async () => {
  const dblp = path.join(tmp, 'dblp.xml');
  await writeFile(dblp, DBLP_XML, 'latin1');
  expect(await importDblp(f.t.db, dblp, { quiet: true })).toMatchObject({ folded: 1, mergedByOrcid: 1 });
  await expectPairsInStep();
  // OpenAlex: W2100301546 given 2020.inlg-1.19's DOI and Seongho Choi's ORCID (as in
  // test/import/openalex-identity.test.ts): it replaces the paper's authorships; plus the next
  // 30 works of the sample as papers of their own.
  const lines = gunzipSync(await readFile(sharedData('openalex-samples', 'es2dp_works_snapshot_sample_2022-05.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter(Boolean);
  const linked = JSON.parse(lines.find((l) => l.includes('"https://openalex.org/W2100301546"'))!) as {
    doi: string;
    authorships: { author: { orcid: string | null } }[];
  };
  linked.doi = 'https://doi.org/10.18653/V1/2020.INLG-1.19';
  linked.authorships[0]!.author.orcid = 'https://orcid.org/0000-0002-7553-6761';
  const works = path.join(tmp, 'works.jsonl');
  const others = lines.filter((l) => !l.includes('"https://openalex.org/W2100301546"')).slice(0, 30);
  await writeFile(works, [JSON.stringify(linked), ...others].map((l) => `${l}\n`).join(''));
  expect(await importOpenAlex(f.t.db, works, { quiet: true })).toMatchObject({ folded: 1 });
  await expectPairsInStep();
  await expectPagesRight();
}, 120_000);

test('a re-import (a paper removed, then everything restored) keeps them in step', async () => {
  await importCorpus((xml) => xml.replace(/<paper id="2">[\s\S]*?<\/paper>\s*/, ''));
  await expectPairsInStep();
  await importCorpus();
  await expectPairsInStep();
  await expectPagesRight();
}, 120_000);

test('every direct write keeps them in step', async () => {
  const pool = f.t.db.pool;
  const step = async (sql: string) => {
    await pool.query(sql);
    await expectPairsInStep();
  };
  const [a, b] = await busiest(2);
  // Inserted: a's authorships copied onto a paper of b's (one statement, several papers' pairs).
  await step(
    `INSERT INTO authorship (paper_id, volume_id, author_id, role, position, first_name, last_name)
     SELECT p.paper_id, p.volume_id, me.id, 'AUTHOR', 100 + row_number() OVER (), me.first_name, me.last_name
     FROM author me, (SELECT DISTINCT x.paper_id, x.volume_id FROM authorship x JOIN author c ON c.id = x.author_id WHERE c.slug = '${b}') p
     WHERE me.slug = '${a}'`,
  );
  // Moved to another person, to another paper, re-roled, both ways.
  await step(
    `UPDATE authorship SET author_id = (SELECT id FROM author WHERE slug = '${b}')
     WHERE id = (SELECT min(x.id) FROM authorship x JOIN author c ON c.id = x.author_id WHERE c.slug = '${a}')`,
  );
  await step(
    `UPDATE authorship SET paper_id = (SELECT min(paper_id) FROM authorship) WHERE id = (SELECT max(id) FROM authorship WHERE paper_id IS NOT NULL)`,
  );
  await step(`UPDATE authorship SET role = 'EDITOR' WHERE position = 1 AND paper_id IS NOT NULL`);
  await step(`UPDATE authorship SET role = 'AUTHOR' WHERE position = 1 AND paper_id IS NOT NULL`);
  await step(`UPDATE authorship SET affiliation = 'x' WHERE paper_id IS NOT NULL`);
  // Deleted.
  await step(`DELETE FROM authorship WHERE position = 2 AND paper_id IS NOT NULL`);
  // Papers flipped to frontmatter and back; a frontmatter paper with authors deleted; a paper
  // deleted (its authorships by the cascade); a whole volume deleted (papers and authorships).
  const papers = `(SELECT paper_id FROM authorship a JOIN author c ON c.id = a.author_id WHERE c.slug = '${a}')`;
  await step(`UPDATE paper SET is_frontmatter = true WHERE id IN ${papers}`);
  await step(
    `UPDATE paper SET is_frontmatter = false WHERE id IN (SELECT min(paper_id) FROM authorship WHERE author_id = (SELECT id FROM author WHERE slug = '${a}'))`,
  );
  await step(`DELETE FROM paper WHERE is_frontmatter AND id IN ${papers}`);
  await step(
    `DELETE FROM paper WHERE id IN (SELECT paper_id FROM authorship a JOIN author c ON c.id = a.author_id WHERE c.slug = '${b}' LIMIT 1)`,
  );
  await step(`DELETE FROM volume WHERE anthology_id = '2015.iwslt-papers'`);
  // Renamed (the sort names follow), one person and several at once.
  await step(`UPDATE author SET last_name = 'Zzz' WHERE slug = '${b}'`);
  await step(`UPDATE author SET first_name = first_name || '.', slug = slug || '-x' WHERE id % 3 = 0`);
  await expectPagesRight();
  expect(await rows(`SELECT count(*)::text AS row FROM coauthor_pair WHERE shared <= 0`)).toEqual(['0']);
}, 120_000);

test('TRUNCATE of authorship, or of a table cascading to it, empties them', async () => {
  const stored = async (db: { query: typeof f.t.db.pool.query }) =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM coauthor_pair')).rows[0]!.n;
  expect(await stored(f.t.db.pool)).toBeGreaterThan(0);
  const c = await f.t.db.pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('TRUNCATE paper CASCADE');
    expect(await stored(c)).toBe(0);
    await c.query('ROLLBACK');
  } finally {
    c.release();
  }
  expect(await stored(f.t.db.pool)).toBeGreaterThan(0);
  await f.t.db.pool.query('TRUNCATE authorship CASCADE');
  expect(await stored(f.t.db.pool)).toBe(0);
});
