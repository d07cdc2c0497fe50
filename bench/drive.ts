// What the benches share to drive a server: its process (started, awaited, stopped), the
// requests (one, or autocannon for a fixed time) and the CPU a process has used (/proc).
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../src/db/local.js';
import { childEnv } from './config.js';
import { TRIVIAL_QUERY } from './workloads.js';

export function startProcess(name: string, command: string, args: string[], extraEnv: Record<string, string>): ChildProcess {
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: childEnv(extraEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((line) => console.log(`[${name}] ${line.replace(/^\[scholargraph\] /, '')}`));
  child.stdout!.on('data', prefix);
  child.stderr!.on('data', prefix);
  child.on('exit', (code, signal) => {
    if (!(child as ChildProcess & { stopping?: boolean }).stopping) {
      console.error(`[bench] ${name} exited unexpectedly (${signal ?? code})`);
    }
  });
  return child;
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  (child as ChildProcess & { stopping?: boolean }).stopping = true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export async function waitUntilServing(url: string, name: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const response = await post(url, TRIVIAL_QUERY);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} did not start serving ${url} within 120s`);
}

export function post(url: string, body: string) {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

export async function ask(url: string, body: string): Promise<unknown> {
  const response = await post(url, body);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  const json = JSON.parse(text) as { data?: unknown; errors?: unknown };
  if (json.errors) throw new Error(`GraphQL errors: ${JSON.stringify(json.errors).slice(0, 300)}`);
  return json.data;
}

export interface Fired {
  requests: number;
  p50: number;
  p99: number;
  non2xx: number;
  graphqlErrors: number;
  connectionErrors: number;
  /** Answers with `Cache-Status: …; hit`. */
  cacheHits: number;
  /** Where in `bodies` the next request would start (to go on from there). */
  sent: number;
}

/** autocannon: POSTs the bodies in turn (shared across connections, from index `start`) for `seconds`. */
export async function fire(url: string, bodies: string[], connections: number, seconds: number, start = 0): Promise<Fired> {
  let next = start;
  let graphqlErrors = 0;
  let cacheHits = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
        // A JSON string value cannot hold an unescaped `"errors":`: this is a top-level key.
        onResponse: (_status, body, _context, headers) => {
          if (body.includes('"errors":')) graphqlErrors++;
          if (String((headers as Record<string, unknown>)['cache-status'] ?? '').endsWith('; hit')) cacheHits++;
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    graphqlErrors,
    connectionErrors: result.errors + result.timeouts,
    cacheHits,
    sent: next,
  };
}

/**
 * CPU milliseconds (user + system) a local process and its live children (cluster workers)
 * have used so far; null if it cannot be read.
 */
export function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  const own = processCpuMs(pid);
  if (own === null) return null;
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // no children file: count the process alone
  }
  return children.reduce((sum, child) => sum + (processCpuMs(child) ?? 0), own);
}

export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 (1-based), i.e. 11 and 12 after the comm; USER_HZ is 100.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
