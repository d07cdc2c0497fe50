// Every setting the benches read from the environment, parsed and checked once (the
// server's own are src/config.ts's). A bad value stops the bench naming its variable.
// Each variable is described at the top of the script that uses it.
import { collectProblems, ConfigError, parseInteger, parseSwitch } from '../src/config.js';
import type { ServerName } from './workloads.js';

const SERVER_NAMES: readonly ServerName[] = ['scholargraph', 'postgraphile'];
const MAX = 2_147_483_647;

export interface BenchConfig {
  /** DATABASE_URL: a server to create the scratch database on; unset: an embedded PostgreSQL. */
  databaseUrl: string | undefined;
  /** BENCH_DATABASE: an already imported database, used as is. */
  benchDatabase: string | undefined;
  seconds: number;
  warmupSeconds: number;
  connections: number[];
  /** BENCH_RUNS: measured runs of each workload, connection count and server (spread: min/median/max). */
  runs: number;
  workloads: string[] | undefined;
  servers: ServerName[];
  seed: number;
  sample: number;
  /** BENCH_ZIPF_DRAWS: draws of the author-zipf workload (default BENCH_SAMPLE). */
  zipfDraws: number;
  verify: number;
  poolSize: number;
  ceiling: boolean;
  sgNodeOptions: string[];
  cluster: number;
  /** BENCH_GATEWAY: the gateway lines (bench/gateway.ts); BENCH_GATEWAY_RUNS: runs of each. */
  gateway: boolean;
  gatewayRuns: number;
  /** bench:import */
  quiet: boolean;
  reimport: boolean;
  /** BENCH_SYNC_RUNS: runs of each sync figure (0: none). */
  syncRuns: number;
  /** BENCH_SYNC_CORRECTIONS: ten real corrections made before the sync figures (sync.ts correctionPeople). */
  syncCorrections: boolean;
  /** bench:scale: BENCH_SCALE_PAPERS, the corpus sizes generated and measured (default 100000,1000000). */
  scalePapers: number[];
  /** bench:soak */
  soak: { seconds: number; warmupSeconds: number; connections: number; hostile: number };
  /** bench:floor (bench/floor.ts): FLOOR_* */
  floor: {
    servers: FloorServer[];
    method: 'GET' | 'POST';
    runs: number;
    seconds: number;
    warmupSeconds: number;
    connections: number;
    /** FLOOR_RATE: requests per second in all (undefined: as fast as answered). */
    rate: number | undefined;
  };
}

