// Read replicas (DATABASE_REPLICA_URLS): PostgreSQL streaming standbys that answer the
// anonymous read-only requests, so the primary keeps its connections for writes and curators.
// Each replica is checked every second; one that fails its check (stopped, unreachable, or
// promoted and so no longer following the primary) gets no requests until it passes again.
import { connectDatabase, type Database } from './database.js';
import { createPool, type ObservedPool, type PoolOptions } from './pool.js';

/** How often each replica is checked, and how long a check may take. */
const CHECK_INTERVAL_MS = 1_000;

export interface ReplicaStatus {
  /** "replica 1", … in the order of DATABASE_REPLICA_URLS (never the host: /ready is public). */
  name: string;
  ready: boolean;
}

export interface ReplicaSet {
  /** The ready replica with the fewest connections in use or awaited; undefined when none is ready. */
  pick(): Database | undefined;
  status(): ReplicaStatus[];
  /** Resolves once every replica has been checked once (at start, so the first requests can use them). */
  checked: Promise<void>;
  close(): Promise<void>;
}

interface Replica {
  name: string;
  /** The requests' pool. */
  db: Database;
  /** The checks' own connection, so a check never waits behind a full pool of requests. */
  checks: ObservedPool;
  ready: boolean;
  checking: boolean;
}

export function connectReplicas(urls: readonly string[], options: PoolOptions = {}): ReplicaSet {
  const replicas: Replica[] = urls.map((url, i) => ({
    name: `replica ${i + 1}`,
    db: connectDatabase(url, options),
    checks: createPool(url, {
      max: 1,
      acquireTimeoutMs: CHECK_INTERVAL_MS,
      applicationName: 'scholargraph-replica-check',
      onIdleError: () => {},
    }),
    ready: false,
    checking: false,
  }));
  let next = 0;

  // One check at a time per replica (a slow one is not overtaken by the next and then overwritten).
  const check = async (replica: Replica) => {
    if (replica.checking) return;
    replica.checking = true;
    try {
      const { rows } = await replica.checks.query<{ standby: boolean }>({
        text: 'SELECT pg_is_in_recovery() AS standby',
        query_timeout: CHECK_INTERVAL_MS,
      } as never);
      replica.ready = rows[0]?.standby === true;
    } catch {
      replica.ready = false;
    } finally {
      replica.checking = false;
    }
  };
  const checkAll = () => Promise.all(replicas.map(check)).then(() => {});
  const checked = checkAll();
  const timer = setInterval(() => void checkAll(), CHECK_INTERVAL_MS);
  timer.unref();

  const busy = ({ db: { pool } }: Replica) => pool.totalCount - pool.idleCount + pool.waitingCount;
  return {
    pick() {
      const ready = replicas.filter((r) => r.ready);
      if (ready.length === 0) return undefined;
      // Least busy; among equals, in turn.
      const least = Math.min(...ready.map(busy));
      const candidates = ready.filter((r) => busy(r) === least);
      return candidates[next++ % candidates.length]!.db;
    },
    status: () => replicas.map(({ name, ready }) => ({ name, ready })),
    checked,
    async close() {
      clearInterval(timer);
      await Promise.all(replicas.flatMap((r) => [r.db.close(), r.checks.end()]));
    },
  };
}
