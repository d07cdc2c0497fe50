// Query depth and cost limits (src/http/limits.ts): clear errors naming the limit,
// nothing executed for a rejected operation, introspection always allowed, and the
// project's own queries (the author page, the statement-count page) well within.
import { getIntrospectionQuery, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { AUTHOR_PAGE_QUERY } from '../src/examples/author-page.js';
import { GRAPHIQL_TABS } from '../src/examples/graphiql-tabs.js';
import {
  DEFAULT_MAX_ALIASES,
  DEFAULT_MAX_COST,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_DIRECTIVES,
  DEFAULT_MAX_IDS,
  EXPENSIVE_FIELDS,
  measure as measureOperation,
  queryCost,
  queryDepth,
} from '../src/http/limits.js';
import { expandedSelections, MAX_JIT_SELECTIONS } from '../src/http/jit.js';
import { limitsFromEnv, maxTokensFromEnv } from '../src/config.js';
import { DEFAULT_MAX_TOKENS } from '../src/http/parser-guard.js';
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
  const unrelated = await client.query(
    `query($first: Int!, $x: String) { authors(first: $first, after: $x) { edges { node {
    coauthors(first: 100) { edges { node { coauthors(first: 100) { edges { node { slug } } } } } } } } } }`,
    { first: 1, x: null },
  );
  expect(unrelated.errors).toBeUndefined();
});

test('the statement-count page and the author page pass through the server', async () => {
  const page = await client.query(AUTHORS_PAGE, { first: 50 });
  expect(page.errors).toBeUndefined();
  // Ran to completion: an unknown person is null (a NOT_FOUND error until issue 15.3).
  const author = await client.query(AUTHOR_PAGE_QUERY, { slug: 'nobody' });
  expect(author.errors).toBeUndefined();
  expect(author.data?.author).toBeNull();
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
  expect(limitsFromEnv({})).toEqual({
    maxDepth: DEFAULT_MAX_DEPTH,
    maxCost: DEFAULT_MAX_COST,
    maxAliases: DEFAULT_MAX_ALIASES,
    maxDirectives: DEFAULT_MAX_DIRECTIVES,
    maxIds: DEFAULT_MAX_IDS,
  });
  expect(
    limitsFromEnv({ MAX_QUERY_DEPTH: '8', MAX_QUERY_COST: '5000', MAX_QUERY_ALIASES: '3', MAX_QUERY_DIRECTIVES: '4', MAX_NODE_IDS: '5' }),
  ).toEqual({ maxDepth: 8, maxCost: 5000, maxAliases: 3, maxDirectives: 4, maxIds: 5 });
  expect(maxTokensFromEnv({})).toBe(DEFAULT_MAX_TOKENS);
  expect(maxTokensFromEnv({ MAX_QUERY_TOKENS: '0' })).toBe(0);
  expect(() => maxTokensFromEnv({ MAX_QUERY_TOKENS: '-1' })).toThrow(/MAX_QUERY_TOKENS/);
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
  // Ran to completion: nobody is null (a NOT_FOUND error until issue 15.3).
  expect(body.errors).toBeUndefined();
  expect(body.data).toEqual({ author: null });
});

test('a non-null variable with a default may be left out (graphql-jit falls back to graphql-js there)', async () => {
  const r = await client.query('query($n: Int! = 2) { authors(first: $n) { edges { node { slug } } } }');
  expect(r.errors).toBeUndefined();
  expect((r.data as { authors: { edges: unknown[] } }).authors.edges).toEqual([]); // an empty database
});

/** POSTs to the handler; the HTTP status with the JSON body. */
async function post(query: string, variables?: Record<string, unknown>, yoga = client.yoga) {
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse };
}

/** Fragment F<i> spreads F<i-1> twice: the operation expands to 2^levels `slug` fields. */
function fragmentBomb(levels: number): string {
  const fragments = ['fragment F0 on Author { slug }'];
  for (let i = 1; i <= levels; i++) fragments.push(`fragment F${i} on Author { ...F${i - 1} ...F${i - 1} }`);
  return `{ author(slug: "x") { ...F${levels} } } ${fragments.join(' ')}`;
}

// The attack of issue 13: measuring walked every spread again, 2^levels visits.
test('a fragment bomb is measured in one pass over its fragments and refused as too costly', async () => {
  const bomb = fragmentBomb(40);
  expect(bomb.length).toBeLessThan(2048);
  const document = parse(bomb);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  // 1 (author) + 2^40 slugs: exact, since each fragment is measured once and its measure reused.
  expect(measureOperation(schema, document, operation, {}).cost).toBe(1 + 2 ** 40);
  const { result, statements } = await client.countStatements(() => post(bomb));
  expect(statements).toEqual([]);
  expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: DEFAULT_MAX_COST });
  // The same with aliases inside: counted as the operation would run them.
  const aliased = bomb.replace('fragment F0 on Author { slug }', 'fragment F0 on Author { a: slug }');
  const refused = await post(aliased);
  expect(refused.status).toBe(400);
  expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', aliases: 2 ** 40 });
});

