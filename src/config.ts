// Every setting read from the environment, and the only module that reads it (docs/configuration.md).
// loadConfig() parses the server's settings once, before anything starts; bad values stop
// the server with a message naming each variable. The HTTP handler's defaults
// (yogaSettingsFromEnv) and the importer's (importSettingsFromEnv) are parsed here too.
import os from 'node:os';
import {
  DEFAULT_MAX_ALIASES,
  DEFAULT_MAX_COST,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_DIRECTIVES,
  DEFAULT_MAX_IDS,
  type QueryLimits,
} from './http/limits.js';
import { DEFAULT_MAX_TOKENS } from './http/parser-guard.js';
import type { LogLevel } from './http/observability.js';
import type { RateLimitSettings } from './http/rate-limit.js';
import { RESPONSE_CACHE_DEFAULTS, type ResponseCacheSettings } from './http/response-cache.js';

export const DEFAULT_CACHE_MAX_AGE = 300;

export function parseCacheMaxAge(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_CACHE_MAX_AGE;
  const seconds = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(seconds)) {
    throw new Error(`CACHE_MAX_AGE must be a whole number of seconds, got "${value}"`);
  }
  return seconds;
}

/** "https://a.example, https://b.example" → both; unset, empty or "*" → undefined (any origin). */
export function parseCorsOrigins(value: string | undefined): string[] | undefined {
  const origins = (value ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter((o) => o !== '');
  if (origins.length === 0 || origins.includes('*')) return undefined;
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(`CORS_ORIGIN must list origins like https://example.org, got "${origin}"`);
    }
  }
  return origins;
}

/** Most server processes WEB_CONCURRENCY may ask for. */
export const MAX_WEB_CONCURRENCY = 64;

/**
 * WEB_CONCURRENCY: how many server processes share the port (node:cluster). Unset or empty:
 * 1, a single process. "auto": one per CPU the process may use.
 */
export function parseWebConcurrency(value: string | undefined, cpus: () => number): number {
  const text = (value ?? '').trim();
  if (text === '') return 1;
  if (text === 'auto') return Math.min(Math.max(1, cpus()), MAX_WEB_CONCURRENCY);
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_WEB_CONCURRENCY) {
    throw new Error(`WEB_CONCURRENCY must be "auto" or a whole number from 1 to ${MAX_WEB_CONCURRENCY}, got "${value}"`);
  }
  return n;
}

/**
 * A limit of the request policy (MAX_QUERY_DEPTH, MAX_QUERY_TOKENS, MAX_NODE_IDS, …): a whole
 * number ≥ 0, where 0 turns the limit off. Unset or empty: undefined (the caller's default).
 */
export function parseLimit(name: string, value: string | undefined): number | undefined {
  const text = (value ?? '').trim();
  if (text === '') return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new Error(`${name} must be a whole number ≥ 0 (got "${value}").`);
  return n;
}

/**
 * A switch (GRAPHQL_SUGGESTIONS, TRUST_PROXY, METRICS, IMPORT_TIMINGS, …): on/off, true/false,
 * 1/0, yes/no. Unset: undefined (the caller's default); set but empty is an error, as for
 * every variable.
 */
export function parseSwitch(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(text)) return true;
  if (['off', 'false', '0', 'no'].includes(text)) return false;
  throw new Error(`${name} must be on or off (also true/false, 1/0, yes/no), got "${value}"`);
}

/** Limits from MAX_QUERY_DEPTH, MAX_QUERY_COST, MAX_QUERY_ALIASES, MAX_QUERY_DIRECTIVES, MAX_NODE_IDS; 0 disables one. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): QueryLimits {
  return {
    maxDepth: parseLimit('MAX_QUERY_DEPTH', env.MAX_QUERY_DEPTH) ?? DEFAULT_MAX_DEPTH,
    maxCost: parseLimit('MAX_QUERY_COST', env.MAX_QUERY_COST) ?? DEFAULT_MAX_COST,
    maxAliases: parseLimit('MAX_QUERY_ALIASES', env.MAX_QUERY_ALIASES) ?? DEFAULT_MAX_ALIASES,
    maxDirectives: parseLimit('MAX_QUERY_DIRECTIVES', env.MAX_QUERY_DIRECTIVES) ?? DEFAULT_MAX_DIRECTIVES,
    maxIds: parseLimit('MAX_NODE_IDS', env.MAX_NODE_IDS) ?? DEFAULT_MAX_IDS,
  };
}

/** MAX_QUERY_TOKENS, else the default; 0 turns the limit off. */
export const maxTokensFromEnv = (env: NodeJS.ProcessEnv = process.env): number =>
  parseLimit('MAX_QUERY_TOKENS', env.MAX_QUERY_TOKENS) ?? DEFAULT_MAX_TOKENS;

