// Fair sharing (issue 13.3): a client past its quota gets 429, Retry-After and a typed
// error; every GraphQL response carries the IETF RateLimit-Policy / RateLimit fields
// (draft-ietf-httpapi-ratelimit-headers-10). Real HTTP, so the client address is real.
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { listen, type RunningServer } from './helpers/http-server.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const ask = (server: RunningServer, headers: Record<string, string> = {}) =>
  fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ __typename }' }),
  });

test('quota 3 per hour: three answers counting down, then 429 with Retry-After and RATE_LIMITED', async () => {
  const server = await listen(t.db, { rateLimit: { quota: 3, windowSeconds: 3600, trustProxy: false } });
  try {
    for (const remaining of [2, 1, 0]) {
      const response = await ask(server);
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-policy')).toBe('"default";q=3;w=3600');
      expect(response.headers.get('ratelimit')).toMatch(new RegExp(`^"default";r=${remaining};t=\\d+$`));
    }
    const refused = await ask(server);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.headers.get('ratelimit')).toBe(`"default";r=0;t=${retryAfter}`);
    const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('RATE_LIMITED');
    // Health checks are not GraphQL requests: never limited.
    expect((await fetch(`${server.origin}/health`)).status).toBe(200);
  } finally {
    await server.close();
  }
});

test('behind a trusted proxy each forwarded client has its own quota; untrusted, the header is ignored', async () => {
  const trusted = await listen(t.db, { rateLimit: { quota: 1, windowSeconds: 3600, trustProxy: true } });
  const untrusted = await listen(t.db, { rateLimit: { quota: 1, windowSeconds: 3600, trustProxy: false } });
  try {
    expect((await ask(trusted, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
    expect((await ask(trusted, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(200);
    expect((await ask(trusted, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(429);
    expect((await ask(untrusted, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
    expect((await ask(untrusted, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(429);
  } finally {
    await trusted.close();
    await untrusted.close();
  }
});

test('no quota configured: no fields, no limit', async () => {
  const server = await listen(t.db);
  try {
    const response = await ask(server);
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit')).toBeNull();
  } finally {
    await server.close();
  }
});
