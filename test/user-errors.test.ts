// Every user error is a user error (issue 13): input the server cannot use is
// BAD_USER_INPUT, never INTERNAL_SERVER_ERROR; a well-formed id of a record that does
// not exist is null; no error names a file, a stack frame or Prisma's source; in
// production no error echoes `originalError` or suggests field names.
import { loadDemoData } from '../src/demo/demo-data.js';
import { createScholargraphYoga, type ScholargraphYoga } from '../src/yoga.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import type { GraphQLResponse } from './helpers/graphql.js';

let t: TestDatabase;
let dev: ScholargraphYoga;
let prod: ScholargraphYoga;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db);
  dev = createScholargraphYoga({ db: t.db, logging: false, production: false });
  prod = createScholargraphYoga({ db: t.db, logging: false, production: true });
});
afterAll(() => t.drop());

async function send(yoga: ScholargraphYoga, body: BodyInit, init: { method?: string; path?: string; type?: string } = {}) {
  const response = await yoga.fetch(`http://localhost${init.path ?? '/graphql'}`, {
    method: init.method ?? 'POST',
    headers: { 'content-type': init.type ?? 'application/json', accept: 'application/graphql-response+json' },
    ...(init.method === 'GET' ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as GraphQLResponse };
}
const post = (query: string, variables?: Record<string, unknown>, yoga = dev) => send(yoga, JSON.stringify({ query, variables }));
const globalId = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64');

/** What no response may contain: a stack frame, a source path, Prisma's source excerpt. */
const LEAKS = /\bat \S+ \(|\.ts:\d+|\.js:\d+|node_modules|\/work\/|findUniqueOrThrow|invocation in|originalError/;

function expectUserError(r: { text: string; json: GraphQLResponse }, message?: RegExp) {
  expect(r.json.errors?.length).toBeGreaterThan(0);
  for (const error of r.json.errors!) expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  if (message) expect(r.json.errors![0]!.message).toMatch(message);
  expect(r.text).not.toMatch(LEAKS);
}

describe('strings no field can use', () => {
  test('a NUL character, in a variable or a literal, nothing runs', async () => {
    expectUserError(await post('query($s: String) { author(slug: $s) { name } }', { s: 'lei\u0000gao' }), /NUL/);
    expectUserError(await post('{ search(query: "a\\u0000b") { totalCount } }'), /NUL/);
    expectUserError(await post('query($q: String!) { search(query: $q) { totalCount } }', { q: '\u0000' }), /NUL/);
  });

  test('in a subscription too', async () => {
    const response = await dev.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: 'subscription($a: String) { correctionApplied(author: $a) { __typename } }',
        variables: { a: '\u0000' },
      }),
    });
    const text = await response.text();
    expect(text).toMatch(/"code":"BAD_USER_INPUT"/);
    expect(text).toMatch(/NUL/);
  });

  test('a lone surrogate in a variable (JSON can carry one)', async () => {
    const body = '{"query":"query($q: String!) { search(query: $q) { totalCount } }","variables":{"q":"\\ud800x"}}';
    expectUserError(await send(dev, body), /lone surrogate/);
  });

  test('bytes that are not UTF-8, in a POST body or a GET query string: 400', async () => {
    const body = Buffer.concat([
      Buffer.from('{"query":"{ search(query: \\"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\\") { totalCount } }"}'),
    ]);
    const posted = await send(dev, body);
    expect(posted.status).toBe(400);
    expectUserError(posted, /not valid UTF-8/);
    const got = await send(dev, '', {
      method: 'GET',
      path: '/graphql?query=%7B%20search(query%3A%20%22%FF%22)%20%7B%20totalCount%20%7D%20%7D',
    });
    expect(got.status).toBe(400);
    expectUserError(got, /UTF-8/);
    // Valid UTF-8 passes (a Polish name from the data, percent-encoded).
    const ok = await send(dev, '', {
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('{ search(query: "Łukasz") { totalCount } }')}`,
    });
    expect(ok.json.errors).toBeUndefined();
  });
});

describe('forged cursors, ids and numbers', () => {
  test.each([
    ['{ authors(after: "YXJyYXljb25uZWN0aW9uOjk5OTk5OTk5OTk5") { totalCount } }'],
    ['{ papers(after: "%%%") { totalCount } }'],
    ['{ corrections(after: "x") { totalCount } }'],
    ['{ venues(before: "bm9wZQ==") { totalCount } }'],
    ['{ search(query: "gao", after: "bm9wZQ==") { totalCount } }'],
  ])('cursor: %s', async (query) => {
    expectUserError(await post(query), /cursor/);
  });

  test('ids that are not global ids, or name no type', async () => {
    expectUserError(await post('{ node(id: "garbage") { id } }'), /global ID/);
    expectUserError(await post(`{ node(id: "${globalId('Nope', '1')}") { id } }`), /names no type/);
    expectUserError(await post(`{ node(id: "${globalId('Correction', 'abc')}") { id } }`), /not valid/);
    expectUserError(await post(`{ nodes(ids: ["${globalId('Author', 'lei-gao-usc')}", "x"]) { id } }`), /global ID/);
  });

  test('a well-formed id of a record that does not exist is null, without an error', async () => {
    const r = await post(`{ a: node(id: "${globalId('Author', 'lei-gao-usc')}") { ... on Author { slug } }
      b: node(id: "${globalId('Author', 'no-such-person')}") { id }
      c: node(id: "${globalId('Paper', '2099.acl-long.1')}") { id }
      d: nodes(ids: ["${globalId('Venue', 'no-such-venue')}", "${globalId('Correction', '99999')}"]) { id } }`);
    expect(r.json).toEqual({ data: { a: { slug: 'lei-gao-usc' }, b: null, c: null, d: [null, null] } });
  });

  test('numbers out of range and variables of the wrong type', async () => {
    const r = await post('{ authors(first: 99999999999) { totalCount } }');
    expect(r.json.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expectUserError(await post('query($n: Int) { authors(first: $n) { totalCount } }', { n: 1e300 }), /Variable "\$n"/);
    expectUserError(await post('query($n: Int) { authors(first: $n) { totalCount } }', { n: '12' }), /Variable "\$n"/);
    expectUserError(await post('{ authors(first: -5) { totalCount } }'));
    expectUserError(await post('{ collaborationPath(from: "a", to: "b", maxLength: 2147483647) { length } }'), /maxLength/);
  });
});

describe('production', () => {
  test('no "Did you mean …?": suggestions would map the schema for a stranger', async () => {
    const r = await post('{ autor(slug: "x") { name } }', undefined, prod);
    expect(r.json.errors?.[0]?.message).toBe('Cannot query field "autor" on type "Query".');
    expect(r.json.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // Development keeps them, and GRAPHQL_SUGGESTIONS decides either way.
    expect((await post('{ autor(slug: "x") { name } }')).json.errors?.[0]?.message).toMatch(/Did you mean "author"/);
    // Nor in a variable's value (graphql-js's coercion suggests; a document of two operations runs there, not on graphql-jit).
    const enumBody = JSON.stringify({
      query: 'query A($k: [SearchKind!]) { search(query: "a", kinds: $k) { totalCount } } query B { __typename }',
      variables: { k: ['AUTHORS'] },
      operationName: 'A',
    });
    const enumValue = await send(prod, enumBody);
    expect(enumValue.json.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(enumValue.text).not.toMatch(/Did you mean/);
    expect((await send(dev, enumBody)).text).toMatch(/Did you mean the enum value \\"AUTHOR\\"/);
    const withSuggestions = createScholargraphYoga({ db: t.db, logging: false, production: true, suggestions: true });
    expect((await post('{ autor(slug: "x") { name } }', undefined, withSuggestions)).json.errors?.[0]?.message).toMatch(/Did you mean/);
  });

  test('a body that is not JSON: 400 BAD_REQUEST without the parser’s own message', async () => {
    const r = await send(prod, '{"query": ');
    expect(r.status).toBe(400);
    expect(r.json.errors?.[0]?.extensions).toEqual({ code: 'BAD_REQUEST' });
    expect(r.text).not.toMatch(LEAKS);
  });
});
