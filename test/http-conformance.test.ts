// GraphQL over HTTP from the outside: the real handler on a real port passes every
// graphql-http audit (the GraphQL-over-HTTP spec), answers queries over GET with
// public caching headers, refuses mutations over GET, and speaks CORS.
import { auditServer, type AuditResult } from 'graphql-http';
import { parseCacheMaxAge, parseCorsOrigins } from '../src/config.js';
import { loadDemoData } from '../src/demo/seed-page.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { listen, type RunningServer } from './helpers/http-server.js';

let t: TestDatabase;
let server: RunningServer;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db);
  server = await listen(t.db);
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

async function describeFailure(result: Exclude<AuditResult, { status: 'ok' }>): Promise<string> {
  let body: string;
  try {
    body = await result.response.clone().text();
  } catch {
    body = '(body unreadable)';
  }
  const headers = [...result.response.headers].map(([k, v]) => `${k}: ${v}`).join('; ');
  return `[${result.status}] ${result.name}\n  reason: ${result.reason}\n  response: ${result.response.status} {${headers}} ${body.slice(0, 500)}`;
}

test('graphql-http audits: no errors, no warnings', async () => {
  const results = await auditServer({ url: server.url });
  const failing = results.filter((r): r is Exclude<AuditResult, { status: 'ok' }> => r.status === 'error' || r.status === 'warn');
  const messages = await Promise.all(failing.map(describeFailure));
  expect({ failing: messages.length, messages: messages.join('\n') }).toEqual({ failing: 0, messages: '' });
  expect(results.filter((r) => r.status === 'ok').length).toBeGreaterThan(50);
});

const AUTHOR_NAME = '{ author(slug: "lei-gao-usc") { name } }';
const getUrl = (base: string, query: string, extra: Record<string, string> = {}) =>
  `${base}?${new URLSearchParams({ query, ...extra }).toString()}`;

describe('queries over GET', () => {
  test('answer, with public caching headers', async () => {
    const response = await fetch(getUrl(server.url, AUTHOR_NAME), { headers: { accept: 'application/graphql-response+json' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { author: { name: 'Lei Gao' } } });
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('vary')).toMatch(/Accept/);
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });

  test('with variables and an operation name', async () => {
    const response = await fetch(
      getUrl(server.url, 'query A($slug: String!) { author(slug: $slug) { name } } query B { venues { totalCount } }', {
        variables: JSON.stringify({ slug: 'lei-gao-usc' }),
        operationName: 'A',
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { author: { name: 'Lei Gao' } } });
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
  });

  test('results with errors are not cached', async () => {
    const notFound = await fetch(getUrl(server.url, '{ author(slug: "no-such-person") { name } }'));
    expect(((await notFound.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    expect(notFound.headers.get('cache-control')).toBe('no-store');

    const invalid = await fetch(getUrl(server.url, '{ nonsense }'), { headers: { accept: 'application/graphql-response+json' } });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('cache-control')).toBe('no-store');
  });

  test('POST responses are not cached', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: AUTHOR_NAME }),
    });
    expect(await response.json()).toEqual({ data: { author: { name: 'Lei Gao' } } });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  test('a mutation over GET is refused', async () => {
    const response = await fetch(getUrl(server.url, 'mutation { anything }'), {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toMatch(/POST/);
    expect(response.headers.get('cache-control')).not.toMatch(/public/);
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(body.errors[0]?.message).toMatch(/mutation/i);
  });

  test('CACHE_MAX_AGE sets the max-age; 0 turns public caching off', async () => {
    const previous = process.env.CACHE_MAX_AGE;
    const servers: RunningServer[] = [];
    try {
      process.env.CACHE_MAX_AGE = '3600';
      servers.push(await listen(t.db));
      process.env.CACHE_MAX_AGE = '0';
      servers.push(await listen(t.db));
      const [hour, off] = await Promise.all(servers.map((s) => fetch(getUrl(s.url, AUTHOR_NAME))));
      expect(hour!.headers.get('cache-control')).toBe('public, max-age=3600');
      expect(off!.headers.get('cache-control')).toBe('no-store');
    } finally {
      if (previous === undefined) delete process.env.CACHE_MAX_AGE;
      else process.env.CACHE_MAX_AGE = previous;
      await Promise.all(servers.map((s) => s.close()));
    }
  });
});

describe('CORS', () => {
  const preflight = (url: string, origin: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  test('unset CORS_ORIGIN: any origin (Yoga default)', async () => {
    const response = await fetch(getUrl(server.url, AUTHOR_NAME), { headers: { origin: 'https://anywhere.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    const pre = await preflight(server.url, 'https://anywhere.example');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
  });

  test('CORS_ORIGIN lists the allowed origins', async () => {
    const previous = process.env.CORS_ORIGIN;
    let restricted: RunningServer | undefined;
    try {
      process.env.CORS_ORIGIN = 'https://app.example, https://other.example';
      restricted = await listen(t.db);
      for (const origin of ['https://app.example', 'https://other.example']) {
        const response = await fetch(getUrl(restricted.url, AUTHOR_NAME), { headers: { origin } });
        expect(response.headers.get('access-control-allow-origin')).toBe(origin);
        const pre = await preflight(restricted.url, origin);
        expect(pre.status).toBe(204);
        expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
        expect(pre.headers.get('access-control-allow-methods')).toMatch(/POST/);
        expect(pre.headers.get('access-control-allow-headers')).toMatch(/content-type/);
      }
      const stranger = await fetch(getUrl(restricted.url, AUTHOR_NAME), { headers: { origin: 'https://evil.example' } });
      expect(stranger.status).toBe(200);
      expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
      expect(stranger.headers.get('vary')).toMatch(/Origin/);
      const strangerPre = await preflight(restricted.url, 'https://evil.example');
      expect(strangerPre.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      if (previous === undefined) delete process.env.CORS_ORIGIN;
      else process.env.CORS_ORIGIN = previous;
      await restricted?.close();
    }
  });
});

test('CACHE_MAX_AGE and CORS_ORIGIN: parsing and bad values', () => {
  expect(parseCacheMaxAge(undefined)).toBe(300);
  expect(parseCacheMaxAge(' 60 ')).toBe(60);
  expect(() => parseCacheMaxAge('5m')).toThrow(/CACHE_MAX_AGE must be a whole number of seconds, got "5m"/);
  expect(() => parseCacheMaxAge('-1')).toThrow(/CACHE_MAX_AGE/);
  expect(parseCorsOrigins(undefined)).toBeUndefined();
  expect(parseCorsOrigins('*')).toBeUndefined();
  expect(parseCorsOrigins('https://a.example/, http://localhost:3000')).toEqual(['https://a.example', 'http://localhost:3000']);
  expect(() => parseCorsOrigins('a.example')).toThrow(/CORS_ORIGIN must list origins like https:\/\/example.org, got "a.example"/);
});
