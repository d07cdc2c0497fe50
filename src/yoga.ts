// The GraphQL HTTP handler. Tests import createScholargraphYoga() and call its
// fetch(); src/server.ts mounts it on a Node HTTP server.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type CORSOptions, type YogaServerInstance } from 'graphql-yoga';
import { parseCacheMaxAge, parseCorsOrigins } from './config.js';
import { createContext, type Context } from './context.js';
import type { Database } from './db/database.js';
import { GRAPHIQL_AUTHOR_PAGE_QUERY, GRAPHIQL_TABS } from './examples/graphiql-tabs.js';
import { useCacheControl } from './http/cache-control.js';
import { limitsFromEnv, type QueryLimits, useQueryLimits } from './http/limits.js';
import { schema } from './schema/index.js';

export type ScholargraphYoga = YogaServerInstance<Record<string, unknown>, Context>;

export interface YogaOptions {
  db: Pick<Database, 'prisma' | 'pool'>;
  /** Hide unexpected error details (default: NODE_ENV === 'production'). */
  production?: boolean;
  logging?: boolean;
  /** Seconds successful GET queries may be cached publicly (default: env CACHE_MAX_AGE, else 300; 0: off). */
  cacheMaxAge?: number;
  /** Origins CORS allows (default: env CORS_ORIGIN; unset: any origin, Yoga's default). */
  corsOrigins?: string[];
  /** Maximum query depth and cost (default: env MAX_QUERY_DEPTH / MAX_QUERY_COST, else 12 / 1000000; 0: off). */
  limits?: Partial<QueryLimits>;
}

export function createScholargraphYoga(options: YogaOptions): ScholargraphYoga {
  const { db } = options;
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const cacheMaxAge = options.cacheMaxAge ?? parseCacheMaxAge(process.env.CACHE_MAX_AGE);
  const corsOrigins = options.corsOrigins ?? parseCorsOrigins(process.env.CORS_ORIGIN);
  const limits = { ...limitsFromEnv(), ...options.limits };
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    logging: options.logging === false ? false : production ? 'warn' : 'info',
    // Unexpected errors become "Unexpected error." with no stack; typed GraphQLErrors pass.
    maskedErrors: { isDev: !production },
    context: () => createContext(db),
    cors: corsOrigins ? allowOnly(corsOrigins) : undefined,
    // The bundled GraphiQL: its scripts and styles are inlined, so it works without
    // reaching a CDN (Yoga's default page loads them from unpkg.com).
    renderGraphiQL,
    graphiql: {
      title: 'Scholargraph',
      defaultQuery: GRAPHIQL_AUTHOR_PAGE_QUERY,
      defaultTabs: GRAPHIQL_TABS,
    },
    plugins: [
      useCacheControl({ maxAge: cacheMaxAge }),
      useQueryLimits(limits),
      {
        // GET /ready: 200 when the database answers, 503 otherwise.
        onRequest({ request, url, endResponse, fetchAPI }) {
          if (url.pathname !== '/ready' || request.method !== 'GET') return;
          return db.pool
            .query('SELECT 1')
            .then(
              () => endResponse(new fetchAPI.Response(JSON.stringify({ status: 'ready' }), jsonHeaders(200))),
              (error: unknown) =>
                endResponse(
                  new fetchAPI.Response(
                    JSON.stringify({ status: 'unavailable', reason: `database: ${(error as Error).message}` }),
                    jsonHeaders(503),
                  ),
                ),
            );
        },
      },
    ],
  });
}

// CORS headers only for the listed origins; other origins get none, so browsers refuse.
function allowOnly(origins: string[]): (request: Request) => CORSOptions {
  return (request) => {
    const origin = request.headers.get('origin');
    return origin !== null && origins.includes(origin) ? { origin: [origin] } : false;
  };
}

const jsonHeaders = (status: number) => ({ status, headers: { 'content-type': 'application/json' } });
