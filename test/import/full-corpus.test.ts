// The whole shared ACL Anthology corpus: the Anthology's own totals, people resolution,
// and idempotent re-import.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/db/local.js';
import { importAclAnthology } from '../../src/importers/acl-anthology/command.js';
import { AUTHOR_PAGE_QUERY } from '../../src/examples/author-page.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { DEFAULT_MAX_ALIASES } from '../../src/http/limits.js';
import { createTestClient } from '../helpers/graphql.js';

const CORPUS = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology');

let t: TestDatabase;
/** What the first import logged (progress and warnings). */
const logged: string[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
  await importAclAnthology(t.db, CORPUS, { quiet: false, log: (line) => logged.push(line) });
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
  const { rows } = await t.db.pool.query('SELECT anthology_id, is_frontmatter FROM paper WHERE anthology_id = ANY($1) ORDER BY sort_key', [
    ids,
  ]);
  expect(rows.map((r) => r.anthology_id).sort()).toEqual([...ids].sort());
  expect(
    rows
      .filter((r) => r.is_frontmatter)
      .map((r) => r.anthology_id)
      .sort(),
  ).toEqual(['2024.naacl-long.0', 'P18-1000']);
});

test('the author page of lei-gao: three papers with Ruihong Huang, and the other Lei Gao is not here', async () => {
  const client = createTestClient(t.db);
  const r = await client.query<{
    author: { paperCount: number; papers: { edges: { node: { anthologyId: string; authorships: { author: { slug: string } }[] } }[] } };
  }>(AUTHOR_PAGE_QUERY, { slug: 'lei-gao' });
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

/** Each paper's (and frontmatter's) <url> and <doi> as the XML files have them, read here with a plain scan. */
function papersInXml(): { file: string; url?: string; doi?: string }[] {
  const out: { file: string; url?: string; doi?: string }[] = [];
  const xml = path.join(CORPUS, 'xml');
  for (const file of readdirSync(xml).filter((f) => f.endsWith('.xml'))) {
    const text = readFileSync(path.join(xml, file), 'utf8');
    for (const [block] of text.matchAll(/<(paper|frontmatter)\b[\s\S]*?<\/\1>/g)) {
      // The paper's own <url> and <doi>, not a <url> of the inline markup of its title or abstract.
      const own = block.replace(/<(title|abstract)>[\s\S]*?<\/\1>/g, '');
      const url = /<url\b[^>]*>([^<]*)<\/url>/.exec(own)?.[1];
      const doi = /<doi>([^<]*)<\/doi>/.exec(own)?.[1];
      out.push({ file, url, doi });
    }
  }
  return out;
}

// Issue 17's relevance check, on real titles: 300 papers drawn with a fixed seed (the md5
// of the id and the seed orders the corpus), searched through GraphQL. Known-item search:
// the full title finds that paper first (mean reciprocal rank over the top 10 ≥ 0.95); three
// consecutive title words (start drawn with the same seed) find it in the top 10 for most.
// Titles over 200 characters are left out: `search` refuses longer queries (BAD_USER_INPUT).
describe('search relevance (known-item, seeded sample)', () => {
  const SEED = 'issue-17';
  const SEARCH = /* GraphQL */ `query($q: String!) {
    search(query: $q, kinds: [PAPER], first: 10) { edges { node { ... on Paper { anthologyId } } } }
  }`;
  let sample: { anthology_id: string; title: string; pick: number }[];
  beforeAll(async () => {
    const { rows } = await t.db.pool.query<{ anthology_id: string; title: string; pick: number }>(
      `SELECT anthology_id, title, ('x' || substr(md5(anthology_id || $1 || 'w'), 1, 8))::bit(32)::int AS pick
       FROM paper WHERE NOT is_frontmatter AND length(title) <= 200 AND array_length(regexp_split_to_array(btrim(title), '\\s+'), 1) >= 3
       ORDER BY md5(anthology_id || $1) LIMIT 300`,
      [SEED],
    );
    sample = rows;
  });

  async function rankOf(q: string, id: string): Promise<number | null> {
    const client = createTestClient(t.db);
    const r = await client.query<{ search: { edges: { node: { anthologyId: string } }[] } }>(SEARCH, { q });
    expect(r.errors).toBeUndefined();
    const i = r.data!.search.edges.findIndex((e) => e.node.anthologyId === id);
    return i < 0 ? null : i + 1;
  }

  test('the full title finds the paper first: mean reciprocal rank ≥ 0.95', async () => {
    expect(sample).toHaveLength(300);
    let sum = 0;
    for (const p of sample) {
      const rank = await rankOf(p.title, p.anthology_id);
      sum += rank === null ? 0 : 1 / rank;
    }
    const mrr = sum / sample.length;
    console.log(`search relevance: full-title MRR ${mrr.toFixed(3)} over ${sample.length} papers`);
    expect(mrr).toBeGreaterThanOrEqual(0.95);
  }, 600_000);

  test('three consecutive title words find the paper in the top 10 for most', async () => {
    let found = 0;
    for (const p of sample) {
      const words = p.title.trim().split(/\s+/);
      const start = Math.abs(p.pick) % (words.length - 2);
      const rank = await rankOf(words.slice(start, start + 3).join(' '), p.anthology_id);
      if (rank !== null) found++;
    }
    console.log(`search relevance: three title words in the top 10 for ${found}/${sample.length}`);
    // Not below the share before the tiered search (214 of these 300; docs/performance.md, "Search").
    expect(found).toBeGreaterThanOrEqual(214);
  }, 600_000);
});

// Common words take the title tier's merge path (paper_title_lexeme, src/loaders/search.ts):
// the page must be the one every title match gives. Expected from the paper rows: the title
// matches (to_tsvector over the title), the 200 with the fewest title lexemes (then newest,
// then sort key) ranked by ts_rank_cd(title, query, 2), ties in that order.
test('common words: the title tier read in order is the one every title match gives', async () => {
  for (const q of ['language models', 'learning', 'neural machine translation', 'named entity recognition']) {
    const { rows: common } = await t.db.pool.query<{ rarest: number }>(
      `SELECT min((SELECT count(*) FROM paper p WHERE NOT p.is_frontmatter AND to_tsvector('english', p.title) @@ to_tsquery('english', quote_literal(l))))::int AS rarest
       FROM unnest(tsvector_to_array(to_tsvector('english', $1))) AS l`,
      [q],
    );
    expect(common[0]!.rarest).toBeGreaterThanOrEqual(1000); // TITLE_DENSE: the merge path is taken
    const { rows: expected } = await t.db.pool.query<{ anthology_id: string }>(
      `WITH q AS (SELECT websearch_to_tsquery('english', $1) AS tsq),
       m AS (SELECT p.anthology_id, p.year, p.sort_key, setweight(to_tsvector('english', p.title), 'A') AS v,
                    paper_title_key(p.title) = paper_title_key($1) AS exact
             FROM paper p, q WHERE NOT p.is_frontmatter AND to_tsvector('english', p.title) @@ q.tsq),
       top AS (SELECT m.*, row_number() OVER (ORDER BY exact DESC, length(v), year DESC, sort_key) AS pre FROM m
               ORDER BY exact DESC, length(v), year DESC, sort_key LIMIT 200)
       SELECT anthology_id FROM top, q ORDER BY exact DESC, ts_rank_cd(v, q.tsq, 2) DESC, pre LIMIT 20`,
      [q],
    );
    const r = await createTestClient(t.db).query<{ search: { edges: { node: { anthologyId: string } }[] } }>(
      `query($q: String!) { search(query: $q, kinds: [PAPER], first: 20) { edges { node { ... on Paper { anthologyId } } } } }`,
      { q },
    );
    expect(r.errors).toBeUndefined();
    expect({ q, ids: r.data!.search.edges.map((e) => e.node.anthologyId) }).toEqual({ q, ids: expected.map((e) => e.anthology_id) });
  }
});

describe('ids as the Anthology builds them (build_id)', () => {
  const papers = papersInXml();
  // A <url> that is an Anthology id (not an external link) names the paper's page and PDF.
  const urls = papers.filter((p) => p.url && !/^[a-z]+:/i.test(p.url)).map((p) => p.url!);

  test('every paper whose <url> is an Anthology id has that id, but two upstream typos', async () => {
    expect(papers.length).toBe(106497);
    expect(urls.length).toBe(101030);
    const { rows } = await t.db.pool.query<{ anthology_id: string; url: string }>(
      'SELECT anthology_id, url FROM paper WHERE anthology_id = ANY($1)',
      [urls],
    );
    for (const r of rows) expect(r.url).toBe(r.anthology_id);
    const found = new Set(rows.map((r) => r.anthology_id));
    expect(urls.filter((u) => !found.has(u)).sort()).toEqual([
      // 2010.amta.xml: <paper id="18"> (so 2010.amta-government.18) has <url>…government.19</url>;
      // the volume has no paper 19.
      '2010.amta-government.19',
      // 2023.acl.xml: <paper id="911"> (the program chairs' report) has <url>2023.acl-long.report</url>.
      '2023.acl-long.report',
    ]);
    const differing = await t.db.pool.query(
      `SELECT anthology_id, url FROM paper WHERE url !~* '^[a-z]+:' AND url <> anthology_id ORDER BY anthology_id`,
    );
    expect(differing.rows).toEqual([
      { anthology_id: '2010.amta-government.18', url: '2010.amta-government.19' },
      { anthology_id: '2023.acl-long.911', url: '2023.acl-long.report' },
    ]);
  });

  test('the importer warns of exactly those two <url>s', () => {
    const at = logged.findIndex((l) => l.includes('have a <url> that differs'));
    expect(logged[at]).toBe('warning: 2 papers have a <url> that differs from their id:');
    expect(logged.slice(at + 1, at + 3)).toEqual([
      '  xml/2010.amta.xml:667: <url> 2010.amta-government.19 differs from id 2010.amta-government.18',
      '  xml/2023.acl.xml:19: <url> 2023.acl-long.report differs from id 2023.acl-long.911',
    ]);
  });

  test('the D19 workshops: volume 50, paper 18 is D19-5018 through GraphQL', async () => {
    const client = createTestClient(t.db);
    const r = await client.query<{ paper: { anthologyId: string; doi: string; volume: { anthologyId: string } } }>(
      '{ paper(anthologyId: "D19-5018") { anthologyId doi volume { anthologyId } } }',
    );
    expect(r.errors).toBeUndefined();
    // D19.xml, <volume id="50">, <paper id="18">: <url>D19-5018</url>, <doi>10.18653/v1/D19-5018</doi>.
    expect(r.data!.paper).toEqual({ anthologyId: 'D19-5018', doi: '10.18653/v1/D19-5018', volume: { anthologyId: 'D19-50' } });
    // No paper has the id (null: a NOT_FOUND error until issue 15.3).
    const old = await client.query('{ paper(anthologyId: "D19-50018") { anthologyId } }');
    expect(old).toEqual({ data: { paper: null } });
  });

  test('the id printed in each DOI (10.18653/v1/<id>) finds that very paper through GraphQL, but five upstream slips', async () => {
    const PREFIX = '10.18653/v1/';
    // The paper's own id: its <url> (checked above); its DOI's id should name the same paper.
    const withDoi = papers.filter((p) => p.doi?.startsWith(PREFIX) && p.url && !/^[a-z]+:/i.test(p.url));
    expect(withDoi.length).toBeGreaterThan(35000);
    const client = createTestClient(t.db);
    const wrong: string[] = [];
    // As many lookups per request as the server's alias limit allows.
    for (let i = 0; i < withDoi.length; i += DEFAULT_MAX_ALIASES) {
      const batch = withDoi.slice(i, i + DEFAULT_MAX_ALIASES);
      const query = `{ ${batch.map((p, j) => `p${j}: paper(anthologyId: ${JSON.stringify(p.doi!.slice(PREFIX.length))}) { anthologyId }`).join(' ')} }`;
      const r = await client.query<Record<string, { anthologyId: string } | null>>(query);
      batch.forEach((p, j) => {
        const found = r.data?.[`p${j}`]?.anthologyId ?? null;
        if (found !== p.url) wrong.push(`${p.url} ${p.doi} → ${found}`);
      });
    }
    expect(wrong.sort()).toEqual([
      // W17.xml: the frontmatter W17-3700 has the DOI …/W37-1, an id no paper has.
      'W17-3700 10.18653/v1/W37-1 → null',
      // W17.xml: W17-4004, W17-4007 and W17-4009 carry each other's DOIs.
      'W17-4004 10.18653/v1/W17-4007 → W17-4007',
      'W17-4007 10.18653/v1/W17-4009 → W17-4009',
      'W17-4009 10.18653/v1/W17-4004 → W17-4004',
      // W18.xml: W18-6482 repeats W18-6481's DOI.
      'W18-6482 10.18653/v1/W18-6481 → W18-6481',
    ]);
  }, 300_000);
});
