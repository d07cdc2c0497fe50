// The one pg connection pool of a process. Prisma (through @prisma/adapter-pg), the
// DataLoaders' hand-written SQL and the importers all share it.
import pg from 'pg';

export type StatementListener = (sql: string) => void;
/** Told how long each finished statement took (metrics). */
export type StatementTimeListener = (seconds: number, failed: boolean) => void;

/** A pg.Pool whose every statement can be observed (tests count them; N+1 guards). */
export interface ObservedPool extends pg.Pool {
  onStatement(listener: StatementListener): () => void;
  onStatementDone(listener: StatementTimeListener): () => void;
}

export interface PoolOptions {
  max?: number;
  /** Name shown in pg_stat_activity. */
  applicationName?: string;
  /** statement_timeout of every connection, in ms (unset or 0: none). The server's API pool sets it. */
  statementTimeoutMs?: number;
  /** How long pool.connect()/pool.query() wait for a connection, in ms (unset or 0: forever). */
  acquireTimeoutMs?: number;
  /** Named prepared statements kept per connection; the least recently used is DEALLOCATEd (default 20). */
  maxPreparedStatements?: number;
  /**
   * The connection string names a pooler in transaction mode (PgBouncer): each statement outside a transaction may run
   * on another server connection, so no named statements (PgBouncer 1.18 cannot follow them) and no startup options (it
   * refuses them: statement_timeout and plan_cache_mode then come from the pooler's connect_query or the role's settings).
   */
  transactionPooler?: boolean;
  /** Where an idle connection's failure is reported (default: stderr); the server sends it to its JSON log. */
  onIdleError?: (error: Error) => void;
}

export const DEFAULT_MAX_PREPARED_STATEMENTS = 20;

/** The message pg-pool rejects with when connectionTimeoutMillis passes (pg-pool/index.js). */
export const ACQUIRE_TIMEOUT_MESSAGE = 'timeout exceeded when trying to connect';

