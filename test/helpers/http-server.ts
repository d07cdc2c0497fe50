// The real HTTP handler on a real local port (node:http), for tests that speak HTTP
// from the outside: graphql-http's audits, fetch, a browser.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../../src/db/database.js';
import { createScholargraphYoga, type YogaOptions } from '../../src/yoga.js';

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** e.g. http://127.0.0.1:41234/graphql */
  url: string;
  close(): Promise<void>;
}

export async function listen(db: Database, options: Omit<YogaOptions, 'db'> = {}): Promise<RunningServer> {
  const yoga = createScholargraphYoga({ db, logging: false, ...options });
  const server = createServer(yoga);
  // No idle timeout on kept-alive connections: with one (Node's 5 s), the server and fetch
  // (which reuses a socket for 4 s) share one busy event loop in a test, and a reused socket
  // the server has just closed fails the next request with ECONNRESET. close() ends them all.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}/graphql`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        // The plugins' own resources too (the response cache's Redis connection).
        server.close((error) => (error ? reject(error) : resolve(yoga.dispose())));
      }),
  };
}
