// Bounded time per request (issue 13.2): statement_timeout, the pool-acquire timeout,
// cancelling the statement of a client that went away, Node's server timeouts and the
// connection cap; and bounded named statements per connection (13.4). All against a real
// PostgreSQL. A statement is made slow for real: another session holds a lock the API's
// query must wait for (a lock wait is a running statement; statement_timeout and a cancel
// both end it).
import { execFile } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { connectDatabase, type Database } from '../src/db/database.js';
import { loadDemoData } from '../src/demo/demo-data.js';
import { createHttpServer } from '../src/http/node-server.js';
import { createScholargraphYoga } from '../src/yoga.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { CORRECTIONS_LOCK } from '../src/corrections/run.js';
import { graphqlOver, newToken } from './helpers/corrections.js';
import { listen } from './helpers/http-server.js';
import { eventually } from './helpers/eventually.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db);
});
afterAll(() => t.drop());

const AUTHOR_QUERY = '{ author(slug: "lei-gao-usc") { name } }';

async function post(yoga: ReturnType<typeof createScholargraphYoga>, query: string) {
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query }),
  });
  return {
    response,
    body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] },
  };
}

/** A session holding ACCESS EXCLUSIVE on `author` until released: readers of it wait. */
async function lockAuthors(url: string) {
  const locker = new pg.Client(url);
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE author IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await locker.query('ROLLBACK');
    await locker.end();
  };
}

describe('statement_timeout', () => {
  let api: Database;
  beforeAll(() => {
    api = connectDatabase(t.url, { max: 2, statementTimeoutMs: 200 });
  });
  afterAll(() => api.close());

  test('a statement past the timeout is stopped: 503, Retry-After, code STATEMENT_TIMEOUT', async () => {
    const release = await lockAuthors(t.url);
    try {
      const yoga = createScholargraphYoga({ db: api, logging: false, production: true });
      const { response, body } = await post(yoga, AUTHOR_QUERY);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(body.errors?.[0]?.extensions?.code).toBe('STATEMENT_TIMEOUT');
      expect(JSON.stringify(body)).not.toMatch(/canceling statement|127\.0\.0\.1|postgres/i);
    } finally {
      await release();
    }
  });

  test('the API pool carries the setting', async () => {
    const { rows } = await api.pool.query<{ statement_timeout: string }>('SHOW statement_timeout');
    expect(rows[0]!.statement_timeout).toBe('200ms');
  });

  test('the same query answers once the lock is gone', async () => {
    const yoga = createScholargraphYoga({ db: api, logging: false });
    const { response, body } = await post(yoga, AUTHOR_QUERY);
    expect(response.status).toBe(200);
    expect(body.errors).toBeUndefined();
  });
});

describe('a correction is not bound by the API statement_timeout', () => {
  test('it waits for the corrections lock longer than the timeout, then applies', async () => {
    const appName = `sg-correction-${process.pid}`;
    const api = connectDatabase(t.url, { max: 2, statementTimeoutMs: 200, applicationName: appName });
    const server = await listen(api);
    const token = await newToken(t.db, 'timeout-test');
    const locker = new pg.Client(t.url);
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT pg_advisory_xact_lock($1)', [CORRECTIONS_LOCK]);
      const response = graphqlOver(server)<{ addNameVariant: { correction: { number: number } | null; errors: unknown[] } }>(
        'mutation ($input: AddNameVariantInput!) { addNameVariant(input: $input) { correction { number } errors { code } } }',
        { input: { author: 'lei-gao-usc', name: { first: 'L.', last: 'Gao' } } },
        token,
      );
      // The correction's transaction waits on the lock, past the pool's 200 ms.
      await eventually(async () => {
        const { rows } = await t.db.pool.query(
          "SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock' AND now() - query_start > interval '400 ms'",
          [appName],
        );
        return rows.length === 1;
      }, 'the correction waited longer than the statement timeout');
      await locker.query('ROLLBACK');
      const result = await response;
      expect(result.errors).toBeUndefined();
      expect(result.data!.addNameVariant.errors).toEqual([]);
      expect(result.data!.addNameVariant.correction).not.toBeNull();
    } finally {
      await locker.end();
      await server.close();
      await api.close();
    }
  });
});

describe('pool-acquire timeout', () => {
  test('no connection free in time: 503, Retry-After, code DATABASE_BUSY', async () => {
    // The timeout also bounds opening a connection: long enough for that on a loaded machine.
    const api = connectDatabase(t.url, { max: 1, acquireTimeoutMs: 2_000 });
    const held = await api.pool.connect();
    try {
      const yoga = createScholargraphYoga({ db: api, logging: false, production: true });
      const { response, body } = await post(yoga, AUTHOR_QUERY);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(body.errors?.[0]?.extensions?.code).toBe('DATABASE_BUSY');
    } finally {
      held.release();
      await api.close();
    }
  });
});

