// A request's view of the pool: its statements run as usual, and when the client goes
// away (the request's AbortSignal fires) the statement still running on its behalf is
// cancelled in PostgreSQL instead of holding a pooled connection until it ends.
import pg from 'pg';
import type { ObservedPool } from './pool.js';

/** How long a cancel may take to connect, to run, and to be waited for before a release. */
const CANCEL_WAIT_MS = 2_000;

const delay = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(resolve, ms, value).unref());

/** Cancels sent at once, at most: past that, statement_timeout alone bounds the rest. */
const MAX_CONCURRENT_CANCELS = 4;

export interface Canceller {
  /** Asks PostgreSQL to cancel what backend `pid` is running; resolves once it was asked. */
  cancel(pid: number): Promise<void>;
}

/**
 * pg_cancel_backend(pid) from a short-lived connection of its own (the pool may be full):
 * the same request PostgreSQL's own clients send on Ctrl-C, as a function call
 * (https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADMIN-SIGNAL).
 */
export function createCanceller(connectionString: string): Canceller {
  let inFlight = 0;
  return {
    async cancel(pid) {
      if (inFlight >= MAX_CONCURRENT_CANCELS) return;
      inFlight++;
      const client = new pg.Client({
        connectionString,
        application_name: 'scholargraph-cancel',
        connectionTimeoutMillis: CANCEL_WAIT_MS,
        query_timeout: CANCEL_WAIT_MS,
      });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.query('SELECT pg_cancel_backend($1)', [pid]);
      } catch {
        // The database is gone or full: statement_timeout still bounds the statement.
      } finally {
        inFlight--;
        await client.end().catch(() => {});
      }
    },
  };
}

/**
 * `pool` with a `query` that holds its own connection, so it knows which backend runs the
 * statement; on `signal` it cancels that statement (SQLSTATE 57014 in the caller) and
 * waits for the cancel to be delivered before the connection goes back to the pool, so it
 * can never reach the next request's statement. `connect()` and the rest are the pool's
 * own (a correction's transaction is not cut short by a disconnecting client).
 */
export function cancellablePool(pool: ObservedPool, signal: AbortSignal, canceller: Canceller): ObservedPool {
  const view = Object.create(pool) as ObservedPool;
  // pg-pool's connect() keeps `this` in the client's release and idle-timeout closures; run
  // with the view as `this`, a client that idles out would be removed from a list of the
  // view's, and stay counted in the pool's own for ever (test/cancellable-pool.test.ts).
  view.connect = pool.connect.bind(pool) as ObservedPool['connect'];
  view.query = (async (...args: unknown[]) => {
    if (typeof args[args.length - 1] === 'function') {
      throw new TypeError('cancellablePool: callback-style query is not supported');
    }
    signal.throwIfAborted();
    const client = await pool.connect();
    let cancelling: Promise<void> | undefined;
    const onAbort = () => {
      cancelling = canceller.cancel((client as unknown as { processID: number }).processID);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
    } finally {
      signal.removeEventListener('abort', onAbort);
      // A cancel that could not be confirmed in time: the connection is closed rather than
      // reused, so the cancel can never reach the next request's statement.
      const delivered = cancelling ? await Promise.race([cancelling.then(() => true), delay(CANCEL_WAIT_MS, false)]) : true;
      client.release(delivered ? undefined : true);
    }
  }) as ObservedPool['query'];
  return view;
}