/** What bench:floor can measure (bench/floor.ts). */
export const FLOOR_SERVERS = ['scholargraph', 'scholargraph-dist', 'postgraphile'] as const;
export type FloorServer = (typeof FLOOR_SERVERS)[number];

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const { problems, attempt } = collectProblems();
  const int = (name: string, fallback: number, min = 0, max = MAX) => attempt(() => parseInteger(env, name, fallback, min, max), fallback);
  const flag = (name: string, fallback: boolean) => attempt(() => parseSwitch(name, env[name]) ?? fallback, fallback);
  const list = (name: string, fallback: string): string[] =>
    (env[name] ?? fallback)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const connections = attempt(() => {
    const values = list('BENCH_CONNECTIONS', '10,50');
    if (values.length === 0 || !values.every((v) => /^\d+$/.test(v) && Number(v) >= 1)) {
      throw new Error(`BENCH_CONNECTIONS must list whole numbers ≥ 1, got "${env.BENCH_CONNECTIONS}"`);
    }
    return values.map(Number);
  }, [10, 50]);
  const servers = attempt(() => {
    const values = list('BENCH_SERVERS', SERVER_NAMES.join(','));
    const unknown = values.filter((v) => !SERVER_NAMES.includes(v as ServerName));
    if (values.length === 0 || unknown.length > 0) {
      throw new Error(`BENCH_SERVERS must list ${SERVER_NAMES.join(' and/or ')}, got "${env.BENCH_SERVERS}"`);
    }
    return values as ServerName[];
  }, [...SERVER_NAMES]);
  const hostile = attempt(() => {
    const text = (env.SOAK_HOSTILE ?? '0.2').trim();
    const share = Number(text);
    if (text === '' || !Number.isFinite(share) || share < 0 || share > 1) {
      throw new Error(`SOAK_HOSTILE must be a share from 0 to 1, got "${env.SOAK_HOSTILE}"`);
    }
    return share;
  }, 0.2);
  const scalePapers = attempt(() => {
    const values = list('BENCH_SCALE_PAPERS', '100000,1000000');
    if (values.length === 0 || !values.every((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 100_000_000)) {
      throw new Error(`BENCH_SCALE_PAPERS must list paper counts from 1 to 100000000, got "${env.BENCH_SCALE_PAPERS}"`);
    }
    return values.map(Number);
  }, [100_000, 1_000_000]);
  const floorServers = attempt(
    () => {
      const values = list('FLOOR_SERVERS', 'scholargraph,postgraphile');
      const unknown = values.filter((v) => !(FLOOR_SERVERS as readonly string[]).includes(v));
      if (values.length === 0 || unknown.length > 0) {
        throw new Error(`FLOOR_SERVERS must list ${FLOOR_SERVERS.join(', ')}, got "${env.FLOOR_SERVERS}"`);
      }
      return values as FloorServer[];
    },
    ['scholargraph', 'postgraphile'] as FloorServer[],
  );
  const floorMethod = attempt((): 'GET' | 'POST' => {
    const value = env.FLOOR_METHOD ?? 'POST';
    if (value !== 'GET' && value !== 'POST') throw new Error(`FLOOR_METHOD must be GET or POST, got "${value}"`);
    return value;
  }, 'POST');
  const sample = int('BENCH_SAMPLE', 500, 1);
  const config: BenchConfig = {
    databaseUrl: env.DATABASE_URL || undefined,
    benchDatabase: env.BENCH_DATABASE || undefined,
    seconds: int('BENCH_SECONDS', 15, 1),
    warmupSeconds: int('BENCH_WARMUP_SECONDS', 5),
    connections,
    runs: int('BENCH_RUNS', 1, 1, 20),
    workloads: env.BENCH_WORKLOADS === undefined ? undefined : list('BENCH_WORKLOADS', ''),
    servers,
    seed: int('BENCH_SEED', 6),
    sample,
    zipfDraws: int('BENCH_ZIPF_DRAWS', sample, 1, 1_000_000),
    verify: int('BENCH_VERIFY', 40),
    poolSize: int('BENCH_POOL_SIZE', 10, 1, 1000),
    ceiling: flag('BENCH_CEILING', true),
    sgNodeOptions: (env.BENCH_SG_NODE_OPTIONS ?? '').split(' ').filter(Boolean),
    cluster: int('BENCH_CLUSTER', 2, 0, 64),
    gateway: flag('BENCH_GATEWAY', true),
    gatewayRuns: int('BENCH_GATEWAY_RUNS', 3, 1, 100),
    quiet: flag('QUIET', false),
    reimport: flag('BENCH_REIMPORT', false),
    syncRuns: int('BENCH_SYNC_RUNS', 3, 0, 100),
    syncCorrections: flag('BENCH_SYNC_CORRECTIONS', false),
    scalePapers,
    soak: {
      seconds: int('SOAK_SECONDS', 600, 1),
      warmupSeconds: int('SOAK_WARMUP', 120),
      connections: int('SOAK_CONNECTIONS', 50, 1),
      hostile,
    },
    floor: {
      servers: floorServers,
      method: floorMethod,
      runs: int('FLOOR_RUNS', 3, 1, 100),
      seconds: int('FLOOR_SECONDS', 5, 1),
      warmupSeconds: int('FLOOR_WARMUP', 10),
      connections: int('FLOOR_CONNECTIONS', 10, 1, 10_000),
      rate: env.FLOOR_RATE ? int('FLOOR_RATE', 0, 1) : undefined,
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The environment a child process of the bench inherits, plus its own settings. */
export const childEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({ ...process.env, ...extra });
