// `npm run bench:scale`: how the server and the importer grow with the corpus. For each N of
// BENCH_SCALE_PAPERS (default 100000,1000000): a synthetic corpus of N papers (bench/corpus/,
// distributions measured from ../shared/data/acl-anthology), a fresh database (embedded
// PostgreSQL, or a new database on DATABASE_URL's server), the real importer as its own process
// (`src/cli.ts import`: wall time, papers/s, its peak RSS, its CPU seconds), the database's
// size and its largest tables, then the server under autocannon at 10 connections for
// BENCH_SECONDS (after BENCH_WARMUP_SECONDS) per workload: AuthorPage for people drawn
// uniformly and by paper count, the most prolific person's page, paper search, suggest and
// collaborationPath between people drawn uniformly; last, a sync after one collection changed.
// Prints a table against N with the growth (last N / first N) and the targets, writes JSON to
// bench/results/scale-*.json. BENCH_SEED seeds the corpus and the draws, BENCH_SAMPLE the draws.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../src/db/embedded.js';
import { PROJECT_ROOT } from '../src/db/local.js';
import { AUTHOR_PAGE_QUERY } from '../src/examples/author-page.js';
import { childEnv, loadBenchConfig } from './config.js';
import { generateCorpus } from './corpus/generate.js';
import { measureCorpus } from './corpus/measure.js';
import { compareTable } from './corpus/report.js';
import { CORPUS, createScratchDatabase } from './database.js';
import { cpuMs, fire, startProcess, stopProcess, waitUntilServing } from './drive.js';
import { buildWorkloads, mulberry32 } from './workloads.js';

const config = loadBenchConfig();
const log = (line: string) => console.log(`[scale] ${line}`);
const load = () => Number(os.loadavg()[0]!.toFixed(2));
const MiB = 2 ** 20;

const PATH_QUERY = /* GraphQL */ `query Path($from: String!, $to: String!) {
  collaborationPath(from: $from, to: $to) { found length hops { from { slug } to { slug } paper { anthologyId } } }
}`;

interface ImportRun {
  seconds: number;
  papersPerSecond: number;
  /** VmHWM of the importer process, read every 100 ms until it exits. */
  peakRssMiB: number;
  cpuSeconds: number;
  summary: string;
  load: [number, number];
}

interface WorkloadRun {
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  serverCpuMsPerRequest: number | null;
  load: [number, number];
}

interface ScaleRow {
  papers: number;
  generated: { people: number; authorships: number; collections: number; volumes: number; seconds: number };
  import: ImportRun;
  database: {
    bytes: number;
    counts: Record<string, number>;
    tables: { table: string; totalBytes: number; heapBytes: number; indexBytes: number }[];
  };
  workloads: Record<string, WorkloadRun>;
  sync: ImportRun;
}

/** The importer as its own process, as an operator runs it; its peak RSS from /proc. */
async function runImport(url: string, dir: string, papers: number): Promise<ImportRun> {
  const loadBefore = load();
  const started = process.hrtime.bigint();
  // A heap limit above Node's default (4 GiB here): the bench measures what the import needs at
  // each N rather than stopping where the default stops it.
  const args = ['--max-old-space-size=16384', '--import', 'tsx', 'src/cli.ts', 'import', 'acl-anthology', dir, '--quiet'];
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: childEnv({ DATABASE_URL: url }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let peakKiB = 0;
  let cpu = 0;
  const poll = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
      cpu = cpuMs(child.pid) ?? cpu;
    } catch {
      // exited
    }
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(poll);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`the import exited with ${code}: ${output.trim().split('\n').slice(-5).join(' / ')}`);
  const summary =
    output
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('imported') || l.startsWith('unchanged'))
      .pop() ?? '';
  return {
    seconds,
    papersPerSecond: papers / seconds,
    peakRssMiB: peakKiB / 1024,
    cpuSeconds: cpu / 1000,
    summary,
    load: [loadBefore, load()],
  };
}

