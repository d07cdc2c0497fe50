// Starts Scholargraph: find (or start) the database, migrate, load the demo data
// into an empty embedded database, serve GraphQL on PORT, drain on SIGTERM.
// WEB_CONCURRENCY > 1 runs that many server processes on the port (src/cluster.ts).
import cluster from 'node:cluster';
import { runPrimary } from './cluster.js';
import { ConfigError, loadConfig } from './config.js';
import { connectDatabase } from './db/database.js';
import { locateDatabase } from './db/local.js';
import { poolerTimeoutWarning } from './db/pool.js';
import { migrate } from './db/migrate.js';
import { connectReplicas } from './db/replicas.js';
import { loadDemoData } from './demo/demo-data.js';
import { createHttpServer } from './http/node-server.js';
import { createLogger, type LogLevel } from './http/observability.js';
import { createScholargraphYoga } from './yoga.js';

// Every line the server writes is JSON through one pino logger: startup and shutdown messages,
// requests, errors (docs/operations.md, Logs). A cluster worker's lines carry its pid.
const makeLogger = (level: LogLevel, fd = 1) =>
  cluster.isWorker ? createLogger(level, fd).child({ pid: process.pid }) : createLogger(level, fd);
// Until LOG_LEVEL is read (a bad configuration is reported through this one).
let logger = makeLogger('info');
const log = (line: string) => logger.info(line);

async function main() {
  // Every setting, checked before anything starts (a bad one names its variable).
  const config = loadConfig();
  const { port, webConcurrency: workers } = config;
  logger = makeLogger(config.logLevel);

  // A cluster worker serves the database its primary found and prepared (DATABASE_URL).
  const location = await locateDatabase(cluster.isWorker ? () => {} : log, config);
  // The primary of a cluster only migrates and supervises.
  const supervisesOnly = cluster.isPrimary && workers > 1;
  if (!cluster.isWorker) {
    // Migrating and loading the demo data run on a connection of their own, without the
    // API's statement_timeout.
    const setup = connectDatabase(location.directUrl, { max: 1 });
    try {
      const { applied } = await migrate(setup.pool, { log });
      if (applied.length === 0) log('database schema is up to date');
      // Only a database we started ourselves gets demo data; DATABASE_URL's is the user's.
      if (location.embedded && (await loadDemoData(setup))) log('loaded the demo data set (the seed author page: lei-gao-usc)');
    } finally {
      await setup.close();
    }
    if (supervisesOnly) {
      await runPrimary({ workers, location, log });
      return;
    }
  }

  const db = connectDatabase(location.url, {
    directUrl: location.directUrl,
    transactionPooler: config.poolMode === 'transaction',
    max: config.poolSize,
    statementTimeoutMs: config.statementTimeoutMs,
    acquireTimeoutMs: config.poolAcquireTimeoutMs,
    maxPreparedStatements: config.maxPreparedStatements,
    onIdleError: (error) => logger.warn(`database pool: ${error.message}`),
  });
  const replicas =
    config.replicaUrls.length > 0
      ? connectReplicas(config.replicaUrls, {
          primaryUrl: location.directUrl,
          maxLagMs: config.replicaMaxLagMs,
          max: config.poolSize,
          statementTimeoutMs: config.statementTimeoutMs,
          acquireTimeoutMs: config.poolAcquireTimeoutMs,
          maxPreparedStatements: config.maxPreparedStatements,
          onIdleError: (error) => logger.warn(`database replica pool: ${error.message}`),
        })
      : undefined;
  if (replicas) {
    await replicas.checked;
    for (const { name, ready } of replicas.status()) log(`${name}: ${ready ? 'ready' : 'unavailable (the primary answers in its place)'}`);
  }
  if (config.poolMode === 'transaction') {
    // A pooler not up yet is not fatal: /ready answers 503 until it is.
    const warning = await poolerTimeoutWarning(db.pool, config.statementTimeoutMs).catch(
      (error: Error) => `DATABASE_POOL_MODE=transaction: could not read the pooler's statement_timeout (${error.message})`,
    );
    if (warning) logger.warn(warning);
  }
  const yoga = createScholargraphYoga({
    db,
    production: config.production,
    cacheMaxAge: config.cacheMaxAge,
    corsOrigins: config.corsOrigins,
    limits: config.limits,
    maxTokens: config.maxTokens,
    suggestions: config.suggestions,
    persistedDocumentsOnly: config.persistedDocumentsOnly,
    rateLimit: config.rateLimit,
    metrics: config.metrics,
    logger,
    replicas,
    responseCache: config.responseCache ?? false,
  });
  const server = createHttpServer(yoga, config.http);
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
    await replicas?.close();
    await db.close();
    await location.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // What is wrong, on stderr, without a stack: the operator's to fix, not the code's.
  const fatal = makeLogger('info', 2);
  if (error instanceof ConfigError) fatal.fatal({ problems: error.problems }, 'failed to start: invalid configuration');
  else fatal.fatal(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
