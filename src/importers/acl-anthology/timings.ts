// IMPORT_TIMINGS (src/config.ts): each statement's time and each phase's CPU and memory, on stderr.
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

  /**
   * CPU seconds of this process and of the backends `pids` so far; this process's memory now
   * (RSS, V8 heap used, Buffers and other memory outside the heap) and its peak RSS (VmHWM).
   */
  reportCpu(what: string, pids: (number | undefined)[]): void {
    if (!this.enabled) return;
    const cpu = pids.map((pid) => backendCpu(pid));
    const node = process.cpuUsage();
    const m = process.memoryUsage();
    const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)}`;
    process.stderr.write(
      `cpu after ${what}: node ${((node.user + node.system) / 1e6).toFixed(1)}s, backends ${cpu.map((c) => (c === undefined ? '?' : c.toFixed(1))).join(' / ')}s; ` +
        `memory MiB: rss ${mib(m.rss)} (peak ${peakRssMiB() ?? '?'}), heap used ${mib(m.heapUsed)}, external ${mib(m.external)} (buffers ${mib(m.arrayBuffers)})\n`,
    );
  }
}

/** This process's peak RSS in MiB (VmHWM, from /proc; undefined elsewhere). */
function peakRssMiB(): number | undefined {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return hwm ? Math.round(Number(hwm[1]) / 1024) : undefined;
  } catch {
    return undefined;
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
