// What an operator sees: Prometheus metrics at /metrics (GraphQL Yoga's Prometheus plugin
// over prom-client, plus the pool, statement time, errors by code and rate-limit rejections)
// and one structured JSON log line per request (pino), tied together by a request id.
import { randomUUID } from 'node:crypto';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { type DocumentNode, type ExecutionResult, Kind } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { pino, type Logger } from 'pino';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ObservedPool } from '../db/pool.js';
import type { ReplicaSet } from '../db/replicas.js';

export interface Metrics {
  registry: Registry;
  /** Yoga plugins: the /metrics endpoint with GraphQL request metrics, and errors by code. */
  plugins: Plugin[];
  rateLimitRejected(): void;
}

/**
 * A registry of this server's own (several servers in one process, as in the tests, do not
 * collide). Labels are bounded: the operation's type, not its client-chosen name or paths.
 */
export function createMetrics(pool: ObservedPool, options: { endpoint?: string; replicas?: ReplicaSet } = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'scholargraph_db_pool_connections_in_use',
    help: 'Pooled database connections checked out by requests.',
    registers: [registry],
    collect() {
      this.set(pool.totalCount - pool.idleCount);
    },
  });
  new Gauge({
    name: 'scholargraph_db_pool_waiting',
    help: 'Requests waiting for a pooled database connection.',
    registers: [registry],
    collect() {
      this.set(pool.waitingCount);
    },
  });
  if (options.replicas) replicaGauges(registry, options.replicas);
  const statementTime = new Histogram({
    name: 'scholargraph_db_statement_duration_seconds',
    help: 'Time of each SQL statement, from sending to its result.',
    labelNames: ['outcome'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  pool.onStatementDone((seconds, failed) => statementTime.observe({ outcome: failed ? 'error' : 'ok' }, seconds));
  const rejections = new Counter({
    name: 'scholargraph_rate_limit_rejections_total',
    help: 'Requests answered 429 by the per-client rate limit.',
    registers: [registry],
  });
  const errors = new Counter({
    name: 'scholargraph_graphql_errors_total',
    help: 'GraphQL errors in responses, by extensions.code.',
    labelNames: ['code'],
    registers: [registry],
  });

  const countErrors: Plugin = {
    onResultProcess({ result }) {
      const results = (Array.isArray(result) ? result : [result]) as ExecutionResult[];
      for (const r of results) {
        if (!r || typeof r !== 'object' || !('errors' in r) || !r.errors) continue;
        for (const error of r.errors) {
          const code = error.extensions?.code;
          // Codes are the server's own; anything else is one bucket.
          errors.inc({ code: typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'UNKNOWN' });
        }
      }
    },
  };

  return {
    registry,
    rateLimitRejected: () => rejections.inc(),
    plugins: [
      usePrometheus({
        endpoint: options.endpoint ?? '/metrics',
        registry,
        metrics: {
          graphql_envelop_request: true,
          graphql_envelop_request_duration: true,
          graphql_envelop_phase_parse: true,
          graphql_envelop_phase_validate: true,
          graphql_envelop_phase_execute: true,
          graphql_envelop_error_result: true,
          graphql_yoga_http_duration: true,
          // On in the plugin's defaults, not in ours (each costs every request something; the
          // first walks every document with a TypeInfo): off.
          graphql_envelop_deprecated_field: false,
          graphql_envelop_request_time_summary: false,
          graphql_envelop_phase_context: false,
          graphql_envelop_phase_subscribe: false,
          graphql_envelop_schema_change: false,
          graphql_envelop_execute_resolver: false,
        },
        labels: { operationName: false, path: false, url: false },
      }),
      countErrors,
    ],
  };
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** JSON lines on stdout, or on another file descriptor (2: stderr). */
export function createLogger(level: LogLevel, fd = 1): Logger {
  const options = { level, base: { service: 'scholargraph' } };
  return fd === 1 ? pino(options) : pino(options, pino.destination({ fd, sync: true }));
}

/**
 * Yoga's own log calls (unexpected errors, warnings) through the same logger. A request whose
 * client went away fails its pending fields with AbortErrors: those are not the server's
 * errors (the request's own line says it was aborted), so they go to debug, without a stack.
 */
export function yogaLogger(logger: Logger) {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (isAbort(first)) logger.debug({ path: (first as { path?: unknown }).path }, `request aborted: ${(first as Error).message}`);
      else if (first instanceof Error) logger[level]({ err: first }, first.message);
      else logger[level]({ args: rest.length ? rest : undefined }, String(first));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** An AbortError (the request's signal fired), or a GraphQLError wrapping one. */
function isAbort(error: unknown): boolean {
  // Not `instanceof Error`: a DOMException may come from another realm.
  let e = error as { name?: unknown; originalError?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (e.name === 'AbortError') return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/**
 * One log line per request, after its response: request id (the client's X-Request-Id
 * when it is a plain token, else a new UUID; echoed in the response), method, path,
 * status, duration, operation type and the error codes it returned (`aborted: true`, at
 * info, when the client went away first). Bodies and variables are never logged.
 */
export function useRequestLog(logger: Logger): Plugin {
  const started = new WeakMap<Request, { id: string; at: bigint; operation?: string; codes?: string[] }>();
  return {
    onRequest({ request }) {
      const given = request.headers.get('x-request-id');
      started.set(request, { id: given && REQUEST_ID.test(given) ? given : randomUUID(), at: process.hrtime.bigint() });
    },
    onExecute({ args }) {
      const state = started.get((args.contextValue as { request?: Request }).request!);
      const operation = (args.document as DocumentNode).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      if (state && operation) state.operation = operation.operation;
    },
    onResultProcess({ request, result }) {
      const state = started.get(request);
      if (!state) return;
      const results = (Array.isArray(result) ? result : [result]) as ExecutionResult[];
      const codes = results.flatMap((r) =>
        (r && typeof r === 'object' && 'errors' in r && r.errors ? r.errors : []).map((e) => String(e.extensions?.code ?? 'UNKNOWN')),
      );
      if (codes.length) state.codes = codes;
    },
    onResponse({ request, response }) {
      const state = started.get(request);
      if (!state) return;
      response.headers.set('x-request-id', state.id);
      const url = new URL(request.url);
      const line = {
        reqId: state.id,
        method: request.method,
        path: url.pathname,
        status: response.status,
        ms: Math.round(Number(process.hrtime.bigint() - state.at) / 1e4) / 100,
        operation: state.operation,
        errors: state.codes,
      };
      // The client went away before its answer: what failed after that (cancelled statements,
      // aborted fields) is its doing, not the server's. One line, no stack.
      if (request.signal.aborted) logger.info({ ...line, aborted: true }, 'request aborted by the client');
      else if (response.status >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    },
  };
}

/** Each replica's pool and last check, labelled by its position in DATABASE_REPLICA_URLS (never its host). */
function replicaGauges(registry: Registry, replicas: ReplicaSet) {
  const gauge = (name: string, help: string, value: (r: ReturnType<ReplicaSet['stats']>[number]) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['replica'],
      registers: [registry],
      collect() {
        this.reset();
        for (const r of replicas.stats()) {
          const v = value(r);
          if (v !== null) this.set({ replica: String(r.index) }, v);
        }
      },
    });
  gauge('scholargraph_db_replica_pool_connections_in_use', 'Pooled connections to a read replica checked out by requests.', (r) => r.inUse);
  gauge('scholargraph_db_replica_pool_connections_idle', 'Pooled connections to a read replica open and idle.', (r) => r.idle);
  gauge('scholargraph_db_replica_pool_waiting', 'Requests waiting for a pooled connection to a read replica.', (r) => r.waiting);
  gauge('scholargraph_db_replica_ready', 'Whether a read replica passed its last check (1) or gets no requests (0).', (r) =>
    r.ready ? 1 : 0,
  );
  gauge('scholargraph_db_replica_lag_seconds', 'Replay lag of a read replica at its last check (absent when unknown).', (r) =>
    r.lagMs === null ? null : r.lagMs / 1000,
  );
}
