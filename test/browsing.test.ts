// Browsing: root papers with filters and orders, venues with their figures, volumes
// and most frequent authors, a volume's papers. And the N+1 guard for every root
// field: a small and a large answer run the same number of SQL statements.
// Data: RANLP 2017 (R17: 2 volumes, 114 papers), IJCNLP 2017 (I17: 5 volumes, 238
// papers), NAACL 2019 (N19: 5 volumes, 500 papers); figures counted from the XML.
import { databaseWithCollections } from './helpers/corpus.js';
import type { TestDatabase } from './helpers/database.js';
import { createTestClient, type GraphQLResponse, type TestClient } from './helpers/graphql.js';

let t: TestDatabase;
let client: TestClient;
beforeAll(async () => {
  t = await databaseWithCollections(['R17', 'I17', 'N19']);
  client = createTestClient(t.db);
});
afterAll(() => t.drop());

async function ok<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const r: GraphQLResponse<T> = await client.query<T>(query, variables);
  expect(r.errors).toBeUndefined();
  return r.data!;
}

type Ids = { edges: { node: { anthologyId: string } }[]; totalCount: number };

describe('root papers', () => {
  const q = `query($filter: PaperFilter, $orderBy: [PaperOrder!], $first: Int = 3) {
    papers(first: $first, filter: $filter, orderBy: $orderBy) { totalCount edges { node { anthologyId year isFrontmatter } } } }`;
  const run = (vars: Record<string, unknown>) => ok<{ papers: Ids }>(q, vars).then((d) => d.papers);
  const idsOf = (c: Ids) => c.edges.map((e) => e.node.anthologyId);

  test('frontmatter excluded, newest year first by default, totalCount of all', async () => {
    const all = await run({});
    expect(all.totalCount).toBe(852);
    expect(idsOf(all)).toEqual(['N19-1001', 'N19-1002', 'N19-1003']);
  });

  test('orders: OLDEST_FIRST and ANTHOLOGY_ID (natural order)', async () => {
    expect(idsOf(await run({ orderBy: 'OLDEST_FIRST' }))).toEqual(['I17-1001', 'I17-1002', 'I17-1003']);
    expect(idsOf(await run({ orderBy: 'ANTHOLOGY_ID', filter: { venue: 'ranlp' }, first: 12 })).slice(8)).toEqual([
      'R17-1009',
      'R17-1010',
      'R17-1011',
      'R17-1012',
    ]);
  });

  test('filters narrow the list and its totalCount', async () => {
    expect((await run({ filter: { venue: 'ranlp' } })).totalCount).toBe(114);
    expect((await run({ filter: { venue: 'ijcnlp' } })).totalCount).toBe(238);
    expect((await run({ filter: { year: 2019 } })).totalCount).toBe(500);
    expect((await run({ filter: { yearFrom: 2018 } })).totalCount).toBe(500);
    expect((await run({ filter: { yearTo: 2018 } })).totalCount).toBe(352);
    expect((await run({ filter: { yearFrom: 2018, yearTo: 2018 } })).totalCount).toBe(0);
    expect((await run({ filter: { venue: 'naacl', year: 2017 } })).totalCount).toBe(0);
    const volume = await run({ filter: { volume: 'R17-2' }, orderBy: 'ANTHOLOGY_ID', first: 20 });
    expect(volume.totalCount).toBe(7);
    expect(idsOf(volume)).toEqual(['R17-2001', 'R17-2002', 'R17-2003', 'R17-2004', 'R17-2005', 'R17-2006', 'R17-2007']);
    // Every paper of these collections has an abstract.
    expect((await run({ filter: { hasAbstract: true } })).totalCount).toBe(852);
    expect((await run({ filter: { hasAbstract: false } })).totalCount).toBe(0);
  });

  test('cursor paging follows the chosen order', async () => {
    const first = await ok<{ papers: Ids & { pageInfo: { endCursor: string } } }>(
      `{ papers(first: 2, orderBy: OLDEST_FIRST) { totalCount edges { node { anthologyId } } pageInfo { endCursor } } }`,
    );
    const next = await ok<{ papers: Ids }>(
      `query($after: String) { papers(first: 2, after: $after, orderBy: OLDEST_FIRST) { totalCount edges { node { anthologyId } } } }`,
      { after: first.papers.pageInfo.endCursor },
    );
    expect(idsOf(next.papers)).toEqual(['I17-1003', 'I17-1004']);
  });
});

