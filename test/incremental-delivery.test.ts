// @defer and @stream over HTTP (issue 15 part 9): the author page with its slower parts
// (co-authors, the network) deferred and a list streamed, read as a client reads it — a
// multipart/mixed body cut at its boundary, or Server-Sent Events — and merged: the result
// equals the same page without the directives. The limits still apply, and a stream is never
// cached. Data: the demo data (Lei Gao, lei-gao-usc).
import { loadDemoData } from '../src/demo/demo-data.js';
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

const PAGE = (defer: string, stream: string) => /* GraphQL */ `query ($slug: String!) {
  author(by: { slug: $slug }) {
    slug
    name
    paperCount
    papers(first: 5) { edges { node { anthologyId title authorships ${stream} { position name } } } }
    ... ${defer} {
      coauthors(first: 10) { totalCount edges { sharedPaperCount node { slug name } } }
      network(depth: 2) { nodes { distance author { slug } } edges { source target weight } truncated }
    }
  }
}`;
const DEFERRED = PAGE('@defer(label: "slow")', '@stream(initialCount: 1)');
const PLAIN = PAGE('', '');
const VARIABLES = { slug: 'lei-gao-usc' };

type Json = Record<string, unknown>;
interface Incremental {
  data?: Json;
  items?: unknown[];
  path: (string | number)[];
  errors?: unknown[];
}
interface Payload {
  data?: Json;
  errors?: unknown[];
  incremental?: Incremental[];
  hasNext?: boolean;
}

/** The JSON parts of a multipart/mixed body (RFC 2046: parts between `--boundary` lines). */
function multipartParts(body: string, contentType: string): Payload[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)![1]!;
  return body
    .split(`--${boundary}`)
    .map((part) =>
      part
        .split(/\r?\n\r?\n/)
        .slice(1)
        .join('\n\n')
        .trim(),
    )
    .filter((json) => json.startsWith('{'))
    .map((json) => JSON.parse(json) as Payload);
}

/** The `next` events of a text/event-stream body. */
function eventStreamParts(body: string): Payload[] {
  return body
    .split(/\n\n/)
    .filter((event) => /^event: next$/m.test(event))
    .map((event) => JSON.parse(/^data: (.*)$/m.exec(event)![1]!) as Payload);
}

/** Applies the incremental payloads to the initial one, as a client does (graphql-js's incremental delivery format). */
function merge(parts: Payload[]): { data: Json; errors: unknown[]; hasNext: boolean | undefined } {
  const data = structuredClone(parts[0]!.data!);
  const errors = [...(parts[0]!.errors ?? [])];
  for (const part of parts.slice(1)) {
    for (const inc of part.incremental ?? []) {
      errors.push(...(inc.errors ?? []));
      // A streamed list's path ends with the index of its first new item.
      const path = inc.items ? inc.path.slice(0, -1) : inc.path;
      let target: unknown = data;
      for (const key of path) target = (target as Record<string | number, unknown>)[key];
      if (inc.items) (target as unknown[]).splice(inc.path.at(-1) as number, inc.items.length, ...inc.items);
      else Object.assign(target as Json, inc.data);
    }
  }
  return { data, errors, hasNext: parts.at(-1)!.hasNext };
}

async function send(query: string, accept: string) {
  return client.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query, variables: VARIABLES }),
  });
}

test('multipart/mixed: the initial part lacks the deferred fields; merged, the page equals the plain one', async () => {
  const plain = await client.query(PLAIN, VARIABLES);
  expect(plain.errors).toBeUndefined();
  const response = await send(DEFERRED, 'multipart/mixed');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^multipart\/mixed/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const parts = multipartParts(await response.text(), response.headers.get('content-type')!);
  expect(parts.length).toBeGreaterThan(1);
  // The first part: the page without co-authors and network, and only the first authorship of each paper.
  const initial = parts[0]!.data!.author as Json;
  expect(initial).not.toHaveProperty('coauthors');
  expect(initial).not.toHaveProperty('network');
  expect(parts[0]!.hasNext).toBe(true);
  const edges = (initial.papers as { edges: { node: { authorships: unknown[] } }[] }).edges;
  for (const edge of edges) expect(edge.node.authorships).toHaveLength(1);
  const merged = merge(parts);
  expect(merged.errors).toEqual([]);
  expect(merged.hasNext).toBe(false);
  expect(merged.data).toEqual(plain.data);
  // Not vacuous: Lei Gao has co-authors and papers with several authors.
  expect((plain.data!.author as { coauthors: { totalCount: number } }).coauthors.totalCount).toBeGreaterThan(0);
});

test('text/event-stream: the same merged result', async () => {
  const plain = await client.query(PLAIN, VARIABLES);
  const response = await send(DEFERRED, 'text/event-stream');
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const parts = eventStreamParts(await response.text());
  expect(parts.length).toBeGreaterThan(1);
  expect(merge(parts).data).toEqual(plain.data);
});

test('the limits still apply to a deferred document', async () => {
  const limited = createTestClient(t.db, { limits: { maxDepth: 3 } });
  const response = await limited.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
    body: JSON.stringify({ query: DEFERRED, variables: VARIABLES }),
  });
  const text = await response.text();
  expect(text).toMatch(/"code":"QUERY_TOO_DEEP"/);
  expect(text).not.toMatch(/"coauthors"/);
});

test('a client that accepts only JSON gets the whole page in one response', async () => {
  const plain = await client.query(PLAIN, VARIABLES);
  const whole = await client.query(DEFERRED, VARIABLES);
  expect(whole).toEqual(plain);
});

test('@stream on a field that is not a list is refused by validation', async () => {
  const nonList = await client.query(`{ author(by: { slug: "lei-gao-usc" }) { name @stream } }`);
  expect(nonList.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});
