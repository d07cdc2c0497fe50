// Fair sharing (issue 13.3): a client past its quota gets 429, Retry-After and a typed
// error; every GraphQL response carries the IETF RateLimit-Policy / RateLimit fields
// (draft-ietf-httpapi-ratelimit-headers-10). Real HTTP, so the client address is real.
// API keys (Authorization: Bearer): a valid one has its own quota; any other is a typed 401.
import { createToken, revokeToken } from '../src/corrections/tokens.js';
import { connectDatabase } from '../src/db/database.js';
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

describe('API keys (Authorization: Bearer): their own quota, refused when not valid', () => {
  const limits = (keyQuota: number, cacheSeconds = 30) => ({
    rateLimit: { quota: 1, windowSeconds: 3600, trustProxy: false, apiKeyQuota: keyQuota, apiKeyCacheSeconds: cacheSeconds },
  });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const code = async (response: Response) =>
    ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;

  test('a reader key is counted on its own quota, not its address; each key has its own count', async () => {
    const a = (await createToken(t.db.pool, 'reader-a', { scopes: ['read'] })).token;
    const b = (await createToken(t.db.pool, 'reader-b', { scopes: ['read'] })).token;
    const server = await listen(t.db, limits(3));
    try {
      // The address's quota (1) is used up anonymously…
      expect((await ask(server)).status).toBe(200);
      expect((await ask(server)).status).toBe(429);
      // …while key a still has 3 of its own, and says so in the RateLimit fields.
      for (const remaining of [2, 1, 0]) {
        const response = await ask(server, bearer(a));
        expect(response.status).toBe(200);
        expect(response.headers.get('ratelimit-policy')).toBe('"api-key";q=3;w=3600');
        expect(response.headers.get('ratelimit')).toMatch(new RegExp(`^"api-key";r=${remaining};t=\\d+$`));
      }
      const refused = await ask(server, bearer(a));
      expect(refused.status).toBe(429);
      expect(refused.headers.get('ratelimit-policy')).toBe('"api-key";q=3;w=3600');
      expect(await code(refused)).toBe('RATE_LIMITED');
      expect((await ask(server, bearer(b))).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  test('a curator token is a key too', async () => {
    const curator = (await createToken(t.db.pool, 'curator-key')).token;
    const server = await listen(t.db, limits(2));
    try {
      expect((await ask(server, bearer(curator))).headers.get('ratelimit-policy')).toBe('"api-key";q=2;w=3600');
    } finally {
      await server.close();
    }
  });

  test('an unknown, malformed, revoked or expired key is a typed 401, never served on the address quota', async () => {
    const revoked = (await createToken(t.db.pool, 'reader-revoked', { scopes: ['read'] })).token;
    await revokeToken(t.db.pool, 'reader-revoked');
    const expired = (await createToken(t.db.pool, 'reader-expired', { scopes: ['read'], expiresAt: new Date(Date.now() + 3_600_000) }))
      .token;
    await t.db.pool.query(`UPDATE curator_token SET expires_at = now() - interval '1 minute' WHERE name = 'reader-expired'`);
    // A large address quota: a refused key must not fall back to it.
    const server = await listen(t.db, { rateLimit: { ...limits(5).rateLimit, quota: 1000 } });
    try {
      const cases: [Record<string, string>, RegExp][] = [
        [bearer('sgc_not-a-real-token'), /^Unknown token\.$/],
        [{ authorization: 'Basic YWxpY2U6c2VjcmV0' }, /must be "Bearer <token>"/],
        [bearer(revoked), /^The token "reader-revoked" was revoked on \d{4}-/],
        [bearer(expired), /^The token "reader-expired" expired on \d{4}-/],
      ];
      for (const [headers, message] of cases) {
        const response = await ask(server, headers);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
        const body = (await response.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
        expect(body.data).toBeUndefined();
        expect(body.errors).toEqual([{ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } }]);
      }
    } finally {
      await server.close();
    }
  });

  test('refused keys count against the address: guessing keys uses up its quota', async () => {
    const server = await listen(t.db, { rateLimit: { ...limits(5).rateLimit, quota: 2 } });
    try {
      expect((await ask(server, bearer('sgc_guess-1'))).status).toBe(401);
      expect((await ask(server, bearer('sgc_guess-2'))).status).toBe(401);
      const refused = await ask(server, bearer('sgc_guess-3'));
      expect(refused.status).toBe(429);
      expect(await code(refused)).toBe('RATE_LIMITED');
    } finally {
      await server.close();
    }
  });

  test('a key is looked up once per cache period; a revocation shows after it (at once with a cache of 0 s)', async () => {
    const cached = (await createToken(t.db.pool, 'reader-cached', { scopes: ['read'] })).token;
    const uncached = (await createToken(t.db.pool, 'reader-uncached', { scopes: ['read'] })).token;
    const longCache = await listen(t.db, limits(100, 3600));
    const noCache = await listen(t.db, limits(100, 0));
    const lookups: string[] = [];
    const stop = t.db.pool.onStatement((sql) => {
      if (sql.includes('curator_token')) lookups.push(sql);
    });
    try {
      // Ten requests with one key, five of them at once: one lookup.
      for (let i = 0; i < 5; i++) expect((await ask(longCache, bearer(cached))).status).toBe(200);
      const together = await Promise.all(Array.from({ length: 5 }, () => ask(longCache, bearer(cached))));
      expect(together.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(lookups).toHaveLength(1);

      await revokeToken(t.db.pool, 'reader-cached');
      await revokeToken(t.db.pool, 'reader-uncached');
      // Within the cache period the revoked key still passes (the stated bound: API_KEY_CACHE_S)…
      expect((await ask(longCache, bearer(cached))).status).toBe(200);
      // …without a cache it is refused on the next request.
      expect((await ask(noCache, bearer(uncached))).status).toBe(401);
    } finally {
      stop();
      await longCache.close();
      await noCache.close();
    }
  });

  test('a key that cannot be checked because the database is down is a typed 503, not a 500 or a pass', async () => {
    // Nothing listens on port 1.
    const down = connectDatabase('postgres://scholargraph@127.0.0.1:1/none', { max: 1 });
    const server = await listen(down, limits(5));
    try {
      const response = await ask(server, bearer('sgc_any'));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await code(response)).toBe('DATABASE_UNAVAILABLE');
    } finally {
      await server.close();
      await down.close();
    }
  });

  test('mutations still check their token uncached: a revoked curator token corrects nothing', async () => {
    const token = (await createToken(t.db.pool, 'curator-revoked-late')).token;
    const server = await listen(t.db, limits(100, 3600));
    try {
      expect((await ask(server, bearer(token))).status).toBe(200);
      await revokeToken(t.db.pool, 'curator-revoked-late');
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: JSON.stringify({
          query: 'mutation { addNameVariant(input: { author: "nobody", name: { first: "A", last: "B" } }) { errors { code } } }',
        }),
      });
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('FORBIDDEN');
    } finally {
      await server.close();
    }
  });
});