async function databaseSizes(admin: pg.Client): Promise<ScaleRow['database']> {
  const size = await admin.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
  const tables = await admin.query<{ table: string; total: string; heap: string; indexes: string }>(
    `SELECT c.relname AS table, pg_total_relation_size(c.oid) AS total, pg_relation_size(c.oid) AS heap,
            pg_indexes_size(c.oid) AS indexes
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'm')
     ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 12`,
  );
  const counts: Record<string, number> = {};
  for (const table of ['paper', 'author', 'authorship', 'author_name', 'volume']) {
    counts[table] = (await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  }
  return {
    bytes: Number(size.rows[0]!.bytes),
    counts,
    tables: tables.rows.map((r) => ({
      table: r.table,
      totalBytes: Number(r.total),
      heapBytes: Number(r.heap),
      indexBytes: Number(r.indexes),
    })),
  };
}

/** The request bodies of each workload, drawn from the imported database. */
async function workloadBodies(admin: pg.Client): Promise<Record<string, string[]>> {
  const built = await buildWorkloads(admin, config.seed, config.sample);
  const bodies = (name: string) => built.find((w) => w.name === name)!.bodies.scholargraph;
  const { rows: top } = await admin.query<{ slug: string }>(
    `SELECT a.slug FROM author a JOIN authorship au ON au.author_id = a.id AND au.role = 'AUTHOR'
     GROUP BY a.id ORDER BY count(DISTINCT au.paper_id) DESC, a.slug LIMIT 1`,
  );
  const { rows: people } = await admin.query<{ slug: string }>('SELECT slug FROM author ORDER BY id');
  const random = mulberry32(config.seed ^ 0x9a7e);
  const anyone = () => people[Math.floor(random() * people.length)]!.slug;
  const pairs = Array.from({ length: config.sample }, () =>
    JSON.stringify({ query: PATH_QUERY, variables: { from: anyone(), to: anyone() } }),
  );
  return {
    'author-uniform': bodies('author-uniform'),
    'author-weighted': bodies('author-weighted'),
    'author-top': [JSON.stringify({ query: AUTHOR_PAGE_QUERY, variables: { slug: top[0]!.slug } })],
    'paper-search': bodies('paper-search'),
    suggest: bodies('suggest'),
    'collaboration-path': pairs,
  };
}

/** One changed collection: the last paper of the first collection file removed. */
async function changeOneCollection(dir: string): Promise<void> {
  const file = path.join(dir, 'xml', (await readdir(path.join(dir, 'xml'))).sort()[0]!);
  const xml = await readFile(file, 'utf8');
  const at = xml.lastIndexOf('    <paper id=');
  const end = xml.indexOf('</paper>\n', at) + '</paper>\n'.length;
  await writeFile(file, xml.slice(0, at) + xml.slice(end));
}

async function measureSize(papers: number, stats: Awaited<ReturnType<typeof measureCorpus>>, work: string): Promise<ScaleRow> {
  const cleanup: (() => Promise<void>)[] = [];
  const out = path.join(work, `corpus-${papers}`);
  let server: ReturnType<typeof startProcess> | undefined;
  try {
    log(`N = ${papers}: generating into ${out}`);
    const started = process.hrtime.bigint();
    const g = await generateCorpus({ papers, out, seed: config.seed, stats, venuesDir: path.join(CORPUS, 'yaml', 'venues') });
    const generated = {
      people: g.people,
      authorships: g.authorships,
      collections: g.collections,
      volumes: g.volumes,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
    if (!config.quiet) console.log(compareTable(stats, g));
    const { url } = await createScratchDatabase(cleanup, { adminUrl: config.databaseUrl, name: `scale${papers}`, log });
    log(`N = ${papers}: importing (load ${load()})`);
    const imported = await runImport(url, out, papers);
    log(`N = ${papers}: ${imported.summary}; ${imported.seconds.toFixed(1)} s, peak RSS ${imported.peakRssMiB.toFixed(0)} MiB`);
    const admin = new pg.Client(url);
    await admin.connect();
    cleanup.unshift(() => admin.end());
    await admin.query('ANALYZE');
    const database = await databaseSizes(admin);

    const port = await freePort();
    server = startProcess('scholargraph', process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      NODE_ENV: 'production',
      DATABASE_URL: url,
      PORT: String(port),
      DATABASE_POOL_SIZE: String(config.poolSize),
      RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      RESPONSE_CACHE: 'off',
    });
    const endpoint = `http://127.0.0.1:${port}/graphql`;
    await waitUntilServing(endpoint, 'scholargraph');
    const workloads: Record<string, WorkloadRun> = {};
    for (const [name, bodies] of Object.entries(await workloadBodies(admin))) {
      if (config.workloads && !config.workloads.includes(name)) continue;
      await fire(endpoint, bodies, 10, config.warmupSeconds);
      const loadBefore = load();
      const cpuBefore = cpuMs(server.pid);
      const r = await fire(endpoint, bodies, 10, config.seconds);
      const cpuAfter = cpuMs(server.pid);
      workloads[name] = {
        requests: r.requests,
        p50: r.p50,
        p99: r.p99,
        errors: r.non2xx + r.graphqlErrors + r.connectionErrors,
        serverCpuMsPerRequest: cpuBefore === null || cpuAfter === null || r.requests === 0 ? null : (cpuAfter - cpuBefore) / r.requests,
        load: [loadBefore, load()],
      };
      log(
        `N = ${papers}: ${name}: p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.requests} requests, errors ${workloads[name].errors} (load ${loadBefore})`,
      );
    }
    await stopProcess(server);
    server = undefined;

    await changeOneCollection(out);
    const sync = await runImport(url, out, papers);
    log(`N = ${papers}: sync after one changed collection: ${sync.seconds.toFixed(1)} s; ${sync.summary}`);
    return { papers, generated, import: imported, database, workloads, sync };
  } finally {
    if (server) await stopProcess(server);
    for (const step of cleanup) await step().catch((error: Error) => console.error(`[scale] cleanup: ${error.message}`));
    await rm(out, { recursive: true, force: true });
  }
}

const TARGETS: Record<string, { ratio: number; better: 'lower' | 'higher' }> = {
  'import papers/s': { ratio: 0.9, better: 'higher' },
  'AuthorPage uniform p99 (ms)': { ratio: 1.5, better: 'lower' },
  'AuthorPage weighted p99 (ms)': { ratio: 1.5, better: 'lower' },
  'paper search p99 (ms)': { ratio: 2, better: 'lower' },
};

/** The figures against N (a markdown table), the growth last / first and the targets. */
function formatTable(rows: ScaleRow[]): string {
  const wl = (name: string, key: 'p50' | 'p99') => (r: ScaleRow) => r.workloads[name]?.[key] ?? NaN;
  const metrics: [string, (r: ScaleRow) => number, number][] = [
    ['people', (r) => r.database.counts.author!, 0],
    ['author links', (r) => r.database.counts.authorship!, 0],
    ['import wall (s)', (r) => r.import.seconds, 1],
    ['import papers/s', (r) => r.import.papersPerSecond, 0],
    ['import CPU (s, importer process)', (r) => r.import.cpuSeconds, 1],
    ['import peak RSS (MiB)', (r) => r.import.peakRssMiB, 0],
    ['database size (MiB)', (r) => r.database.bytes / MiB, 0],
    ['database bytes per paper', (r) => r.database.bytes / r.papers, 0],
    ['AuthorPage uniform p50 (ms)', wl('author-uniform', 'p50'), 0],
    ['AuthorPage uniform p99 (ms)', wl('author-uniform', 'p99'), 0],
    ['AuthorPage weighted p50 (ms)', wl('author-weighted', 'p50'), 0],
    ['AuthorPage weighted p99 (ms)', wl('author-weighted', 'p99'), 0],
    ['most prolific person p50 (ms)', wl('author-top', 'p50'), 0],
    ['most prolific person p99 (ms)', wl('author-top', 'p99'), 0],
    ['paper search p50 (ms)', wl('paper-search', 'p50'), 0],
    ['paper search p99 (ms)', wl('paper-search', 'p99'), 0],
    ['suggest p50 (ms)', wl('suggest', 'p50'), 0],
    ['suggest p99 (ms)', wl('suggest', 'p99'), 0],
    ['collaborationPath p50 (ms)', wl('collaboration-path', 'p50'), 0],
    ['collaborationPath p99 (ms)', wl('collaboration-path', 'p99'), 0],
    ['sync, one collection changed (s)', (r) => r.sync.seconds, 1],
    ['load average (import start–end)', (r) => r.import.load[0], 1],
  ];
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
  const header = [
    '',
    ...rows.map((r) => `N = ${label(r.papers)}`),
    ...(rows.length > 1 ? [`growth ${label(last.papers)} / ${label(first.papers)}`, 'target'] : []),
  ];
  const lines = [header, header.map(() => '---')];
  for (const [name, value, digits] of metrics) {
    const cells = rows.map((r) => {
      const v = value(r);
      if (name.startsWith('load')) return `${r.import.load[0]}–${r.import.load[1]}`;
      return Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
    });
    const line = [name, ...cells];
    if (rows.length > 1) {
      const ratio = value(last) / value(first);
      const target = TARGETS[name];
      line.push(name.startsWith('load') || !Number.isFinite(ratio) ? '' : `${ratio.toFixed(2)}×`);
      line.push(
        name === 'import peak RSS (MiB)'
          ? `< 1024 at every N: ${rows.every((r) => r.import.peakRssMiB < 1024) ? 'met' : 'MISSED'}`
          : target
            ? `${target.better === 'higher' ? '≥' : '≤'} ${target.ratio}×: ${(target.better === 'higher' ? ratio >= target.ratio : ratio <= target.ratio) ? 'met' : 'MISSED'}`
            : '',
      );
    }
    lines.push(line);
  }
  return lines.map((l) => `| ${l.join(' | ')} |`).join('\n');
}

async function main() {
  let exitCode = 0;
  const work = await mkdtemp(path.join(os.tmpdir(), 'scholargraph-scale-'));
  try {
    log(`measuring ${path.relative(process.cwd(), CORPUS)} (load ${load()})`);
    const stats = await measureCorpus(CORPUS);
    const rows: ScaleRow[] = [];
    const date = new Date().toISOString();
    const dir = path.join(PROJECT_ROOT, 'bench', 'results');
    const file = path.join(dir, `scale-${date.replace(/[:.]/g, '-')}.json`);
    for (const papers of config.scalePapers) {
      rows.push(await measureSize(papers, stats, work));
      // Written after each N: a larger N that fails keeps the smaller ones' figures.
      const table = formatTable(rows);
      const result = {
        date,
        machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
        settings: {
          papers: config.scalePapers,
          seed: config.seed,
          sample: config.sample,
          seconds: config.seconds,
          warmup: config.warmupSeconds,
        },
        rows,
        table,
      };
      await mkdir(dir, { recursive: true });
      await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
      console.log(`\n${table}`);
      for (const r of rows) {
        const tables = r.database.tables.map((t) => `${t.table} ${(t.totalBytes / MiB).toFixed(0)}`).join(', ');
        console.log(`N = ${r.papers}: largest tables (MiB, with indexes): ${tables}`);
      }
      log(`results: ${path.relative(process.cwd(), file)}`);
    }
  } catch (error) {
    exitCode = 1;
    console.error(`[scale] error: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

void main();
