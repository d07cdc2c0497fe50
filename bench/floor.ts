// `npm run bench:floor`: the per-request floor, CPU per `{ __typename }` request of each
// server's whole process (docs/performance.md, "The per-request floor"). Unlike `npm run
// bench`, the load comes from autocannon's own process, so the bench process does not compete
// with the servers for the CPU, and the figure is CPU (user and system, from /proc) per
// request, which depends less on the machine's load than requests per second.
//
// Environment:
//   BENCH_DATABASE   the database both servers read (required; any migrated database will do:
//                    `{ __typename }` reads nothing)
//   FLOOR_SERVERS    comma-separated: scholargraph (src/server.ts under tsx, as `npm run bench`
//                    runs it), scholargraph-dist (dist/server.js, as the Docker image runs it;
//                    `npm run build` first), postgraphile (default scholargraph,postgraphile)
//   FLOOR_METHOD     POST (default) or GET
//   FLOOR_RUNS       measured runs per server, the servers alternating (default 3)
//   FLOOR_SECONDS    seconds per run (default 5)
//   FLOOR_WARMUP     seconds of load before the first run (default 10: V8 compiles the hot
//                    code on threads of the same process, which a shorter warm-up counts)
//   FLOOR_CONNECTIONS  autocannon's connections (default 10)
//   BENCH_SG_NODE_OPTIONS  extra node flags for Scholargraph (as `npm run bench`'s; e.g. --trace-gc)
//   FLOOR_RATE       requests per second autocannon sends in all (default: as fast as answered);
//                    e.g. 200 for the rate `npm run bench`'s own load generator reaches at load 20
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/db/embedded.js';
import { PROJECT_ROOT } from '../src/db/local.js';
import { type FloorServer, loadBenchConfig } from './config.js';
import { startProcess, stopProcess, waitUntilServing } from './drive.js';
import { TRIVIAL_QUERY } from './workloads.js';

const config = loadBenchConfig();
const database = config.benchDatabase;
if (!database) throw new Error('BENCH_DATABASE: the database the servers read');
const { servers, method, runs, seconds, warmupSeconds: warmup, connections, rate } = config.floor;

const PGL_DIR = path.join(PROJECT_ROOT, 'bench', 'postgraphile');
const nodeFlags = config.sgNodeOptions;
const SCHOLARGRAPH_ENV = { NODE_ENV: 'production', DATABASE_URL: database, RATE_LIMIT: '0', LOG_LEVEL: 'warn', RESPONSE_CACHE: 'off' };
const commands: Record<FloorServer, { command: string; args: string[]; env: Record<string, string> }> = {
  scholargraph: { command: process.execPath, args: [...nodeFlags, '--import', 'tsx', 'src/server.ts'], env: SCHOLARGRAPH_ENV },
  'scholargraph-dist': { command: process.execPath, args: [...nodeFlags, 'dist/server.js'], env: SCHOLARGRAPH_ENV },
  postgraphile: {
    command: path.join(PGL_DIR, 'node_modules', '.bin', 'node'),
    args: [path.join(PGL_DIR, 'server.mjs')],
    env: { NODE_ENV: 'production', DATABASE_URL: database },
  },
};

/** User and system CPU milliseconds of a process so far (/proc/<pid>/stat, USER_HZ 100). */
function cpu(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/** autocannon in a process of its own; the number of answered requests (non-2xx counted apart). */
function load(url: string, duration: number): Promise<{ requests: number; non2xx: number }> {
  const args = ['-c', String(connections), '-d', String(duration), '--json', '-m', method];
  if (rate) args.push('-R', String(rate));
  if (method === 'POST') args.push('-H', 'content-type=application/json', '-b', TRIVIAL_QUERY);
  args.push(method === 'GET' ? `${url}?query=${encodeURIComponent('{ __typename }')}` : url);
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'autocannon'), args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', () => {
      try {
        const json = JSON.parse(out) as { requests: { total: number }; non2xx: number };
        resolve({ requests: json.requests.total, non2xx: json.non2xx });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

const started: { name: string; child: ChildProcess; url: string }[] = [];
for (const name of servers) {
  const spec = commands[name];
  if (!spec) throw new Error(`FLOOR_SERVERS: unknown server ${name}`);
  const port = await freePort();
  const child = startProcess(name, spec.command, spec.args, { ...spec.env, PORT: String(port) });
  started.push({ name, child, url: `http://127.0.0.1:${port}/graphql` });
}
const figures = new Map<string, number[]>(servers.map((name) => [name, []]));
try {
  for (const { name, url } of started) await waitUntilServing(url, name);
  for (const { url } of started) await load(url, warmup);
  for (let run = 0; run < runs; run++) {
    // Alternating which server goes first, as `npm run bench` does.
    for (const { name, child, url } of run % 2 === 0 ? started : [...started].reverse()) {
      const loadAverage = os.loadavg()[0]!.toFixed(1);
      const before = cpu(child.pid!);
      const answered = await load(url, seconds);
      const after = cpu(child.pid!);
      const user = ((after.user - before.user) * 1000) / answered.requests;
      const system = ((after.system - before.system) * 1000) / answered.requests;
      figures.get(name)!.push(user + system);
      console.log(
        `[floor] ${name} ${method} run ${run + 1}: ${answered.requests} requests (${answered.non2xx} non-2xx), ` +
          `${(user + system).toFixed(1)} µs CPU per request (user ${user.toFixed(1)}, system ${system.toFixed(1)}), load ${loadAverage}`,
      );
    }
  }
} finally {
  for (const { child } of started) await stopProcess(child);
}
for (const [name, values] of figures) {
  const sorted = [...values].sort((a, b) => a - b);
  const [min, median, max] = [sorted[0]!, sorted[Math.floor(sorted.length / 2)]!, sorted.at(-1)!];
  console.log(
    `[floor] ${name} ${method}: µs CPU per request, min / median / max ${[min, median, max].map((v) => v.toFixed(1)).join(' / ')}`,
  );
}
const scholargraph = figures.get(servers.find((s) => s.startsWith('scholargraph')) ?? '');
const postgraphile = figures.get('postgraphile');
if (scholargraph?.length && postgraphile?.length) {
  // Paired by run, as the bench pairs its rounds.
  const ratios = scholargraph.map((v, i) => v / postgraphile[i]!).sort((a, b) => a - b);
  const [min, median, max] = [ratios[0]!, ratios[Math.floor(ratios.length / 2)]!, ratios.at(-1)!];
  console.log(
    `[floor] CPU per request, Scholargraph / PostGraphile, min / median / max: ${[min, median, max].map((r) => r.toFixed(2)).join(' / ')}`,
  );
}
