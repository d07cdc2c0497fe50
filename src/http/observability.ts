// What an operator sees: Prometheus metrics at /metrics (GraphQL Yoga's Prometheus plugin
// over prom-client, plus the pool, statement time, errors by code and rate-limit rejections)
// and one structured JSON log line per request (pino), tied together by a request id.
import { randomUUID } from 'node:crypto';
import { type DocumentNode, type ExecutionResult, getOperationAST, Kind } from 'graphql';
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
    plugins: [useRequestMetrics(registry, options.endpoint ?? '/metrics'), countErrors],
  };
}

/** Yoga's Prometheus plugin's histogram buckets (prom-client's defaults), in seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Phase = 'parse' | 'validate' | 'context' | 'execute' | 'subscribe';

/** What one GraphQL request has reached: when it began, when parsing began, its operation type once parsed. */
interface RequestTimes {
  start: number;
  parseStart: number;
  operationType?: string;
}

/**
 * The request metrics of @graphql-yoga/plugin-prometheus (same names, help, labels and
 * buckets), only those this server lists, without that plugin's per-request work: its
 * generic label filling (an Object.entries/fromEntries per metric and phase) and its arrays
 * of handlers filtered on every hook cost a `{ __typename }` request more CPU than Yoga itself
 * (docs/performance.md, The per-request floor). The operation type is read once per parsed
 * document. `graphql_envelop_request_duration` runs from the start of parsing to the end of
 * execution (what its help says; the plugin measured execution only).
 */
