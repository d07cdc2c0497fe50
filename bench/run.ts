// `npm run bench`: Scholargraph against PostGraphile 5 on the same data and the same
// questions. A fresh database gets the whole shared ACL Anthology corpus; both servers
// run over it, one process each; autocannon drives each workload at 10 and 50
// connections; the table shows requests/s, p50, p99, errors and SQL statements per
// request (pg_stat_statements), the ratio Scholargraph/PostGraphile, and the ceiling (a
// trivial Yoga query). Results go to bench/results/ as JSON.
//
// Environment (all optional):
//   DATABASE_URL           a PostgreSQL server to create the bench database on (it needs
//                          shared_preload_libraries=pg_stat_statements for statement counts);
//                          unset: an embedded PostgreSQL in a temporary directory
//   BENCH_DATABASE         an already imported database to use as is (no import, kept)
//   BENCH_SECONDS          seconds per measured run (default 15)
//   BENCH_WARMUP_SECONDS   seconds of warm-up per workload and server (default 5)
//   BENCH_CONNECTIONS      comma-separated connection counts (default 10,50)
//   BENCH_RUNS             measured runs of each workload × connections × server (default 1);
//                          with more, the servers alternate which goes first in each round and a
//                          second table gives min / median / max of each figure and of each ratio
//                          (paired by round)
//   BENCH_WORKLOADS        comma-separated workload names (default: all)
//   BENCH_SERVERS          comma-separated servers (default scholargraph,postgraphile)
//   BENCH_SEED             seed of the people, search terms and years drawn (default 6)
//   BENCH_SAMPLE           how many variables each workload draws (default 500)
//   BENCH_ZIPF_DRAWS       how many people author-zipf draws (default BENCH_SAMPLE; the run
//                          cycles through them: 50000 gives a long tail the cache keeps meeting)
//   BENCH_VERIFY           requests per workload compared between the servers first (default 40)
//   BENCH_POOL_SIZE        database connections per server (default 10)
//   BENCH_CEILING          0: skip the trivial-query runs
//   BENCH_SG_NODE_OPTIONS  extra node flags for Scholargraph (e.g. --cpu-prof)
//   BENCH_CLUSTER          server processes of a separate Scholargraph run in cluster mode
//                          (WEB_CONCURRENCY), author workloads only, reported as its own
//                          line; default 2, 0 skips it
//   BENCH_GATEWAY          0: skip the gateway lines (bench/gateway.ts: author-uniform direct to
//                          one process, through Hive Gateway to it, and through a gateway spread
//                          over two processes)
//   BENCH_GATEWAY_RUNS     runs of each gateway line, interleaved (default 3)
// Scholargraph runs with its response cache off (RESPONSE_CACHE=off); the author-zipf workload
// also runs on a second Scholargraph with it on, reported as its own line
// ("scholargraph (cached)", with the share of answers served from the cache).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../src/db/embedded.js';
import { PROJECT_ROOT } from '../src/db/local.js';
import { loadBenchConfig } from './config.js';
import { createScratchDatabase, importCorpus } from './database.js';
import { ask, cpuMs, fire, processCpuMs, startProcess, stopProcess, waitUntilServing } from './drive.js';
import { type GatewayRun, runGatewayLines } from './gateway.js';
import { buildWorkloads, firstDifference, type ServerName, TRIVIAL_QUERY, type Workload } from './workloads.js';

const config = loadBenchConfig();
const SECONDS = config.seconds;
const WARMUP = config.warmupSeconds;
const CONNECTIONS = config.connections;
const RUNS = config.runs;
const SEED = config.seed;
const SAMPLE = config.sample;
const VERIFY = config.verify;
const POOL_SIZE = config.poolSize;
const ONLY_WORKLOADS = config.workloads;
const SERVERS = config.servers;
const CLUSTER = SERVERS.includes('scholargraph') ? config.cluster : 0;
/** The cluster-mode run's label: never paired with PostGraphile in a ratio. */
const CLUSTER_LABEL = `scholargraph x${CLUSTER}`;
/** The response-cache run's label (the Zipf workloads only): compared with uncached Scholargraph. */
const CACHED_LABEL = 'scholargraph (cached)';
type RunLabel = ServerName | typeof CLUSTER_LABEL | typeof CACHED_LABEL;
const cachedWorkload = (name: string) => name.endsWith('-zipf');