test('a fragment bomb within the limits runs on graphql-js (linear), not graphql-jit (exponential to compile)', async () => {
  const bomb = fragmentBomb(30).replace('"x"', '"nobody"');
  const document = parse(bomb);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  // Expanded: author plus 2^30 slugs; graphql-js visits each fragment once per selection set.
  expect(expandedSelections(document, operation.selectionSet)).toBe(1 + 2 ** 30);
  expect(
    expandedSelections(parse(AUTHOR_PAGE_QUERY), (parse(AUTHOR_PAGE_QUERY).definitions[0] as OperationDefinitionNode).selectionSet),
  ).toBeLessThan(MAX_JIT_SELECTIONS);
  const yoga = createScholargraphYoga({ db: t.db, logging: false, limits: { maxCost: 0 } });
  const { body } = await post(bomb, undefined, yoga);
  // Ran to completion: nobody is null (a NOT_FOUND error until issue 15.3).
  expect(body.errors).toBeUndefined();
  expect(body.data).toEqual({ author: null });
});

test('aliases and directives are limited, fragments expanded', async () => {
  const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: slug`).join(' ');
  expect((await post(`{ author(slug: "x") { ${aliases(DEFAULT_MAX_ALIASES)} } }`)).body).toEqual({ data: { author: null } });
  const tooMany = await post(`{ author(slug: "x") { ...A ...A } } fragment A on Author { ${aliases(DEFAULT_MAX_ALIASES / 2 + 1)} }`);
  expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', aliases: DEFAULT_MAX_ALIASES + 2 });
  const directives = (n: number) => Array.from({ length: n }, () => 'slug @include(if: true)').join(' ');
  const tooManyDirectives = await post(`{ author(slug: "x") { ${directives(DEFAULT_MAX_DIRECTIVES + 1)} } }`);
  expect(tooManyDirectives.status).toBe(400);
  expect(tooManyDirectives.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_DIRECTIVES', limit: DEFAULT_MAX_DIRECTIVES });
});

test('a document above MAX_QUERY_TOKENS is refused by the parser with a 400 and a code', async () => {
  const ids = Array.from({ length: DEFAULT_MAX_TOKENS }, (_, i) => `"id${i}"`).join(',');
  const { status, body } = await post(`{ nodes(ids: [${ids}]) { id } }`);
  expect(status).toBe(400);
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_LONG', limit: DEFAULT_MAX_TOKENS });
  // A syntax error carries a code too.
  const syntax = await post('{ author(slug: ');
  expect(syntax.status).toBe(400);
  expect(syntax.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
});

test('a document nested deeper than the parser’s stack is a 400, not an internal error', async () => {
  const yoga = createScholargraphYoga({ db: t.db, logging: false, maxTokens: 0 });
  const depth = 200_000;
  const { status, body } = await post(`{ nodes(ids: ${'['.repeat(depth)}${']'.repeat(depth)}) { id } }`, undefined, yoga);
  expect(status).toBe(400);
  expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
  expect(JSON.stringify(body)).not.toMatch(/RangeError|call stack|\.ts:|\.js:/);
});

test('nodes(ids:) takes at most MAX_NODE_IDS ids, given inline or as a variable', async () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `QXV0aG9yOjE${i}`);
  const ok = await post('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ids(DEFAULT_MAX_IDS) });
  expect(ok.body.errors?.every((e) => e.extensions?.code !== 'TOO_MANY_IDS') ?? true).toBe(true);
  const { result, statements } = await client.countStatements(() =>
    post('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ids(20_000) }),
  );
  expect(statements).toEqual([]);
  expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_IDS', ids: 20_000, limit: DEFAULT_MAX_IDS });
});

test('each alias of a search or a collaboration path is priced as the work it can do', async () => {
  expect(measure('{ search(query: "a", first: 1) { totalCount } }').cost).toBe(EXPENSIVE_FIELDS['Query.search']! + 1);
  const searches = (n: number) => Array.from({ length: n }, (_, i) => `s${i}: search(query: "a", first: 1) { totalCount }`).join(' ');
  // 30 aliases of a broad search (the attack) are refused before any statement runs…
  const { result, statements } = await client.countStatements(() => post(`{ ${searches(30)} }`));
  expect(statements).toEqual([]);
  expect(result.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
  // …while a few searches in one request still pass.
  const few = Math.floor(DEFAULT_MAX_COST / (EXPENSIVE_FIELDS['Query.search']! + 1));
  expect(few).toBeGreaterThanOrEqual(3);
  expect((await post(`{ ${searches(few)} }`)).body.errors).toBeUndefined();
});