/** NODE_ENV=production: unexpected errors masked, logs quieter. */
export const production = (env: NodeJS.ProcessEnv = process.env): boolean => env.NODE_ENV === 'production';

/** The HTTP handler's settings that `createScholargraphYoga` takes from the environment when not given. */
export interface YogaEnvSettings {
  production: boolean;
  cacheMaxAge: number;
  corsOrigins: string[] | undefined;
  limits: QueryLimits;
  maxTokens: number;
  /** undefined: only outside production. */
  suggestions: boolean | undefined;
  /** PERSISTED_DOCUMENTS_ONLY: run persisted documents only (src/http/persisted-documents.ts); default off. */
  persistedDocumentsOnly: boolean;
  responseCache: ResponseCacheSettings | undefined;
}

/**
 * RESPONSE_CACHE (on/off), RESPONSE_CACHE_TTL_S, RESPONSE_CACHE_MAX_ENTRIES, RESPONSE_CACHE_MAX_MB,
 * RESPONSE_CACHE_MAX_ENTRY_KB, REDIS_URL. Off: undefined. `byDefault`: whether unset means on.
 */
export function responseCacheFromEnv(env: NodeJS.ProcessEnv, byDefault: boolean): ResponseCacheSettings | undefined {
  const { problems, attempt } = collectProblems();
  const int = (name: string, fallback: number, min: number, max: number) =>
    attempt(() => parseInteger(env, name, fallback, min, max), fallback);
  const on = attempt(() => parseSwitch('RESPONSE_CACHE', env.RESPONSE_CACHE) ?? byDefault, false);
  const settings: ResponseCacheSettings = {
    ttlSeconds: int('RESPONSE_CACHE_TTL_S', RESPONSE_CACHE_DEFAULTS.ttlSeconds, 1, 31_536_000),
    maxEntries: int('RESPONSE_CACHE_MAX_ENTRIES', RESPONSE_CACHE_DEFAULTS.maxEntries, 1, 100_000_000),
    maxMegabytes: int('RESPONSE_CACHE_MAX_MB', RESPONSE_CACHE_DEFAULTS.maxMegabytes, 1, 1_000_000),
    maxEntryKilobytes: int('RESPONSE_CACHE_MAX_ENTRY_KB', RESPONSE_CACHE_DEFAULTS.maxEntryKilobytes, 1, 1_000_000),
    redisUrl: attempt(() => parseRedisUrl(env.REDIS_URL), undefined),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return on ? settings : undefined;
}

/** REDIS_URL: redis:// or rediss://; unset: undefined; set but empty is an error. */
export function parseRedisUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value.trim());
  } catch {
    url = undefined;
  }
  if (!url || !['redis:', 'rediss:'].includes(url.protocol)) {
    // Not echoed: it may hold a password.
    throw new Error('REDIS_URL must be a redis:// or rediss:// URL');
  }
  return value.trim();
}

export function yogaSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): YogaEnvSettings {
  return {
    // The handler alone (tests, embedding) caches only when RESPONSE_CACHE says so; npm start by default.
    responseCache: responseCacheFromEnv(env, false),
    production: production(env),
    cacheMaxAge: parseCacheMaxAge(env.CACHE_MAX_AGE),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGIN),
    limits: limitsFromEnv(env),
    maxTokens: maxTokensFromEnv(env),
    suggestions: parseSwitch('GRAPHQL_SUGGESTIONS', env.GRAPHQL_SUGGESTIONS),
    persistedDocumentsOnly: parseSwitch('PERSISTED_DOCUMENTS_ONLY', env.PERSISTED_DOCUMENTS_ONLY) ?? false,
  };
}

/** The importer's own settings (npm run import, npm run bench:import, the tests). */
export interface ImportSettings {
  /** IMPORT_TIMINGS: print each statement's time and each phase's CPU and memory to stderr (default off). */
  timings: boolean;
  /** IMPORT_SEARCH_SESSIONS: extra sessions computing the papers' search vectors (default 2; 0: in the import's own). */
  searchSessions: number;
}

