// Behind a connection pooler (issue 18.4): a real PgBouncer 1.18 in transaction mode, which
// hands each statement outside a transaction to any of its server connections, keeps no
// protocol-level prepared statements across them and refuses startup options. The server runs
// with DATABASE_POOL_MODE=transaction (unnamed statements, no startup options) and
// DATABASE_DIRECT_URL for what needs a session of its own (LISTEN/NOTIFY).
import pg from 'pg';
import { connectDatabase, type Database } from '../src/db/database.js';
import { poolerTimeoutWarning } from '../src/db/pool.js';
import { loadDemoData } from '../src/demo/demo-data.js';
import { AUTHOR_PAGE_QUERY, AUTHOR_PAGE_VARIABLES } from '../src/examples/author-page.js';
import { graphqlOver, newToken } from './helpers/corrections.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { listen, type RunningServer } from './helpers/http-server.js';
import { PGBOUNCER_BINARY, type RunningPgBouncer, startPgBouncer } from './helpers/pgbouncer.js';
import { eventually } from './helpers/eventually.js';

// CI installs pgbouncer (.ci/run) and requires this suite to run; elsewhere it says why it is skipped.
const required = process.env.PGBOUNCER_REQUIRED === '1';
if (!PGBOUNCER_BINARY && !required) console.warn('pooler.test.ts skipped: pgbouncer is not installed (apt-get install pgbouncer)');
const suite = PGBOUNCER_BINARY || required ? describe : describe.skip;

suite('through PgBouncer in transaction mode', () => {
  let t: TestDatabase;
  let bouncer: RunningPgBouncer;
  let api: Database;
  let server: RunningServer;
  let direct: RunningServer;
  const pooled = 'sg-pooled';

  beforeAll(async () => {
    t = await createTestDatabase();
    await loadDemoData(t.db);
    // Two server connections for a pool of eight: statements of one client land on either.
    bouncer = await startPgBouncer(t.url, { serverConnections: 2, connectQuery: 'SET statement_timeout = 30000' });
    api = connectDatabase(bouncer.url, { max: 8, transactionPooler: true, directUrl: t.url, applicationName: pooled });
    server = await listen(api, { production: true });
    direct = await listen(t.db, { production: true });
  });
  afterAll(async () => {
    await server?.close();
    await direct?.close();
    await api?.close();
    await bouncer?.stop();
    await t?.drop();
  });

  test('the reference author page answers exactly as it does on a direct connection, under concurrency', async () => {
    const expected = await graphqlOver(direct)(AUTHOR_PAGE_QUERY, AUTHOR_PAGE_VARIABLES);
    expect(expected.errors).toBeUndefined();
    // 24 at once over 8 client connections and 2 server connections, twice (the loaders' statements
    // come back: named, the second round would find them missing on the other server connection).
    for (let round = 0; round < 2; round++) {
      const answers = await Promise.all(Array.from({ length: 24 }, () => graphqlOver(server)(AUTHOR_PAGE_QUERY, AUTHOR_PAGE_VARIABLES)));
      for (const answer of answers) expect(answer).toEqual(expected);
    }
    // Nothing was prepared under a name on the server connections.
    const { rows } = await api.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements');
    expect(rows[0]!.n).toBe(0);
  });

  test("the pooler's connect_query gives the server connections their statement timeout; the server warns when it is not STATEMENT_TIMEOUT_MS", async () => {
    const { rows } = await api.pool.query<{ statement_timeout: string }>('SHOW statement_timeout');
    expect(rows[0]!.statement_timeout).toBe('30s');
    expect(await poolerTimeoutWarning(api.pool, 30_000)).toBeUndefined();
    expect(await poolerTimeoutWarning(api.pool, 5_000)).toMatch(/statement_timeout = 30000 ms, not STATEMENT_TIMEOUT_MS = 5000/);
  });

  test('a correction (one transaction, its advisory lock) commits through the pooler and is announced over the direct connection', async () => {
    const token = await newToken(t.db, 'pooled-curator');
    const controller = new AbortController();
    const stream = await fetch(server.url, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { correctionApplied(author: "lei-gao-usc") { authorSlugs correction { kind } } }' }),
    });
    const reader = stream.body!.getReader();
    await new Promise((resolve) => setTimeout(resolve, 200));
    try {
      const result = await graphqlOver(server)<{ addNameVariant: { errors: unknown[] } }>(
        'mutation { addNameVariant(input: { author: "lei-gao-usc", name: { first: "L.", last: "Gao" } }) { errors { code } } }',
        {},
        token,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.addNameVariant.errors).toEqual([]);
      let text = '';
      while (!/^data: .*\n\n/m.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      const line = text.split('\n').find((l) => l.startsWith('data: '))!;
      expect(JSON.parse(line.slice('data: '.length))).toEqual({
        data: { correctionApplied: { authorSlugs: ['lei-gao-usc'], correction: { kind: 'ADD_NAME_VARIANT' } } },
      });
      const page = await graphqlOver(server)<{ author: { variants: string[] } }>('{ author(slug: "lei-gao-usc") { variants } }');
      expect(page.data!.author.variants).toContain('L. Gao');
    } finally {
      controller.abort();
    }
  });

  test("a client that goes away: its statement is cancelled through the pooler (the pooler's own cancel keys)", async () => {
    const locker = new pg.Client(t.url);
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE author IN ACCESS EXCLUSIVE MODE');
    // The API's statement, waiting on the lock on one of the pooler's server connections.
    const waiting = async () =>
      (
        await t.db.pool.query(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock' AND pid <> $1",
          [(locker as unknown as { processID: number }).processID],
        )
      ).rows.length;
    try {
      const controller = new AbortController();
      const request = fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ author(slug: "lei-gao-usc") { name } }' }),
        signal: controller.signal,
      }).catch((error: unknown) => error);
      await eventually(async () => (await waiting()) === 1, 'the API statement waits on the lock');
      controller.abort();
      await request;
      // The lock is still held and the timeout (30 s) far off: only the cancel ends the wait.
      await eventually(async () => (await waiting()) === 0, 'the waiting statement was cancelled').catch(async (error: Error) => {
        throw new Error(`${error.message}\n${(await bouncer.log()).split('\n').slice(-15).join('\n')}`);
      });
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });
});
