// GraphQL over HTTP from the outside: the real handler on a real port passes every
// graphql-http audit (the GraphQL-over-HTTP spec), answers queries over GET with
// public caching headers, refuses mutations over GET, speaks CORS, refuses
// non-JSON POSTs without a CSRF header, and serves GraphiQL compressed and cacheable.
import { promisify } from 'node:util';
import { brotliDecompress, gunzip } from 'node:zlib';
import { auditServer, type AuditResult } from 'graphql-http';
import { parseCacheMaxAge, parseCorsOrigins } from '../src/config.js';
import { loadDemoData } from '../src/demo/demo-data.js';
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
    // (An unknown slug was the error here until issue 15.3; it is a cacheable null now, below.)
    const badInput = await fetch(getUrl(server.url, '{ author(by: { orcid: "12345" }) { name } }'));
    expect(((await badInput.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    expect(badInput.headers.get('cache-control')).toBe('no-store');

    const invalid = await fetch(getUrl(server.url, '{ nonsense }'), { headers: { accept: 'application/graphql-response+json' } });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('cache-control')).toBe('no-store');
  });

  test('a lookup that finds nothing is a cacheable null', async () => {
    const missing = await fetch(getUrl(server.url, '{ author(by: { slug: "no-such-person" }) { name } }'));
    expect(await missing.json()).toEqual({ data: { author: null } });
    expect(missing.headers.get('cache-control')).toBe('public, max-age=300');
  });

  test('a query sent with credentials is private: a shared cache must not keep what a token may see', async () => {
    const response = await fetch(getUrl(server.url, AUTHOR_NAME), { headers: { authorization: 'Bearer sgc_not-checked-here' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
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

  test('unset CORS_ORIGIN: any origin, never with credentials', async () => {
    const response = await fetch(getUrl(server.url, AUTHOR_NAME), { headers: { origin: 'https://anywhere.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    const pre = await preflight(server.url, 'https://anywhere.example');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    // A sandboxed page or a file (Origin: null) gets no credentials either.
    const sandboxed = await preflight(server.url, 'null');
    expect(sandboxed.headers.get('access-control-allow-credentials')).toBeNull();
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
        expect(response.headers.get('access-control-allow-credentials')).toBe('true');
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

describe('CSRF prevention', () => {
  const post = (contentType: string, body: string, headers: Record<string, string> = {}) =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });

  test('a POST a plain HTML form could send is refused without the header (403, CSRF_PREVENTED)', async () => {
    const multipart = '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ __typename }"}\r\n--x--\r\n';
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', 'query=%7B__typename%7D'],
      ['text/plain', '{"query":"{ __typename }"}'],
      ['multipart/form-data; boundary=x', multipart],
    ] as const) {
      const response = await post(type, body);
      expect(response.status).toBe(403);
      const json = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
      expect(json.data).toBeUndefined();
      expect(json.errors[0]!.extensions.code).toBe('CSRF_PREVENTED');
    }
  });

  test('with the header, or as JSON (which always preflights cross-site), it runs', async () => {
    const form = await post('application/x-www-form-urlencoded', 'query=%7B__typename%7D', { 'x-graphql-yoga-csrf': '1' });
    expect(await form.json()).toEqual({ data: { __typename: 'Query' } });
    const json = await post('application/json', '{"query":"{ __typename }"}');
    expect(await json.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('GraphiQL', () => {
  const page = (headers: Record<string, string>) => fetch(server.url, { headers: { accept: 'text/html', ...headers } });

  test('is compressed by Accept-Encoding (brotli, gzip, else as is) and the same page each way', async () => {
    const plain = await page({ 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const html = Buffer.from(await plain.arrayBuffer());
    expect(html.toString()).toMatch(/<title>Scholargraph<\/title>/);
    // node's fetch decodes what it asked for itself; ask with node:http semantics instead.
    const raw = async (encoding: string) => {
      const response = await page({ 'accept-encoding': encoding });
      return {
        encoding: response.headers.get('content-encoding'),
        vary: response.headers.get('vary'),
        length: Number(response.headers.get('content-length')),
      };
    };
    expect(await raw('gzip, deflate, br')).toMatchObject({ encoding: 'br' });
    expect((await raw('gzip')).encoding).toBe('gzip');
    expect((await raw('br;q=0, gzip')).encoding).toBe('gzip');
    expect((await raw('gzip, deflate, br')).vary).toMatch(/Accept-Encoding/);
    // The compressed bodies decompress to the page.
    const { request } = await import('node:http');
    const fetchRaw = (encoding: string) =>
      new Promise<Buffer>((resolve, reject) => {
        request(server.url, { headers: { accept: 'text/html', 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        })
          .on('error', reject)
          .end();
      });
    const br = await fetchRaw('br');
    const gz = await fetchRaw('gzip');
    expect(br.length).toBeLessThan(html.length / 3);
    expect(gz.length).toBeLessThan(html.length / 3);
    expect((await promisify(brotliDecompress)(br)).equals(html)).toBe(true);
    expect((await promisify(gunzip)(gz)).equals(html)).toBe(true);
  });

  test('is cacheable: an ETag, Cache-Control, and 304 when the browser has it', async () => {
    const first = await page({});
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const again = await page({ 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect((await page({ 'if-none-match': '"other"' })).status).toBe(200);
  });
});
