// `npm run bench:soak`: a long mixed workload against one Scholargraph server, to show
// that memory stays flat and nothing fails that should not. 50 connections send the
// bench's author pages, searches and paper lists mixed with hostile requests (deep nests,
// alias bombs, NUL bytes, forged cursors, huge numbers, huge id lists, broken JSON, wrong
// content types, many distinct selection shapes). It prints the responses by kind and status,
// and the RSS of the server and of its database backends after the warm-up and at the end.
//
// Environment (all optional):
//   SOAK_SECONDS       measured duration (default 600: ten minutes)
//   SOAK_WARMUP        seconds before the first memory sample (default 120: the caches fill first)
//   SOAK_CONNECTIONS   concurrent connections (default 50)
//   SOAK_HOSTILE       share of hostile requests, 0..1 (default 0.2)
//   BENCH_DATABASE     an already imported database to use as is; else DATABASE_URL's server
//                      or an embedded PostgreSQL gets the shared ACL Anthology corpus
//   BENCH_POOL_SIZE    the server's database connections (default 10)
import autocannon from 'autocannon';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { freePort } from '../src/db/embedded.js';
import { PROJECT_ROOT } from '../src/db/local.js';
import { childEnv, loadBenchConfig } from './config.js';
import { createScratchDatabase, importCorpus } from './database.js';
import { buildWorkloads } from './workloads.js';

const config = loadBenchConfig();
const SECONDS = config.soak.seconds;
const WARMUP = config.soak.warmupSeconds;
const CONNECTIONS = config.soak.connections;
const HOSTILE = config.soak.hostile;
const POOL_SIZE = config.poolSize;
const APP = 'scholargraph-soak';

const log = (line: string) => console.log(`[soak] ${line}`);

interface Request {
  kind: string;
  body: string;
  contentType?: string;
}

const json = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

/** Hostile requests; each should be refused cheaply with a 4xx (or answered with a typed error). */
function hostileRequests(slugs: string[], random: () => number): Request[] {
  const slug = () => slugs[Math.floor(random() * slugs.length)]!;
  const deep = `{ author(slug: "${slugs[0]}") { ${'similarAuthors { '.repeat(40)}slug${' }'.repeat(40)} } }`;
  const aliases = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: search(query: "language model", first: 50) { totalCount }`).join(' ')} }`;
  const requests: Request[] = [
    { kind: 'deep-nest', body: json(deep) },
    { kind: 'alias-bomb', body: json(aliases) },
    { kind: 'nul-bytes', body: json('query($s: String!) { author(slug: $s) { name } }', { s: `a\u0000b${'\u0000'.repeat(10)}` }) },
    {
      kind: 'forged-cursor',
      body: json('query($s: String!) { author(slug: $s) { papers(first: 5, after: "bm90LWEtY3Vyc29y") { totalCount } } }', { s: slug() }),
    },
    {
      kind: 'huge-number',
      body: json('query($s: String!) { author(slug: $s) { papers(first: 99999999999) { totalCount } } }', { s: slug() }),
    },
    {
      kind: 'huge-id-list',
      body: json('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 5000 }, (_, i) => `QXV0aG9yOj${i}`) }),
    },
    { kind: 'broken-json', body: '{"query": "{ __typename }", ' },
    { kind: 'wrong-content-type', body: 'query={__typename}', contentType: 'application/x-www-form-urlencoded' },
    {
      kind: 'unknown-slug',
      body: json('query($s: String!) { author(slug: $s) { name } }', { s: `no-such-person-${Math.floor(random() * 1e9)}` }),
    },
  ];
  // Many distinct selection shapes: each may become a new named statement per connection.
  const parts = [
    'paperCount',
    'variants',
    'similarAuthors { slug }',
    'coauthors(first: 3) { totalCount }',
    'venues { venue { slug } }',
    'papersByYear { year count }',
    'yearsActive { first last }',
    'editedVolumes { title }',
  ];
  for (let mask = 1; mask < 1 << parts.length; mask += 3) {
    const fields = parts.filter((_, i) => mask & (1 << i)).join(' ');
    requests.push({ kind: 'distinct-shapes', body: json(`query($s: String!) { author(slug: $s) { name ${fields} } }`, { s: slug() }) });
  }
  return requests;
}

async function prepareDatabase(cleanup: (() => Promise<void>)[]): Promise<string> {
  if (config.benchDatabase) return config.benchDatabase;
  const { url } = await createScratchDatabase(cleanup, { adminUrl: config.databaseUrl, name: 'soak', log });
  await importCorpus(url, log);
  return url;
}

/** VmRSS and RssAnon (kB) of a local process; null when it cannot be read. */
function memory(pid: number): { rss: number; anon: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS'), anon: kb('RssAnon') };
  } catch {
    return null;
  }
}

interface Sample {
  serverRssMiB: number | null;
  backends: number;
  backendsRssMiB: number | null;
  backendsAnonMiB: number | null;
}

