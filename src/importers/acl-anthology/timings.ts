// IMPORT_TIMINGS (src/config.ts): each statement's time and each phase's CPU, on stderr.
// Off, every method does nothing.
import { readFileSync } from 'node:fs';
import type { PoolClient } from 'pg';

export class Timings {
  constructor(readonly enabled: boolean) {}

  /** Prints how long `what` took since `started` (Date.now()). */
  took(started: number, what: string): void {
    if (this.enabled) process.stderr.write(`${Date.now() - started}ms ${what}\n`);
  }

  /** A session's backend pid, to read its CPU time later; undefined when timings are off. */
  async backendPid(client: { query: PoolClient['query'] }): Promise<number | undefined> {
    if (!this.enabled) return undefined;
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return rows[0]!.pid;
  }

  /** CPU seconds of this process and of the backends `pids` so far. */
  reportCpu(what: string, pids: (number | undefined)[]): void {
    if (!this.enabled) return;
    const cpu = pids.map((pid) => backendCpu(pid));
    const node = process.cpuUsage();
    process.stderr.write(
      `cpu after ${what}: node ${((node.user + node.system) / 1e6).toFixed(1)}s, backends ${cpu.map((c) => (c === undefined ? '?' : c.toFixed(1))).join(' / ')}s\n`,
    );
  }
}

/** With a local server: CPU seconds a backend has used (from /proc). */
function backendCpu(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return undefined;
  }
}
