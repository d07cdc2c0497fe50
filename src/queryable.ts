// What a statement runs on: the pool, a pooled client, or a transaction's client (all
// give pg's `query`). Reads (src/loaders/) and writes (src/corrections/) take this one type.
import type pg from 'pg';

export type Queryable = Pick<pg.ClientBase, 'query'>;
