// The response cache (src/http/response-cache.ts) over real HTTP and a real database holding
// J17 (Computational Linguistics 2017): what it keeps and never keeps, ETag and 304, and that a
// correction or an import evicts exactly what changed — in this server, in a second server over
// the same database, and through a real Redis shared by two servers.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { connectDatabase, type Database } from '../src/db/database.js';
import { AUTHOR_PAGE_QUERY } from '../src/examples/author-page.js';
import { matchesAny } from '../src/http/etag.js';
import { RESPONSE_CACHE_DEFAULTS, type ResponseCacheSettings } from '../src/http/response-cache.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { graphqlOver, importCollections, newToken } from './helpers/corrections.js';
import { databaseWithCollections } from './helpers/corpus.js';
import type { TestDatabase } from './helpers/database.js';
import { listen, type RunningServer } from './helpers/http-server.js';
import { eventually } from './helpers/eventually.js';

const MEMORY: ResponseCacheSettings = { ...RESPONSE_CACHE_DEFAULTS, redisUrl: undefined };

// J17-1001 is by Claire Gardent and Laura Perez-Beltrachini, J17-1002 by Rocco Tripodi and
// Marcello Pelillo (data/xml/J17.xml); Ivan Habernal wrote J17-1004 with Iryna Gurevych only.
const KEEP = 'claire-gardent';
const REMOVE = 'rocco-tripodi';
const KEEP_COAUTHOR = 'laura-perez-beltrachini';
const REMOVE_COAUTHOR = 'marcello-pelillo';
const UNRELATED = 'ivan-habernal';

interface Page {
  status: number;
  cacheStatus: string | null;
  etag: string | null;
  cacheControl: string | null;
  text: string;
  author: { slug: string; papers: { edges: { node: { anthologyId: string; authorships: { author: { slug: string } }[] } }[] } } | null;
}

function pageUrl(server: RunningServer, slug: string): string {
  const url = new URL(server.url);
  url.searchParams.set('query', AUTHOR_PAGE_QUERY);
  url.searchParams.set('variables', JSON.stringify({ slug }));
  return url.toString();
}

async function getPage(server: RunningServer, slug: string, headers: Record<string, string> = {}): Promise<Page> {
  const response = await fetch(pageUrl(server, slug), { headers: { accept: 'application/graphql-response+json', ...headers } });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as { data?: { author: Page['author'] }; errors?: unknown[] }) : undefined;
  if (body?.errors) throw new Error(`errors: ${JSON.stringify(body.errors)}`);
  return {
    status: response.status,
    cacheStatus: response.headers.get('cache-status'),
    etag: response.headers.get('etag'),
    cacheControl: response.headers.get('cache-control'),
    text,
    author: body?.data?.author ?? null,
  };
}

/** The SQL statements `db`'s pool ran while `fn` did. */
async function statementsDuring<T>(db: Database, fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  let statements = 0;
  const stop = db.pool.onStatement(() => statements++);
  try {
    return { result: await fn(), statements };
  } finally {
    stop();
  }
}

/** Authors of `paper` on a page, by slug. */
const authorsOf = (page: Page, paper: string) =>
  page.author!.papers.edges.find((e) => e.node.anthologyId === paper)?.node.authorships.map((a) => a.author.slug);

async function merge(server: RunningServer, token: string, keep: string, remove: string): Promise<number> {
  const { data, errors } = await graphqlOver(server)<{ mergeAuthors: { correction: { number: number }; errors: unknown[] } }>(
    `mutation ($input: MergeAuthorsInput!) { mergeAuthors(input: $input) { correction { number } errors { code message } } }`,
    { input: { keep, remove } },
    token,
  );
  expect(errors).toBeUndefined();
  expect(data!.mergeAuthors.errors).toEqual([]);
  return data!.mergeAuthors.correction.number;
}