async function sample(admin: pg.Client, serverPid: number): Promise<Sample> {
  // The pool's backends (short-lived cancel connections carry the same name but are gone by now).
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [APP]);
  const mems = rows.map((r) => memory(r.pid)).filter((m) => m !== null);
  const readable = mems.length > 0;
  const mib = (kb: number) => Math.round((kb / 1024) * 10) / 10;
  const server = memory(serverPid);
  return {
    serverRssMiB: server ? mib(server.rss) : null,
    backends: mems.length,
    backendsRssMiB: readable ? mib(mems.reduce((s, m) => s + m!.rss, 0)) : null,
    backendsAnonMiB: readable ? mib(mems.reduce((s, m) => s + m!.anon, 0)) : null,
  };
}

async function main() {
  const cleanup: (() => Promise<void>)[] = [];
  let child: ChildProcess | undefined;
  try {
    const url = await prepareDatabase(cleanup);
    const admin = new pg.Client(url);
    await admin.connect();
    cleanup.unshift(() => admin.end());

    let seed = 13;
    const random = () => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const workloads = await buildWorkloads(admin, 13, 500);
    const normal: Request[] = workloads.flatMap((w) => w.bodies.scholargraph.map((body) => ({ kind: w.name, body })));
    const slugs = workloads[0]!.variables.map((v) => String(v.slug));
    const hostile = hostileRequests(slugs, random);

    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: PROJECT_ROOT,
      env: childEnv({
        NODE_ENV: 'production',
        DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}application_name=${APP}`,
        PORT: String(port),
        DATABASE_POOL_SIZE: String(POOL_SIZE),
        // One client sends everything here: no per-client quota; request logs off.
        RATE_LIMIT: '0',
        LOG_LEVEL: 'warn',
      }),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const endpoint = `http://127.0.0.1:${port}/graphql`;
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (i > 600 || child.exitCode !== null) throw new Error('the server did not become ready');
      await new Promise((r) => setTimeout(r, 200));
    }

    const tally = new Map<string, Map<number, number>>();
    const count = (kind: string, status: number) => {
      const byStatus = tally.get(kind) ?? new Map<number, number>();
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      tally.set(kind, byStatus);
    };
    let next = 0;
    let hostileNext = 0;
    const fire = (seconds: number) =>
      autocannon({
        url: endpoint,
        method: 'POST',
        connections: CONNECTIONS,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            setupRequest: (request, context: object) => {
              const r = random() < HOSTILE ? hostile[hostileNext++ % hostile.length]! : normal[next++ % normal.length]!;
              (context as { kind?: string }).kind = r.kind;
              return {
                ...request,
                body: r.body,
                headers: { 'content-type': r.contentType ?? 'application/json', accept: 'application/graphql-response+json' },
              };
            },
            onResponse: (status: number, _body: string, context: object) => count(String((context as { kind?: string }).kind), status),
          },
        ],
      });

    log(`warm-up: ${WARMUP} s at ${CONNECTIONS} connections`);
    await fire(WARMUP);
    tally.clear();
    const start = await sample(admin, child.pid!);
    log(`start: ${JSON.stringify(start)}`);
    log(`soak: ${SECONDS} s at ${CONNECTIONS} connections, ${Math.round(HOSTILE * 100)}% hostile`);
    const result = await fire(SECONDS);
    const end = await sample(admin, child.pid!);
    log(`end:   ${JSON.stringify(end)}`);

    const rows = [...tally.entries()].sort(([a], [b]) => a.localeCompare(b));
    console.log('\nresponses by kind and status');
    for (const [kind, byStatus] of rows) {
      const statuses = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
      console.log(`  ${kind.padEnd(20)} ${statuses.join('  ')}`);
    }
    const all = rows.flatMap(([, m]) => [...m.entries()]);
    const total = all.reduce((s, [, n]) => s + n, 0);
    const fivexx = all.filter(([s]) => s >= 500).reduce((s, [, n]) => s + n, 0);
    const change = (a: number | null, b: number | null) => (a && b ? `${(((b - a) / a) * 100).toFixed(1)}%` : 'n/a');
    console.log(
      `\nrequests ${total} (${(total / SECONDS).toFixed(0)}/s), 5xx ${fivexx}, connection errors ${result.errors}, timeouts ${result.timeouts}`,
    );
    console.log(`latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
    console.log(`server RSS        ${start.serverRssMiB} -> ${end.serverRssMiB} MiB (${change(start.serverRssMiB, end.serverRssMiB)})`);
    console.log(
      `backends RSS      ${start.backendsRssMiB} -> ${end.backendsRssMiB} MiB over ${start.backends} -> ${end.backends} backends (${change(start.backendsRssMiB, end.backendsRssMiB)})`,
    );
    console.log(
      `backends RssAnon  ${start.backendsAnonMiB} -> ${end.backendsAnonMiB} MiB (${change(start.backendsAnonMiB, end.backendsAnonMiB)})`,
    );
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    for (const step of cleanup) await step().catch((error: unknown) => log(`cleanup: ${(error as Error).message}`));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
