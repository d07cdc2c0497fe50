// WEB_CONCURRENCY > 1: this process (the primary) prepares the database once, then forks
// that many server processes that share the port (node:cluster hands them connections in
// turn). A worker that dies is replaced; one that cannot start, or a crash loop, stops
// them all. On SIGTERM/SIGINT every worker drains its in-flight requests, then the
// primary stops the embedded database, if it started one.
//
// Each worker has its own pool (DATABASE_POOL_SIZE connections) and its own LISTEN
// connection: corrections announced with pg_notify reach subscribers on every worker.
import cluster, { type Worker } from 'node:cluster';
import type { DatabaseLocation } from './db/local.js';

/** A worker restarted more often than this within CRASH_WINDOW_MS means something is wrong. */
const MAX_RESTARTS = 5;
const CRASH_WINDOW_MS = 30_000;
/** Workers still running this long after SIGTERM are killed. */
const DRAIN_TIMEOUT_MS = 15_000;

export async function runPrimary(options: { workers: number; location: DatabaseLocation; log: (line: string) => void }): Promise<void> {
  const { workers, location, log } = options;
  // Workers connect to the database the primary found (or started) and prepared.
  const env = { DATABASE_URL: location.url };
  const live = new Set<Worker>();
  const listening = new Set<Worker>();
  const restarts: number[] = [];
  let stopping = false;
  let announced = false;

  const stopAll = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping ${live.size} worker${live.size === 1 ? '' : 's'} (each finishes its in-flight requests)`);
    const exits = [...live].map((worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve())));
    for (const worker of live) worker.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const worker of live) worker.process.kill('SIGKILL');
    }, DRAIN_TIMEOUT_MS);
    await Promise.all(exits);
    clearTimeout(timer);
    await location.stop();
    log('stopped');
    process.exit(code);
  };

  const fork = () => {
    const worker = cluster.fork(env);
    live.add(worker);
    worker.on('listening', (address) => {
      listening.add(worker);
      if (announced) {
        log(`server process ${worker.process.pid} is serving`);
      } else if (listening.size === workers) {
        announced = true;
        log(`GraphQL ready: open http://localhost:${address.port}/graphql (${workers} server processes)`);
      }
    });
    worker.on('exit', (code, signal) => {
      live.delete(worker);
      const started = listening.delete(worker);
      if (stopping) return;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (!started) {
        void stopAll(`a server process failed to start (${how})`, 1);
        return;
      }
      const now = Date.now();
      restarts.push(now);
      while (restarts.length > 0 && restarts[0]! < now - CRASH_WINDOW_MS) restarts.shift();
      if (restarts.length > MAX_RESTARTS) {
        void stopAll(`server processes exited ${restarts.length} times in ${CRASH_WINDOW_MS / 1000}s`, 1);
        return;
      }
      log(`server process ${worker.process.pid} exited (${how}): starting another`);
      fork();
    });
  };

  process.on('SIGTERM', () => void stopAll('SIGTERM', 0));
  process.on('SIGINT', () => void stopAll('SIGINT', 0));
  for (let i = 0; i < workers; i++) fork();
}
