// Query depth and cost limits (src/http/limits.ts): clear errors naming the limit,
// nothing executed for a rejected operation, introspection always allowed, and the
// project's own queries (the author page, the statement-count page) well within.
import { getIntrospectionQuery, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { AUTHOR_PAGE_QUERY } from '../src/examples/author-page.js';
import { GRAPHIQL_TABS } from '../src/examples/graphiql-tabs.js';
import { DEFAULT_MAX_COST, DEFAULT_MAX_DEPTH, limitsFromEnv, queryCost, queryDepth } from '../src/http/limits.js';
import { schema } from '../src/schema/index.js';
import { createScholargraphYoga } from '../src/yoga.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createTestClient, type GraphQLResponse, type TestClient } from './helpers/graphql.js';

let t: TestDatabase;
let client: TestClient;
beforeAll(async () => {
  t = await createTestDatabase();
  client = createTestClient(t.db);
});
afterAll(() => t.drop());

const measure = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  return { depth: queryDepth(schema, document, operation), cost: queryCost(schema, document, operation, variables) };
};

// The query of test/statement-counts.test.ts.
const AUTHORS_PAGE = /* GraphQL */ `
  query AuthorsPage($first: Int!) {
    authors(first: $first) { edges { node {
      slug name orcid affiliation variants paperCount
      similarAuthors { slug name }
      papers(first: 100) { totalCount edges { node { anthologyId title year
        volume { title venues { slug acronym } }
        authorships { position name affiliation author { slug name } } } } }
      coauthors(first: 100) { totalCount edges { sharedPaperCount node { slug name } } }
      venues { paperCount venue { slug } } } } }
  }`;

const COAUTHORS_OF_COAUTHORS = /* GraphQL */ `query($first: Int!) {
  authors(first: $first) { edges { node { coauthors(first: 100) { edges { node {
    coauthors(first: 100) { edges { node { slug } } } } } } } } } }`;

/** 13 levels: author > papers > edges > node > authorships > author > coauthors > edges > node > papers > edges > node > title. */
const TOO_DEEP = /* GraphQL */ `{ author(slug: "x") { papers { edges { node { authorships { author {
  coauthors { edges { node { papers { edges { node { title } } } } } } } } } } } } }`;

test('the project’s own queries are within the default limits', () => {
  expect(measure(AUTHOR_PAGE_QUERY).cost).toBeLessThan(DEFAULT_MAX_COST / 10);
  for (const tab of GRAPHIQL_TABS) {
    expect(measure(tab.query).cost).toBeLessThan(DEFAULT_MAX_COST);
    expect(measure(tab.query).depth).toBeLessThanOrEqual(DEFAULT_MAX_DEPTH);
  }
  const page = measure(AUTHORS_PAGE, { first: 50 });
  expect(page.depth).toBe(9);
  expect(page.cost).toBeLessThan(DEFAULT_MAX_COST);
  // Even a full page of 100 people with all that.
  expect(measure(AUTHORS_PAGE, { first: 100 }).cost).toBeLessThan(DEFAULT_MAX_COST);
});

test('cost follows first/last, variables and their defaults', () => {
  expect(measure('{ authors(first: 10) { edges { node { slug } } } }').cost).toBe(1 + 10 * 3);
  expect(measure('{ authors { edges { node { slug } } } }').cost).toBe(1 + 20 * 3);
  expect(measure('query($n: Int = 5) { authors(first: $n) { edges { node { slug } } } }').cost).toBe(1 + 5 * 3);
  expect(measure('query($n: Int = 5) { authors(first: $n) { edges { node { slug } } } }', { n: 7 }).cost).toBe(1 + 7 * 3);
  expect(measure('{ venue(slug: "x") { topAuthors { paperCount } } }').cost).toBe(1 + 1 + 10);
  // Introspection is free.
  expect(measure('{ __typename __schema { types { name } } }')).toEqual({ depth: 0, cost: 0 });
});

