// One filter and order shape on every list (issue 15.4): `filter` inputs and `orderBy` as
// a list of FIELD_ASC/FIELD_DESC on `papers`, `Author.papers`, `authors`, `venues`, and the
// PaperFilter on `search` and `Volume.papersConnection` (browsing-connections.test.ts).
// Orders are total (ties broken by the anthology id or the slug), so pages never overlap;
// the deprecated arguments and order values keep working.
// Data: RANLP 2017 (R17: 114 papers), IJCNLP 2017 (I17: 238 papers), NAACL 2019 (N19:
// volumes 1–5, the last paper N19-5006); figures counted from the XML.
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

async function ok<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const r: GraphQLResponse<T> = await client.query<T>(query, variables);
  expect(r.errors).toBeUndefined();
  return r.data!;
}

async function code(query: string, variables?: Record<string, unknown>): Promise<unknown> {
  const r = await client.query(query, variables);
  expect(r.data == null || Object.values(r.data).every((v) => v == null)).toBe(true);
  return r.errors?.[0]?.extensions?.code;
}

interface Conn<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: N }[];
}
const nodes = <N>(c: Conn<N>) => c.edges.map((e) => e.node);

/** Natural order of anthology ids (digits compared as numbers), as the Anthology sorts them. */
const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

describe('papers: orderBy as a list of FIELD_ASC/FIELD_DESC', () => {
  const q = `query($orderBy: [PaperOrder!], $filter: PaperFilter, $first: Int = 3, $after: String) {
    papers(first: $first, after: $after, orderBy: $orderBy, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
      edges { node { anthologyId year } } } }`;
  type D = { papers: Conn<{ anthologyId: string; year: number }> };

  test('ANTHOLOGY_ID_DESC, and YEAR_DESC then ANTHOLOGY_ID_DESC', async () => {
    // In reverse natural order R17-2007 (RANLP's student workshop, 7 papers) comes first.
    expect(nodes((await ok<D>(q, { orderBy: ['ANTHOLOGY_ID_DESC'] })).papers).map((p) => p.anthologyId)).toEqual([
      'R17-2007',
      'R17-2006',
      'R17-2005',
    ]);
    // 2019 holds N19 alone; its last volume (5) has 6 papers.
    expect(nodes((await ok<D>(q, { orderBy: ['YEAR_DESC', 'ANTHOLOGY_ID_DESC'] })).papers).map((p) => p.anthologyId)).toEqual([
      'N19-5006',
      'N19-5005',
      'N19-5004',
    ]);
  });

  test('the deprecated values still order as before (a single value is a list of one)', async () => {
    const newest = await ok<D>(
      `{ papers(first: 3, orderBy: NEWEST_FIRST) { totalCount pageInfo { hasNextPage endCursor } edges { node { anthologyId year } } } }`,
    );
    const yearDesc = await ok<D>(q, { orderBy: ['YEAR_DESC'] });
    expect(nodes(newest.papers)).toEqual(nodes(yearDesc.papers));
    expect(nodes(newest.papers).map((p) => p.anthologyId)).toEqual(['N19-1001', 'N19-1002', 'N19-1003']);
  });

  test('pages after a cursor continue the order without overlap (ties within a year broken by anthology id)', async () => {
    const filter = { venue: 'ranlp' };
    const all = nodes((await ok<D>(q, { orderBy: ['YEAR_DESC'], filter, first: 100 })).papers);
    const first = await ok<D>(q, { orderBy: ['YEAR_DESC'], filter, first: 40 });
    const second = await ok<D>(q, { orderBy: ['YEAR_DESC'], filter, first: 60, after: first.papers.pageInfo.endCursor });
    expect([...nodes(first.papers), ...nodes(second.papers)]).toEqual(all.slice(0, 100));
    const ids = all.map((p) => p.anthologyId);
    expect(ids).toEqual([...ids].sort(natural));
  });
});

