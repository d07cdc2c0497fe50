// Search and type-ahead over real data: three small collections of the ACL Anthology
// (RAIL 2020, DCLRL 2022 — with Erik Körner —, ACL 2015, with several Yang Lius, and
// WMT 2020, with many abstracts)
// plus the shared name_variants.yaml (Felicia Körner, every yang-liu*).
import { databaseWithCollections } from './helpers/corpus.js';
import type { TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';

let t: TestDatabase;
let client: TestClient;
beforeAll(async () => {
  t = await databaseWithCollections(['2020.rail', '2022.dclrl', 'P15', '2020.wmt']);
  client = createTestClient(t.db);
}, 120_000);
afterAll(() => t.drop());

interface Hit {
  score: number;
  snippet: string | null;
  node: {
    __typename: string;
    slug?: string;
    name?: string;
    comment?: string | null;
    anthologyId?: string;
    title?: string;
    year?: number;
    acronym?: string;
  };
}
interface SearchData {
  search: { totalCount: number; edges: Hit[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const SEARCH = /* GraphQL */ `
  query Search($query: String!, $kinds: [SearchKind!], $year: Int, $yearFrom: Int, $yearTo: Int, $venue: String, $first: Int, $after: String) {
    search(query: $query, kinds: $kinds, year: $year, yearFrom: $yearFrom, yearTo: $yearTo, venue: $venue, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        score
        snippet
        node {
          __typename
          ... on Author { slug name comment affiliation paperCount }
          ... on Paper { anthologyId title year authorships { author { slug } } volume { venues { slug } } }
          ... on Venue { slug acronym name }
        }
      }
    }
  }
`;

async function search(variables: Record<string, unknown>) {
  const result = await client.query<SearchData>(SEARCH, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.search;
}

const slugs = (edges: Hit[]) => edges.map((e) => e.node.slug ?? e.node.anthologyId);

describe('authors', () => {
  test('accent-insensitive: Korner finds Felicia and Erik Körner', async () => {
    const { edges } = await search({ query: 'Korner', kinds: ['AUTHOR'] });
    expect(slugs(edges)).toEqual(expect.arrayContaining(['felicia-koerner', 'erik-korner']));
    expect(edges.every((e) => e.node.__typename === 'Author')).toBe(true);
  });

  test('a typo still finds the person, best match first', async () => {
    const { edges } = await search({ query: 'Feliciaa Korner', kinds: ['AUTHOR'] });
    expect(edges[0]!.node.slug).toBe('felicia-koerner');
    expect(edges[0]!.score).toBeGreaterThan(0.5);
    expect(edges[0]!.score).toBeLessThan(1);
  });

  test('an exact name scores 1; each person once even when several spellings match', async () => {
    const { edges } = await search({ query: 'Felicia Körner' });
    expect(edges[0]!.node.slug).toBe('felicia-koerner');
    expect(edges[0]!.score).toBe(1);
    expect(slugs(edges).filter((s) => s === 'felicia-koerner')).toHaveLength(1);
  });

  test('every Yang Liu comes back, told apart by comment / affiliation / paperCount', async () => {
    const { edges, totalCount } = await search({ query: 'Yang Liu', kinds: ['AUTHOR'], first: 100 });
    const exact = edges.filter((e) => e.node.name === 'Yang Liu');
    expect(exact.length).toBeGreaterThanOrEqual(5);
    expect(totalCount).toBeGreaterThanOrEqual(exact.length);
    expect(new Set(exact.map((e) => e.node.slug)).size).toBe(exact.length);
    expect(exact.every((e) => e.score === 1)).toBe(true);
    // Exact names lead the list.
    expect(edges.slice(0, exact.length).every((e) => e.node.name === 'Yang Liu')).toBe(true);
    expect(exact.filter((e) => e.node.comment != null).length).toBeGreaterThanOrEqual(2);
  });
});

describe('papers', () => {
  test('full text over title and abstract, with a highlighted snippet', async () => {
    const { edges, totalCount } = await search({ query: 'Setswana', kinds: ['PAPER'] });
    expect(totalCount).toBeGreaterThanOrEqual(2);
    for (const e of edges) {
      expect(e.node.__typename).toBe('Paper');
      expect(e.snippet).toMatch(/<b>Setswana<\/b>/i);
    }
    const scores = edges.map((e) => e.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  test('the snippet markers are configurable', async () => {
    const result = await client.query<{ search: { edges: { snippet: string }[] } }>(
      `{ search(query: "Setswana", kinds: [PAPER], first: 1) { edges { snippet(start: "[", stop: "]") } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.search.edges[0]!.snippet).toMatch(/\[Setswana\]/);
  });

  test('snippetHtml is safe to insert as HTML: the text escaped, only <mark> around matched words', async () => {
    // 2020.wmt-1.8's abstract (2020.wmt.xml): "… two language pairs, Tamil <-> English and Inuktitut <-> English …".
    const result = await client.query<{ search: { edges: { snippet: string; snippetHtml: string; node: { anthologyId: string } }[] } }>(
      `{ search(query: "Tamil Inuktitut", kinds: [PAPER]) { edges { snippet snippetHtml node { ... on Paper { anthologyId } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const edge = result.data!.search.edges.find((e) => e.node.anthologyId === '2020.wmt-1.8')!;
    expect(edge.snippet).toMatch(/<b>Tamil<\/b> <-> English/);
    expect(edge.snippetHtml).toMatch(/<mark>Tamil<\/mark> &lt;-&gt; English/);
    // No markup but the highlights.
    expect(edge.snippetHtml.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  test("a title hit's snippet comes from the title and the abstract's first 300 characters; an abstract hit's from the abstract", async () => {
    // 2020.wmt-1.62, "Fast Interleaved Bidirectional Sequence Generation": its abstract (1,397
    // characters in 2020.wmt.xml) says "interleaving" and "interleaved" only from character 563 on.
    const { rows } = await t.db.pool.query<{ title: string; abstract: string }>(
      `SELECT title, abstract FROM paper WHERE anthology_id = '2020.wmt-1.62'`,
    );
    const { title, abstract } = rows[0]!;
    expect(abstract.toLowerCase().indexOf('interleav')).toBe(563);
    const snippetOf = async (query: string) => {
      const { edges } = await search({ query, kinds: ['PAPER'], first: 20 });
      return edges.find((e) => e.node.anthologyId === '2020.wmt-1.62')!.snippet!;
    };
    // Found by its title: the abstract's opening, cut at a word (not the later passages with the word).
    const opening = abstract.slice(0, abstract.lastIndexOf(' ', 300));
    const titleHit = await snippetOf('interleaved');
    expect(titleHit.startsWith(`Fast <b>Interleaved</b> Bidirectional`)).toBe(true);
    for (const fragment of titleHit.replace(/<\/?b>/g, '').split(' … ')) expect(`${title} — ${opening}`).toContain(fragment);
    expect(titleHit).not.toMatch(/<b>interleaving<\/b>/);
    // Found by its abstract alone: the passage with the words, wherever it is.
    expect(await snippetOf('standard architecture unidirectional decoding')).toMatch(/<b>unidirectional<\/b> <b>decoding<\/b>/);
  });

  test('an exact title ranks first, with score 1', async () => {
    // Eleven other papers hold every word of this title (in title or abstract).
    const title = 'Low-Resource Translation as Language Modeling';
    const { edges } = await search({ query: ` ${title.toLowerCase()} ` });
    expect(edges[0]!.node.title).toBe(title);
    expect(edges[0]!.score).toBe(1);
    const papers = edges.filter((e) => e.node.__typename === 'Paper');
    expect(papers.length).toBeGreaterThan(5);
    expect(papers.slice(1).every((e) => e.score < 1)).toBe(true);
  });

  test('year and venue filters', async () => {
    const all = await search({ query: 'language', kinds: ['PAPER'], first: 100 });
    const years = new Set(all.edges.map((e) => e.node.year));
    expect(years.size).toBeGreaterThanOrEqual(2);

    const in2020 = await search({ query: 'language', kinds: ['PAPER'], year: 2020, first: 100 });
    expect(in2020.totalCount).toBeGreaterThan(0);
    expect(in2020.totalCount).toBeLessThan(all.totalCount);
    expect(in2020.edges.every((e) => e.node.year === 2020)).toBe(true);

    const range = await search({ query: 'language', kinds: ['PAPER'], yearFrom: 2016, yearTo: 2022, first: 100 });
    expect(range.edges.every((e) => e.node.year! >= 2016 && e.node.year! <= 2022)).toBe(true);
    expect(range.totalCount).toBeGreaterThan(in2020.totalCount);

    const acl = await search({ query: 'language', kinds: ['PAPER'], venue: 'acl', first: 100 });
    expect(acl.totalCount).toBeGreaterThan(0);
    expect(acl.edges.every((e) => e.node.year === 2015)).toBe(true);
  });

  test('paging: first/after walk the same merged list', async () => {
    const whole = await search({ query: 'language', first: 10 });
    const first = await search({ query: 'language', first: 4 });
    const next = await search({ query: 'language', first: 6, after: first.pageInfo.endCursor });
    expect([...slugs(first.edges), ...slugs(next.edges)]).toEqual(slugs(whole.edges));
    expect(first.totalCount).toBe(whole.totalCount);
  });
});

describe('venues', () => {
  test('by acronym (exact: score 1) and by name', async () => {
    const byAcronym = await search({ query: 'RAIL', kinds: ['VENUE'] });
    expect(byAcronym.edges[0]!.node).toMatchObject({ __typename: 'Venue', slug: 'rail' });
    expect(byAcronym.edges[0]!.score).toBe(1);
    const byName = await search({ query: 'African Indigenous Languages', kinds: ['VENUE'] });
    expect(slugs(byName.edges)).toContain('rail');
  });
});

describe('suggest', () => {
  const SUGGEST = `query S($prefix: String!, $first: Int) { suggest(prefix: $prefix, first: $first) {
    kind label slug anthologyId node { __typename ... on Author { slug } ... on Paper { anthologyId } ... on Venue { slug } } } }`;
  interface S {
    kind: string;
    label: string;
    slug: string | null;
    anthologyId: string | null;
    node: { __typename: string };
  }

  async function suggest(prefix: string, first?: number) {
    const { result, statements } = await client.countStatements(() => client.query<{ suggest: S[] }>(SUGGEST, { prefix, first }));
    expect(result.errors).toBeUndefined();
    expect(statements).toHaveLength(1);
    return result.data!.suggest;
  }

  test('people by a prefix of any name word, accent-insensitive', async () => {
    const found = await suggest('korn');
    expect(found.filter((s) => s.kind === 'AUTHOR').map((s) => s.slug)).toEqual(expect.arrayContaining(['felicia-koerner', 'erik-korner']));
    expect(found.find((s) => s.slug === 'felicia-koerner')).toMatchObject({ label: 'Felicia Körner', node: { __typename: 'Author' } });
  });

  test('venues and paper titles by prefix', async () => {
    const venues = await suggest('rai');
    expect(venues.find((s) => s.kind === 'VENUE' && s.slug === 'rail')).toBeDefined();
    const papers = await suggest('complex setsw');
    expect(papers[0]).toMatchObject({ kind: 'PAPER', label: 'Complex Setswana Parts of Speech Tagging', node: { __typename: 'Paper' } });
    expect(papers[0]!.anthologyId).toMatch(/^2020\.rail-1\./);
  });

  test('at most `first`', async () => {
    expect((await suggest('a', 3)).length).toBeLessThanOrEqual(3);
    expect((await suggest('a')).length).toBeLessThanOrEqual(8);
  });
});

test('a page of 50 hits costs the same statements as a page of 5', async () => {
  const count = async (first: number) => {
    const { result, statements } = await client.countStatements(() => client.query<SearchData>(SEARCH, { query: 'language', first }));
    expect(result.errors).toBeUndefined();
    expect(result.data!.search.edges).toHaveLength(first);
    return statements.length;
  };
  const five = await count(5);
  const fifty = await count(50);
  expect(fifty).toBe(five);
  expect(fifty).toBeLessThanOrEqual(10);
});

test('one statement per kind searched', async () => {
  const run = async (kinds?: string[]) => {
    const { result, statements } = await client.countStatements(() =>
      client.query(
        `query Q($kinds: [SearchKind!]) { search(query: "language", kinds: $kinds, first: 50) { totalCount edges { score node { __typename } } } }`,
        { kinds },
      ),
    );
    expect(result.errors).toBeUndefined();
    return statements.length;
  };
  expect(await run()).toBe(3);
  expect(await run(['AUTHOR'])).toBe(1);
  expect(await run(['PAPER', 'VENUE'])).toBe(2);
});

describe('bad input', () => {
  test.each(['', '   '])('an empty query (%j) is BAD_USER_INPUT', async (query) => {
    const result = await client.query(SEARCH, { query });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const suggestion = await client.query(`{ suggest(prefix: ${JSON.stringify(query)}) { label } }`);
    expect(suggestion.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('first above 100 is the page-size error', async () => {
    const result = await client.query(SEARCH, { query: 'language', first: 101 });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(result.errors?.[0]?.message).toMatch(/maximum page size of 100/);
  });

  test('odd characters are just text', async () => {
    for (const query of ['%', "O'Brien & (", '\\_', 'or -']) {
      const result = await client.query(SEARCH, { query });
      expect(result.errors).toBeUndefined();
      const s = await client.query(`query S($p: String!) { suggest(prefix: $p) { label } }`, { p: query });
      expect(s.errors).toBeUndefined();
    }
  });
});
