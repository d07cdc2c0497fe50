// The GraphQL HTTP handler. Tests import createScholargraphYoga() and call its
// fetch(); src/server.ts mounts it on a Node HTTP server.
import { useGraphQlJit } from '@envelop/graphql-jit';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { type DocumentNode, execute, Kind } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Logger } from 'pino';
import { createGraphQLError, createYoga, type CORSOptions, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { parseCacheMaxAge, parseCorsOrigins } from './config.js';
import { createContext, type Context } from './context.js';
import { GRAPHIQL_AUTHOR_PAGE_QUERY, GRAPHIQL_TABS } from './examples/graphiql-tabs.js';
import { useCacheControl } from './http/cache-control.js';
import { useDatabaseErrors } from './http/database-errors.js';
import { limitsFromEnv, type QueryLimits, useQueryLimits } from './http/limits.js';
import { createMetrics, type Metrics, useRequestLog, yogaLogger } from './http/observability.js';
import { type RateLimitSettings, useRateLimit } from './http/rate-limit.js';
import { useReadiness } from './http/ready.js';
import { schema } from './schema/index.js';

export type ScholargraphYoga = YogaServerInstance<Record<string, unknown>, Context>;

export interface YogaOptions {
  db: Parameters<typeof createContext>[0];
  /** Hide unexpected error details (default: NODE_ENV === 'production'). */
  production?: boolean;
  logging?: boolean;
  /** Seconds successful GET queries may be cached publicly (default: env CACHE_MAX_AGE, else 300; 0: off). */
  cacheMaxAge?: number;
  /** Origins CORS allows (default: env CORS_ORIGIN; unset: any origin, Yoga's default). */
  corsOrigins?: string[];
  /** Maximum query depth and cost (default: env MAX_QUERY_DEPTH / MAX_QUERY_COST, else 12 / 1000000; 0: off). */
  limits?: Partial<QueryLimits>;
  /** Requests per client and window (src/http/rate-limit.ts); unset: no limit. */
  rateLimit?: RateLimitSettings;
  /** Prometheus metrics at /metrics (src/http/observability.ts); unset: none. */
  metrics?: boolean;
  /** JSON logs, one line per request; unset: Yoga's console logging. */
  logger?: Logger;
}

export function createScholargraphYoga(options: YogaOptions): ScholargraphYoga {
  const { db } = options;
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const cacheMaxAge = options.cacheMaxAge ?? parseCacheMaxAge(process.env.CACHE_MAX_AGE);
  const corsOrigins = options.corsOrigins ?? parseCorsOrigins(process.env.CORS_ORIGIN);
  const limits = { ...limitsFromEnv(), ...options.limits };
  const metrics: Metrics | undefined = options.metrics ? createMetrics(db.pool) : undefined;
  const { logger } = options;
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    logging: options.logging === false ? false : logger ? yogaLogger(logger) : production ? 'warn' : 'info',
    // Unexpected errors become "Unexpected error." with no stack; typed GraphQLErrors pass.
    maskedErrors: { isDev: !production },
    // The Authorization header is only looked up when a mutation asks who is calling.
    // The request's signal: statements of a request whose client went away are cancelled.
    context: ({ request }) => createContext(db, request.headers.get('authorization'), request.signal),
    cors: corsOrigins ? allowOnly(corsOrigins) : undefined,
    // The bundled GraphiQL: its scripts and styles are inlined, so it works without
    // reaching a CDN (Yoga's default page loads them from unpkg.com).
    renderGraphiQL,
    graphiql: {
      title: 'Scholargraph',
      defaultQuery: GRAPHIQL_AUTHOR_PAGE_QUERY,
      defaultTabs: GRAPHIQL_TABS,
    },
    // Yoga's own limit pipes every request body through a TransformStream (about 5% of
    // the CPU of a small query); useRequestBodyLimit keeps the limit without that.
    maxRequestBodySize: false,
    plugins: [
      ...(logger ? [useRequestLog(logger)] : []),
      ...(metrics?.plugins ?? []),
      ...(options.rateLimit ? [useRateLimit(options.rateLimit, { onRejected: metrics?.rateLimitRejected })] : []),
      useRequestBodyLimit(MAX_REQUEST_BODY_SIZE),
      useGraphqlJsExecute(),
      useJitForQueries(),
      useCacheControl({ maxAge: cacheMaxAge }),
      useQueryLimits(limits),
      useReadiness(db.pool),
      useDatabaseErrors(),
    ],
  });
}

