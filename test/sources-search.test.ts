// Search and browse across sources (issue 16 part 6): papers and people DBLP and OpenAlex
// imported are found by `search` and `suggest` as the Anthology's are, and `sources:` narrows
// search, the paper list, a person's papers and the people list, in the same statements.
// Real records: the Anthology's 2020.inlg, dblp's shenka123 sample (131 incollections of
// "Computer Vision, A Reference Guide") and the OpenAlex API page of 200 works
// (../shared/data; counts and titles read from the files).
import { readFile } from 'node:fs/promises';
import { importDblp } from '../src/importers/dblp/command.js';
import { importOpenAlex } from '../src/importers/openalex/command.js';
import { databaseWithCollections } from './helpers/corpus.js';
import type { TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';
import { sharedData } from './helpers/shared-data.js';

const SHENKA = sharedData('dblp-samples', 'shenka123_dblp_incollection_sample.xml');
const API_PAGE = sharedData('openalex-samples', 'openalexPro_works_api_page_200.json');

interface Work {
  id: string;
  title: string | null;
  authorships: { author: { id: string | null; display_name: string } }[];
}

let t: TestDatabase;
let client: TestClient;
let works: Work[];
let dblpTitles: Map<string, string>;

beforeAll(async () => {
  t = await databaseWithCollections(['2020.inlg']);
  await importDblp(t.db, SHENKA, { quiet: true });
  await importOpenAlex(t.db, API_PAGE, { quiet: true });
  client = createTestClient(t.db);
  works = (JSON.parse(await readFile(API_PAGE, 'utf8')) as { results: Work[] }).results;
  // key="…" then its <title>: the sample holds one record per <incollection>.
  const xml = await readFile(SHENKA, 'latin1');
  dblpTitles = new Map(
    [...xml.matchAll(/<incollection[^>]*key="([^"]+)"[^>]*>\s*(?:<author[^>]*>[^<]*<\/author>\s*)*<title>([^<]*)<\/title>/g)].map((m) => [
      m[1]!,
      m[2]!,
    ]),
  );
}, 180_000);
afterAll(() => t.drop());

const openalexId = (url: string) => url.replace('https://openalex.org/', '');

type Hit = { score: number; node: { __typename: string; anthologyId?: string; slug?: string } };
type SearchResult = { search: { totalCount: number; edges: Hit[] } };

const SEARCH = `query ($q: String!, $kinds: [SearchKind!], $sources: [DataSource!], $filter: PaperFilter) {
  search(query: $q, kinds: $kinds, sources: $sources, filter: $filter, first: 20) {
    totalCount edges { score node { __typename ... on Paper { anthologyId } ... on Author { slug } } } } }`;

