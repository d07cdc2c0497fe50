// Read replicas (DATABASE_REPLICA_URLS): PostgreSQL streaming standbys that answer the
// anonymous read-only requests, so the primary keeps its connections for writes and curators.
// Each replica is checked every second; one that fails its check gets no requests until it
// passes again: stopped, unreachable, promoted (no longer following the primary), its WAL
// receiver stopped, or its replay more than REPLICA_MAX_LAG_MS behind the primary.
//
// Lag: the primary's flushed WAL position (pg_current_wal_flush_lsn(), what a standby can have)
// is read first; a replica that has replayed up to it is caught up. One that has not is as far
// behind as the age of the last transaction it replayed (pg_last_xact_replay_timestamp()): the
// primary committed something newer that the replica has not shown yet. (A replica checked in the
// milliseconds between a commit and its replay, after a long idle spell, may be left out for one
// check: the primary then answers for a second.)
import { connectDatabase, type Database } from './database.js';
import { createPool, type ObservedPool, type PoolOptions } from './pool.js';

/** How often each replica is checked, and how long a check may take. */
const CHECK_INTERVAL_MS = 1_000;

export interface ReplicaStatus {
  /** "replica 1", … in the order of DATABASE_REPLICA_URLS (never the host: /ready is public). */
  name: string;
  ready: boolean;
}

/** A replica's pool and last check, for /metrics (labelled by position, never by host). */
export interface ReplicaStats extends ReplicaStatus {
  /** 1-based position in DATABASE_REPLICA_URLS. */
  index: number;
  inUse: number;
  idle: number;
  waiting: number;
  /** Replay lag at the last check, in ms (0: caught up); null when unknown (check failed, nothing replayed yet). */
  lagMs: number | null;
}

export interface ReplicaOptions extends PoolOptions {
  /** The primary (PostgreSQL itself, not a pooler), whose WAL position the lag is measured against. */
  primaryUrl?: string;
  /** A replica further behind than this (REPLICA_MAX_LAG_MS) is not used; needs primaryUrl. */
  maxLagMs?: number;
}

export interface ReplicaSet {
  /** The ready replica with the fewest connections in use or awaited; undefined when none is ready. */
  pick(): Database | undefined;
  status(): ReplicaStatus[];
  stats(): ReplicaStats[];
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
  lagMs: number | null;
  checking: boolean;
}

interface CheckRow {
  standby: boolean;
  receiving: boolean;
  caught_up: boolean | null;
  replay_age_ms: number | null;
}

/**
 * One statement per check on the replica. `pg_stat_wal_receiver` has no row while no WAL receiver
 * runs; a role without pg_read_all_stats sees its pid but not its status.
 */
const CHECK_SQL = `SELECT pg_is_in_recovery() AS standby,
  coalesce((SELECT pid IS NOT NULL AND coalesce(status, 'streaming') = 'streaming' FROM pg_stat_wal_receiver), false) AS receiving,
  pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught_up,
  (extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS replay_age_ms`;

export function connectReplicas(urls: readonly string[], options: ReplicaOptions = {}): ReplicaSet {
  const { primaryUrl, maxLagMs = Infinity, ...poolOptions } = options;
  const checkPool = (url: string) =>
    createPool(url, {
      max: 1,
      acquireTimeoutMs: CHECK_INTERVAL_MS,
      applicationName: 'scholargraph-replica-check',
      onIdleError: () => {},
    });
  // The primary's position, read on a connection of its own before the replicas are checked.
  const primary = primaryUrl === undefined ? undefined : checkPool(primaryUrl);
  const replicas: Replica[] = urls.map((url, i) => ({
    name: `replica ${i + 1}`,
    db: connectDatabase(url, poolOptions),
    checks: checkPool(url),
    ready: false,
    lagMs: null,
    checking: false,
  }));
  let next = 0;

  // One check at a time per replica (a slow one is not overtaken by the next and then overwritten).
  const check = async (replica: Replica, primaryLsn: string | null) => {
    if (replica.checking) return;
    replica.checking = true;
    try {
      const { rows } = await replica.checks.query<CheckRow>({
        text: CHECK_SQL,
        values: [primaryLsn],
        query_timeout: CHECK_INTERVAL_MS,
      } as never);
      const row = rows[0];
      const following = row?.standby === true && row.receiving;
      if (primaryLsn === null) {
        // No position to compare with (none given, or the primary did not answer): lag unknown, not held against it.
        replica.lagMs = null;
        replica.ready = following;
      } else {
        const age = row?.replay_age_ms ?? null;
        replica.lagMs = row?.caught_up ? 0 : age === null ? null : Math.max(0, Math.round(age));
        replica.ready = following && replica.lagMs !== null && replica.lagMs <= maxLagMs;
      }
    } catch {
      replica.ready = false;
      replica.lagMs = null;
    } finally {
      replica.checking = false;
    }
  };
  const primaryLsn = async (): Promise<string | null> => {
    if (!primary) return null;
    try {
      const { rows } = await primary.query<{ lsn: string }>({
        text: 'SELECT pg_current_wal_flush_lsn()::text AS lsn',
        query_timeout: CHECK_INTERVAL_MS,
      } as never);
      return rows[0]?.lsn ?? null;
    } catch {
      return null;
    }
  };
  const checkAll = async () => {
    const lsn = await primaryLsn();
    await Promise.all(replicas.map((replica) => check(replica, lsn)));
  };
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
    stats: () =>
      replicas.map(({ name, ready, lagMs, db: { pool } }, i) => ({
        name,
        ready,
        index: i + 1,
        inUse: pool.totalCount - pool.idleCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        lagMs,
      })),
    checked,
    async close() {
      clearInterval(timer);
      await Promise.all([...replicas.flatMap((r) => [r.db.close(), r.checks.end()]), primary?.end()]);
    },
  };
}