describe('Author.papers: filter and orderBy', () => {
  let slug: string;
  beforeAll(async () => {
    // A person with authored papers in both 2017 and 2019.
    const { rows } = await t.db.pool.query<{ slug: string }>(
      `SELECT a.slug FROM author a JOIN authorship x ON x.author_id = a.id AND x.role = 'AUTHOR' JOIN paper p ON p.id = x.paper_id
       GROUP BY a.id HAVING count(DISTINCT p.year) = 2 ORDER BY count(*) DESC, a.slug LIMIT 1`,
    );
    slug = rows[0]!.slug;
  });
  type D = { author: { papers: Conn<{ anthologyId: string; year: number; abstract: string | null }> } };
  const q = `query($slug: String!, $filter: PaperFilter, $orderBy: [PaperOrder!]) { author(by: { slug: $slug }) {
    papers(first: 100, filter: $filter, orderBy: $orderBy) { totalCount pageInfo { hasNextPage endCursor } edges { node { anthologyId year abstract } } } } }`;

  test('YEAR_ASC then ANTHOLOGY_ID_DESC; the filter narrows the list and its total', async () => {
    const all = nodes((await ok<D>(q, { slug, orderBy: ['YEAR_ASC', 'ANTHOLOGY_ID_DESC'] })).author.papers);
    const expected = [...all].sort((a, b) => a.year - b.year || natural(b.anthologyId, a.anthologyId));
    expect(all).toEqual(expected);
    expect(new Set(all.map((p) => p.year))).toEqual(new Set([2017, 2019]));
    const in2019 = await ok<D>(q, { slug, filter: { year: 2019 } });
    expect(nodes(in2019.author.papers).every((p) => p.year === 2019)).toBe(true);
    expect(in2019.author.papers.totalCount).toBe(all.filter((p) => p.year === 2019).length);
    const naacl = await ok<D>(q, { slug, filter: { venue: 'naacl', volume: 'N19-1' } });
    expect(nodes(naacl.author.papers).every((p) => p.anthologyId.startsWith('N19-1'))).toBe(true);
    // hasAbstract and retracted read the paper row itself: every paper here has an abstract, none is retracted.
    expect((await ok<D>(q, { slug, filter: { hasAbstract: true, retracted: false } })).author.papers.totalCount).toBe(all.length);
    expect((await ok<D>(q, { slug, filter: { hasAbstract: false } })).author.papers.totalCount).toBe(0);
  });

  test('the deprecated arguments still work; with `filter` too they are a user error', async () => {
    const old = await ok<{ author: { papers: { totalCount: number } } }>(
      `query($slug: String!) { author(by: { slug: $slug }) { papers(year: 2019) { totalCount } } }`,
      { slug },
    );
    const now = await ok<D>(q, { slug, filter: { year: 2019 } });
    expect(old.author.papers.totalCount).toBe(now.author.papers.totalCount);
    const both = await client.query(
      `query($slug: String!) { author(by: { slug: $slug }) { papers(year: 2019, filter: { year: 2017 }) { totalCount } } }`,
      {
        slug,
      },
    );
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('authors: filter and orderBy', () => {
  type A = { slug: string; name: string; lastName: string; firstName: string; orcid: string | null; paperCount: number };
  type D = { authors: Conn<A> };
  const q = `query($filter: AuthorFilter, $orderBy: [AuthorOrder!], $first: Int, $last: Int, $after: String, $before: String) {
    authors(filter: $filter, orderBy: $orderBy, first: $first, last: $last, after: $after, before: $before) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { slug name lastName firstName orcid paperCount } } } }`;

  test('namePrefix: the last name or the whole name starts with it, in any case', async () => {
    const d = await ok<D>(q, { filter: { namePrefix: 'mitk' }, first: 50 });
    expect(nodes(d.authors).map((a) => a.slug)).toContain('ruslan-mitkov');
    for (const a of nodes(d.authors))
      expect(a.lastName.toLowerCase().startsWith('mitk') || a.name.toLowerCase().startsWith('mitk')).toBe(true);
    const full = await ok<D>(q, { filter: { namePrefix: 'RUSLAN MIT' }, first: 50 });
    expect(nodes(full.authors).map((a) => a.slug)).toEqual(['ruslan-mitkov']);
    // LIKE's wildcards are taken literally.
    expect((await ok<D>(q, { filter: { namePrefix: '%' }, first: 1 })).authors.totalCount).toBe(0);
    expect((await ok<D>(q, { filter: { namePrefix: '_' }, first: 1 })).authors.totalCount).toBe(0);
  });

  test('venue and yearActive: people who authored a paper there, then (both: the same paper); hasOrcid splits the list', async () => {
    const count = async (sql: string) => (await t.db.pool.query<{ n: number }>(sql)).rows[0]!.n;
    const ranlp = await ok<D>(q, { filter: { venue: 'ranlp' }, first: 1 });
    expect(ranlp.authors.totalCount).toBe(
      await count(`SELECT count(DISTINCT x.author_id)::int AS n FROM authorship x JOIN paper p ON p.id = x.paper_id
        WHERE x.role = 'AUTHOR' AND NOT p.is_frontmatter AND p.anthology_id LIKE 'R17-%'`),
    );
    const in2019 = await ok<D>(q, { filter: { yearActive: 2019 }, first: 1 });
    expect(in2019.authors.totalCount).toBe(
      await count(`SELECT count(DISTINCT x.author_id)::int AS n FROM authorship x JOIN paper p ON p.id = x.paper_id
        WHERE x.role = 'AUTHOR' AND NOT p.is_frontmatter AND p.anthology_id LIKE 'N19-%'`),
    );
    expect((await ok<D>(q, { filter: { yearActive: 2018 }, first: 1 })).authors.totalCount).toBe(0);
    // Together: one paper in that venue, that year (RANLP has none in 2019, NAACL's are all of 2019).
    expect((await ok<D>(q, { filter: { venue: 'ranlp', yearActive: 2019 }, first: 1 })).authors.totalCount).toBe(0);
    expect((await ok<D>(q, { filter: { venue: 'naacl', yearActive: 2019 }, first: 1 })).authors.totalCount).toBe(in2019.authors.totalCount);
    const all = (await ok<D>(q, { first: 1 })).authors.totalCount;
    const withOrcid = await ok<D>(q, { filter: { hasOrcid: true }, first: 100 });
    const without = await ok<D>(q, { filter: { hasOrcid: false }, first: 100 });
    expect(withOrcid.authors.totalCount + without.authors.totalCount).toBe(all);
    expect(nodes(withOrcid.authors).every((a) => a.orcid != null)).toBe(true);
    expect(nodes(without.authors).every((a) => a.orcid == null)).toBe(true);
    // The old format has no verified people.
    expect((await ok<D>(q, { filter: { verified: true }, first: 1 })).authors.totalCount).toBe(0);
  });

  test('PAPER_COUNT_DESC: most papers first, ties by slug; pages forwards and backwards agree', async () => {
    const filter = { venue: 'ranlp' };
    const all = nodes((await ok<D>(q, { filter, orderBy: ['PAPER_COUNT_DESC'], first: 100 })).authors);
    const total = (await ok<D>(q, { filter, first: 1 })).authors.totalCount;
    expect(all.length).toBe(Math.min(total, 100));
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!, all[i]!];
      expect(a.paperCount > b.paperCount || (a.paperCount === b.paperCount && a.slug < b.slug)).toBe(true);
    }
    const first = await ok<D>(q, { filter, orderBy: ['PAPER_COUNT_DESC'], first: 7 });
    const next = await ok<D>(q, { filter, orderBy: ['PAPER_COUNT_DESC'], first: 7, after: first.authors.pageInfo.endCursor });
    expect([...nodes(first.authors), ...nodes(next.authors)]).toEqual(all.slice(0, 14));
    // Backwards: the 4 people before the 14th.
    const back = await ok<D>(q, { filter, orderBy: ['PAPER_COUNT_DESC'], last: 4, before: next.authors.pageInfo.endCursor });
    expect(nodes(back.authors)).toEqual(all.slice(9, 13));
    const ascending = nodes((await ok<D>(q, { filter, orderBy: ['PAPER_COUNT_ASC', 'NAME_DESC'], first: 100 })).authors);
    for (let i = 1; i < ascending.length; i++) expect(ascending[i - 1]!.paperCount).toBeLessThanOrEqual(ascending[i]!.paperCount);
  });

  test('the default order stays last name, first name, slug', async () => {
    const d = nodes((await ok<D>(q, { filter: { venue: 'ranlp' }, first: 100 })).authors);
    const collator = new Intl.Collator('en');
    // PostgreSQL's collation and Intl's may differ on punctuation: compare plain letters only.
    const plain = d.filter((a) => /^[A-Za-z]+$/.test(a.lastName + a.firstName));
    for (let i = 1; i < plain.length; i++) {
      const [a, b] = [plain[i - 1]!, plain[i]!];
      expect(collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName)).toBeLessThanOrEqual(0);
    }
  });
});

describe('venues: filter and orderBy', () => {
  type D = { venues: Conn<{ slug: string; paperCount: number }> };
  const q = `query($filter: VenueFilter, $orderBy: [VenueOrder!], $first: Int = 3) {
    venues(filter: $filter, orderBy: $orderBy, first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { node { slug paperCount } } } }`;

  test('PAPER_COUNT_DESC: NAACL (500), IJCNLP (238), RANLP (114)', async () => {
    const d = await ok<D>(q, { orderBy: ['PAPER_COUNT_DESC'] });
    expect(nodes(d.venues)).toEqual([
      { slug: 'naacl', paperCount: 500 },
      { slug: 'ijcnlp', paperCount: 238 },
      { slug: 'ranlp', paperCount: 114 },
    ]);
  });

  test('namePrefix (acronym or name) and yearActive', async () => {
    expect(nodes((await ok<D>(q, { filter: { namePrefix: 'ranl' } })).venues).map((v) => v.slug)).toEqual(['ranlp']);
    const in2017 = nodes((await ok<D>(q, { filter: { yearActive: 2017 }, first: 100 })).venues).map((v) => v.slug);
    expect(in2017).toEqual(['ijcnlp', 'ranlp']);
    const in2019 = nodes((await ok<D>(q, { filter: { yearActive: 2019 }, first: 100 })).venues).map((v) => v.slug);
    expect(in2019).toEqual(['naacl']);
  });

  test('the default order stays by slug; SLUG_DESC reverses it', async () => {
    const asc = nodes((await ok<D>(q, { first: 100 })).venues).map((v) => v.slug);
    expect(asc).toEqual([...asc].sort());
    const desc = nodes((await ok<D>(q, { orderBy: ['SLUG_DESC'], first: 100 })).venues).map((v) => v.slug);
    expect(desc).toEqual([...desc].sort().reverse());
  });
});

describe('search: the PaperFilter', () => {
  type D = { search: { totalCount: number; edges: { node: { __typename: string; anthologyId?: string; year?: number } }[] } };
  test('filter narrows the papers; the deprecated arguments still work; both at once is a user error', async () => {
    const q = `query($filter: PaperFilter) { search(query: "translation", kinds: [PAPER], first: 50, filter: $filter) {
      totalCount edges { node { __typename ... on Paper { anthologyId year } } } } }`;
    const d = await ok<D>(q, { filter: { venue: 'naacl', volume: 'N19-1' } });
    expect(d.search.totalCount).toBeGreaterThan(0);
    expect(d.search.edges.every((e) => e.node.anthologyId!.startsWith('N19-1'))).toBe(true);
    const old = await ok<D>(
      `{ search(query: "translation", kinds: [PAPER], first: 50, year: 2017) { totalCount edges { node { ... on Paper { year } } } } }`,
    );
    const now = await ok<D>(q, { filter: { year: 2017 } });
    expect(old.search.totalCount).toBe(now.search.totalCount);
    expect(old.search.edges.every((e) => e.node.year === 2017)).toBe(true);
    expect(await code(`{ search(query: "translation", year: 2017, filter: { year: 2019 }) { totalCount } }`)).toBe('BAD_USER_INPUT');
  });
});

test('bad input is typed: an unknown order, a too long prefix, a filter of the wrong type', async () => {
  expect(await code(`{ authors(orderBy: [SHOE_SIZE_ASC]) { totalCount } }`)).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(await code(`{ venues(orderBy: NEWEST_FIRST) { totalCount } }`)).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(await code(`query($p: String) { authors(filter: { namePrefix: $p }) { totalCount } }`, { p: 'x'.repeat(201) })).toBe(
    'BAD_USER_INPUT',
  );
  expect(await code(`query($p: String) { venues(filter: { namePrefix: $p }) { totalCount } }`, { p: 'x'.repeat(201) })).toBe(
    'BAD_USER_INPUT',
  );
  expect(await code(`{ papers(filter: { year: "2019" }) { totalCount } }`)).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(await code(`{ authors(filter: { hasOrcid: "yes" }) { totalCount } }`)).toBe('GRAPHQL_VALIDATION_FAILED');
});
