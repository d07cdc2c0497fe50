// The one pg connection pool of a process. Prisma (through @prisma/adapter-pg), the
// DataLoaders' hand-written SQL and the importers all share it.
import pg from 'pg';

export type StatementListener = (sql: string) => void;

/** A pg.Pool whose every statement can be observed (tests count them; N+1 guards). */
export interface ObservedPool extends pg.Pool {
  onStatement(listener: StatementListener): () => void;
}

export interface PoolOptions {
  max?: number;
  /** Name shown in pg_stat_activity. */
  applicationName?: string;
}

export function createPool(connectionString: string, options: PoolOptions = {}): ObservedPool {
  const listeners = new Set<StatementListener>();

  // pg lets a pool use its own Client class: this one reports each statement.
  class ObservedClient extends pg.Client {
    override query(...args: unknown[]): never {
      if (listeners.size > 0) {
        const first = args[0];
        const text =
          typeof first === 'string'
            ? first
            : first && typeof first === 'object' && 'text' in first
              ? String((first as { text: unknown }).text)
              : undefined;
        if (text !== undefined) for (const listener of listeners) listener(text);
      }
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  }

  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'scholargraph',
    // The loaders' named statements (src/loaders/combined.ts, paper-list.ts) are written for
    // generic plans; left to choose, PostgreSQL re-plans them on every execution (a custom
    // plan for a one-element id array always looks cheaper), which cost more than running
    // them. Unnamed statements (Prisma's, the importer's) are planned per execution anyway.
    options: '-c plan_cache_mode=force_generic_plan',
    Client: ObservedClient,
  }) as ObservedPool;
  pool.onStatement = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  // An idle client losing its connection must not crash the process.
  pool.on('error', (error) => console.error(`database pool: ${error.message}`));
  return pool;
}
