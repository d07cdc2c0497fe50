// The gateway lines of `npm run bench` (issue 18, part 5): the author-uniform workload direct to
// one Scholargraph process, through Hive Gateway (scripts/gateway.ts) to that one process, and
// through a second gateway spread over two processes (scripts/upstreams.ts), at each connection
// count, BENCH_GATEWAY_RUNS times with the three interleaved (so a change in the machine's load
// falls on all three alike). Each process has its own pool of BENCH_POOL_SIZE connections.
// Reported: req/s min/median/max, median p50/p99, CPU ms per request of the gateway (its own
// overhead, from /proc) and of the server processes, and the scaling ratio two/one.
// run.ts hands in its own helpers (processes, autocannon, /proc), so nothing is done twice.
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import type { Fired } from './drive.js';

export interface GatewayBenchTools {
  bodies: string[];
  connections: number[];
  seconds: number;
  warmupSeconds: number;
  runs: number;
  /** A Scholargraph server process on `port` (its database, pool size and settings as the bench's). */
  startServer(name: string, port: number): ChildProcess;
  /** `scripts/gateway.ts` on `port` in front of the given subgraph URLs. */
  startGateway(name: string, port: number, urls: string[]): ChildProcess;
  freePort(): Promise<number>;
  waitUntilServing(url: string, name: string): Promise<void>;
  fire(url: string, bodies: string[], connections: number, seconds: number): Promise<Fired>;
  cpuMs(pid: number | undefined): number | null;
  waitForIdleDatabase(): Promise<void>;
  log(line: string): void;
}

type Line = 'direct x1' | 'gateway x1' | 'gateway x2';
const LINES: readonly Line[] = ['direct x1', 'gateway x1', 'gateway x2'];

export interface GatewayRun {
  line: Line;
  connections: number;
  run: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU ms per request of the gateway process (null: direct). */
  gatewayCpuMs: number | null;
  /** CPU ms per request of the server processes behind it. */
  serverCpuMs: number | null;
  load: number;
}

const load1 = () => Number(os.loadavg()[0]!.toFixed(2));

