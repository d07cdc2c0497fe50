// Bad input and missing records get typed errors; unexpected failures are masked in
// production; /health and /ready report the process and the database.
import { connectDatabase } from '../src/db/database.js';
import { loadDemoData } from '../src/demo/demo-data.js';
import { createScholargraphYoga } from '../src/yoga.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';

let t: TestDatabase;
let client: TestClient;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db);
  client = createTestClient(t.db);
});
afterAll(() => t.drop());

const codeOf = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

// Missing is null, not an error (issue 15.3): a lookup whose key matches nothing answers
// null, a cacheable answer. (Until issue 15 these were NOT_FOUND errors.)
describe('an unknown key is null', () => {
  test.each([
    '{ author(slug: "no-such-person") { name } }',
    '{ author(orcid: "0000-0002-1825-0097") { name } }',
    '{ paper(anthologyId: "2099.acl-long.1") { title } }',
    '{ paper(doi: "10.18653/v1/none") { title } }',
    '{ venue(slug: "nope") { name } }',
    '{ volume(anthologyId: "2099.acl-long") { title } }',
  ])('%s', async (query) => {
    const r = await client.query(query);
    expect(r.errors).toBeUndefined();
    expect(Object.values(r.data ?? {})).toEqual([null]);
  });
});

describe('BAD_USER_INPUT', () => {
  test.each([
    ['{ author { name } }', /exactly one key/],
    ['{ author(slug: "a", orcid: "0000-0002-1825-0097") { name } }', /exactly one key/],
    ['{ author(orcid: "12345") { name } }', /"12345" is not an ORCID/],
    ['{ paper(doi: "not a doi") { title } }', /is not a DOI/],
    ['{ authors(first: 1000) { edges { node { slug } } } }', /above the maximum page size of 100/],
    ['{ author(slug: "lei-gao-usc") { papers(first: 101) { totalCount } } }', /above the maximum page size of 100/],
    ['{ author(slug: "lei-gao-usc") { coauthors(first: -1) { totalCount } } }', /must not be negative/],
    ['{ author(slug: "lei-gao-usc") { coauthors(after: "garbage") { totalCount } } }', /"after" is not a cursor/],
  ])('%s', async (query, message) => {
    const r = await client.query(query);
    expect(r.errors?.[0]?.message).toMatch(message);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
  });

  test('a query that does not validate names the problem', async () => {
    const r = await client.query('{ author(slug: "x") { nonsense } }');
    expect(r.errors?.[0]?.message).toMatch(/Cannot query field "nonsense" on type "Author"/);
  });
});

describe('unexpected errors', () => {
  test('a database that refuses connections: a typed DATABASE_UNAVAILABLE, no details, no stack', async () => {
    // Every resolver fails; the error is the database's trouble, not a server bug (issue 13.2).
    const broken = connectDatabase('postgresql://nobody:wrong@127.0.0.1:1/none', { max: 1 });
    try {
      const prod = createTestClient(broken, { production: true });
      const r = await prod.query('{ author(slug: "lei-gao-usc") { name } }');
      expect(r.errors?.[0]?.message).toBe('The database is unavailable. Retry shortly.');
      expect(codeOf(r)).toBe('DATABASE_UNAVAILABLE');
      expect(JSON.stringify(r)).not.toMatch(/ECONNREFUSED|stack|at /);
    } finally {
      await broken.close();
    }
  });
});

describe('health', () => {
  test('GET /health: the process is up', async () => {
    const response = await client.yoga.fetch('http://localhost/health');
    expect(response.status).toBe(200);
  });

  test('GET /ready: the database answers', async () => {
    const response = await client.yoga.fetch('http://localhost/ready');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  test('GET /ready: 503 when the database is unreachable', async () => {
    const broken = connectDatabase('postgresql://nobody:wrong@127.0.0.1:1/none', { max: 1 });
    try {
      const yoga = createScholargraphYoga({ db: broken, logging: false });
      const response = await yoga.fetch('http://localhost/ready');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'unavailable' });
    } finally {
      await broken.close();
    }
  });

  test('GET /graphql in a browser serves GraphiQL with the author page query', async () => {
    const response = await client.yoga.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/GraphiQL|graphiql/);
    expect(html).toContain('AuthorPage');
  });
});