const PGL_DIR = path.join(PROJECT_ROOT, 'bench', 'postgraphile');
const PGL_NODE = path.join(PGL_DIR, 'node_modules', '.bin', 'node');

const log = (line: string) => console.log(`[bench] ${line}`);
const load = () => os.loadavg().map((l) => Number(l.toFixed(2)));

interface Run {
  workload: string;
  server: RunLabel;
  connections: number;
  /** 1..BENCH_RUNS: the round this run belongs to (runs of one round are compared). */
  round: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  graphqlErrors: number;
  connectionErrors: number;
  /** Exact: the verification requests, one at a time, counted in pg_stat_statements. */
  statementsPerRequest: number | null;
  /** Statements during the run / requests completed: off by the requests in flight at either end. */
  statementsPerRequestUnderLoad: number | null;
  loadBefore: number[];
  loadAfter: number[];
  /** CPU ms per request of the server process (utime + stime from /proc), null where unreadable. */
  serverCpuMs: number | null;
  /** CPU ms per request of the database backends serving it (local PostgreSQL only). */
  databaseCpuMs: number | null;
  /** Share of the answers with `Cache-Status: …; hit` (the cached run only). */
  cacheHitShare?: number;
}

async function main() {
  const started = Date.now();
  const cleanup: (() => Promise<void>)[] = [];
  const children: ChildProcess[] = [];
  let exitCode = 0;
  try {
    if (SERVERS.includes('postgraphile')) ensurePostGraphile();

    // 1. The database.
    const { url, importSeconds } = await prepareDatabase(cleanup);
    const admin = new pg.Client(url);
    await admin.connect();
    cleanup.unshift(() => admin.end());
    const statementsCounted = await admin
      .query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
      .then(() => admin.query('SELECT 1 FROM pg_stat_statements LIMIT 1'))
      .then(
        () => true,
        (error: Error) => {
          log(`no statement counts: pg_stat_statements is unavailable (${error.message})`);
          return false;
        },
      );
    await admin.query(await readFile(path.join(PGL_DIR, 'schema.sql'), 'utf8'));
    await admin.query('ANALYZE');

    // 2. The servers, one process each.
    const ports: Partial<Record<RunLabel, number>> = {};
    const processes: Partial<Record<RunLabel, ChildProcess>> = {};
    if (SERVERS.includes('scholargraph')) {
      ports.scholargraph = await freePort();
      const extra = config.sgNodeOptions;
      processes.scholargraph = startProcess('scholargraph', process.execPath, [...extra, '--import', 'tsx', 'src/server.ts'], {
        NODE_ENV: 'production',
        DATABASE_URL: url,
        PORT: String(ports.scholargraph),
        DATABASE_POOL_SIZE: String(POOL_SIZE),
        // One client (this bench) sends everything: no per-client quota.
        RATE_LIMIT: '0',
        LOG_LEVEL: 'warn',
        RESPONSE_CACHE: 'off',
      });
      children.push(processes.scholargraph);
      if (!ONLY_WORKLOADS || ONLY_WORKLOADS.some(cachedWorkload)) {
        ports[CACHED_LABEL] = await freePort();
        processes[CACHED_LABEL] = startProcess(CACHED_LABEL, process.execPath, [...extra, '--import', 'tsx', 'src/server.ts'], {
          NODE_ENV: 'production',
          DATABASE_URL: url,
          PORT: String(ports[CACHED_LABEL]),
          DATABASE_POOL_SIZE: String(POOL_SIZE),
          RATE_LIMIT: '0',
          LOG_LEVEL: 'warn',
          RESPONSE_CACHE: 'on',
        });
        children.push(processes[CACHED_LABEL]);
      }
      if (CLUSTER > 1) {
        // The same connections in all: the pool is shared out among the workers.
        ports[CLUSTER_LABEL] = await freePort();
        processes[CLUSTER_LABEL] = startProcess(CLUSTER_LABEL, process.execPath, ['--import', 'tsx', 'src/server.ts'], {
          NODE_ENV: 'production',
          DATABASE_URL: url,
          PORT: String(ports[CLUSTER_LABEL]),
          WEB_CONCURRENCY: String(CLUSTER),
          DATABASE_POOL_SIZE: String(Math.max(1, Math.round(POOL_SIZE / CLUSTER))),
          RATE_LIMIT: '0',
          LOG_LEVEL: 'warn',
          RESPONSE_CACHE: 'off',
        });
        children.push(processes[CLUSTER_LABEL]);
      }
    }
    if (SERVERS.includes('postgraphile')) {
      ports.postgraphile = await freePort();
      processes.postgraphile = startProcess('postgraphile', PGL_NODE, [path.join(PGL_DIR, 'server.mjs')], {
        NODE_ENV: 'production',
        DATABASE_URL: url,
        PORT: String(ports.postgraphile),
        DATABASE_POOL_SIZE: String(POOL_SIZE),
      });
      children.push(processes.postgraphile);
    }
    const endpoint = (server: RunLabel) => `http://127.0.0.1:${ports[server]}/graphql`;
    for (const server of SERVERS) await waitUntilServing(endpoint(server), server);
    if (processes[CLUSTER_LABEL]) await waitUntilServing(endpoint(CLUSTER_LABEL), CLUSTER_LABEL);
    if (processes[CACHED_LABEL]) await waitUntilServing(endpoint(CACHED_LABEL), CACHED_LABEL);
    const versions = {
      scholargraph: process.version,
      postgraphile: spawnSync(PGL_NODE, ['--version'], { encoding: 'utf8' }).stdout?.trim(),
    };

    // 3. The workloads, checked: both servers must give the same answers.
    let workloads = await buildWorkloads(admin, SEED, SAMPLE, config.zipfDraws);
    if (ONLY_WORKLOADS) workloads = workloads.filter((w) => ONLY_WORKLOADS.includes(w.name));
    // A server a workload has no bodies for is not asked (people search, suggest: Scholargraph only).
    const serversOf = (workload: Pick<Workload, 'bodies'>) => SERVERS.filter((s) => workload.bodies[s].length > 0);
    for (const workload of workloads) if (serversOf(workload).length === 2) await verify(workload, endpoint);
    // Exact statements per request: the first requests again, one at a time, per server.
    const exactStatements = new Map<string, number>();
    for (const workload of [...workloads, trivialWorkload()]) {
      for (const server of serversOf(workload)) {
        const n = Math.min(VERIFY, workload.bodies[server].length);
        await waitForIdleDatabase(admin);
        if (statementsCounted) await admin.query('SELECT pg_stat_statements_reset()');
        for (let i = 0; i < n; i++) await ask(endpoint(server), workload.bodies[server][i]!);
        if (statementsCounted) exactStatements.set(`${workload.name}|${server}`, (await countStatements(admin)) / n);
      }
      log(
        `${workload.name}: ${serversOf(workload)
          .map((s) => `${s} ${exactStatements.get(`${workload.name}|${s}`)?.toFixed(2) ?? 'n/a'}`)
          .join(', ')} statements/request`,
      );
    }

    // 4. Load.
    const runs: Run[] = [];
    const serverPid = (server: RunLabel) => processes[server]?.pid;
    let round = 1;
    const measure = async (workload: string, server: RunLabel, bodies: string[], connections: number, start = 0) => {
      // Requests cut off by the previous run may still be running: their statements are not this run's.
      await waitForIdleDatabase(admin);
      if (statementsCounted) await admin.query('SELECT pg_stat_statements_reset()');
      const loadBefore = load();
      const serverCpuBefore = cpuMs(serverPid(server));
      const backendsBefore = await backendCpuMs(admin);
      const result = await fire(endpoint(server), bodies, connections, SECONDS, start);
      await waitForIdleDatabase(admin);
      const serverCpuAfter = cpuMs(serverPid(server));
      const backendsAfter = await backendCpuMs(admin);
      const perRequest = (ms: number | null) => (ms === null || result.requests === 0 ? null : ms / result.requests);
      const statements = statementsCounted ? await countStatements(admin) : null;
      const run: Run = {
        workload,
        server,
        connections,
        round,
        seconds: SECONDS,
        requests: result.requests,
        requestsPerSecond: result.requests / SECONDS,
        p50: result.p50,
        p99: result.p99,
        errors: result.non2xx + result.graphqlErrors + result.connectionErrors,
        non2xx: result.non2xx,
        graphqlErrors: result.graphqlErrors,
        connectionErrors: result.connectionErrors,
        statementsPerRequest: exactStatements.get(`${workload}|${server === CLUSTER_LABEL ? 'scholargraph' : server}`) ?? null,
        statementsPerRequestUnderLoad: statements === null || result.requests === 0 ? null : statements / result.requests,
        loadBefore,
        loadAfter: load(),
        serverCpuMs: perRequest(serverCpuBefore === null || serverCpuAfter === null ? null : serverCpuAfter - serverCpuBefore),
        databaseCpuMs: perRequest(backendCpuDelta(backendsBefore, backendsAfter)),
        ...(server === CACHED_LABEL ? { cacheHitShare: result.requests === 0 ? 0 : result.cacheHits / result.requests } : {}),
      };
      runs.push(run);
      log(formatRun(run));
      return result.sent;
    };
    for (const workload of workloads) {
      for (const server of serversOf(workload)) {
        log(`${workload.name}: warming up ${server} (${WARMUP}s)`);
        await fire(endpoint(server), workload.bodies[server], 10, WARMUP);
      }
      for (const connections of CONNECTIONS) {
        for (round = 1; round <= RUNS; round++) {
          for (const server of inTurn(serversOf(workload), round))
            await measure(workload.name, server, workload.bodies[server], connections);
        }
      }
    }
    // Cluster mode, its own lines: the author pages only.
    if (processes[CLUSTER_LABEL]) {
      for (const workload of workloads.filter((w) => w.name.startsWith('author-'))) {
        log(`${workload.name}: warming up ${CLUSTER_LABEL} (${WARMUP}s)`);
        await fire(endpoint(CLUSTER_LABEL), workload.bodies.scholargraph, 10, WARMUP);
        for (const connections of CONNECTIONS) {
          for (round = 1; round <= RUNS; round++) await measure(workload.name, CLUSTER_LABEL, workload.bodies.scholargraph, connections);
        }
      }
    }
    // The response cache, its own lines: the Zipf workloads, each run going on through the draws
    // where the previous one stopped (warm-up included), so the cache meets new people as it would.
    if (processes[CACHED_LABEL]) {
      for (const workload of workloads.filter((w) => cachedWorkload(w.name))) {
        log(`${workload.name}: warming up ${CACHED_LABEL} (${WARMUP}s)`);
        let sent = (await fire(endpoint(CACHED_LABEL), workload.bodies.scholargraph, 10, WARMUP)).sent;
        for (const connections of CONNECTIONS) {
          for (round = 1; round <= RUNS; round++) {
            sent = await measure(workload.name, CACHED_LABEL, workload.bodies.scholargraph, connections, sent);
          }
        }
      }
    }
    // Several processes behind a gateway (bench/gateway.ts): lines of their own, author-uniform only.
    const uniform = workloads.find((w) => w.name === 'author-uniform');
    let gatewayRuns: GatewayRun[] | undefined;
    if (config.gateway && SERVERS.includes('scholargraph') && uniform) {
      gatewayRuns = await runGatewayLines(
        {
          bodies: uniform.bodies.scholargraph,
          connections: CONNECTIONS,
          seconds: SECONDS,
          warmupSeconds: WARMUP,
          runs: config.gatewayRuns,
          startServer: (name, port) =>
            startProcess(name as RunLabel, process.execPath, ['--import', 'tsx', 'src/server.ts'], {
              NODE_ENV: 'production',
              DATABASE_URL: url,
              PORT: String(port),
              DATABASE_POOL_SIZE: String(POOL_SIZE),
              RATE_LIMIT: '0',
              LOG_LEVEL: 'warn',
              RESPONSE_CACHE: 'off',
            }),
          startGateway: (name, port, urls) =>
            startProcess(
              name as RunLabel,
              process.execPath,
              ['--import', 'tsx', 'scripts/gateway.ts', `--port=${port}`, `scholargraph=${urls.join(',')}`],
              {},
            ),
          freePort,
          waitUntilServing,
          fire,
          cpuMs,
          waitForIdleDatabase: () => waitForIdleDatabase(admin),
          log,
        },
        children,
      );
    }
    // The ceiling: a trivial query through each server (no database).
    if (config.ceiling) {
      for (const connections of CONNECTIONS) {
        for (round = 1; round <= RUNS; round++) {
          for (const server of inTurn(SERVERS, round)) await measure('trivial', server, [TRIVIAL_QUERY], connections);
        }
      }
    }

    // 5. Report.
    const table = formatTable(runs);
    console.log(`\n${table}`);
    if (RUNS > 1) console.log(`\n${formatSpread(runs)}`);
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
      versions,
      settings: { seconds: SECONDS, warmup: WARMUP, connections: CONNECTIONS, runs: RUNS, seed: SEED, sample: SAMPLE, poolSize: POOL_SIZE },
      importSeconds,
      runs,
      ...(gatewayRuns ? { gateway: gatewayRuns } : {}),
      totalSeconds: (Date.now() - started) / 1000,
    };
    const dir = path.join(PROJECT_ROOT, 'bench', 'results');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `bench-${result.date.replace(/[:.]/g, '-')}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    await writeFile(path.join(dir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    log(`results: ${path.relative(process.cwd(), file)}; total ${result.totalSeconds.toFixed(0)}s`);
  } catch (error) {
    exitCode = 1;
    console.error(`[bench] error: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    for (const child of children) await stopProcess(child);
    for (const step of cleanup) await step().catch((error: Error) => console.error(`[bench] cleanup: ${error.message}`));
  }
  process.exit(exitCode);
}