export function importSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ImportSettings {
  const { problems, attempt } = collectProblems();
  const settings = {
    timings: attempt(() => parseSwitch('IMPORT_TIMINGS', env.IMPORT_TIMINGS) ?? false, false),
    searchSessions: attempt(() => parseInteger(env, 'IMPORT_SEARCH_SESSIONS', 2, 0, 16), 2),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}

/**
 * Everything `npm start` reads from the environment, parsed and checked once, before the
 * database is located, started or migrated. Each bad value is reported with its variable's
 * name; all of them at once.
 */
export interface ServerConfig extends DatabaseConfig {
  /** PORT: 0 asks for any free port; empty is an error, not 0. */
  port: number;
  webConcurrency: number;
  production: boolean;
  poolSize: number;
  /** STATEMENT_TIMEOUT_MS for API statements (0: none). Migrations, imports and corrections are not bound by it. */
  statementTimeoutMs: number;
  /** POOL_ACQUIRE_TIMEOUT_MS: how long a request waits for a pooled connection before a 503 (0: forever). */
  poolAcquireTimeoutMs: number;
  /** DATABASE_MAX_PREPARED_STATEMENTS: named statements kept per connection (least recently used go). */
  maxPreparedStatements: number;
  /** REPLICA_MAX_LAG_MS: a replica whose replay is further behind the primary gets no requests. */
  replicaMaxLagMs: number;
  http: HttpServerSettings;
  /**
   * RATE_LIMIT requests per RATE_LIMIT_WINDOW_S and client (0: off); TRUST_PROXY: client address from X-Forwarded-For;
   * API_KEY_RATE_LIMIT per window and API key (0: off); API_KEY_CACHE_S: how long a key lookup is reused.
   */
  rateLimit: RateLimitSettings;
  /** METRICS: Prometheus metrics at /metrics (default on). */
  metrics: boolean;
  /** LOG_LEVEL of the JSON logs (default info: one line per request). */
  logLevel: LogLevel;
  cacheMaxAge: number;
  corsOrigins: string[] | undefined;
  limits: QueryLimits;
  /** MAX_QUERY_TOKENS: the longest document the parser accepts (0: no limit). */
  maxTokens: number;
  /** GRAPHQL_SUGGESTIONS: "Did you mean …?" in validation errors; undefined: only outside production. */
  suggestions: boolean | undefined;
  /** PERSISTED_DOCUMENTS_ONLY: run persisted documents only (default off). */
  persistedDocumentsOnly: boolean;
  /** RESPONSE_CACHE (default on) and its limits, REDIS_URL (src/http/response-cache.ts); undefined: off. */
  responseCache: ResponseCacheSettings | undefined;
}

/** The Node HTTP server's own limits (node:http Server properties of the same names). */
export interface HttpServerSettings {
  /** HTTP_HEADERS_TIMEOUT_MS: time to receive a request's headers. */
  headersTimeout: number;
  /** HTTP_REQUEST_TIMEOUT_MS: time to receive a whole request, body included. */
  requestTimeout: number;
  /** HTTP_KEEP_ALIVE_TIMEOUT_MS: how long an idle keep-alive connection stays open. */
  keepAliveTimeout: number;
  /** HTTP_MAX_CONNECTIONS: open sockets accepted at once; more are refused (0: no cap). */
  maxConnections: number;
}

export const CONFIG_DEFAULTS = {
  port: 4000,
  embeddedPgPort: 54329,
  poolSize: 10,
  statementTimeoutMs: 5_000,
  poolAcquireTimeoutMs: 3_000,
  maxPreparedStatements: 20,
  replicaMaxLagMs: 5_000,
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  maxConnections: 1_000,
  rateLimit: 1_200,
  rateLimitWindowSeconds: 60,
  apiKeyRateLimit: 12_000,
  apiKeyCacheSeconds: 30,
} as const;

/** Where the database is: what `npm start` and the CLI read (the CLI needs no HTTP settings). */
export interface DatabaseConfig {
  /** DATABASE_URL, when set; else an embedded PostgreSQL. */
  databaseUrl: string | undefined;
  /**
   * DATABASE_POOL_MODE: `session` (default: DATABASE_URL is PostgreSQL itself or a pooler in session mode) or
   * `transaction` (a pooler such as PgBouncer in transaction mode: no named statements, no startup options).
   */
  poolMode: PoolMode;
  /**
   * DATABASE_DIRECT_URL: a session connection (PostgreSQL itself) for what needs one — LISTEN/NOTIFY, migrations (a
   * session advisory lock), imports and the CLI. Required with DATABASE_POOL_MODE=transaction; default: DATABASE_URL.
   */
  directUrl: string | undefined;
  /** DATABASE_REPLICA_URLS: streaming replicas (comma-separated) for anonymous read-only requests; empty: none. */
  replicaUrls: string[];
  embeddedPgPort: number;
  /** EMBEDDED_PG_DATA_DIR, when set; else .data/postgres in the project. */
  embeddedPgDataDir: string | undefined;
}

export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const { databaseUrl, poolMode, directUrl, replicaUrls, embeddedPgPort, embeddedPgDataDir } = loadConfig(
    {
      DATABASE_URL: env.DATABASE_URL,
      DATABASE_POOL_MODE: env.DATABASE_POOL_MODE,
      DATABASE_DIRECT_URL: env.DATABASE_DIRECT_URL,
      DATABASE_REPLICA_URLS: env.DATABASE_REPLICA_URLS,
      EMBEDDED_PG_PORT: env.EMBEDDED_PG_PORT,
      EMBEDDED_PG_DATA_DIR: env.EMBEDDED_PG_DATA_DIR,
    },
    () => 1,
  );
  return { databaseUrl, poolMode, directUrl, replicaUrls, embeddedPgPort, embeddedPgDataDir };
}

