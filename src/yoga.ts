// The GraphQL HTTP handler. Tests import createScholargraphYoga() and call its
// fetch(); src/server.ts mounts it on a Node HTTP server.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { Logger } from 'pino';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { CONFIG_DEFAULTS, yogaSettingsFromEnv } from './config.js';
import { createContext, type Context } from './context.js';
import { GRAPHIQL_AUTHOR_PAGE_QUERY, GRAPHIQL_TABS } from './examples/graphiql-tabs.js';
import { PERSISTED_DOCUMENTS } from './examples/persisted-documents.js';
import { apiKeyChecker } from './http/api-keys.js';
import { MAX_REQUEST_BODY_SIZE, useRequestBodyLimit } from './http/body-limit.js';
import { useCacheControl } from './http/cache-control.js';
import { corsPolicy } from './http/cors.js';
import { useCsrfPrevention } from './http/csrf.js';
import { useDatabaseErrors } from './http/database-errors.js';
import { useEtag } from './http/etag.js';
import { compressedGraphiQL } from './http/graphiql-cache.js';
import { useGraphqlJsExecute } from './http/graphql-js-execute.js';
import { useIncrementalDelivery } from './http/incremental.js';
import { useJitForQueries } from './http/jit.js';
import { type QueryLimits, useQueryLimits } from './http/limits.js';
import { createMetrics, type Metrics, useRequestLog, yogaLogger } from './http/observability.js';
import { useParserGuard } from './http/parser-guard.js';
import { usePersistedDocuments } from './http/persisted-documents.js';
import { type RateLimitSettings, useRateLimit } from './http/rate-limit.js';
import { useReadReplicas } from './http/read-replicas.js';
import { useReadiness } from './http/ready.js';
import { type ResponseCacheSettings, useResponseCache } from './http/response-cache.js';
import { useStrictUtf8, useTypedErrors, useUsableStrings } from './http/user-errors.js';
import type { ReplicaSet } from './db/replicas.js';
import { schema } from './schema/index.js';

export type ScholargraphYoga = YogaServerInstance<Record<string, unknown>, Context>;

export interface YogaOptions {
  db: Parameters<typeof createContext>[0];
  /** Hide unexpected error details (default: NODE_ENV === 'production'). */
  production?: boolean;
  logging?: boolean;
  /** Seconds successful GET queries may be cached publicly (default: env CACHE_MAX_AGE, else 300; 0: off). */
  cacheMaxAge?: number;
  /** Origins CORS allows, with credentials (default: env CORS_ORIGIN; unset: any origin, without credentials). */
  corsOrigins?: string[];
  /** Maximum query depth and cost (default: env MAX_QUERY_DEPTH / MAX_QUERY_COST, else 12 / 1000000; 0: off). */
  limits?: Partial<QueryLimits>;
  /** Most tokens a document may have (default: env MAX_QUERY_TOKENS, else 2000; 0: off). */
  maxTokens?: number;
  /** "Did you mean …?" in validation errors (default: env GRAPHQL_SUGGESTIONS, else only outside production). */
  suggestions?: boolean;
  /** Requests per client (address or API key) and window (src/http/rate-limit.ts); unset: no limit, keys not checked. */
  rateLimit?: RateLimitSettings;
  /** Prometheus metrics at /metrics (src/http/observability.ts); unset: none. */
  metrics?: boolean;
  /** JSON logs, one line per request; unset: Yoga's console logging. */
  logger?: Logger;
  /** Read replicas for anonymous queries (src/http/read-replicas.ts); unset: the primary answers everything. */
  replicas?: ReplicaSet;
  /** Run persisted documents only (default: env PERSISTED_DOCUMENTS_ONLY, else off). */
  persistedDocumentsOnly?: boolean;
  /** The response cache (src/http/response-cache.ts); false: off; unset: on only when env RESPONSE_CACHE is. */
  responseCache?: ResponseCacheSettings | false;
}

export function createScholargraphYoga(options: YogaOptions): ScholargraphYoga {
  const { db } = options;
  // What the options leave out comes from the environment, parsed by src/config.ts.
  const fromEnv = yogaSettingsFromEnv();
  const production = options.production ?? fromEnv.production;
  const cacheMaxAge = options.cacheMaxAge ?? fromEnv.cacheMaxAge;
  const corsOrigins = options.corsOrigins ?? fromEnv.corsOrigins;
  const limits = { ...fromEnv.limits, ...options.limits };
  const suggestions = options.suggestions ?? fromEnv.suggestions ?? !production;
  const metrics: Metrics | undefined = options.metrics ? createMetrics(db.pool, { replicas: options.replicas }) : undefined;
  const responseCache = options.responseCache ?? fromEnv.responseCache;
  const cache = responseCache ? useResponseCache(db, responseCache) : undefined;
  const { logger } = options;
  const graphiql = compressedGraphiQL(renderGraphiQL);
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    logging: options.logging === false ? false : logger ? yogaLogger(logger) : production ? 'warn' : 'info',
    // Unexpected errors become "Unexpected error." with no stack; typed GraphQLErrors pass.
    maskedErrors: { isDev: !production },
    // The Authorization header is looked up (uncached) only when a mutation or an audit field asks
    // who is calling; the rate limit checks it as an API key, cached (src/http/api-keys.ts).
    // The request's signal: statements of a request whose client went away are cancelled.
    context: ({ request }) => createContext(db, request.headers.get('authorization'), request.signal),
    cors: corsPolicy(corsOrigins),
    // The bundled GraphiQL: its scripts and styles are inlined, so it works without
    // reaching a CDN (Yoga's default page loads them from unpkg.com).
    renderGraphiQL: graphiql.render,
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
      ...(options.rateLimit
        ? [
            useRateLimit(
              {
                ...options.rateLimit,
                checkKey: apiKeyChecker(db.pool, options.rateLimit.apiKeyCacheSeconds ?? CONFIG_DEFAULTS.apiKeyCacheSeconds),
              },
              { onRejected: metrics?.rateLimitRejected },
            ),
          ]
        : []),
      graphiql.plugin,
      useCsrfPrevention(),
      // Before the body limit, which then counts the bytes this plugin reads.
      useStrictUtf8(),
      useRequestBodyLimit(MAX_REQUEST_BODY_SIZE),
      usePersistedDocuments({ documents: PERSISTED_DOCUMENTS, only: options.persistedDocumentsOnly ?? fromEnv.persistedDocumentsOnly }),
      useParserGuard(options.maxTokens ?? fromEnv.maxTokens),
      useTypedErrors({ suggestions, production }),
      useIncrementalDelivery(),
      useGraphqlJsExecute(),
      useUsableStrings(),
      // Before the JIT: a document the limits refuse is never compiled.
      useQueryLimits(limits),
      // Before the JIT: a query the cache will keep is compiled with the ids it collects.
      ...(cache ? [cache] : []),
      // After the cache: what it will keep is answered by the primary (a replica may not have
      // replayed the correction that just evicted it).
      ...(options.replicas ? [useReadReplicas(options.replicas, { onPrimary: cache?.willStore })] : []),
      useJitForQueries(),
      useCacheControl({ maxAge: cacheMaxAge }),
      // After Cache-Control: only what shared caches may keep gets an ETag.
      useEtag(),
      useReadiness(db.pool, options.replicas),
      useDatabaseErrors(),
    ],
  });
}