test('an operation above the depth limit is refused with QUERY_TOO_DEEP, nothing runs', async () => {
  expect(measure(TOO_DEEP).depth).toBe(13);
  const { result, statements } = await client.countStatements(() => client.query(TOO_DEEP));
  expect(statements).toEqual([]);
  expect(result.data ?? undefined).toBeUndefined();
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 13, limit: 12 });
  expect(result.errors![0]!.message).toMatch(/too deep.*13.*limit of 12 \(MAX_QUERY_DEPTH\)/);
});

test('depth counts through fragments', async () => {
  const r = await client.query(`query { author(slug: "x") { ...A } }
    fragment A on Author { papers { edges { node { authorships { author { ...B } } } } } }
    fragment B on Author { coauthors { edges { node { papers { edges { node { title } } } } } } }`);
  expect(r.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
});

test('an operation above the cost limit is refused with QUERY_TOO_COSTLY, nothing runs', async () => {
  const { result, statements } = await client.countStatements(() => client.query(COAUTHORS_OF_COAUTHORS, { first: 100 }));
  expect(statements).toEqual([]);
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: DEFAULT_MAX_COST });
  expect(result.errors![0]!.message).toMatch(/too costly.*MAX_QUERY_COST/);
  expect(result.errors![0]!.extensions!.cost as number).toBeGreaterThan(DEFAULT_MAX_COST);
  // The same document with a small page is fine: the variables decide.
  const small = await client.query(COAUTHORS_OF_COAUTHORS, { first: 1 });
  expect(small.errors).toBeUndefined();
  // Costs are cached per document and per value of the variables they depend on.
  const again = await client.query(COAUTHORS_OF_COAUTHORS, { first: 100 });
  expect(again.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
  const unrelated = await client.query(`query($first: Int!, $x: String) { authors(first: $first, after: $x) { edges { node {
    coauthors(first: 100) { edges { node { coauthors(first: 100) { edges { node { slug } } } } } } } } } }`, { first: 1, x: null });
  expect(unrelated.errors).toBeUndefined();
});

test('the statement-count page and the author page pass through the server', async () => {
  const page = await client.query(AUTHORS_PAGE, { first: 50 });
  expect(page.errors).toBeUndefined();
  const author = await client.query(AUTHOR_PAGE_QUERY, { slug: 'nobody' });
  expect(author.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
});

test('introspection (GraphiQL’s query) passes even under tiny limits', async () => {
  const yoga = createScholargraphYoga({ db: t.db, logging: false, limits: { maxDepth: 2, maxCost: 5 } });
  const post = async (query: string) => {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as GraphQLResponse<{ __schema: { types: unknown[] } }>;
  };
  const intro = await post(getIntrospectionQuery());
  expect(intro.errors).toBeUndefined();
  expect(intro.data!.__schema.types.length).toBeGreaterThan(10);
  // While these limits do bite ordinary queries.
  expect((await post('{ authors { edges { node { slug } } } }')).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
  expect((await post('{ authors(first: 10) { totalCount } }')).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
});

test('limits come from MAX_QUERY_DEPTH and MAX_QUERY_COST', () => {
  expect(limitsFromEnv({})).toEqual({ maxDepth: DEFAULT_MAX_DEPTH, maxCost: DEFAULT_MAX_COST });
  expect(limitsFromEnv({ MAX_QUERY_DEPTH: '8', MAX_QUERY_COST: '5000' })).toEqual({ maxDepth: 8, maxCost: 5000 });
  expect(limitsFromEnv({ MAX_QUERY_DEPTH: '0' }).maxDepth).toBe(0);
  expect(() => limitsFromEnv({ MAX_QUERY_COST: 'lots' })).toThrow(/MAX_QUERY_COST/);
});

test('0 turns a limit off', async () => {
  const yoga = createScholargraphYoga({ db: t.db, logging: false, limits: { maxDepth: 0, maxCost: 0 } });
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: TOO_DEEP.replace('"x"', '"nobody"') }),
  });
  const body = (await response.json()) as GraphQLResponse;
  expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
});

test('a non-null variable with a default may be left out (graphql-jit falls back to graphql-js there)', async () => {
  const r = await client.query('query($n: Int! = 2) { authors(first: $n) { edges { node { slug } } } }');
  expect(r.errors).toBeUndefined();
  expect((r.data as { authors: { edges: unknown[] } }).authors.edges).toEqual([]); // an empty database
});
