// Persisted (trusted) documents (issue 15 part 8): the GraphiQL examples under
// `sha256:<hex of the document's SHA-256>` ids (persisted-documents.json), served by id over
// GET (short, cacheable URLs) and POST, Apollo's persistedQuery extension too; an unknown id
// is PERSISTED_QUERY_NOT_FOUND; strict mode (PERSISTED_DOCUMENTS_ONLY) refuses documents sent
// as text. Data: the demo data (Lei Gao, lei-gao-usc).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadDemoData } from '../src/demo/demo-data.js';
import { GRAPHIQL_TABS } from '../src/examples/graphiql-tabs.js';
import { printManifest } from '../src/examples/persisted-documents.js';
import { createScholargraphYoga, type ScholargraphYoga } from '../src/yoga.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

let t: TestDatabase;
let open: ScholargraphYoga;
let strict: ScholargraphYoga;
let manifest: Record<string, string>;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db);
  open = createScholargraphYoga({ db: t.db, logging: false, cacheMaxAge: 300 });
  strict = createScholargraphYoga({ db: t.db, logging: false, cacheMaxAge: 300, persistedDocumentsOnly: true });
  manifest = JSON.parse(await readFile(new URL('../persisted-documents.json', import.meta.url), 'utf8')) as Record<string, string>;
});
afterAll(() => t.drop());

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const AUTHOR_PAGE = GRAPHIQL_TABS[0]!.query;
const AUTHOR_PAGE_ID = `sha256:${sha256(AUTHOR_PAGE)}`;
const VARIABLES = { slug: 'lei-gao-usc' };
const JSON_ACCEPT = { accept: 'application/graphql-response+json' };

async function get(yoga: ScholargraphYoga, params: Record<string, string>) {
  const response = await yoga.fetch(`http://localhost/graphql?${new URLSearchParams(params)}`, { headers: JSON_ACCEPT });
  return {
    response,
    body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] },
  };
}

async function post(yoga: ScholargraphYoga, payload: Record<string, unknown>) {
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { ...JSON_ACCEPT, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return {
    response,
    body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] },
  };
}

test('persisted-documents.json: every GraphiQL example under the SHA-256 of its text, and current', async () => {
  expect(Object.keys(manifest)).toHaveLength(GRAPHIQL_TABS.length);
  for (const tab of GRAPHIQL_TABS) expect(manifest[`sha256:${sha256(tab.query)}`]).toBe(tab.query);
  expect(await readFile(new URL('../persisted-documents.json', import.meta.url), 'utf8')).toBe(printManifest());
});

test('GET ?documentId= answers as the document sent as text does, with a short URL that caches like any GET query', async () => {
  const asText = await post(open, { query: AUTHOR_PAGE, variables: VARIABLES });
  expect(asText.body.errors).toBeUndefined();
  const byId = await get(open, { documentId: AUTHOR_PAGE_ID, variables: JSON.stringify(VARIABLES) });
  expect(byId.response.status).toBe(200);
  expect(byId.body).toEqual(asText.body);
  expect(byId.response.headers.get('cache-control')).toBe('public, max-age=300');
  // The whole URL: the id and the variables, not the ~1,000-character document.
  expect(`/graphql?${new URLSearchParams({ documentId: AUTHOR_PAGE_ID, variables: JSON.stringify(VARIABLES) })}`.length).toBeLessThan(200);
});

test('POST { documentId } and Apollo’s persistedQuery extension (bare hex) run the same document', async () => {
  const expected = (await post(open, { query: AUTHOR_PAGE, variables: VARIABLES })).body;
  expect((await post(open, { documentId: AUTHOR_PAGE_ID, variables: VARIABLES })).body).toEqual(expected);
  const apq = await post(open, { variables: VARIABLES, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(AUTHOR_PAGE) } } });
  expect(apq.body).toEqual(expected);
});

test('an unknown id: PERSISTED_QUERY_NOT_FOUND, not cached, in both modes; hostile ids too', async () => {
  for (const yoga of [open, strict]) {
    for (const documentId of [`sha256:${sha256('{ __typename }')}`, 'sha256:', 'x'.repeat(10_000), '../../etc/passwd', sha256('nope')]) {
      const { response, body } = await get(yoga, { documentId });
      expect({ status: response.status, code: body.errors?.[0]?.extensions?.code, data: body.data ?? null }).toEqual({
        status: 404,
        code: 'PERSISTED_QUERY_NOT_FOUND',
        data: null,
      });
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    // Not a string: no id at all (strict mode says so; otherwise Yoga's "Must provide query string.").
    const numeric = await post(yoga, { documentId: 42 });
    expect(numeric.response.status).toBe(400);
    if (yoga === strict) expect(numeric.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
  }
});

test('strict mode: only known documents run, by id or as their exact text; other text is refused (GET and POST), so is a request without either', async () => {
  expect((await get(strict, { documentId: AUTHOR_PAGE_ID, variables: JSON.stringify(VARIABLES) })).body.errors).toBeUndefined();
  // GraphiQL's tabs send the text of the manifest's documents.
  const asText = await post(strict, { query: AUTHOR_PAGE, variables: VARIABLES });
  expect(asText.body).toEqual((await post(open, { query: AUTHOR_PAGE, variables: VARIABLES })).body);
  const changed = AUTHOR_PAGE.replace('paperCount', 'paperCount paperCount');
  expect(changed).not.toBe(AUTHOR_PAGE);
  for (const refused of [await get(strict, { query: '{ __typename }' }), await post(strict, { query: changed, variables: VARIABLES })]) {
    expect({ status: refused.response.status, code: refused.body.errors?.[0]?.extensions?.code, data: refused.body.data ?? null }).toEqual({
      status: 403,
      code: 'PERSISTED_QUERY_ONLY',
      data: null,
    });
  }
  const neither = await post(strict, { variables: VARIABLES });
  expect(neither.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
});

test('outside strict mode documents sent as text run as before', async () => {
  const { response, body } = await get(open, { query: '{ __typename }' });
  expect(response.status).toBe(200);
  expect(body).toEqual({ data: { __typename: 'Query' } });
  const none = await post(open, { variables: {} });
  expect(none.response.status).toBe(400);
  expect(none.body.errors?.[0]?.extensions?.code).not.toMatch(/^PERSISTED/);
});