/**
 * Queries and mutations run on graphql-js's own `execute` rather than Yoga's default
 * (@graphql-tools/executor, which also handles @defer/@stream, unused here): a little
 * less CPU per request (see README, Performance). Subscriptions keep Yoga's executor.
 */
function useGraphqlJsExecute(): Plugin {
  return {
    onExecute({ setExecuteFn }) {
      setExecuteFn(execute);
    },
  };
}

/**
 * Queries run on graphql-jit (@envelop/graphql-jit): each document is compiled once into
 * a function that resolves the whole selection without graphql-js's per-field
 * interpretation; the compiled query is cached with the parsed document, which Yoga's
 * parser cache keeps. Mutations and subscriptions stay on graphql-js, and so does a
 * document graphql-jit cannot compile, one holding several operations (the plugin
 * caches by document, not by operation name) and one with a non-null variable that has
 * a default (graphql-jit does not apply the default). Validation, error masking, typed errors,
 * the query limits and Cache-Control are plugins around execution: they hold whichever
 * executor runs.
 */
function useJitForQueries(): Plugin {
  const jittable = new WeakMap<DocumentNode, boolean>();
  return useGraphQlJit(
    {},
    {
      enableIf: ({ schema, document, operationName }) => {
        let ok = jittable.get(document);
        if (ok === undefined) {
          const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
          const operation = operations[0];
          ok =
            operations.length === 1 &&
            operation!.operation === 'query' &&
            // graphql-jit refuses a non-null variable left out even when it has a default
            // (`$slug: String! = "…"`, as in GraphiQL's author page tab); graphql-js uses the default.
            !(operation!.variableDefinitions ?? []).some((v) => v.type.kind === Kind.NON_NULL_TYPE && v.defaultValue != null) &&
            isCompiledQuery(compileQuery(schema, document, operationName ?? undefined));
          jittable.set(document, ok);
        }
        return ok;
      },
    },
  ) as Plugin;
}

/** Yoga's default request body limit, kept. */
const MAX_REQUEST_BODY_SIZE = 25_000_000;

/**
 * The request body limit (413, as Yoga's): a body with a valid Content-Length is checked
 * on the header alone (Node's HTTP parser never delivers more than it announces); only a
 * body without one (chunked) is counted as it streams in.
 */
function useRequestBodyLimit(limit: number): Plugin {
  const tooLarge = () =>
    createGraphQLError('Request body too large', {
      extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' },
    });
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength != null) {
        if (!/^\d+$/.test(contentLength)) {
          throw createGraphQLError('Content-Length header is invalid.', {
            extensions: { http: { status: 400 }, code: 'BAD_REQUEST' },
          });
        }
        if (Number(contentLength) > limit) throw tooLarge();
        return;
      }
      if (requestParser == null || request.body == null) return;
      const parse = requestParser;
      setRequestParser((req) => {
        let bytes = 0;
        const body = req.body!.pipeThrough(
          new fetchAPI.TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              bytes += chunk.byteLength;
              if (bytes > limit) controller.error(tooLarge());
              else controller.enqueue(chunk);
            },
          }),
        );
        return parse(
          new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, signal: req.signal, body, duplex: 'half' } as RequestInit),
        );
      });
    },
  };
}

// CORS headers only for the listed origins; other origins get none, so browsers refuse.
function allowOnly(origins: string[]): (request: Request) => CORSOptions {
  return (request) => {
    const origin = request.headers.get('origin');
    return origin !== null && origins.includes(origin) ? { origin: [origin] } : false;
  };
}
