// Starts Scholargraph: find (or start) the database, migrate, load the demo data
// into an empty embedded database, serve GraphQL on PORT, drain on SIGTERM.
// WEB_CONCURRENCY > 1 runs that many server processes on the port (src/cluster.ts).
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import os from 'node:os';
import { runPrimary } from './cluster.js';
import { parseWebConcurrency } from './config.js';
import { connectDatabase } from './db/database.js';
import { locateDatabase } from './db/local.js';
import { migrate } from './db/migrate.js';
import { loadDemoData } from './demo/seed-page.js';
import { createScholargraphYoga } from './yoga.js';

const prefix = cluster.isWorker ? `[scholargraph ${process.pid}]` : '[scholargraph]';
const log = (line: string) => console.log(`${prefix} ${line}`);

async function main() {
  const port = Number(process.env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  const workers = parseWebConcurrency(process.env.WEB_CONCURRENCY, () => os.availableParallelism());
  const poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10);

  // A cluster worker serves the database its primary found and prepared (DATABASE_URL).
  const location = await locateDatabase(cluster.isWorker ? () => {} : log);
  // The primary of a cluster only migrates: one connection is enough.
  const supervisesOnly = cluster.isPrimary && workers > 1;
  const db = connectDatabase(location.url, { max: supervisesOnly ? 1 : poolSize });
  if (!cluster.isWorker) {
    const { applied } = await migrate(db.pool, { log });
    if (applied.length === 0) log('database schema is up to date');
    // Only a database we started ourselves gets demo data; DATABASE_URL's is the user's.
    if (location.embedded && (await loadDemoData(db))) log('loaded the demo data set (the seed author page: lei-gao-usc)');
    if (supervisesOnly) {
      await db.close();
      await runPrimary({ workers, location, log });
      return;
    }
  }

  const yoga = createScholargraphYoga({ db });
  const server = createServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  // In a cluster the primary announces the port once every worker listens.
  if (!cluster.isWorker) log(`GraphQL ready: open http://localhost:${actualPort}/graphql`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing in-flight requests, then closing`);
    // Stop accepting; let open requests finish; close idle keep-alive sockets.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = setTimeout(() => server.closeAllConnections(), 10_000);
    await closed;
    clearTimeout(deadline);
    await db.close();
    await location.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`${prefix} failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