async function search(variables: Record<string, unknown>) {
  const response = await client.query<SearchResult>(SEARCH, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.search;
}

/** The paper or person a source's key names, by the API's own lookup. */
async function keyOf(by: Record<string, string>, field: 'paper' | 'author'): Promise<string> {
  const select = field === 'paper' ? 'anthologyId' : 'slug';
  const response = await client.query<Record<string, Record<string, string> | null>>(
    `query ($by: ${field === 'paper' ? 'PaperBy' : 'AuthorBy'}!) { ${field}(by: $by) { ${select} } }`,
    { by },
  );
  expect(response.errors).toBeUndefined();
  return response.data![field]![select]!;
}

describe('search finds every source', () => {
  test('a title of the dblp sample: its paper first, an exact title scoring 1', async () => {
    const title = dblpTitles.get('reference/vision/X14ii')!;
    expect(title).toBe('Surface Orientation Histogram (Discrete Version of EGI).');
    const id = await keyOf({ dblpKey: 'reference/vision/X14ii' }, 'paper');
    const found = await search({ q: title, kinds: ['PAPER'] });
    expect(found.edges[0]).toEqual({ score: 1, node: { __typename: 'Paper', anthologyId: id } });
  });

  test('a title of the OpenAlex page: its paper first', async () => {
    const work = works.find((w) => w.id.endsWith('/W2041234663'))!;
    expect(work.title).toBe('Financing incentives for the protection of biodiversity');
    const id = await keyOf({ openalexId: 'W2041234663' }, 'paper');
    const found = await search({ q: work.title, kinds: ['PAPER'] });
    expect(found.edges[0]).toEqual({ score: 1, node: { __typename: 'Paper', anthologyId: id } });
  });

  test('a person only OpenAlex names: found by name, and by suggest', async () => {
    const work = works.find((w) => w.id.endsWith('/W2041234663'))!;
    const author = work.authorships[0]!.author;
    expect(author.display_name).toBe('Helen Mountford');
    const slug = await keyOf({ openalexId: openalexId(author.id!) }, 'author');
    expect(slug.startsWith('openalex:')).toBe(true);
    const found = await search({ q: 'Helen Mountford', kinds: ['AUTHOR'] });
    expect(found.edges[0]).toEqual({ score: 1, node: { __typename: 'Author', slug } });
    const suggested = await client.query<{ suggest: { kind: string; slug: string | null; anthologyId: string | null }[] }>(
      `{ suggest(prefix: "mountfo", first: 5) { kind slug anthologyId } }`,
    );
    expect(suggested.errors).toBeUndefined();
    expect(suggested.data!.suggest).toContainEqual({ kind: 'AUTHOR', slug, anthologyId: null });
  });

  test('suggest: a title prefix of the OpenAlex page and of the dblp sample', async () => {
    const openalex = await keyOf({ openalexId: 'W2041234663' }, 'paper');
    const dblp = await keyOf({ dblpKey: 'reference/vision/X14ii' }, 'paper');
    for (const [prefix, key] of [
      ['Financing incentives for the', openalex],
      ['Surface Orientation Hist', dblp],
    ] as const) {
      const response = await client.query<{ suggest: { kind: string; anthologyId: string | null }[] }>(
        `query ($p: String!) { suggest(prefix: $p, first: 5) { kind anthologyId } }`,
        { p: prefix },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.suggest).toContainEqual({ kind: 'PAPER', anthologyId: key });
    }
  });
});

describe('sources: narrows search and the lists', () => {
  // "biodiversity": the OpenAlex page's search term (SOURCE.md); none of 2020.inlg's or the dblp sample's titles has it.
  test('search: OpenAlex papers only with [OPENALEX], none with [ACL_ANTHOLOGY, DBLP]; people likewise', async () => {
    const all = await search({ q: 'biodiversity', kinds: ['PAPER'] });
    expect(all.totalCount).toBeGreaterThan(20);
    const openalex = await search({ q: 'biodiversity', kinds: ['PAPER'], sources: ['OPENALEX'] });
    expect(openalex.totalCount).toBe(all.totalCount);
    expect(openalex.edges.every((e) => e.node.anthologyId!.startsWith('openalex:'))).toBe(true);
    expect((await search({ q: 'biodiversity', kinds: ['PAPER'], sources: ['ACL_ANTHOLOGY', 'DBLP'] })).totalCount).toBe(0);
    // The same through the paper filter, and both at once (both must hold).
    expect((await search({ q: 'biodiversity', kinds: ['PAPER'], filter: { sources: ['DBLP'] } })).totalCount).toBe(0);
    expect((await search({ q: 'biodiversity', kinds: ['PAPER'], sources: ['OPENALEX'], filter: { sources: ['DBLP'] } })).totalCount).toBe(
      0,
    );
    // People: Helen Mountford is OpenAlex's only.
    expect((await search({ q: 'Helen Mountford', kinds: ['AUTHOR'], sources: ['OPENALEX'] })).edges).toHaveLength(1);
    const anthology = await search({ q: 'Helen Mountford', kinds: ['AUTHOR'], sources: ['ACL_ANTHOLOGY'] });
    expect(anthology.edges.every((e) => !e.node.slug!.includes(':'))).toBe(true);
    expect(anthology.edges.map((e) => e.node.slug)).not.toContain(await keyOf({ openalexId: 'A5084094406' }, 'author'));
    // An empty list finds nothing (venues are not narrowed: they belong to no source); every source is no filter.
    expect((await search({ q: 'biodiversity', kinds: ['AUTHOR', 'PAPER'], sources: [] })).totalCount).toBe(0);
    expect((await search({ q: 'biodiversity', kinds: ['PAPER'], sources: ['ACL_ANTHOLOGY', 'DBLP', 'OPENALEX'] })).totalCount).toBe(
      all.totalCount,
    );
  });

  test('the paper list: 131 dblp papers (the sample’s incollections), 200 OpenAlex works, the Anthology’s own', async () => {
    const total = async (filter: object) => {
      const response = await client.query<{ papers: { totalCount: number } }>(
        `query ($f: PaperFilter) { papers(filter: $f) { totalCount } }`,
        {
          f: filter,
        },
      );
      expect(response.errors).toBeUndefined();
      return response.data!.papers.totalCount;
    };
    expect(dblpTitles.size).toBe(131);
    expect(await total({ sources: ['DBLP'] })).toBe(131);
    expect(await total({ sources: ['OPENALEX'] })).toBe(works.length);
    const { rows } = await t.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM paper WHERE position(':' in anthology_id) = 0 AND NOT is_frontmatter`,
    );
    expect(await total({ sources: ['ACL_ANTHOLOGY'] })).toBe(rows[0]!.n);
    expect(await total({ sources: ['ACL_ANTHOLOGY', 'DBLP', 'OPENALEX'] })).toBe(rows[0]!.n + 131 + works.length);
    const page = await client.query<{ papers: { edges: { node: { anthologyId: string; sources: { source: string }[] } }[] } }>(
      `{ papers(first: 50, filter: { sources: [DBLP], year: 2014 }) { edges { node { anthologyId sources { source } } } } }`,
    );
    expect(page.errors).toBeUndefined();
    expect(page.data!.papers.edges.length).toBeGreaterThan(0);
    for (const e of page.data!.papers.edges) expect(e.node.sources.map((s) => s.source)).toContain('dblp');
  });

  test('the people list and a person’s papers', async () => {
    const people = await client.query<{ authors: { totalCount: number; edges: { node: { slug: string } }[] } }>(
      `{ authors(first: 100, filter: { sources: [DBLP] }) { totalCount edges { node { slug } } } }`,
    );
    expect(people.errors).toBeUndefined();
    // The sample's 61 people (test/import/dblp-samples.test.ts counts them from the file).
    expect(people.data!.authors.totalCount).toBe(61);
    expect(people.data!.authors.edges.every((e) => e.node.slug.startsWith('dblp:'))).toBe(true);
    const slug = await keyOf({ openalexId: 'A5084094406' }, 'author');
    const papers = await client.query<{ author: { a: { totalCount: number }; b: { totalCount: number } } }>(
      `query ($slug: String!) { author(by: { slug: $slug }) {
        a: papers(filter: { sources: [OPENALEX] }) { totalCount } b: papers(filter: { sources: [DBLP] }) { totalCount } } }`,
      { slug },
    );
    expect(papers.errors).toBeUndefined();
    const authored = works.filter((w) => w.authorships.some((a) => a.author.id?.endsWith('/A5084094406'))).length;
    expect(papers.data!.author).toEqual({ a: { totalCount: authored }, b: { totalCount: 0 } });
  });

  test('a source’s own people without a source record (an OpenAlex authorship without an author id) are that source’s', async () => {
    // W2122450287 prints `Elsholz, Rudiger` with no OpenAlex author id (read from the page).
    const work = works.find((w) => w.id === 'https://openalex.org/W2122450287')!;
    expect(work.authorships[1]!.author.id).toBeNull();
    const count = async (sources: string) =>
      (await client.query<{ authors: { totalCount: number } }>(`{ authors(filter: { sources: [${sources}] }) { totalCount } }`)).data!
        .authors.totalCount;
    // Every person is some source's: the lists of the sources add up to all people.
    const [all, acl, dblp, openalex] = [
      await count('ACL_ANTHOLOGY, DBLP, OPENALEX'),
      await count('ACL_ANTHOLOGY'),
      await count('DBLP'),
      await count('OPENALEX'),
    ];
    expect(acl + dblp + openalex).toBe(all);
    const found = await client.query<{ search: { edges: { node: { name: string } }[] } }>(
      `{ search(query: "Elsholz", kinds: [AUTHOR], sources: [OPENALEX]) { edges { node { ... on Author { name } } } } }`,
    );
    expect(found.errors).toBeUndefined();
    // (Rüdiger Elsholz of another work has an author id.)
    expect(found.data!.search.edges.map((e) => e.node.name)).toContain('Elsholz, Rudiger');
  });

  test('an unknown source is refused (the enum), naming the value', async () => {
    const response = await client.query(`{ search(query: "x", sources: [ORCID]) { totalCount } }`);
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.message).toContain('ORCID');
    const variables = await client.query(SEARCH, { q: 'x', sources: ['acl-anthology'] });
    expect(variables.errors?.[0]?.message).toContain('acl-anthology');
  });

  test('the filter costs no statement: search and the lists run as many with it as without', async () => {
    const count = async (query: string) => (await client.countStatements(() => client.query(query))).statements.length;
    for (const [without, withSources] of [
      [
        `{ search(query: "biodiversity finance") { totalCount edges { score } } }`,
        `{ search(query: "biodiversity finance", sources: [OPENALEX, DBLP]) { totalCount edges { score } } }`,
      ],
      [
        `{ papers(first: 10) { totalCount edges { node { title } } } }`,
        `{ papers(first: 10, filter: { sources: [OPENALEX] }) { totalCount edges { node { title } } } }`,
      ],
      [
        `{ authors(first: 10) { totalCount edges { node { slug } } } }`,
        `{ authors(first: 10, filter: { sources: [ACL_ANTHOLOGY] }) { totalCount edges { node { slug } } } }`,
      ],
    ]) {
      expect(await count(withSources!)).toBe(await count(without!));
    }
  });
});