/** `npm ci` in bench/postgraphile when PostGraphile (and its Node 22) is not installed yet. */
function ensurePostGraphile() {
  if (existsSync(PGL_NODE) && existsSync(path.join(PGL_DIR, 'node_modules', 'postgraphile'))) return;
  log('installing PostGraphile 5 and Node 22 into bench/postgraphile (npm ci)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', PGL_DIR, '--no-audit', '--no-fund', '--loglevel=error'], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('npm ci --prefix bench/postgraphile failed');
}

/** The bench database: BENCH_DATABASE as is, else a new one on DATABASE_URL's or an embedded server, imported. */
async function prepareDatabase(cleanup: (() => Promise<void>)[]): Promise<{ url: string; importSeconds: number | null }> {
  if (config.benchDatabase) {
    log('using BENCH_DATABASE as is (no import)');
    return { url: config.benchDatabase, importSeconds: null };
  }
  const { url } = await createScratchDatabase(cleanup, {
    adminUrl: config.databaseUrl,
    name: 'bench',
    postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements'],
    log,
  });
  const importSeconds = await importCorpus(url, log);
  log(`imported in ${importSeconds.toFixed(1)}s`);
  return { url, importSeconds };
}

/** The first VERIFY requests of a workload, to both servers: same answers, no errors. */
async function verify(workload: Workload, endpoint: (server: ServerName) => string): Promise<void> {
  const n = Math.min(VERIFY, workload.variables.length);
  for (let i = 0; i < n; i++) {
    const vars = JSON.stringify(workload.variables[i]);
    const [a, b] = await Promise.all(
      (['scholargraph', 'postgraphile'] as const).map((server) =>
        ask(endpoint(server), workload.bodies[server][i]!).then(
          (data) => workload.normalise[server](data),
          (error: Error) => {
            throw new Error(`${workload.name} ${vars}: ${server}: ${error.message}`);
          },
        ),
      ),
    );
    const difference = firstDifference(a, b);
    if (difference) throw new Error(`${workload.name} ${vars}: the servers disagree at ${difference}`);
  }
  log(`${workload.name}: the first ${n} requests get the same answers from both servers`);
}