export function createPool(connectionString: string, options: PoolOptions = {}): ObservedPool {
  const listeners = new Set<StatementListener>();
  const timers = new Set<StatementTimeListener>();
  const maxPrepared = options.maxPreparedStatements ?? DEFAULT_MAX_PREPARED_STATEMENTS;
  const named = !options.transactionPooler;

  // pg lets a pool use its own Client class: this one reports each statement and bounds
  // the named prepared statements it keeps.
  class ObservedClient extends pg.Client {
    /** This connection's statement names, least recently used first. */
    readonly #prepared = new Map<string, true>();

    constructor(config?: string | pg.ClientConfig) {
      super(config);
      // pg-pool listens for errors only while a client is idle. A connection that dies while
      // a request holds it between two statements (the database stopped) would otherwise
      // emit an unhandled 'error' and take the process down. The request's next statement
      // fails instead ("not queryable"), and pg-pool drops the client when it is released.
      this.on('error', () => {});
    }

    override query(...args: unknown[]): never {
      const first = args[0];
      if (listeners.size > 0) {
        const text =
          typeof first === 'string'
            ? first
            : first && typeof first === 'object' && 'text' in first
              ? String((first as { text: unknown }).text)
              : undefined;
        if (text !== undefined) for (const listener of listeners) listener(text);
      }
      const name = first && typeof first === 'object' && 'name' in first ? (first as { name: unknown }).name : undefined;
      if (typeof name === 'string') {
        // Behind a transaction pooler: the same statement, unnamed (parsed and planned each time).
        if (named) this.#use(name);
        else if (!('submit' in (first as object))) args[0] = { ...(first as object), name: undefined };
      }
      if (named) this.#evict();
      if (timers.size === 0 || (first && typeof first === 'object' && 'submit' in first)) {
        return (super.query as (...a: unknown[]) => never)(...args);
      }
      const started = process.hrtime.bigint();
      const done = (failed: boolean) => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        for (const timer of timers) timer(seconds, failed);
      };
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        // pool.query passes a callback (pg-pool); direct callers get a promise.
        args[args.length - 1] = (error: unknown, result: unknown) => {
          done(!!error);
          (last as (e: unknown, r: unknown) => void)(error, result);
        };
        return (super.query as (...a: unknown[]) => never)(...args);
      }
      const result = (super.query as (...a: unknown[]) => Promise<unknown>)(...args);
      result.then(
        () => done(false),
        () => done(true),
      );
      return result as never;
    }

    /**
     * Each distinct SQL shape the loaders build is a named statement, and PostgreSQL keeps
     * every one (with its generic plan) for the life of the connection: unbounded, that
     * grew one backend to half a gigabyte. Past `maxPrepared`, the least recently used are
     * DEALLOCATEd (queued on this connection ahead of the statement that needs the room)
     * and forgotten by pg, which prepares them again if they come back.
     */
    #use(name: string) {
      if (this.#prepared.delete(name)) {
        this.#prepared.set(name, true);
        return;
      }
      this.#prepared.set(name, true);
    }

    #evict() {
      if (this.#prepared.size <= maxPrepared) return;
      // Only on an idle connection. pg calls a failed statement back before the connection is
      // ready again (pg/lib/client.js: the ErrorResponse, then ReadyForQuery), so the next user
      // of the connection may find it busy: a DEALLOCATE sent then would wait in pg's queue and
      // the statement behind it would be a second one queued, which pg deprecates ("Calling
      // client.query() when the client is already executing a query"). Those wait for the
      // next statement on an idle connection: at most a few names over the bound, briefly.
      const state = this as unknown as { readyForQuery: boolean; _txStatus: string | null };
      if (state.readyForQuery !== true) return;
      // And outside a transaction ('I', pg's ReadyForQuery status): in a failed one ('E') the
      // DEALLOCATE would fail while pg already forgot the names, and each of them would then
      // be parsed again onto a name PostgreSQL still has ("already exists").
      if (state._txStatus !== 'I') return;
      // pg's record of what this connection has parsed (pg/lib/query.js hasBeenParsed).
      const connection = (this as unknown as { connection: PgConnectionState }).connection;
      const evicted: string[] = [];
      while (this.#prepared.size > maxPrepared) {
        const oldest = this.#prepared.keys().next().value!;
        this.#prepared.delete(oldest);
        // Only what PostgreSQL has (a statement whose Parse failed was never recorded): one
        // unknown name would fail the whole DEALLOCATE list and leave the rest allocated.
        if (connection.parsedStatements[oldest] === undefined) continue;
        evicted.push(oldest);
        delete connection.parsedStatements[oldest];
        delete connection.submittedNamedStatements?.[oldest];
      }
      if (evicted.length === 0) return;
      // One simple-protocol query for all of them: a single entry in pg's queue.
      // Not reported to the listeners: bookkeeping, not the application's SQL.
      const sql = evicted.map((name) => `DEALLOCATE ${pg.escapeIdentifier(name)}`).join('; ');
      (super.query(sql) as Promise<unknown>).catch(() => {});
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
    options: named
      ? [
          '-c plan_cache_mode=force_generic_plan',
          // Bounds each statement of the API: a costly query fails (SQLSTATE 57014) instead of
          // holding a connection for minutes. Migrations and corrections lift it for themselves.
          ...(options.statementTimeoutMs ? [`-c statement_timeout=${options.statementTimeoutMs}`] : []),
        ].join(' ')
      : undefined,
    connectionTimeoutMillis: options.acquireTimeoutMs ?? 0,
    Client: ObservedClient,
  }) as ObservedPool;
  pool.onStatement = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  pool.onStatementDone = (listener) => {
    timers.add(listener);
    return () => timers.delete(listener);
  };
  // An idle client losing its connection must not crash the process.
  pool.on('error', options.onIdleError ?? ((error) => console.error(`database pool: ${error.message}`)));
  return pool;
}

interface PgConnectionState {
  parsedStatements: Record<string, string>;
  submittedNamedStatements?: Record<string, string>;
}

/**
 * Behind a transaction pooler the API's statement_timeout cannot be sent when connecting (startup options are refused):
 * the pooler's server connections carry their own. A message when theirs is not STATEMENT_TIMEOUT_MS.
 */
export async function poolerTimeoutWarning(pool: pg.Pool, statementTimeoutMs: number): Promise<string | undefined> {
  // pg_settings gives statement_timeout in milliseconds.
  const { rows } = await pool.query<{ ms: string }>("SELECT setting AS ms FROM pg_settings WHERE name = 'statement_timeout'");
  const actual = Number(rows[0]?.ms);
  if (actual === statementTimeoutMs) return undefined;
  return (
    `DATABASE_POOL_MODE=transaction: the pooler's server connections run with statement_timeout = ${actual} ms, ` +
    `not STATEMENT_TIMEOUT_MS = ${statementTimeoutMs}; set it in the pooler (PgBouncer: connect_query) or with ` +
    'for a role the pooler alone uses, ALTER ROLE … SET statement_timeout (docs/operations.md, Behind a connection pooler)'
  );
}