async function revert(server: RunningServer, token: string, correction: number): Promise<void> {
  const { data, errors } = await graphqlOver(server)<{ revertCorrection: { errors: unknown[] } }>(
    `mutation ($input: RevertCorrectionInput!) { revertCorrection(input: $input) { errors { code message } } }`,
    { input: { correction: String(correction) } },
    token,
  );
  expect(errors).toBeUndefined();
  expect(data!.revertCorrection.errors).toEqual([]);
}

/** Polls `check` until it holds (another process hears a NOTIFY a few milliseconds after COMMIT). */
/** Up to 10 s, polled often. */
const SOON = { tries: 500, intervalMs: 20 };

let t: TestDatabase;
let server: RunningServer;
let token: string;

beforeAll(async () => {
  t = await databaseWithCollections(['J17']);
  server = await listen(t.db, { production: true, responseCache: MEMORY });
  token = await newToken(t.db, 'alice');
}, 120_000);

afterAll(async () => {
  await server?.close();
  await t?.drop();
});

describe('what is cached', () => {
  test('an anonymous GET of an author page is stored, then answered from the cache without a statement', async () => {
    const first = await getPage(server, UNRELATED);
    expect(first.author!.slug).toBe(UNRELATED);
    expect(first.cacheStatus).toBe('scholargraph; fwd=miss; stored');
    const { result: second, statements } = await statementsDuring(t.db, () => getPage(server, UNRELATED));
    expect(second.cacheStatus).toBe('scholargraph; hit');
    expect(statements).toBe(0);
    expect(second.text).toBe(first.text);
    expect(second.cacheControl).toBe(first.cacheControl);
    expect(second.etag).toBe(first.etag);
  });

  test('the ids the cache collects never reach the answer', async () => {
    const page = await getPage(server, UNRELATED);
    expect(page.text).not.toContain('_sgCacheId');
    // A query that uses the alias itself is answered as asked, and not cached.
    const query = `{ author(by: { slug: "${UNRELATED}" }) { _sgCacheId: slug } }`;
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${server.url}?query=${encodeURIComponent(query)}`);
      expect(await response.json()).toEqual({ data: { author: { _sgCacheId: UNRELATED } } });
      expect(response.headers.get('cache-status')).toBeNull();
    }
  });

  test('never: a request with Authorization, a result with errors, a mutation', async () => {
    for (let i = 0; i < 2; i++) {
      const { result, statements } = await statementsDuring(t.db, () => getPage(server, UNRELATED, { authorization: `Bearer ${token}` }));
      expect(result.cacheStatus).toBeNull();
      expect(result.cacheControl).toBe('private, no-store');
      expect(statements).toBeGreaterThan(0);
    }
    const failing = `{ authors(first: 2, after: "not-a-cursor") { totalCount } }`;
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${server.url}?query=${encodeURIComponent(failing)}`);
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.extensions?.code).toBeDefined();
      expect(response.headers.get('cache-status') ?? '').not.toMatch(/hit|stored/);
    }
    const mutation = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `mutation { revertCorrection(input: { correction: "999999" }) { errors { code } } }` }),
    });
    expect(mutation.headers.get('cache-status')).toBeNull();
  });
});

