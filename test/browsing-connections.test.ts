// The long browsing lists as Relay connections (issue 15.4): Venue.volumesConnection,
// Volume.papersConnection (with the PaperFilter), Author.editedVolumesConnection,
// Venue.topAuthorsConnection. The old plain lists stay, deprecated, with the same items.
// Data: RANLP 2017 (R17: 2 volumes, 114 papers), IJCNLP 2017 (I17: 5 volumes, 238
// papers), NAACL 2019 (N19: 5 volumes, 500 papers); figures counted from the XML.
import { schema } from '../src/schema/index.js';
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

interface Conn<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: N }[];
}
const ids = (c: Conn<{ anthologyId: string }>) => c.edges.map((e) => e.node.anthologyId);
const PAGE_INFO = 'totalCount pageInfo { hasNextPage endCursor }';

test('Venue.volumesConnection pages the volumes (year desc, then anthology id) with a total, and filters by year', async () => {
  const q = `query($after: String) { venue(slug: "naacl") {
    volumesConnection(first: 2, after: $after) { ${PAGE_INFO} edges { node { anthologyId } } }
    old: volumes { anthologyId } } }`;
  type D = { venue: { volumesConnection: Conn<{ anthologyId: string }>; old: { anthologyId: string }[] } };
  const first = await ok<D>(q);
  const c = first.venue.volumesConnection;
  expect(c.totalCount).toBe(5);
  expect(ids(c)).toEqual(['N19-1', 'N19-2']);
  expect(c.pageInfo.hasNextPage).toBe(true);
  const second = await ok<D>(q, { after: c.pageInfo.endCursor });
  expect(ids(second.venue.volumesConnection)).toEqual(['N19-3', 'N19-4']);
  // The deprecated list: the same volumes in the same order.
  expect(first.venue.old.map((v) => v.anthologyId)).toEqual(['N19-1', 'N19-2', 'N19-3', 'N19-4', 'N19-5']);
  const none = await ok<{ venue: { volumesConnection: Conn<unknown> } }>(
    `{ venue(slug: "naacl") { volumesConnection(year: 2017) { totalCount edges { node { anthologyId } } } } }`,
  );
  expect(none.venue.volumesConnection).toEqual({ totalCount: 0, edges: [] });
});

test('Volume.papersConnection: natural id order, the PaperFilter, frontmatter when asked', async () => {
  type D = { volume: { all: Conn<{ anthologyId: string }>; fm: Conn<{ anthologyId: string }>; none: Conn<unknown> } };
  const d = await ok<D>(`{ volume(anthologyId: "R17-2") {
    all: papersConnection(first: 3) { ${PAGE_INFO} edges { node { anthologyId } } }
    fm: papersConnection(first: 2, includeFrontmatter: true) { ${PAGE_INFO} edges { node { anthologyId } } }
    none: papersConnection(filter: { year: 2016 }) { ${PAGE_INFO} edges { node { anthologyId } } } } }`);
  expect(d.volume.all.totalCount).toBe(7);
  expect(ids(d.volume.all)).toEqual(['R17-2001', 'R17-2002', 'R17-2003']);
  expect(d.volume.fm.totalCount).toBe(8);
  expect(ids(d.volume.fm)).toEqual(['R17-2000', 'R17-2001']);
  expect(d.volume.none.totalCount).toBe(0);
  // Natural order: N19-1 (423 papers) lists N19-1009 before N19-1010 and N19-1099 before N19-1100.
  const big = await ok<{ volume: { papersConnection: Conn<{ anthologyId: string }> } }>(
    `{ volume(anthologyId: "N19-1") { papersConnection(first: 100) { ${PAGE_INFO} edges { node { anthologyId } } } } }`,
  );
  expect(big.volume.papersConnection.totalCount).toBe(423);
  const list = ids(big.volume.papersConnection);
  expect(list.slice(8, 10)).toEqual(['N19-1009', 'N19-1010']);
  expect(list.at(-1)).toBe('N19-1100');
});

