// The per-request context: the database handle for resolvers, the request's
// DataLoaders and the viewer (who sent it). A fresh context (and so fresh loaders)
// is made for every request.
import { type Authentication, authenticate } from './corrections/tokens.js';
import type { Database } from './db/database.js';
import { createLoaders, type Loaders } from './loaders/index.js';

export interface Viewer {
  /** Looks the request's curator token up (once; only mutations ask). */
  authenticate(): Promise<Authentication>;
  /** The result, once `authenticate()` has settled. */
  readonly authentication: Authentication | undefined;
}

export interface Context {
  db: Pick<Database, 'prisma' | 'pool' | 'notifications'>;
  loaders: Loaders;
  viewer: Viewer;
}

export function createContext(db: Context['db'], authorization: string | null = null): Context {
  let pending: Promise<Authentication> | undefined;
  const viewer: Viewer = {
    authentication: undefined,
    authenticate() {
      pending ??= authenticate(db.pool, authorization).then((result) => {
        (viewer as { authentication: Authentication }).authentication = result;
        return result;
      });
      return pending;
    },
  };
  return { db, loaders: createLoaders(db.pool), viewer };
}