function trivialWorkload(): Pick<Workload, 'name' | 'bodies'> {
  return { name: 'trivial', bodies: { scholargraph: [TRIVIAL_QUERY], postgraphile: [TRIVIAL_QUERY] } };
}

/** Waits (up to 30s) until no other session of the bench database runs a statement. */
async function waitForIdleDatabase(admin: pg.Client): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()`,
    );
    if (rows[0]!.n === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * CPU used so far by each backend of the bench database (the admin session excepted), by
 * pid; null when the server is not on this machine. Only one server is loaded at a time,
 * so the growth over a run is that server's database cost.
 */
async function backendCpuMs(admin: pg.Client): Promise<Map<number, number> | null> {
  const { rows } = await admin.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  const byPid = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = processCpuMs(pid);
    if (ms === null) return null;
    byPid.set(pid, ms);
  }
  return byPid;
}

/** Growth between two backendCpuMs readings; a backend that started in between counts from 0. */
function backendCpuDelta(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** Statements run since the last reset in this database, the bench's own excepted. */
async function countStatements(admin: pg.Client): Promise<number> {
  const { rows } = await admin.query<{ calls: string | null }>(
    `SELECT sum(calls) AS calls FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND query NOT ILIKE '%pg_stat_statements%'`,
  );
  return Number(rows[0]?.calls ?? 0);
}

function formatRun(r: Run): string {
  return (
    `${r.workload} c=${r.connections} ${r.server}: ${r.requestsPerSecond.toFixed(1)} req/s, p50 ${r.p50} ms, ` +
    `p99 ${r.p99} ms, errors ${r.errors}, statements/request ${r.statementsPerRequest?.toFixed(2) ?? 'n/a'}, ` +
    `CPU/request ${formatCpu(r)} ` +
    (r.cacheHitShare === undefined ? '' : `cache hits ${(r.cacheHitShare * 100).toFixed(1)}% `) +
    `(load ${r.loadBefore[0]} -> ${r.loadAfter[0]})`
  );
}

/** `server + database` CPU ms per request, or n/a. */
function formatCpu(r: Run): string {
  if (r.serverCpuMs === null) return 'n/a';
  return `${r.serverCpuMs.toFixed(2)} + ${r.databaseCpuMs?.toFixed(2) ?? '?'}`;
}

function formatTable(runs: Run[]): string {
  const header = ['workload', 'conns', 'server', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'stmts/req', 'CPU ms/req', 'load'];
  const lines: string[][] = [];
  const keys = [...new Set(runs.map((r) => `${r.workload}|${r.connections}|${r.round}`))];
  for (const key of keys) {
    const [workload, conns, round] = key.split('|');
    const group = runs.filter((r) => r.workload === workload && String(r.connections) === conns && String(r.round) === round);
    // With several rounds, the connection count carries the round: `10 (2)`.
    const connections = RUNS > 1 ? `${conns} (${round})` : conns;
    const row = (r: Run) =>
      lines.push([
        r.workload,
        connections!,
        r.server,
        r.requestsPerSecond.toFixed(1),
        String(r.p50),
        String(r.p99),
        String(r.errors),
        r.statementsPerRequest?.toFixed(2) ?? 'n/a',
        formatCpu(r),
        String(r.loadBefore[0]),
      ]);
    for (const r of group) if (r.server !== CLUSTER_LABEL && r.server !== CACHED_LABEL) row(r);
    const sg = group.find((r) => r.server === 'scholargraph');
    const pgl = group.find((r) => r.server === 'postgraphile');
    if (sg && pgl) {
      lines.push([
        workload!,
        connections!,
        'ratio SG/PG',
        `${(sg.requestsPerSecond / pgl.requestsPerSecond).toFixed(2)}x`,
        `${(sg.p50 / pgl.p50).toFixed(2)}x`,
        `${(sg.p99 / pgl.p99).toFixed(2)}x`,
        '',
        '',
        '',
        '',
      ]);
    }
    for (const r of group) if (r.server === CLUSTER_LABEL) row(r);
    const cached = group.find((r) => r.server === CACHED_LABEL);
    if (cached) {
      row(cached);
      if (sg) {
        lines.push([
          workload!,
          connections!,
          'ratio cached/uncached',
          `${(cached.requestsPerSecond / sg.requestsPerSecond).toFixed(2)}x`,
          `${(cached.p50 / sg.p50).toFixed(2)}x`,
          `${(cached.p99 / sg.p99).toFixed(2)}x`,
          `hits ${((cached.cacheHitShare ?? 0) * 100).toFixed(1)}%`,
          '',
          '',
          '',
        ]);
      }
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return (
    [row(header), row(widths.map((w) => '-'.repeat(w))), ...lines.map(row)].join('\n') +
    '\n(trivial = `{ __typename }`: the ceiling of each server on this machine, no database;' +
    '\n CPU ms/req = server process + its database backends, from /proc, per request' +
    (CLUSTER > 1
      ? `;\n ${CLUSTER_LABEL} = cluster mode, WEB_CONCURRENCY=${CLUSTER}, the same ${POOL_SIZE} connections shared out: not a single-process figure)`
      : ')')
  );
}

/** The servers of one round, in turn: every other round starts with the next one. */
function inTurn<T>(servers: readonly T[], round: number): T[] {
  const shift = (round - 1) % Math.max(1, servers.length);
  return [...servers.slice(shift), ...servers.slice(0, shift)];
}

/** min / median / max over the rounds of each figure, and of each ratio paired by round. */
function formatSpread(runs: Run[]): string {
  const spread = (values: number[], digits: number, unit = '') => {
    if (values.length === 0) return 'n/a';
    const sorted = [...values].sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
    return [sorted[0]!, median, sorted.at(-1)!].map((v) => `${v.toFixed(digits)}${unit}`).join(' / ');
  };
  const header = ['workload', 'conns', 'server', 'req/s min / median / max', 'p99 ms min / median / max', 'CPU ms/req median'];
  const lines: string[][] = [];
  const median = (values: number[]) => spread(values, 2).split(' / ')[1]!;
  for (const key of [...new Set(runs.map((r) => `${r.workload}|${r.connections}`))]) {
    const [workload, connections] = key.split('|') as [string, string];
    const group = runs.filter((r) => r.workload === workload && String(r.connections) === connections);
    const of = (server: RunLabel) => group.filter((r) => r.server === server);
    for (const server of [...new Set(group.map((r) => r.server))]) {
      const mine = of(server);
      lines.push([
        workload,
        connections,
        server,
        spread(
          mine.map((r) => r.requestsPerSecond),
          1,
        ),
        spread(
          mine.map((r) => r.p99),
          0,
        ),
        `${median(mine.flatMap((r) => (r.serverCpuMs === null ? [] : [r.serverCpuMs])))} + ${median(mine.flatMap((r) => (r.databaseCpuMs === null ? [] : [r.databaseCpuMs])))}`,
      ]);
    }
    const paired = (a: RunLabel, b: RunLabel, label: string) => {
      const pairs = of(a).flatMap((x) => {
        const y = of(b).find((r) => r.round === x.round);
        return y && y.requestsPerSecond > 0 && y.p99 > 0 ? [[x, y] as const] : [];
      });
      if (pairs.length === 0) return;
      lines.push([
        workload,
        connections,
        label,
        spread(
          pairs.map(([x, y]) => x.requestsPerSecond / y.requestsPerSecond),
          2,
          'x',
        ),
        spread(
          pairs.map(([x, y]) => x.p99 / y.p99),
          2,
          'x',
        ),
        '',
      ]);
    };
    paired('scholargraph', 'postgraphile', 'ratio SG/PG');
    paired(CACHED_LABEL, 'scholargraph', 'ratio cached/uncached');
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `Spread over ${RUNS} rounds (ratios paired by round):`,
    row(header),
    row(widths.map((w) => '-'.repeat(w))),
    ...lines.map(row),
  ].join('\n');
}

void main();