test('Author.editedVolumesConnection: the volumes the person edited, with a total', async () => {
  const d = await ok<{ author: { editedVolumesConnection: Conn<{ anthologyId: string }>; editedVolumes: { anthologyId: string }[] } }>(
    `{ author(by: { slug: "ruslan-mitkov" }) { editedVolumesConnection(first: 5) { ${PAGE_INFO} edges { node { anthologyId } } }
       editedVolumes { anthologyId } } }`,
  );
  // R17.xml: Ruslan Mitkov edits volume 1 (RANLP 2017), not the student workshop.
  expect(ids(d.author.editedVolumesConnection)).toEqual(['R17-1']);
  expect(d.author.editedVolumesConnection.totalCount).toBe(1);
  expect(d.author.editedVolumes).toEqual([{ anthologyId: 'R17-1' }]);
});

test('Venue.topAuthorsConnection: most papers first, ties by name then slug, the count on the edge; pages agree with the old list', async () => {
  type Edge = { paperCount: number; node: { slug: string; lastName: string; firstName: string } };
  const d = await ok<{
    venue: { top: { totalCount: number; edges: Edge[] }; next: { edges: Edge[] }; old: { paperCount: number; author: { slug: string } }[] };
  }>(`{ venue(slug: "naacl") {
    top: topAuthorsConnection(first: 10) { totalCount edges { paperCount node { slug lastName firstName } } }
    next: topAuthorsConnection(first: 10, after: "${Buffer.from('OffsetConnection:9').toString('base64')}") { edges { paperCount node { slug lastName firstName } } }
    old: topAuthors(first: 20) { paperCount author { slug } } } }`);
  const all = [...d.venue.top.edges, ...d.venue.next.edges];
  expect(all.map((e) => [e.paperCount, e.node.slug])).toEqual(d.venue.old.map((a) => [a.paperCount, a.author.slug]));
  // The order is total: paper count desc, then last name, first name, slug.
  for (let i = 1; i < all.length; i++) {
    const [a, b] = [all[i - 1]!, all[i]!];
    const key = (e: Edge) => [-e.paperCount, e.node.lastName, e.node.firstName, e.node.slug] as const;
    const [ka, kb] = [key(a), key(b)];
    const cmp = ka[0] - kb[0] || ka[1].localeCompare(kb[1], 'en') || ka[2].localeCompare(kb[2], 'en') || ka[3].localeCompare(kb[3], 'en');
    expect(cmp).toBeLessThanOrEqual(0);
  }
  // Every person with a NAACL 2019 paper is counted.
  const { rows } = await t.db.pool.query<{ n: number }>(
    `SELECT count(DISTINCT a.author_id)::int AS n FROM authorship a JOIN paper p ON p.id = a.paper_id
     JOIN volume v ON v.id = p.volume_id WHERE v.anthology_id LIKE 'N19-%' AND a.role = 'AUTHOR' AND NOT p.is_frontmatter`,
  );
  expect(d.venue.top.totalCount).toBe(rows[0]!.n);
});

test('the plain lists are deprecated in favour of the connections', () => {
  const fields = (type: string) =>
    (schema.getType(type) as unknown as { getFields(): Record<string, { deprecationReason?: string | null }> }).getFields();
  expect(fields('Venue').volumes!.deprecationReason).toMatch(/volumesConnection/);
  expect(fields('Venue').topAuthors!.deprecationReason).toMatch(/topAuthorsConnection/);
  expect(fields('Volume').papers!.deprecationReason).toMatch(/papersConnection/);
  expect(fields('Author').editedVolumes!.deprecationReason).toMatch(/editedVolumesConnection/);
});

test('bad paging input is typed: a negative or too large page, a foreign cursor', async () => {
  const bad = [
    `{ venue(slug: "naacl") { volumesConnection(first: -1) { totalCount } } }`,
    `{ venue(slug: "naacl") { topAuthorsConnection(first: 100000) { totalCount } } }`,
    `{ volume(anthologyId: "R17-2") { papersConnection(after: "bm90LWEtY3Vyc29y") { totalCount } } }`,
  ];
  for (const query of bad) {
    const r = await client.query(query);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  }
  const wrongType = await client.query(`{ volume(anthologyId: "R17-2") { papersConnection(filter: { year: "x" }) { totalCount } } }`);
  expect(wrongType.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});