/**
 * Parses variables one by one, keeping every problem: `attempt(parse, fallback)` returns the
 * parsed value, or the fallback after noting the error's message; throw a ConfigError with
 * `problems` at the end, so every bad variable is named at once.
 */
export function collectProblems(): { problems: string[]; attempt: <T>(parse: () => T, fallback: T) => T } {
  const problems: string[] = [];
  const attempt = <T>(parse: () => T, fallback: T): T => {
    try {
      return parse();
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else problems.push((error as Error).message);
      return fallback;
    }
  };
  return { problems, attempt };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cpus: () => number = () => os.availableParallelism()): ServerConfig {
  const { problems, attempt } = collectProblems();
  const int = (name: string, fallback: number, min: number, max: number) =>
    attempt(() => parseInteger(env, name, fallback, min, max), fallback);
  const text = (name: string) => {
    const value = env[name];
    if (value === undefined) return undefined;
    if (value.trim() === '') {
      problems.push(`${name} is set but empty (unset it to use the default)`);
      return undefined;
    }
    return value;
  };
  const config: ServerConfig = {
    port: int('PORT', CONFIG_DEFAULTS.port, 0, 65535),
    webConcurrency: attempt(() => parseWebConcurrency(env.WEB_CONCURRENCY, cpus), 1),
    production: production(env),
    databaseUrl: text('DATABASE_URL'),
    poolMode: attempt(() => parsePoolMode(env.DATABASE_POOL_MODE), 'session'),
    directUrl: text('DATABASE_DIRECT_URL'),
    replicaUrls: attempt(() => parseReplicaUrls(env.DATABASE_REPLICA_URLS), []),
    replicaMaxLagMs: int('REPLICA_MAX_LAG_MS', CONFIG_DEFAULTS.replicaMaxLagMs, 1, 2_147_483_647),
    embeddedPgPort: int('EMBEDDED_PG_PORT', CONFIG_DEFAULTS.embeddedPgPort, 1, 65535),
    embeddedPgDataDir: text('EMBEDDED_PG_DATA_DIR'),
    poolSize: int('DATABASE_POOL_SIZE', CONFIG_DEFAULTS.poolSize, 1, 1000),
    statementTimeoutMs: int('STATEMENT_TIMEOUT_MS', CONFIG_DEFAULTS.statementTimeoutMs, 0, 2_147_483_647),
    poolAcquireTimeoutMs: int('POOL_ACQUIRE_TIMEOUT_MS', CONFIG_DEFAULTS.poolAcquireTimeoutMs, 0, 2_147_483_647),
    maxPreparedStatements: int('DATABASE_MAX_PREPARED_STATEMENTS', CONFIG_DEFAULTS.maxPreparedStatements, 1, 10_000),
    http: {
      headersTimeout: int('HTTP_HEADERS_TIMEOUT_MS', CONFIG_DEFAULTS.headersTimeout, 1, 2_147_483_647),
      requestTimeout: int('HTTP_REQUEST_TIMEOUT_MS', CONFIG_DEFAULTS.requestTimeout, 0, 2_147_483_647),
      keepAliveTimeout: int('HTTP_KEEP_ALIVE_TIMEOUT_MS', CONFIG_DEFAULTS.keepAliveTimeout, 1, 2_147_483_647),
      maxConnections: int('HTTP_MAX_CONNECTIONS', CONFIG_DEFAULTS.maxConnections, 0, 1_000_000),
    },
    rateLimit: {
      quota: int('RATE_LIMIT', CONFIG_DEFAULTS.rateLimit, 0, 1_000_000_000),
      windowSeconds: int('RATE_LIMIT_WINDOW_S', CONFIG_DEFAULTS.rateLimitWindowSeconds, 1, 86_400),
      trustProxy: attempt(() => parseSwitch('TRUST_PROXY', env.TRUST_PROXY) ?? false, false),
      apiKeyQuota: int('API_KEY_RATE_LIMIT', CONFIG_DEFAULTS.apiKeyRateLimit, 0, 1_000_000_000),
      apiKeyCacheSeconds: int('API_KEY_CACHE_S', CONFIG_DEFAULTS.apiKeyCacheSeconds, 0, 3_600),
    },
    metrics: attempt(() => parseSwitch('METRICS', env.METRICS) ?? true, true),
    logLevel: attempt(() => parseLogLevel(env.LOG_LEVEL), 'info'),
    cacheMaxAge: attempt(() => parseCacheMaxAge(env.CACHE_MAX_AGE), DEFAULT_CACHE_MAX_AGE),
    corsOrigins: attempt(() => parseCorsOrigins(env.CORS_ORIGIN), undefined),
    limits: attempt(() => limitsFromEnv(env), { maxDepth: 0, maxCost: 0, maxAliases: 0, maxDirectives: 0, maxIds: 0 }),
    maxTokens: attempt(() => maxTokensFromEnv(env), DEFAULT_MAX_TOKENS),
    suggestions: attempt(() => parseSwitch('GRAPHQL_SUGGESTIONS', env.GRAPHQL_SUGGESTIONS), undefined),
    persistedDocumentsOnly: attempt(() => parseSwitch('PERSISTED_DOCUMENTS_ONLY', env.PERSISTED_DOCUMENTS_ONLY) ?? false, false),
    responseCache: attempt(() => responseCacheFromEnv(env, true), undefined),
  };
  if (config.replicaUrls.length > 0 && config.databaseUrl === undefined) {
    problems.push('DATABASE_REPLICA_URLS needs DATABASE_URL: replicas follow a primary you run, not the embedded PostgreSQL');
  }
  if (config.directUrl !== undefined && config.databaseUrl === undefined) {
    problems.push('DATABASE_DIRECT_URL is set without DATABASE_URL (the embedded PostgreSQL needs neither)');
  }
  if (config.poolMode === 'transaction' && (config.databaseUrl === undefined || config.directUrl === undefined)) {
    problems.push(
      'DATABASE_POOL_MODE=transaction needs DATABASE_URL (the pooler) and DATABASE_DIRECT_URL (PostgreSQL itself, for LISTEN/NOTIFY and migrations)',
    );
  }
  // Node refuses a headers timeout longer than the request timeout (when that is on).
  if (config.http.requestTimeout > 0 && config.http.headersTimeout > config.http.requestTimeout) {
    problems.push(
      `HTTP_HEADERS_TIMEOUT_MS (${config.http.headersTimeout}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${config.http.requestTimeout})`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** A whole number in [min, max]; unset means the default, but set-and-empty is an error. */
export function parseInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = env[name];
  if (value === undefined) return fallback;
  const trimmed = value.trim();
  const n = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function parseLogLevel(value: string | undefined): LogLevel {
  if (value === undefined) return 'info';
  const level = value.trim().toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return level;
}

export type PoolMode = 'session' | 'transaction';

function parsePoolMode(value: string | undefined): PoolMode {
  if (value === undefined || value === 'session' || value === 'transaction') return value ?? 'session';
  throw new Error(`DATABASE_POOL_MODE must be "session" or "transaction", got "${value}"`);
}

function parseReplicaUrls(value: string | undefined): string[] {
  const urls = (value ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  for (const url of urls) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      // Not echoed: it may hold a password.
      throw new Error(`DATABASE_REPLICA_URLS must list postgres:// URLs separated by commas; entry ${urls.indexOf(url) + 1} is not one`);
    }
  }
  return urls;
}