describe('venues and volumes', () => {
  test('paperCount, volumeCount and yearRange of each venue', async () => {
    const fields = 'slug paperCount volumeCount yearRange { first last }';
    const d = await ok<Record<string, unknown>>(`{
      ranlp: venue(slug: "ranlp") { ${fields} } ijcnlp: venue(slug: "ijcnlp") { ${fields} }
      naacl: venue(slug: "naacl") { ${fields} } acl: venue(slug: "acl") { ${fields} } }`);
    expect(d.ranlp).toEqual({ slug: 'ranlp', paperCount: 114, volumeCount: 2, yearRange: { first: 2017, last: 2017 } });
    expect(d.ijcnlp).toEqual({ slug: 'ijcnlp', paperCount: 238, volumeCount: 5, yearRange: { first: 2017, last: 2017 } });
    expect(d.naacl).toEqual({ slug: 'naacl', paperCount: 500, volumeCount: 5, yearRange: { first: 2019, last: 2019 } });
    // A venue on record without volumes in these collections.
    expect(d.acl).toEqual({ slug: 'acl', paperCount: 0, volumeCount: 0, yearRange: null });
    // The root list carries the same figures.
    const list = await ok<{ venues: { totalCount: number; edges: { node: { volumeCount: number } }[] } }>(
      `{ venues(first: 100) { totalCount edges { node { volumeCount } } } }`,
    );
    expect(list.venues.totalCount).toBeGreaterThanOrEqual(3);
  });

  test('Venue.volumes by year desc then anthology id, optionally of one year', async () => {
    const d = await ok<{ naacl: { all: { anthologyId: string }[]; y2017: unknown[] }; ijcnlp: { volumes: { anthologyId: string }[] } }>(`{
      naacl: venue(slug: "naacl") { all: volumes { anthologyId } y2017: volumes(year: 2017) { anthologyId } }
      ijcnlp: venue(slug: "ijcnlp") { volumes(year: 2017) { anthologyId } }
    }`);
    expect(d.naacl.all.map((v) => v.anthologyId)).toEqual(['N19-1', 'N19-2', 'N19-3', 'N19-4', 'N19-5']);
    expect(d.naacl.y2017).toEqual([]);
    expect(d.ijcnlp.volumes.map((v) => v.anthologyId)).toEqual(['I17-1', 'I17-2', 'I17-3', 'I17-4', 'I17-5']);
  });

  test('Venue.topAuthors: most papers there first, then by last name', async () => {
    type Top = { topAuthors: { paperCount: number; author: { name: string } }[] };
    const d = await ok<{ ranlp: Top; ijcnlp: Top; naacl: Top; ten: Top }>(`{
      ranlp: venue(slug: "ranlp") { topAuthors(first: 2) { paperCount author { name } } }
      ijcnlp: venue(slug: "ijcnlp") { topAuthors(first: 1) { paperCount author { name } } }
      naacl: venue(slug: "naacl") { topAuthors(first: 2) { paperCount author { name } } }
      ten: venue(slug: "naacl") { topAuthors { paperCount } }
    }`);
    const pairs = (v: Top) => v.topAuthors.map((a) => [a.author.name, a.paperCount]);
    expect(pairs(d.ranlp)).toEqual([
      ['Preslav Nakov', 6],
      ['Ivan Koychev', 5],
    ]);
    expect(pairs(d.ijcnlp)).toEqual([['Kevin Duh', 7]]);
    expect(pairs(d.naacl)).toEqual([
      ['Graham Neubig', 7],
      ['William Yang Wang', 7],
    ]);
    expect(d.ten.topAuthors).toHaveLength(10);
    const tooMany = await client.query(`{ venue(slug: "naacl") { topAuthors(first: 101) { paperCount } } }`);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('Volume.papers in order, frontmatter only when asked', async () => {
    const d = await ok<{ volume: { papers: { anthologyId: string }[]; all: { anthologyId: string; isFrontmatter: boolean }[] } }>(
      `{ volume(anthologyId: "R17-2") { papers { anthologyId } all: papers(includeFrontmatter: true) { anthologyId isFrontmatter } } }`,
    );
    const seven = ['R17-2001', 'R17-2002', 'R17-2003', 'R17-2004', 'R17-2005', 'R17-2006', 'R17-2007'];
    expect(d.volume.papers.map((p) => p.anthologyId)).toEqual(seven);
    expect(d.volume.all.map((p) => p.anthologyId)).toEqual(['R17-2000', ...seven]);
    expect(d.volume.all[0]!.isFrontmatter).toBe(true);
  });
});

// ---- N+1: the same statements for a small and a large answer, for every root field.

const AUTHOR_FIELDS = /* GraphQL */ `
  slug name affiliation variants paperCount orcidConflict
  similarAuthors { slug }
  papers(first: 20) { totalCount edges { node { anthologyId
    volume { anthologyId venues { slug } }
    authorships { position matchedBy author { slug } } } } }
  coauthors(first: 20) { totalCount edges { sharedPaperCount node { slug } } }
  venues { paperCount venue { slug paperCount } }
  editedVolumes { anthologyId editors { author { slug } } }
  papersByYear { year count }
  yearsActive { first last }
`;

const PAPER_FIELDS = /* GraphQL */ `
  anthologyId title
  volume { anthologyId venues { slug volumeCount } editors { author { slug } } }
  authorships { position matchedBy author { slug paperCount editedVolumes { anthologyId } papers(first: 5) { edges { node { anthologyId } } } } }
`;

const VENUE_FIELDS = /* GraphQL */ `
  slug paperCount volumeCount yearRange { first last }
  volumes { anthologyId editors { author { slug } } papers { anthologyId authorships { author { slug } } } }
  topAuthors(first: 5) { paperCount author { slug paperCount } }
`;

const VOLUME_FIELDS = /* GraphQL */ `
  anthologyId venues { slug } editors { author { slug editedVolumes { anthologyId } } }
  volumePapers: papers(includeFrontmatter: true) { anthologyId authorships { author { slug coauthors(first: 3) { totalCount } } } }
`;

async function statements(query: string, variables: Record<string, unknown>, check: (data: Record<string, unknown>) => void) {
  const { result, statements } = await client.countStatements(() => client.query(query, variables));
  expect(result.errors).toBeUndefined();
  check(result.data!);
  return statements.length;
}

async function sameStatements(
  query: string,
  small: Record<string, unknown>,
  large: Record<string, unknown>,
  size: (d: Record<string, unknown>) => number,
) {
  const sizes: number[] = [];
  const a = await statements(query, small, (d) => sizes.push(size(d)));
  const b = await statements(query, large, (d) => sizes.push(size(d)));
  expect(sizes[1]!).toBeGreaterThan(sizes[0]! * 3);
  expect(b).toBe(a);
  return b;
}

const json = (d: unknown) => JSON.stringify(d).length;

test('author: one paper vs nine papers (and an editor)', async () => {
  const q = `query($slug: String!) { author(slug: $slug) { ${AUTHOR_FIELDS} } }`;
  const n = await sameStatements(q, { slug: 'michael-strube' }, { slug: 'preslav-nakov' }, json);
  expect(n).toBeLessThanOrEqual(16);
});

test('authors: 3 vs 60 people', async () => {
  // The small page starts at Michael Strube (an author who also edited volumes), so
  // it reaches every nested list the large page (A… to B…, editors among them) does.
  const { rows } = await t.db.pool.query<{ slug: string }>(
    `SELECT slug FROM author a WHERE EXISTS (SELECT 1 FROM authorship s WHERE s.author_id = a.id)
     ORDER BY last_name, first_name, slug`,
  );
  const before = rows[rows.findIndex((r) => r.slug === 'michael-strube') - 1]!.slug;
  const after = Buffer.from(`GPC:S:${before}`).toString('base64');
  const q = `query($first: Int!, $after: String) { authors(first: $first, after: $after) { totalCount edges { node { ${AUTHOR_FIELDS} } } } }`;
  const small = await ok<{ authors: { edges: { node: { slug: string } }[] } }>(q, { first: 3, after });
  expect(small.authors.edges[0]!.node.slug).toBe('michael-strube');
  await sameStatements(q, { first: 3, after }, { first: 60 }, json);
});

test('paper: one author vs the most authors', async () => {
  const { rows } = await t.db.pool.query<{ anthology_id: string; n: number }>(
    `SELECT p.anthology_id, count(*)::int AS n FROM paper p JOIN authorship a ON a.paper_id = p.id
     GROUP BY p.id ORDER BY n, p.sort_key`,
  );
  const few = rows[0]!;
  const most = rows.at(-1)!;
  expect(most.n).toBeGreaterThan(few.n * 3);
  const q = `query($id: String!) { paper(anthologyId: $id) { ${PAPER_FIELDS} } }`;
  await sameStatements(q, { id: few.anthology_id }, { id: most.anthology_id }, json);
});

test('papers: 3 vs 80 papers, filtered', async () => {
  const q = `query($first: Int!) { papers(first: $first, filter: { yearFrom: 2017, venue: "naacl" }) { totalCount edges { node { ${PAPER_FIELDS} } } } }`;
  await sameStatements(q, { first: 3 }, { first: 80 }, json);
});

test('venue: RANLP (2 volumes) vs NAACL (5 volumes, 500 papers)', async () => {
  const q = `query($slug: String!) { venue(slug: $slug) { ${VENUE_FIELDS} } }`;
  await sameStatements(q, { slug: 'ranlp' }, { slug: 'naacl' }, json);
});

test('venues: 1 vs 100 venues', async () => {
  const q = `query($first: Int!) { venues(first: $first) { totalCount edges { node { ${VENUE_FIELDS} } } } }`;
  // Ordered by slug: the first venue has nothing here; the first 100 include ours.
  await sameStatements(q, { first: 1 }, { first: 100 }, json);
});

test('volume: R17-2 (7 papers) vs N19-1 (423 papers)', async () => {
  const q = `query($id: String!) { volume(anthologyId: $id) { ${VOLUME_FIELDS} } }`;
  await sameStatements(q, { id: 'R17-2' }, { id: 'N19-1' }, json);
});

test('node and nodes: one small entity vs many large ones of every type', async () => {
  const d = await ok<{
    authors: { edges: { node: { id: string } }[] };
    papers: { edges: { node: { id: string } }[] };
    venue: { id: string };
    volume: { id: string };
  }>(
    `{ authors(first: 10) { edges { node { id } } } papers(first: 10) { edges { node { id } } }
       venue(slug: "naacl") { id } volume(anthologyId: "N19-1") { id } }`,
  );
  const fields = `__typename ... on Author { ${AUTHOR_FIELDS} } ... on Paper { ${PAPER_FIELDS} }
    ... on Venue { ${VENUE_FIELDS} } ... on Volume { ${VOLUME_FIELDS} }`;
  const one = await ok<{ author: { id: string } }>(`{ author(slug: "michael-strube") { id } }`);
  const q = `query($ids: [ID!]!) { nodes(ids: $ids) { ${fields} } }`;
  const many = [...d.authors.edges.map((e) => e.node.id), ...d.papers.edges.map((e) => e.node.id), d.venue.id, d.volume.id];
  // One id of each type on the small side, so both sides query every type.
  const few = [one.author.id, d.papers.edges[0]!.node.id, d.venue.id, d.volume.id];
  const small = await statements(q, { ids: few }, () => {});
  const large = await statements(q, { ids: many }, () => {});
  // Batches of different types may coalesce differently; never more for the larger answer.
  expect(large).toBeLessThanOrEqual(small);
  expect(large).toBeGreaterThan(10);
  const single = `query($id: ID!) { node(id: $id) { ${fields} } }`;
  const nakov = await ok<{ author: { id: string } }>(`{ author(slug: "preslav-nakov") { id } }`);
  await sameStatements(single, { id: one.author.id }, { id: nakov.author.id }, json);
  const r17 = await ok<{ volume: { id: string } }>(`{ volume(anthologyId: "R17-2") { id } }`);
  await sameStatements(single, { id: r17.volume.id }, { id: d.volume.id }, json);
});