describe('ETag and If-None-Match (RFC 9110 §8.8.3, §13.1.2)', () => {
  test('a strong ETag on public GET answers; If-None-Match with it (weak comparison, or *) is 304 with no content', async () => {
    const page = await getPage(server, UNRELATED);
    expect(page.etag).toMatch(/^"[A-Za-z0-9_.-]+"$/);
    for (const header of [page.etag!, `W/${page.etag}`, `"nope", ${page.etag}`, '*']) {
      const response = await fetch(pageUrl(server, UNRELATED), {
        headers: { accept: 'application/graphql-response+json', 'if-none-match': header },
      });
      expect(response.status).toBe(304);
      expect(await response.text()).toBe('');
      expect(response.headers.get('etag')).toBe(page.etag);
      expect(response.headers.get('cache-control')).toBe(page.cacheControl);
      expect(response.headers.get('vary')).toContain('Accept');
    }
    const other = await fetch(pageUrl(server, UNRELATED), {
      headers: { accept: 'application/graphql-response+json', 'if-none-match': '"nope"' },
    });
    expect(other.status).toBe(200);
  });

  test('another media type is another representation: another ETag', async () => {
    const json = await getPage(server, UNRELATED, { accept: 'application/json' });
    const graphql = await getPage(server, UNRELATED);
    expect(json.text).toBe(graphql.text);
    expect(json.etag).not.toBe(graphql.etag);
  });

  test('no ETag without a shared cache’s permission: POST, Authorization', async () => {
    const post = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: AUTHOR_PAGE_QUERY, variables: { slug: UNRELATED } }),
    });
    expect(post.headers.get('etag')).toBeNull();
    expect((await getPage(server, UNRELATED, { authorization: `Bearer ${token}` })).etag).toBeNull();
  });

  test('matchesAny: weak comparison over a list', () => {
    expect(matchesAny('"a", W/"b"', '"b"')).toBe(true);
    expect(matchesAny('W/"a"', '"a"')).toBe(true);
    expect(matchesAny('"a"', '"b"')).toBe(false);
    expect(matchesAny(null, '"b"')).toBe(false);
    expect(matchesAny('*', '"b"')).toBe(true);
  });
});