/** Starts the processes, runs the lines, prints their table; returns every run (for the JSON). */
export async function runGatewayLines(tools: GatewayBenchTools, children: ChildProcess[]): Promise<GatewayRun[]> {
  const { log } = tools;
  const [portA, portB, portG1, portG2] = [await tools.freePort(), await tools.freePort(), await tools.freePort(), await tools.freePort()];
  const url = (port: number) => `http://127.0.0.1:${port}/graphql`;
  const a = tools.startServer('gateway-bench A', portA);
  const b = tools.startServer('gateway-bench B', portB);
  children.push(a, b);
  await tools.waitUntilServing(url(portA), 'gateway-bench A');
  await tools.waitUntilServing(url(portB), 'gateway-bench B');
  const g1 = tools.startGateway('gateway x1', portG1, [url(portA)]);
  const g2 = tools.startGateway('gateway x2', portG2, [url(portA), url(portB)]);
  children.push(g1, g2);
  await tools.waitUntilServing(url(portG1), 'gateway x1');
  await tools.waitUntilServing(url(portG2), 'gateway x2');

  const setup: Record<Line, { url: string; gateway?: ChildProcess; servers: ChildProcess[] }> = {
    'direct x1': { url: url(portA), servers: [a] },
    'gateway x1': { url: url(portG1), gateway: g1, servers: [a] },
    'gateway x2': { url: url(portG2), gateway: g2, servers: [a, b] },
  };
  for (const line of LINES) {
    log(`author-uniform: warming up ${line} (${tools.warmupSeconds}s)`);
    await tools.fire(setup[line].url, tools.bodies, 10, tools.warmupSeconds);
  }

  const runs: GatewayRun[] = [];
  const cpu = (processes: ChildProcess[]) => {
    const values = processes.map((p) => tools.cpuMs(p.pid));
    return values.some((v) => v === null) ? null : values.reduce<number>((sum, v) => sum + v!, 0);
  };
  for (let run = 1; run <= tools.runs; run++) {
    for (const connections of tools.connections) {
      for (const line of LINES) {
        const { url: target, gateway, servers } = setup[line];
        await tools.waitForIdleDatabase();
        const load = load1();
        const [gatewayBefore, serversBefore] = [gateway ? cpu([gateway]) : null, cpu(servers)];
        const result = await tools.fire(target, tools.bodies, connections, tools.seconds);
        const [gatewayAfter, serversAfter] = [gateway ? cpu([gateway]) : null, cpu(servers)];
        const perRequest = (before: number | null, after: number | null) =>
          before === null || after === null || result.requests === 0 ? null : (after - before) / result.requests;
        const r: GatewayRun = {
          line,
          connections,
          run,
          requestsPerSecond: result.requests / tools.seconds,
          p50: result.p50,
          p99: result.p99,
          errors: result.non2xx + result.graphqlErrors + result.connectionErrors,
          gatewayCpuMs: perRequest(gatewayBefore, gatewayAfter),
          serverCpuMs: perRequest(serversBefore, serversAfter),
          load,
        };
        runs.push(r);
        log(
          `author-uniform c=${connections} ${line} run ${run}: ${r.requestsPerSecond.toFixed(1)} req/s, p50 ${r.p50} ms, ` +
            `p99 ${r.p99} ms, errors ${r.errors}, CPU/request gateway ${r.gatewayCpuMs?.toFixed(2) ?? '-'} + ` +
            `servers ${r.serverCpuMs?.toFixed(2) ?? 'n/a'} ms (load ${load})`,
        );
      }
    }
  }
  console.log(`\n${formatGatewayTable(runs)}`);
  return runs;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const spread = (values: number[], digits = 1) =>
  `${Math.min(...values).toFixed(digits)} / ${median(values).toFixed(digits)} / ${Math.max(...values).toFixed(digits)}`;

function formatGatewayTable(runs: GatewayRun[]): string {
  const header = [
    'conns',
    'line',
    'req/s min/med/max',
    'p50 ms med',
    'p99 ms med',
    'errors',
    'gateway CPU ms/req',
    'servers CPU ms/req',
    'load',
  ];
  const rows: string[][] = [];
  for (const connections of [...new Set(runs.map((r) => r.connections))]) {
    const of = (line: Line) => runs.filter((r) => r.connections === connections && r.line === line);
    for (const line of LINES) {
      const group = of(line);
      const numbers = (pick: (r: GatewayRun) => number | null) => group.map(pick).filter((v): v is number => v !== null);
      rows.push([
        String(connections),
        line,
        spread(group.map((r) => r.requestsPerSecond)),
        String(median(group.map((r) => r.p50))),
        String(median(group.map((r) => r.p99))),
        String(group.reduce((sum, r) => sum + r.errors, 0)),
        numbers((r) => r.gatewayCpuMs).length
          ? spread(
              numbers((r) => r.gatewayCpuMs),
              2,
            )
          : '-',
        numbers((r) => r.serverCpuMs).length
          ? spread(
              numbers((r) => r.serverCpuMs),
              2,
            )
          : 'n/a',
        spread(group.map((r) => r.load)),
      ]);
    }
    // Scaling: per run, gateway x2 over gateway x1 (the runs are interleaved, so each pair shares its load).
    const one = of('gateway x1');
    const ratios = of('gateway x2').map((r, i) => r.requestsPerSecond / one[i]!.requestsPerSecond);
    const overhead = of('gateway x1').map((r, i) => r.requestsPerSecond / of('direct x1')[i]!.requestsPerSecond);
    rows.push([String(connections), 'ratio x2/x1 (gateway)', spread(ratios, 2), '', '', '', '', '', '']);
    rows.push([String(connections), 'ratio gateway/direct x1', spread(overhead, 2), '', '', '', '', '', '']);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return (
    [row(header), row(widths.map((w) => '-'.repeat(w))), ...rows.map(row)].join('\n') +
    '\n(author-uniform; direct x1 = one server process, gateway x1 = Hive Gateway in front of it, gateway x2 = a second' +
    '\n gateway spread over it and another process; min / median / max of the runs; CPU from /proc per request)'
  );
}
