// The per-request context: the database handle for resolvers, the request's
// DataLoaders and the viewer (who sent it). A fresh context (and so fresh loaders)
// is made for every request.
import { type Authentication, authenticate } from './corrections/tokens.js';
import { cancellablePool } from './db/cancel.js';
import type { Database } from './db/database.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { Queryable } from './queryable.js';

export interface Viewer {
  /** Looks the request's token up (once; only mutations and the audit trail's private fields ask). */
  authenticate(): Promise<Authentication>;
  /** The result, once `authenticate()` has settled. */
  readonly authentication: Authentication | undefined;
  /** Looks the token up again, uncached (a subscription outlives a revocation); later calls of `authenticate()` see the result. */
  recheck(): Promise<Authentication>;
}

export interface Context {
  db: Pick<Database, 'prisma' | 'pool' | 'notifications'>;
  loaders: Loaders;
  viewer: Viewer;
}

/**
 * `signal`: the request's AbortSignal. With it (and a database that can cancel), the
 * statements run through `ctx.db.pool` are cancelled in PostgreSQL when the client goes away.
 */
export function createContext(
  database: Context['db'] & Partial<Pick<Database, 'canceller'>>,
  authorization: string | null = null,
  signal?: AbortSignal,
): Context {
  const db: Context['db'] =
    signal && database.canceller
      ? { prisma: database.prisma, notifications: database.notifications, pool: cancellablePool(database.pool, signal, database.canceller) }
      : database;
  let pending: Promise<Authentication> | undefined;
  const lookUp = () =>
    authenticate(db.pool, authorization).then((result) => {
      (viewer as { authentication: Authentication }).authentication = result;
      return result;
    });
  const viewer: Viewer = {
    authentication: undefined,
    authenticate() {
      pending ??= lookUp();
      return pending;
    },
    recheck() {
      pending = lookUp();
      return pending;
    },
  };
  return { db, loaders: lazyLoaders(db.pool), viewer };
}

const POOL = Symbol('pool');
/** The names of the loaders (making them runs no statement). */
const LOADER_NAMES = Object.keys(createLoaders({ query: () => Promise.reject(new Error('no database')) } as unknown as Queryable));
/**
 * The request's loaders, made when a resolver first reads one: a request that reads no data
 * (`{ __typename }`, introspection) makes none (about 10 µs of CPU under tsx). One getter per
 * loader on a shared prototype makes them all and puts them on the object itself, so every
 * later read is a plain property read.
 */
const lazyPrototype: object = Object.create(null);
for (const name of LOADER_NAMES) {
  Object.defineProperty(lazyPrototype, name, {
    get(this: { [POOL]: Queryable }) {
      const made = createLoaders(this[POOL]);
      for (const key of LOADER_NAMES) Object.defineProperty(this, key, { value: made[key as keyof Loaders], enumerable: true });
      return made[name as keyof Loaders];
    },
  });
}
function lazyLoaders(pool: Queryable): Loaders {
  const loaders = Object.create(lazyPrototype) as { [POOL]: Queryable };
  loaders[POOL] = pool;
  return loaders as unknown as Loaders;
}
