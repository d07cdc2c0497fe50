// Read replicas (issue 18.3): a real PostgreSQL streaming replica (test/helpers/replica.ts).
// Anonymous queries are answered by the replica; mutations and requests with a token by the
// primary; a correction reaches the replica's answers once it has replayed it; a replica whose
// replay lags or whose WAL receiver stopped is left out; its pool is in /metrics; when the replica
// stops, reads fall back to the primary and /ready says which replica is down.
import pg from 'pg';
import { connectDatabase, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { connectReplicas, type ReplicaSet } from '../src/db/replicas.js';
import { loadDemoData } from '../src/demo/demo-data.js';
import { graphqlOver, newToken } from './helpers/corrections.js';
import { listen, type RunningServer } from './helpers/http-server.js';
import { type PrimaryAndReplica, startPrimaryAndReplica } from './helpers/replica.js';
import { eventually } from './helpers/eventually.js';

let servers: PrimaryAndReplica;
let primary: Database;
let replicas: ReplicaSet;
let server: RunningServer;
const statements = { primary: 0, replica: 0 };

beforeAll(async () => {
  servers = await startPrimaryAndReplica('scholargraph', async (url) => {
    const setup = connectDatabase(url, { max: 1 });
    try {
      await migrate(setup.pool);
      await loadDemoData(setup);
    } finally {
      await setup.close();
    }
  });
  primary = connectDatabase(servers.primary.url('scholargraph'), { max: 4 });
  replicas = connectReplicas([servers.replicaUrl('scholargraph')], { max: 4 });
  await replicas.checked;
  primary.pool.onStatement(() => statements.primary++);
  // The replica's health check (every second) is not a request's statement.
  replicas.pick()!.pool.onStatement((sql) => {
    if (!sql.includes('pg_is_in_recovery')) statements.replica++;
  });
  server = await listen(primary, { production: true, replicas, metrics: true });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await replicas?.close();
  await primary?.close();
  await servers?.stop();
});

const counted = async <T>(run: () => Promise<T>) => {
  statements.primary = statements.replica = 0;
  const result = await run();
  return { result, ...statements };
};

const variants = () => graphqlOver(server)<{ author: { variants: string[] } }>('{ author(slug: "lei-gao-usc") { name variants } }');

test('the replica is a real streaming standby of the primary', async () => {
  const client = new pg.Client(servers.replicaUrl('scholargraph'));
  await client.connect();
  try {
    const { rows } = await client.query<{ standby: boolean; status: string }>(
      'SELECT pg_is_in_recovery() AS standby, (SELECT status FROM pg_stat_wal_receiver) AS status',
    );
    expect(rows[0]).toEqual({ standby: true, status: 'streaming' });
  } finally {
    await client.end();
  }
});

test('an anonymous query is answered by the replica; the primary runs none of its statements', async () => {
  const { result, primary: onPrimary, replica: onReplica } = await counted(variants);
  expect(result.errors).toBeUndefined();
  expect(Array.isArray(result.data!.author.variants)).toBe(true);
  expect(onReplica).toBeGreaterThan(0);
  expect(onPrimary).toBe(0);
});

test('a mutation, and a curator reading right after it, are answered by the primary; the replica shows the change once it has replayed it', async () => {
  const token = await newToken(primary, 'replica-curator');
  const mutation = await counted(() =>
    graphqlOver(server)<{ addNameVariant: { errors: unknown[] } }>(
      'mutation { addNameVariant(input: { author: "lei-gao-usc", name: { first: "L. G.", last: "Gao" } }) { errors { code } } }',
      {},
      token,
    ),
  );
  expect(mutation.result.data!.addNameVariant.errors).toEqual([]);
  expect(mutation.replica).toBe(0);

  // Read-your-writes: the curator's own read goes to the primary and sees the new name at once.
  const own = await counted(() =>
    graphqlOver(server)<{ author: { variants: string[] } }>('{ author(slug: "lei-gao-usc") { variants } }', {}, token),
  );
  expect(own.result.data!.author.variants).toContain('L. G. Gao');
  expect(own.replica).toBe(0);

  // Everyone else reads the replica, which has it after replication.
  await eventually(async () => (await variants()).data!.author.variants.includes('L. G. Gao'), 'the replica replayed the correction', {
    tries: 300,
  });
});

test('replica pools are in /metrics, labelled by position, never by host', async () => {
  const text = await (await fetch(`${server.origin}/metrics`)).text();
  for (const name of [
    'scholargraph_db_replica_pool_connections_in_use',
    'scholargraph_db_replica_pool_connections_idle',
    'scholargraph_db_replica_pool_waiting',
  ]) {
    expect(text).toMatch(new RegExp(`^${name}\\{replica="1"\\} \\d+$`, 'm'));
  }
  expect(text).toMatch(/^scholargraph_db_replica_ready\{replica="1"\} 1$/m);
  // The replica set of this server is given no primary to measure lag against: no lag figure.
  expect(text).not.toMatch(/^scholargraph_db_replica_lag_seconds\{/m);
  expect(text).not.toContain('127.0.0.1');
});

describe('replication lag (REPLICA_MAX_LAG_MS)', () => {
  let lagged: ReplicaSet;
  let standby: pg.Client;
  beforeAll(async () => {
    lagged = connectReplicas([servers.replicaUrl('scholargraph')], {
      max: 1,
      primaryUrl: servers.primary.url('scholargraph'),
      maxLagMs: 300,
    });
    await lagged.checked;
    standby = new pg.Client(servers.replicaUrl('scholargraph'));
    await standby.connect();
  });
  afterAll(async () => {
    await standby?.end();
    await lagged?.close();
  });
  const stat = () => lagged.stats()[0]!;

  test('a replica whose replay falls further behind than the maximum is not used until it catches up', async () => {
    await eventually(async () => stat().ready && stat().lagMs === 0, 'the replica caught up');
    // Replay paused on the standby (it still receives the WAL); the primary commits meanwhile.
    await standby.query('SELECT pg_wal_replay_pause()');
    try {
      await primary.pool.query('CREATE TABLE lag_probe (n int)');
      // Left out for its lag (a check that failed on a loaded machine would leave it out too, lag unknown).
      await eventually(async () => !stat().ready && (stat().lagMs ?? 0) > 300, 'the lagging replica was left out', { tries: 300 });
      expect(lagged.pick()).toBeUndefined();
      const { rows } = await standby.query<{ receiver: string }>('SELECT status AS receiver FROM pg_stat_wal_receiver');
      expect(rows).toEqual([{ receiver: 'streaming' }]);
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()');
    }
    await eventually(async () => stat().ready && stat().lagMs === 0, 'the replica caught up again', { tries: 300 });
    expect(lagged.pick()).toBeDefined();
  });

  test('a long write transaction on the primary (WAL written, nothing committed) does not leave a streaming replica out', async () => {
    await eventually(async () => stat().ready && stat().lagMs === 0, 'the replica caught up');
    await primary.pool.query('CREATE TABLE IF NOT EXISTS wal_probe (n int)');
    const writer = await primary.pool.connect();
    let writing = true;
    await writer.query('BEGIN');
    const started = Date.now();
    // WAL written all the time (as an import's one transaction does), no commit in between.
    const writes = (async () => {
      while (writing) await writer.query('INSERT INTO wal_probe SELECT generate_series(1, 2000)');
    })();
    try {
      // Long past the maximum since the last commit: a lag counted from it would leave the replica out.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await eventually(
        async () => Date.now() - started > 2_000 && stat().ready && (stat().lagMs ?? Infinity) <= 300,
        'the streaming replica counted as caught up within the maximum during the transaction',
        { tries: 200 },
      );
      expect(lagged.pick()).toBeDefined();
    } finally {
      writing = false;
      await writes;
      await writer.query('ROLLBACK');
      writer.release();
    }
  });

  test('a replica whose WAL receiver stopped is not used; once it streams again it is', async () => {
    const { rows } = await standby.query<{ primary_conninfo: string }>('SHOW primary_conninfo');
    const conninfo = rows[0]!.primary_conninfo;
    // No primary to stream from: the standby stops its WAL receiver (and stays in recovery).
    await standby.query("ALTER SYSTEM SET primary_conninfo = ''");
    await standby.query('SELECT pg_reload_conf()');
    try {
      await eventually(async () => !stat().ready, 'the replica without a WAL receiver was left out', { tries: 300 });
      const { rows: receiver } = await standby.query('SELECT pid FROM pg_stat_wal_receiver');
      expect(receiver).toEqual([]);
    } finally {
      await standby.query(`ALTER SYSTEM SET primary_conninfo = '${conninfo.replace(/'/g, "''")}'`);
      await standby.query('SELECT pg_reload_conf()');
    }
    await eventually(async () => stat().ready, 'the replica streams again', { tries: 600 });
  });
});

test('when the replica stops, reads fall back to the primary and /ready reports the replica unavailable', async () => {
  expect(await (await fetch(`${server.origin}/ready`)).json()).toEqual({
    status: 'ready',
    replicas: [{ name: 'replica 1', status: 'ready' }],
  });
  await servers.stopReplica();
  // Within one check (a second) the replica is out; until then a request may fail on it.
  await eventually(async () => replicas.status()[0]!.ready === false, 'the check noticed the stopped replica', { tries: 300 });
  const { result, primary: onPrimary, replica: onReplica } = await counted(variants);
  expect(result.errors).toBeUndefined();
  expect(result.data!.author.variants).toContain('L. G. Gao');
  expect(onPrimary).toBeGreaterThan(0);
  expect(onReplica).toBe(0);
  const ready = await fetch(`${server.origin}/ready`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready', replicas: [{ name: 'replica 1', status: 'unavailable' }] });
});
