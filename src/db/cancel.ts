// A request's view of the pool: its statements run as usual, and when the client goes
// away (the request's AbortSignal fires) the statement still running on its behalf is
// cancelled in PostgreSQL instead of holding a pooled connection until it ends.
import net from 'node:net';
import type { ObservedPool } from './pool.js';

/** How long a cancel may take to connect, to run, and to be waited for before a release. */
const CANCEL_WAIT_MS = 2_000;

/** Cancels sent at once, at most: past that, statement_timeout alone bounds the rest. */
const MAX_CONCURRENT_CANCELS = 4;

/** What a cancel request names: the connection's server and its BackendKeyData (pg keeps both on the client). */
export interface CancelTarget {
  host: string;
  port: number;
  processID: number;
  secretKey: number;
}

export interface Canceller {
  /**
   * Asks the server to cancel what the connection `target` names is running. Resolves true once the server took the
   * request or when none was sent (too many at once: statement_timeout bounds the statement, the connection stays
   * usable); false when that could not be confirmed in time, so the connection must not be reused.
   */
  cancel(target: CancelTarget): Promise<boolean>;
}

/**
 * The protocol's CancelRequest (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-CANCELING-REQUESTS),
 * what psql sends on Ctrl-C: a 16-byte packet on a connection of its own (the pool may be full), naming the connection by its
 * process id and secret key; the server closes the connection once it has acted on it. Unlike pg_cancel_backend(pid) it
 * needs no login and no pool slot, and it goes through a connection pooler: PgBouncer hands out its own keys and forwards
 * the request to the server connection running the statement, where a pid from the pooler would name no backend, or another one.
 */
export function createCanceller(): Canceller {
  let inFlight = 0;
  return {
    async cancel({ host, port, processID, secretKey }) {
      if (inFlight >= MAX_CONCURRENT_CANCELS) return true;
      inFlight++;
      try {
        return await new Promise<boolean>((resolve) => {
          // A host starting with "/" is a Unix socket directory (libpq's rule, which pg follows).
          const socket = host.startsWith('/') ? net.connect(`${host}/.s.PGSQL.${port}`) : net.connect(port, host);
          const done = (confirmed: boolean) => {
            clearTimeout(timer);
            socket.destroy();
            resolve(confirmed);
          };
          // The server closes the connection once it has signalled the backend (or found no such key).
          const timer = setTimeout(() => done(false), CANCEL_WAIT_MS);
          socket.on('error', () => done(false));
          socket.on('close', () => done(true));
          socket.on('connect', () => {
            const packet = Buffer.alloc(16);
            packet.writeInt32BE(16, 0);
            packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
            packet.writeInt32BE(processID, 8);
            packet.writeInt32BE(secretKey, 12);
            // Not end(): PgBouncer drops a cancel request whose connection reaches EOF before it has
            // forwarded it ("client unexpected eof"); the server closes the connection when done.
            socket.write(packet);
          });
        });
      } finally {
        inFlight--;
      }
    },
  };
}

/** The CancelRequest code: 1234 in the high 16 bits, 5678 in the low (protocol-message-formats.html). */
const CANCEL_REQUEST_CODE = 80877102;

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
    let cancelling: Promise<boolean> | undefined;
    const onAbort = () => {
      cancelling = canceller.cancel(client as unknown as CancelTarget);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
    } finally {
      signal.removeEventListener('abort', onAbort);
      // A cancel that could not be confirmed in time: the connection is closed rather than
      // reused, so the cancel can never reach the next request's statement. (cancel() waits
      // at most CANCEL_WAIT_MS itself.)
      const delivered = cancelling ? await cancelling : true;
      client.release(delivered ? undefined : true);
    }
  }) as ObservedPool['query'];
  return view;
}
