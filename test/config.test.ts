// One configuration module (issue 13.7, 14.7): every variable parsed and checked once,
// before anything starts, each error naming its variable.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadBenchConfig } from '../bench/config.js';
import { CONFIG_DEFAULTS, ConfigError, importSettingsFromEnv, loadConfig } from '../src/config.js';
import { PROJECT_ROOT } from '../src/db/local.js';

const cpus = () => 2;
const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env, cpus);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

test('no variables: the documented defaults', () => {
  const config = loadConfig({}, cpus);
  expect(config).toMatchObject({
    port: 4000,
    webConcurrency: 1,
    production: false,
    databaseUrl: undefined,
    poolSize: 10,
    statementTimeoutMs: CONFIG_DEFAULTS.statementTimeoutMs,
    poolAcquireTimeoutMs: CONFIG_DEFAULTS.poolAcquireTimeoutMs,
    http: { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, maxConnections: 1_000 },
  });
});

test.each([
  ['PORT', ''],
  ['PORT', ' '],
  ['PORT', '65536'],
  ['PORT', '80.5'],
  ['PORT', '-1'],
  ['DATABASE_POOL_SIZE', '0'],
  ['DATABASE_POOL_SIZE', 'ten'],
  ['DATABASE_POOL_SIZE', ''],
  ['STATEMENT_TIMEOUT_MS', '5s'],
  ['POOL_ACQUIRE_TIMEOUT_MS', '-5'],
  ['DATABASE_MAX_PREPARED_STATEMENTS', '0'],
  ['HTTP_MAX_CONNECTIONS', 'many'],
  ['HTTP_HEADERS_TIMEOUT_MS', '0'],
  ['EMBEDDED_PG_PORT', '0'],
  ['DATABASE_URL', ''],
  ['WEB_CONCURRENCY', '0'],
  ['CACHE_MAX_AGE', '1h'],
  ['MAX_QUERY_DEPTH', 'deep'],
  ['MAX_QUERY_ALIASES', '-1'],
  ['MAX_NODE_IDS', 'all'],
  ['MAX_QUERY_TOKENS', '2k'],
  ['GRAPHQL_SUGGESTIONS', 'maybe'],
  ['PERSISTED_DOCUMENTS_ONLY', 'strict'],
  ['TRUST_PROXY', 'maybe'],
  ['METRICS', ''],
  ['LOG_LEVEL', 'loud'],
  ['DATABASE_POOL_MODE', 'statement'],
  ['DATABASE_POOL_MODE', 'transaction'],
  ['DATABASE_DIRECT_URL', 'postgres://db/scholargraph'],
  ['DATABASE_REPLICA_URLS', 'postgres://replica/sg'],
])('%s=%j is refused, naming the variable', (name, value) => {
  const problems = problemsOf({ [name]: value });
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain(name);
});

test('every bad variable is reported at once', () => {
  expect(problemsOf({ PORT: '', DATABASE_POOL_SIZE: '0', STATEMENT_TIMEOUT_MS: 'x' })).toHaveLength(3);
});

test('behind a transaction pooler: both URLs are needed, the direct one for sessions', () => {
  const pooled = { DATABASE_URL: 'postgres://pgbouncer:6432/sg', DATABASE_POOL_MODE: 'transaction' };
  expect(problemsOf(pooled)[0]).toMatch(/DATABASE_POOL_MODE=transaction needs DATABASE_URL .* and DATABASE_DIRECT_URL/);
  expect(loadConfig({ ...pooled, DATABASE_DIRECT_URL: 'postgres://db:5432/sg' }, cpus)).toMatchObject({
    poolMode: 'transaction',
    databaseUrl: 'postgres://pgbouncer:6432/sg',
    directUrl: 'postgres://db:5432/sg',
  });
  expect(loadConfig({}, cpus)).toMatchObject({ poolMode: 'session', directUrl: undefined });
});

test('read replicas: a list of postgres:// URLs, each checked', () => {
  const primary = { DATABASE_URL: 'postgres://db:5432/sg' };
  expect(loadConfig({ ...primary, DATABASE_REPLICA_URLS: ' postgres://r1/sg, postgresql://r2/sg ' }, cpus).replicaUrls).toEqual([
    'postgres://r1/sg',
    'postgresql://r2/sg',
  ]);
  expect(loadConfig(primary, cpus).replicaUrls).toEqual([]);
  const [problem] = problemsOf({ ...primary, DATABASE_REPLICA_URLS: 'postgres://r1/sg,r2:s3/c:r@et@host' });
  expect(problem).toMatch(/DATABASE_REPLICA_URLS must list postgres:\/\/ URLs/);
  expect(problem).toMatch(/entry 2 is not one/);
  expect(problem).not.toMatch(/s3|et@host/);
});

