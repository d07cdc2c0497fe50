// The seed page (../shared/seed/000_3eeccb01e5a67d6f.txt) answered by one query
// over the demo data set that `npm start` loads.
import { loadDemoData } from '../src/demo/demo-data.js';
import { AUTHOR_PAGE_QUERY } from '../src/examples/author-page.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';

interface AuthorPage {
  author: {
    slug: string;
    name: string;
    affiliation: string | null;
    paperCount: number;
    similarAuthors: { slug: string; name: string; comment: string | null }[];
    papers: {
      totalCount: number;
      edges: {
        node: {
          anthologyId: string;
          title: string;
          year: number;
          abstract: string | null;
          volume: { title: string; venues: { slug: string }[] };
          authorships: { position: number; role: string; name: string; author: { slug: string } }[];
        };
      }[];
      pageInfo: { hasNextPage: boolean };
    };
    coauthors: { totalCount: number; edges: { sharedPaperCount: number; node: { slug: string; name: string } }[] };
    venues: { paperCount: number; venue: { slug: string } }[];
  };
}

let t: TestDatabase;
let client: TestClient;
let page: AuthorPage['author'];

beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db);
  client = createTestClient(t.db);
  const response = await client.query<AuthorPage>(AUTHOR_PAGE_QUERY, { slug: 'lei-gao-usc' });
  expect(response.errors).toBeUndefined();
  page = response.data!.author;
});
afterAll(() => t.drop());

test('header: name, affiliation, the other Lei Gao under similar names', () => {
  expect(page.name).toBe('Lei Gao');
  expect(page.affiliation).toBe('USC');
  expect(page.similarAuthors).toEqual([
    { slug: 'lei-gao', name: 'Lei Gao', affiliation: 'May refer to several people', comment: 'May refer to several people' },
  ]);
});

test('three papers, newest year first, with ordered authors, proceedings and abstracts', () => {
  expect(page.paperCount).toBe(3);
  expect(page.papers.totalCount).toBe(3);
  expect(page.papers.pageInfo.hasNextPage).toBe(false);
  const papers = page.papers.edges.map((e) => e.node);
  expect(papers.map((p) => [p.year, p.title.split(':')[0]])).toEqual([
    [2025, 'MobiZO'],
    [2025, 'KVPR'],
    [2024, 'Ethos'],
  ]);
  expect(papers.map((p) => p.authorships.map((a) => a.name))).toEqual([
    ['Lei Gao', 'Amir Ziashahabi', 'Yue Niu', 'Salman Avestimehr', 'Murali Annavaram'],
    ['Chaoyi Jiang', 'Lei Gao', 'Hossein Entezari Zarch', 'Murali Annavaram'],
    ['Lei Gao', 'Yue Niu', 'Tingting Tang', 'Salman Avestimehr', 'Murali Annavaram'],
  ]);
  expect(papers[1]!.authorships.map((a) => a.position)).toEqual([1, 2, 3, 4]);
  expect(papers.map((p) => p.volume.title)).toEqual([
    'Proceedings of the 2025 Conference on Empirical Methods in Natural Language Processing',
    'Findings of the Association for Computational Linguistics: ACL 2025',
    'Findings of the Association for Computational Linguistics: NAACL 2024',
  ]);
  expect(papers[0]!.abstract).toMatch(/^Large Language Models \(LLMs\) are currently pre-trained/);
  expect(papers[2]!.abstract).toMatch(/memorization unlearning/);
});

test('co-authors in the seed page order: most shared papers, then last name', () => {
  expect(page.coauthors.edges.map((e) => [e.node.name, e.sharedPaperCount])).toEqual([
    ['Murali Annavaram', 3],
    ['Salman Avestimehr', 2],
    ['Yue Niu', 2],
    ['Chaoyi Jiang', 1],
    ['Tingting Tang', 1],
    ['Hossein Entezari Zarch', 1],
    ['Amir Ziashahabi', 1],
  ]);
  expect(page.coauthors.totalCount).toBe(7);
});

test('venues, most papers first', () => {
  expect(page.venues.map((v) => [v.venue.slug, v.paperCount])).toEqual([
    ['findings', 2],
    ['emnlp', 1],
  ]);
});

test('paging through co-authors with cursors', async () => {
  const query = `query($after: String) { author(slug: "lei-gao-usc") { coauthors(first: 3, after: $after) {
    edges { node { slug } } pageInfo { hasNextPage endCursor } } } }`;
  const seen: string[] = [];
  let after: string | null = null;
  type Page = { edges: { node: { slug: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
  for (let i = 0; i < 5; i++) {
    const r: { data?: { author: { coauthors: Page } } | null } = await client.query(query, { after });
    const c: Page = r.data!.author.coauthors;
    seen.push(...c.edges.map((e) => e.node.slug));
    if (!c.pageInfo.hasNextPage) break;
    after = c.pageInfo.endCursor;
  }
  expect(seen).toEqual(page.coauthors.edges.map((e) => e.node.slug));
});

test('global ids: node(id) returns the same author', async () => {
  const r = await client.query<{ author: { id: string } }>('{ author(slug: "lei-gao-usc") { id } }');
  const id = r.data!.author.id;
  const n = await client.query<{ node: { slug: string; __typename: string } }>(
    'query($id: ID!) { node(id: $id) { __typename ... on Author { slug } } }',
    { id },
  );
  expect(n.data!.node).toEqual({ __typename: 'Author', slug: 'lei-gao-usc' });
});

test('root lookups: paper by anthology id, venue by slug, connections with totalCount', async () => {
  const r = await client.query<Record<string, unknown>>(`{
    paper(anthologyId: "2024.findings-naacl.132") { title authorships { author { slug } } }
    venue(slug: "emnlp") { acronym name }
    authors(first: 2) { totalCount edges { node { slug } } pageInfo { hasNextPage } }
    papers(first: 10) { totalCount edges { node { anthologyId } } }
    venues { totalCount edges { node { slug } } }
  }`);
  expect(r.errors).toBeUndefined();
  expect(r.data).toMatchObject({
    paper: { title: 'Ethos: Rectifying Language Models in Orthogonal Parameter Space' },
    venue: { acronym: 'EMNLP' },
    // Nine people, but the other Lei Gao has no paper in the demo data: no page.
    authors: { totalCount: 8, pageInfo: { hasNextPage: true } },
    papers: { totalCount: 3 },
    venues: { totalCount: 2 },
  });
});
