// Drives the real HTTP handler (yoga.fetch) and counts the SQL statements a
// request runs (every statement passes through the database's pool).
import type { Database } from '../../src/db/database.js';
import { createScholargraphYoga, type ScholargraphYoga, type YogaOptions } from '../../src/yoga.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestClient {
  yoga: ScholargraphYoga;
  /** POSTs a GraphQL request; the response body as JSON. */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Runs `fn` and returns the SQL statements issued while it ran, with its result. */
  countStatements<R>(fn: () => Promise<R>): Promise<{ result: R; statements: string[] }>;
}

export function createTestClient(db: Database, options: { production?: boolean; limits?: YogaOptions['limits'] } = {}): TestClient {
  const yoga = createScholargraphYoga({ db, logging: false, production: options.production ?? false, limits: options.limits });
  return {
    yoga,
    async query(query, variables) {
      const response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as never;
    },
    async countStatements(fn) {
      const statements: string[] = [];
      const stop = db.pool.onStatement((sql) => statements.push(sql));
      try {
        const result = await fn();
        return { result, statements };
      } finally {
        stop();
      }
    },
  };
}