describe('a correction evicts exactly what it changed', () => {
  test('after a merge: both people’s pages and their co-authors’ are fresh on the next request; an unrelated page stays a hit', async () => {
    const before = new Map<string, Page>();
    for (const slug of [KEEP, REMOVE, KEEP_COAUTHOR, REMOVE_COAUTHOR, UNRELATED]) {
      await getPage(server, slug);
      before.set(slug, await getPage(server, slug));
      expect(before.get(slug)!.cacheStatus).toBe('scholargraph; hit');
    }
    expect(authorsOf(before.get(REMOVE_COAUTHOR)!, 'J17-1002')).toEqual([REMOVE, REMOVE_COAUTHOR]);

    const correction = await merge(server, token, KEEP, REMOVE);

    const kept = await getPage(server, KEEP);
    expect(kept.cacheStatus).toBe('scholargraph; fwd=miss; stored');
    expect(kept.author!.papers.edges.map((e) => e.node.anthologyId)).toEqual(expect.arrayContaining(['J17-1001', 'J17-1002']));
    expect(kept.etag).not.toBe(before.get(KEEP)!.etag);
    // The old ETag no longer matches: a 200 with the new page.
    const revalidated = await fetch(pageUrl(server, KEEP), {
      headers: { accept: 'application/graphql-response+json', 'if-none-match': before.get(KEEP)!.etag! },
    });
    expect(revalidated.status).toBe(200);

    // The removed slug now finds the person it was merged into.
    const removed = await getPage(server, REMOVE);
    expect(removed.cacheStatus).toBe('scholargraph; fwd=miss; stored');
    expect(removed.author!.slug).toBe(KEEP);

    const coauthor = await getPage(server, REMOVE_COAUTHOR);
    expect(coauthor.cacheStatus).toBe('scholargraph; fwd=miss; stored');
    expect(authorsOf(coauthor, 'J17-1002')).toEqual([KEEP, REMOVE_COAUTHOR]);
    const keptCoauthor = await getPage(server, KEEP_COAUTHOR);
    expect(keptCoauthor.cacheStatus).toBe('scholargraph; fwd=miss; stored');

    const { result: unrelated, statements } = await statementsDuring(t.db, () => getPage(server, UNRELATED));
    expect(unrelated.cacheStatus).toBe('scholargraph; hit');
    expect(statements).toBe(0);
    expect(unrelated.text).toBe(before.get(UNRELATED)!.text);

    // Reverting puts everything back, again fresh.
    await revert(server, token, correction);
    const restored = await getPage(server, REMOVE_COAUTHOR);
    expect(restored.cacheStatus).toBe('scholargraph; fwd=miss; stored');
    expect(restored.text).toBe(before.get(REMOVE_COAUTHOR)!.text);
    expect((await getPage(server, REMOVE)).author!.slug).toBe(REMOVE);
    expect((await getPage(server, UNRELATED)).cacheStatus).toBe('scholargraph; hit');
  });

  test('a search that did not hold a person before a correction is evicted too (its answer is a set)', async () => {
    const query = `{ suggest(prefix: "gardent") { label slug } }`;
    const ask = () => fetch(`${server.url}?query=${encodeURIComponent(query)}`);
    await ask();
    expect((await ask()).headers.get('cache-status')).toBe('scholargraph; hit');
    const correction = await merge(server, token, KEEP, REMOVE);
    expect((await ask()).headers.get('cache-status')).toBe('scholargraph; fwd=miss; stored');
    await revert(server, token, correction);
  });

  test('a revert evicts what shows the correction it reverts (its revertedBy)', async () => {
    const correction = await merge(server, token, KEEP, REMOVE);
    const idQuery = `{ correction(number: ${correction}) { id } }`;
    const { data } = (await (await fetch(`${server.url}?query=${encodeURIComponent(idQuery)}`)).json()) as {
      data: { correction: { id: string } };
    };
    const query = `{ node(id: "${data.correction.id}") { ... on Correction { number revertedBy { number } } } }`;
    const ask = async () => {
      const response = await fetch(`${server.url}?query=${encodeURIComponent(query)}`);
      return { status: response.headers.get('cache-status'), body: (await response.json()) as { data: { node: { revertedBy: unknown } } } };
    };
    await ask();
    const cached = await ask();
    expect(cached.status).toBe('scholargraph; hit');
    expect(cached.body.data.node.revertedBy).toBeNull();
    await revert(server, token, correction);
    const fresh = await ask();
    expect(fresh.status).toBe('scholargraph; fwd=miss; stored');
    expect(fresh.body.data.node.revertedBy).toEqual({ number: expect.any(Number) });
  });

  test('a second server over the same database evicts when the correction’s NOTIFY arrives', async () => {
    const otherDb = connectDatabase(t.url, { max: 3 });
    const other = await listen(otherDb, { production: true, responseCache: MEMORY });
    try {
      await getPage(other, REMOVE_COAUTHOR);
      await getPage(other, UNRELATED);
      expect((await getPage(other, REMOVE_COAUTHOR)).cacheStatus).toBe('scholargraph; hit');
      const correction = await merge(server, token, KEEP, REMOVE);
      await eventually(
        async () => (await getPage(other, REMOVE_COAUTHOR)).cacheStatus !== 'scholargraph; hit',
        'the other server evicted',
        SOON,
      );
      expect(authorsOf(await getPage(other, REMOVE_COAUTHOR), 'J17-1002')).toEqual([KEEP, REMOVE_COAUTHOR]);
      expect((await getPage(other, UNRELATED)).cacheStatus).toBe('scholargraph; hit');
      await revert(server, token, correction);
    } finally {
      await other.close();
      await otherDb.close();
    }
  });
});