test('PORT=0 asks for any free port', () => {
  expect(loadConfig({ PORT: '0' }, cpus).port).toBe(0);
});

test('headers may not take longer than the whole request', () => {
  expect(problemsOf({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' })[0]).toMatch(/HTTP_HEADERS_TIMEOUT_MS/);
});

test('npm start with a bad variable stops before it starts or migrates a database', () => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'sg-config-'));
  const dataDir = path.join(parent, 'postgres');
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '', DATABASE_POOL_SIZE: '0', EMBEDDED_PG_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    delete env.NODE_OPTIONS;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/PORT must be/);
    expect(run.stderr).toMatch(/DATABASE_POOL_SIZE must be/);
    expect(run.stdout).not.toMatch(/embedded PostgreSQL|migration/);
    expect(existsSync(dataDir)).toBe(false);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('every switch takes the same words: on/off, true/false, 1/0, yes/no', () => {
  for (const [word, value] of [
    ['on', true],
    ['yes', true],
    ['1', true],
    ['TRUE', true],
    ['off', false],
    ['no', false],
    ['0', false],
    ['false', false],
  ] as const) {
    const config = loadConfig({ TRUST_PROXY: word, METRICS: word, GRAPHQL_SUGGESTIONS: word }, cpus);
    expect([config.rateLimit.trustProxy, config.metrics, config.suggestions]).toEqual([value, value, value]);
  }
});

test("the importer's settings: defaults, and bad values refused naming the variable", () => {
  expect(importSettingsFromEnv({})).toEqual({ timings: false, searchSessions: 2 });
  expect(importSettingsFromEnv({ IMPORT_TIMINGS: '1', IMPORT_SEARCH_SESSIONS: '0' })).toEqual({ timings: true, searchSessions: 0 });
  const bad: [string, string][] = [
    ['IMPORT_TIMINGS', 'verbose'],
    ['IMPORT_SEARCH_SESSIONS', 'two'],
    ['IMPORT_SEARCH_SESSIONS', '-1'],
    ['IMPORT_SEARCH_SESSIONS', ''],
  ];
  for (const [name, value] of bad) {
    expect(() => importSettingsFromEnv({ [name]: value })).toThrow(new RegExp(name));
  }
});

test("the benches' settings: bad values refused naming the variable", () => {
  expect(loadBenchConfig({})).toMatchObject({
    seconds: 15,
    connections: [10, 50],
    servers: ['scholargraph', 'postgraphile'],
    ceiling: true,
  });
  const bad: [string, string][] = [
    ['BENCH_SECONDS', 'long'],
    ['BENCH_CONNECTIONS', '10,lots'],
    ['BENCH_SERVERS', 'apollo'],
    ['SOAK_HOSTILE', '2'],
    ['BENCH_CEILING', 'maybe'],
  ];
  for (const [name, value] of bad) {
    expect(() => loadBenchConfig({ [name]: value })).toThrow(new RegExp(name));
  }
});

test('only the configuration modules read the environment', () => {
  const allowed = new Set(['src/config.ts', 'bench/config.ts']);
  const readers: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // Generated code, and PostGraphile's own server (a separate package the bench runs on Node 22).
        if (relative !== 'src/generated' && relative !== 'bench/postgraphile' && relative !== 'bench/results') walk(relative);
      } else if (/\.(ts|mts|js|mjs)$/.test(entry.name) && !allowed.has(relative)) {
        if (readFileSync(path.join(PROJECT_ROOT, relative), 'utf8').includes('process.env')) readers.push(relative);
      }
    }
  };
  walk('src');
  walk('bench');
  expect(readers).toEqual([]);
});

test('npm run import with a bad importer setting stops before it starts a database', () => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'sg-config-'));
  const dataDir = path.join(parent, 'postgres');
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, IMPORT_SEARCH_SESSIONS: 'many', EMBEDDED_PG_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    delete env.NODE_OPTIONS;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import', 'acl-anthology', parent], {
      cwd: PROJECT_ROOT,
      env,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/IMPORT_SEARCH_SESSIONS must be/);
    expect(existsSync(dataDir)).toBe(false);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
