// The per-request context: the database handle for resolvers and the request's
// DataLoaders. A fresh context (and so fresh loaders) is made for every request.
import type { Database } from './db/database.js';
import { createLoaders, type Loaders } from './loaders/index.js';

export interface Context {
  db: Pick<Database, 'prisma' | 'pool'>;
  loaders: Loaders;
}

export function createContext(db: Context['db']): Context {
  return { db, loaders: createLoaders(db.pool) };
}
