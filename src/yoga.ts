// The GraphQL HTTP handler. Tests import createScholargraphYoga() and call its
// fetch(); src/server.ts mounts it on a Node HTTP server.
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { createContext, type Context } from './context.js';
import type { Database } from './db/database.js';
import { AUTHOR_PAGE_QUERY, AUTHOR_PAGE_VARIABLES } from './examples/author-page.js';
import { schema } from './schema/index.js';

export type ScholargraphYoga = YogaServerInstance<Record<string, unknown>, Context>;

export interface YogaOptions {
  db: Pick<Database, 'prisma' | 'pool'>;
  /** Hide unexpected error details (default: NODE_ENV === 'production'). */
  production?: boolean;
  logging?: boolean;
}

export function createScholargraphYoga(options: YogaOptions): ScholargraphYoga {
  const { db } = options;
  const production = options.production ?? process.env.NODE_ENV === 'production';
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    logging: options.logging === false ? false : production ? 'warn' : 'info',
    // Unexpected errors become "Unexpected error." with no stack; typed GraphQLErrors pass.
    maskedErrors: { isDev: !production },
    context: () => createContext(db),
    graphiql: {
      title: 'Scholargraph',
      defaultQuery: AUTHOR_PAGE_QUERY,
      defaultTabs: [{ query: AUTHOR_PAGE_QUERY, variables: JSON.stringify(AUTHOR_PAGE_VARIABLES, null, 2) }],
    },
    plugins: [
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

const jsonHeaders = (status: number) => ({ status, headers: { 'content-type': 'application/json' } });