function useRequestMetrics(registry: Registry, endpoint: string): Plugin {
  const histogram = (name: string, help: string, labelNames: string[]) =>
    new Histogram({ name, help, labelNames, buckets: BUCKETS, registers: [registry] });
  const parseTime = histogram('graphql_envelop_phase_parse', 'Time spent on running GraphQL "parse" function', ['operationType']);
  const validateTime = histogram('graphql_envelop_phase_validate', 'Time spent on running GraphQL "validate" function', ['operationType']);
  const executeTime = histogram('graphql_envelop_phase_execute', 'Time spent on running the GraphQL "execute" function', ['operationType']);
  const requestTime = histogram('graphql_envelop_request_duration', 'Time spent on running the GraphQL operation from parse to execute', [
    'operationType',
  ]);
  const httpTime = histogram('graphql_yoga_http_duration', 'Time spent on HTTP connection', ['operationType', 'method', 'statusCode']);
  const requests = new Counter({
    name: 'graphql_envelop_request',
    help: 'Counts the amount of GraphQL requests executed through Envelop',
    labelNames: ['operationType'],
    registers: [registry],
  });
  const errorResults = new Counter({
    name: 'graphql_envelop_error_result',
    help: 'Counts the amount of errors reported from all phases',
    labelNames: ['operationType', 'phase'],
    registers: [registry],
  });

  const times = new WeakMap<Request, RequestTimes>();
  const operationTypes = new WeakMap<DocumentNode, string>();
  const operationTypeOf = (document: DocumentNode, operationName: string | null | undefined): string | undefined => {
    if (operationName) return getOperationAST(document, operationName)?.operation;
    let type = operationTypes.get(document);
    if (type === undefined) {
      type = getOperationAST(document)?.operation ?? '';
      operationTypes.set(document, type);
    }
    return type || undefined;
  };
  const seconds = (since: number) => (performance.now() - since) / 1000;
  const labels = (operationType: string | undefined) => (operationType ? { operationType } : {});
  const countError = (phase: Phase, operationType: string | undefined) => errorResults.inc({ ...labels(operationType), phase });
  /** The end of an operation (execute or subscribe): its time, the request counted, its errors. */
  const ended = (state: RequestTimes | undefined, started: number, phase: 'execute' | 'subscribe') => {
    const type = labels(state?.operationType);
    if (phase === 'execute') executeTime.observe(type, seconds(started));
    requests.inc(type);
    if (state) requestTime.observe(type, seconds(state.parseStart));
  };
  const resultErrors = (result: ExecutionResult, state: RequestTimes | undefined) => {
    for (let i = 0; i < (result.errors?.length ?? 0); i++) countError('execute', state?.operationType);
  };
  const stateOf = (context: unknown) => {
    const request = (context as { request?: Request } | null)?.request;
    return request ? times.get(request) : undefined;
  };

  return {
    onPluginInit({ registerContextErrorHandler }) {
      registerContextErrorHandler(({ context }) => countError('context', stateOf(context)?.operationType));
    },
    onRequest({ request, url, fetchAPI, endResponse }) {
      if (url.pathname === endpoint) {
        return registry
          .metrics()
          .then((text) => endResponse(new fetchAPI.Response(text, { headers: { 'Content-Type': registry.contentType } })));
      }
      times.set(request, { start: performance.now(), parseStart: 0 });
      return undefined;
    },
    onParse({ context }) {
      const state = stateOf(context);
      const started = performance.now();
      if (state) state.parseStart = started;
      return ({ result }) => {
        if (result instanceof Error || result === null) {
          parseTime.observe({}, seconds(started));
          countError('parse', undefined);
          return;
        }
        const operationType = operationTypeOf(result, (context as { params?: { operationName?: string | null } }).params?.operationName);
        if (state) state.operationType = operationType;
        parseTime.observe(labels(operationType), seconds(started));
      };
    },
    onValidate({ context }) {
      const state = stateOf(context);
      const started = performance.now();
      return ({ valid }) => {
        validateTime.observe(labels(state?.operationType), seconds(started));
        if (!valid) countError('validate', state?.operationType);
      };
    },
    onExecute({ args }) {
      const state = stateOf(args.contextValue);
      const started = performance.now();
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result) {
            return {
              onNext: ({ result: part }) => resultErrors(part as ExecutionResult, state),
              onEnd: () => ended(state, started, 'execute'),
            };
          }
          resultErrors(result, state);
          ended(state, started, 'execute');
          return undefined;
        },
      };
    },
    onSubscribe({ args }) {
      const state = stateOf(args.contextValue);
      const started = performance.now();
      return {
        onSubscribeResult({ result }) {
          if (Symbol.asyncIterator in result) {
            return {
              onNext: ({ result: part }) => resultErrors(part as ExecutionResult, state),
              onEnd: () => ended(state, started, 'subscribe'),
            };
          }
          resultErrors(result, state);
          ended(state, started, 'subscribe');
          return undefined;
        },
        onSubscribeError: () => countError('subscribe', state?.operationType),
      };
    },
    onResponse({ request, response }) {
      const state = times.get(request);
      // Requests that reached GraphQL parsing (as the plugin did: not /health, GraphiQL, a 429…).
      if (!state || state.parseStart === 0) return;
      httpTime.observe(
        { operationType: state.operationType ?? 'unknown', method: request.method, statusCode: response.status },
        seconds(state.start),
      );
    },
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
      // Yoga logs at debug a few times per request: below the level, nothing is built.
      if (!logger.isLevelEnabled(level)) return;
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
  const started = new WeakMap<Request, { id: string; at: bigint; path: string; operation?: string; codes?: string[] }>();
  return {
    onRequest({ request, url }) {
      const given = request.headers.get('x-request-id');
      started.set(request, { id: given && REQUEST_ID.test(given) ? given : randomUUID(), at: process.hrtime.bigint(), path: url.pathname });
    },
    onExecute({ args }) {
      const state = started.get((args.contextValue as { request?: Request }).request!);
      if (!state || !logger.isLevelEnabled('info')) return;
      const operation = (args.document as DocumentNode).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      if (operation) state.operation = operation.operation;
    },
    onResultProcess({ request, result }) {
      const state = started.get(request);
      if (!state) return;
      const results = (Array.isArray(result) ? result : [result]) as ExecutionResult[];
      if (!results.some((r) => r && typeof r === 'object' && 'errors' in r && r.errors?.length)) return;
      state.codes = results.flatMap((r) =>
        (r && typeof r === 'object' && 'errors' in r && r.errors ? r.errors : []).map((e) => String(e.extensions?.code ?? 'UNKNOWN')),
      );
    },
    onResponse({ request, response }) {
      const state = started.get(request);
      if (!state) return;
      response.headers.set('x-request-id', state.id);
      // The client went away before its answer: what failed after that (cancelled statements,
      // aborted fields) is its doing, not the server's. One line, no stack.
      const aborted = request.signal.aborted;
      const level = !aborted && response.status >= 500 ? 'error' : 'info';
      // Below the logger's level (LOG_LEVEL=warn): nothing to build.
      if (!logger.isLevelEnabled(level)) return;
      const line = {
        reqId: state.id,
        method: request.method,
        path: state.path,
        status: response.status,
        ms: Math.round(Number(process.hrtime.bigint() - state.at) / 1e4) / 100,
        operation: state.operation,
        errors: state.codes,
      };
      if (aborted) logger.info({ ...line, aborted: true }, 'request aborted by the client');
      else logger[level](line, 'request');
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
