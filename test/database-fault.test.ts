// A database fault under load (issue 13.9): PostgreSQL stops while requests keep coming.
// /ready turns 503 without naming the database's address, requests fail with a typed 503
// (never a 500 or a leaked driver message), and once PostgreSQL is back the same server
// serves again, without a restart. The PostgreSQL here is this test's own (it is stopped).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase, type Database } from '../src/db/database.js';
import { type EmbeddedServer, freePort, startEmbeddedPostgres } from '../src/db/embedded.js';
import { ensureDatabase } from '../src/db/local.js';
import { migrate } from '../src/db/migrate.js';
import { loadDemoData } from '../src/demo/demo-data.js';
import { listen, type RunningServer } from './helpers/http-server.js';
import { eventually } from './helpers/eventually.js';

let dataDir: string;
let port: number;
let postgres: EmbeddedServer | undefined;
let api: Database;
let server: RunningServer;

const start = () => startEmbeddedPostgres({ dataDir, port, persistent: true });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'sg-fault-'));
  port = await freePort();
  postgres = await start();
  await ensureDatabase(postgres.url(), 'scholargraph');
  const setup = connectDatabase(postgres.url('scholargraph'), { max: 1 });
  await migrate(setup.pool);
  await loadDemoData(setup);
  await setup.close();
  api = connectDatabase(postgres.url('scholargraph'), { max: 4, statementTimeoutMs: 2_000, acquireTimeoutMs: 1_000 });
  // Idle connections dying with the database are reported on the pool; keep the test output quiet.
  api.pool.removeAllListeners('error');
  api.pool.on('error', () => {});
  server = await listen(api, { production: true });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await api?.close().catch(() => {});
  await postgres?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const QUERY = '{ author(slug: "lei-gao-usc") { name paperCount papers(first: 3) { totalCount edges { node { title } } } } }';

interface Outcome {
  status: number;
  body: string;
}

async function ask(): Promise<Outcome> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: QUERY }),
  });
  return { status: response.status, body: await response.text() };
}

/** `workers` clients asking in a loop until `stop()`; every outcome kept. */
function load(workers: number) {
  const outcomes: Outcome[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) outcomes.push(await ask());
  });
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Up to 30 s: the database restarts in between. */
const SLOW = { tries: 300, intervalMs: 100 };

test('PostgreSQL stops under load: typed 503s and /ready 503 without the address; back: serving again', async () => {
  expect((await ask()).status).toBe(200);
  const traffic = load(8);
  // Some answers while all is well.
  await eventually(async () => traffic.outcomes.some((o) => o.status === 200), 'answers before the fault', SLOW);

  await postgres!.stop();
  postgres = undefined;
  const ready = await fetch(`${server.origin}/ready`);
  expect(ready.status).toBe(503);
  const readyBody = await ready.text();
  expect(JSON.parse(readyBody)).toMatchObject({ status: 'unavailable', code: 'DATABASE_UNAVAILABLE' });
  expect(readyBody).not.toMatch(new RegExp(`127\\.0\\.0\\.1|${port}|ECONNREFUSED|postgres`));
  const during = traffic.outcomes.length;
  await eventually(async () => traffic.outcomes.length > during + 20, 'requests answered while the database is down', SLOW);

  postgres = await start();
  await eventually(async () => (await fetch(`${server.origin}/ready`)).status === 200, '/ready again', SLOW);
  const after = traffic.outcomes.length;
  await eventually(async () => traffic.outcomes.slice(after).filter((o) => o.status === 200).length >= 10, 'answers again', SLOW);
  await traffic.stop();

  const failed = traffic.outcomes.filter((o) => o.status !== 200);
  expect(failed.length).toBeGreaterThan(0);
  for (const outcome of failed) {
    // Never a server error: a typed 503 with Retry-After's code, and nothing internal.
    expect(outcome.status).toBe(503);
    const body = JSON.parse(outcome.body) as { errors: { extensions?: { code?: string } }[] };
    for (const error of body.errors)
      expect(['DATABASE_UNAVAILABLE', 'DATABASE_BUSY', 'STATEMENT_TIMEOUT']).toContain(error.extensions?.code);
    expect(outcome.body).not.toMatch(new RegExp(`127\\.0\\.0\\.1|:${port}|ECONNREFUSED|terminating connection|stack`));
  }
  const served = JSON.parse(traffic.outcomes.at(-1)!.body) as { data: { author: { name: string } } };
  expect(served.data.author.name).toBe('Lei Gao');
}, 240_000);