describe('imports and lost notifications', () => {
  test('a sync evicts every entry (docs/performance.md)', async () => {
    await getPage(server, UNRELATED);
    expect((await getPage(server, UNRELATED)).cacheStatus).toBe('scholargraph; hit');
    // Q17 (TACL 2017) is new: the sync commits (one that finds nothing changed writes nothing, evicts nothing).
    await importCollections(t, ['J17', 'Q17']);
    await eventually(async () => (await getPage(server, UNRELATED)).cacheStatus !== 'scholargraph; hit', 'evicted', SOON);
    expect((await getPage(server, UNRELATED)).cacheStatus).toBe('scholargraph; hit');
    // The same files again: nothing to do, nothing evicted.
    await importCollections(t, ['J17', 'Q17']);
    expect((await getPage(server, UNRELATED)).cacheStatus).toBe('scholargraph; hit');
  }, 120_000);

  test('while the LISTEN connection is down nothing is served from the cache; once back, the cache starts empty', async () => {
    await getPage(server, UNRELATED);
    expect((await getPage(server, UNRELATED)).cacheStatus).toBe('scholargraph; hit');
    await t.db.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'scholargraph-listen' AND datname = current_database()`,
    );
    await eventually(async () => (await getPage(server, UNRELATED)).cacheStatus === null, 'not served from the cache', SOON);
    // Reconnected (after a second): the first answer is a miss, not the entry from before.
    await eventually(async () => (await getPage(server, UNRELATED)).cacheStatus !== null, 'served from the cache again', SOON);
    expect((await getPage(server, UNRELATED)).cacheStatus).toBe('scholargraph; hit');
  });
});

const haveRedis = spawnSync('redis-server', ['--version']).status === 0;
// CI installs redis-server (.ci/run) and requires these tests to run.
const redisRequired = process.env.REDIS_REQUIRED === '1';
if (!haveRedis && !redisRequired)
  console.warn('redis-server is not installed: the Redis tests are skipped (apt-get install -y redis-server)');

(haveRedis || redisRequired ? describe : describe.skip)('shared through Redis', () => {
  let redis: ChildProcess;
  let redisUrl: string;
  const servers: { server: RunningServer; db: Database }[] = [];

  beforeAll(async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    redisUrl = `redis://127.0.0.1:${port}`;
    await eventually(
      async () => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG',
      'redis-server answers',
      SOON,
    );
    for (let i = 0; i < 2; i++) {
      const db = connectDatabase(t.url, { max: 3 });
      servers.push({ db, server: await listen(db, { production: true, responseCache: { ...MEMORY, redisUrl } }) });
    }
  });

  afterAll(async () => {
    for (const { server: s, db } of servers) {
      await s.close();
      await db.close();
    }
    redis?.kill();
  });

  test('what one server stores the other serves; a correction through the first is fresh on the second at once', async () => {
    const [a, b] = servers;
    await getPage(a!.server, REMOVE_COAUTHOR);
    await getPage(a!.server, UNRELATED);
    const { result: shared, statements } = await statementsDuring(b!.db, () => getPage(b!.server, REMOVE_COAUTHOR));
    expect(shared.cacheStatus).toBe('scholargraph; hit');
    expect(statements).toBe(0);

    // The correction goes through the first server; its NOTIFY reaches both.
    const correction = await merge(a!.server, token, KEEP, REMOVE);
    // The mutation answered once its server had evicted (in Redis): no waiting here.
    const fresh = await getPage(b!.server, REMOVE_COAUTHOR);
    expect(fresh.cacheStatus).toBe('scholargraph; fwd=miss; stored');
    expect(authorsOf(fresh, 'J17-1002')).toEqual([KEEP, REMOVE_COAUTHOR]);
    expect((await getPage(b!.server, UNRELATED)).cacheStatus).toBe('scholargraph; hit');
    await revert(a!.server, token, correction);
    expect(authorsOf(await getPage(b!.server, REMOVE_COAUTHOR), 'J17-1002')).toEqual([REMOVE, REMOVE_COAUTHOR]);
  });
});

describe('configuration', () => {
  test('RESPONSE_CACHE is on by default for npm start; each bad value is named', () => {
    expect(loadConfig({}).responseCache).toEqual(MEMORY);
    expect(loadConfig({ RESPONSE_CACHE: 'off' }).responseCache).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' }).responseCache?.redisUrl).toBe('redis://cache:6379');
    let error: unknown;
    try {
      loadConfig({ RESPONSE_CACHE: 'maybe', RESPONSE_CACHE_TTL_S: '0', REDIS_URL: 'http://user:secret@cache' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/RESPONSE_CACHE must be on or off/);
    expect(problems).toMatch(/RESPONSE_CACHE_TTL_S must be a whole number from 1/);
    expect(problems).toMatch(/REDIS_URL must be a redis:\/\//);
    expect(problems).not.toContain('secret');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