describe('a client that goes away', () => {
  test('its running statement is cancelled in PostgreSQL (pg_stat_activity)', async () => {
    const appName = `sg-abort-${process.pid}`;
    const api = connectDatabase(t.url, { max: 2, applicationName: appName });
    const server = await listen(api);
    const release = await lockAuthors(t.url);
    const waiting = () =>
      t.db.pool
        .query<{
          pid: number;
        }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND state = 'active' AND wait_event_type = 'Lock'", [appName])
        .then((r) => r.rows.map((row) => row.pid));
    try {
      const controller = new AbortController();
      const request = fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: AUTHOR_QUERY }),
        signal: controller.signal,
      }).catch((error: unknown) => error);
      await eventually(async () => (await waiting()).length === 1, 'the API statement waits on the lock');
      controller.abort();
      await request;
      // No statement_timeout on this pool and the lock is still held: only a cancel ends the wait.
      await eventually(async () => (await waiting()).length === 0, 'the waiting statement was cancelled');
    } finally {
      await release();
      await server.close();
      await api.close();
    }
  });
});

describe('named prepared statements', () => {
  test('at most maxPreparedStatements per connection; an evicted one is prepared again', async () => {
    const api = connectDatabase(t.url, { max: 1, maxPreparedStatements: 5 });
    try {
      for (let i = 0; i < 30; i++) {
        const { rows } = await api.pool.query<{ n: number }>({ name: `sg_test_${i}`, text: `SELECT ${i}::int AS n`, values: [] });
        expect(rows[0]!.n).toBe(i);
      }
      const { rows } = await api.pool.query<{ count: string; names: string[] }>(
        'SELECT count(*) AS count, array_agg(name ORDER BY name) AS names FROM pg_prepared_statements',
      );
      expect(Number(rows[0]!.count)).toBeLessThanOrEqual(5);
      // The most recent ones are the ones kept.
      expect(rows[0]!.names).toContain('sg_test_29');
      // Evicted, then used again: pg prepares it anew.
      const again = await api.pool.query<{ n: number }>({ name: 'sg_test_0', text: 'SELECT 0::int AS n', values: [] });
      expect(again.rows[0]!.n).toBe(0);
    } finally {
      await api.close();
    }
  });

  test('an eviction right after a failed statement queues no second statement on a busy connection (no pg deprecation warning)', async () => {
    // pg calls back a failed statement before the connection is ready again; a DEALLOCATE sent
    // then would queue behind it, and the next statement behind that: pg's "Calling
    // client.query() when the client is already executing a query is deprecated". A process of
    // its own, because Node prints each deprecation once per process.
    const script = `
      import { createPool } from './src/db/pool.ts';
      const pool = createPool(process.env.URL, { max: 1, maxPreparedStatements: 1 });
      const client = await pool.connect();
      const n = await new Promise((resolve, reject) =>
        client.query({ name: 'sg_fails', text: 'SELECT 1/0' }, () =>
          client.query({ name: 'sg_next', text: 'SELECT 2 AS n' }).then((r) => resolve(r.rows[0].n), reject)));
      const { rows } = await client.query('SELECT array_agg(name) AS names FROM pg_prepared_statements');
      console.log(JSON.stringify({ n, names: rows[0].names }));
      client.release();
      await pool.end();`;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, URL: t.url, NODE_OPTIONS: '' },
    });
    expect(stderr).not.toMatch(/DeprecationWarning/);
    expect(JSON.parse(stdout)).toEqual({ n: 2, names: ['sg_next'] });
  }, 30_000);
});

describe('Node server limits', () => {
  async function start(settings: Parameters<typeof createHttpServer>[1]) {
    const yoga = createScholargraphYoga({ db: t.db, logging: false });
    const server = createHttpServer(yoga, settings);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as AddressInfo).port };
  }
  const open = (port: number) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
      socket.on('error', reject);
    });
  const closed = (socket: Socket) =>
    new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => {});
    });

  test('a request whose headers never finish is answered 408 and closed', async () => {
    const { server, port } = await start({ headersTimeout: 200, requestTimeout: 400, keepAliveTimeout: 1000, maxConnections: 10 });
    try {
      const socket = await open(port);
      const done = closed(socket);
      socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\n');
      expect(await done).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test('a body that never finishes is answered 408 and closed', async () => {
    const { server, port } = await start({ headersTimeout: 200, requestTimeout: 400, keepAliveTimeout: 1000, maxConnections: 10 });
    try {
      const socket = await open(port);
      const done = closed(socket);
      socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":');
      expect(await done).toMatch(/HTTP\/1\.1 408/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test('connections past maxConnections are closed at once', async () => {
    const { server, port } = await start({ headersTimeout: 5000, requestTimeout: 10000, keepAliveTimeout: 5000, maxConnections: 2 });
    try {
      const first = await open(port);
      const second = await open(port);
      // Let the server accept both before the third arrives.
      await eventually(
        () => new Promise<boolean>((resolve) => server.getConnections((_, n) => resolve(n === 2))),
        'two connections accepted',
      );
      const third = await open(port);
      expect(await closed(third)).toBe('');
      // The first two still work.
      first.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(await closed(first)).toMatch(/^HTTP\/1\.1 200/);
      second.destroy();
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
