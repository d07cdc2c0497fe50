// Read replicas (DATABASE_REPLICA_URLS): PostgreSQL streaming standbys that answer the
// anonymous read-only requests, so the primary keeps its connections for writes and curators.
// Each replica is checked every second; one that fails its check gets no requests until it
// passes again: stopped, unreachable, promoted (no longer following the primary), its WAL
// receiver stopped, or its replay more than REPLICA_MAX_LAG_MS behind the primary.
//
// Lag: each check first reads the primary's flushed WAL position (pg_current_wal_flush_lsn(), what
// a standby can have) and keeps the positions of the last checks with the time each was read. A
// replica that has replayed up to the newest is caught up (lag 0); otherwise it is at least as far
// behind as the oldest kept position it has not replayed: the primary had written it by then. WAL
// without commits (a long import transaction, VACUUM) moves the position too, so a replica that
// streams along stays within a check of the primary however long ago the last commit was.
// When the primary does not answer a check, each replica keeps the lag it last had.
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
  /** How many of the kept primary positions (oldest first) the replica has replayed. */
  reached: number | null;
}

/** A position of the primary's WAL and when it was read. */
interface PrimaryPosition {
  lsn: string;
  at: number;
}

/**
 * The lag a replica shows, from the kept positions (oldest first) and how many it has replayed:
 * 0 when it has the newest; else the age of the oldest one it lacks (a lower bound); null with no
 * positions to compare with.
 */
export function lagFrom(positions: readonly PrimaryPosition[], reached: number | null, now: number): number | null {
  if (positions.length === 0 || reached === null) return null;
  if (reached >= positions.length) return 0;
  return Math.max(0, now - positions[reached]!.at);
}

/**
 * One statement per check on the replica. `pg_stat_wal_receiver` has no row while no WAL receiver
 * runs; a role without pg_read_all_stats sees its pid but not its status.
 */
const CHECK_SQL = `SELECT pg_is_in_recovery() AS standby,
  coalesce((SELECT pid IS NOT NULL AND coalesce(status, 'streaming') = 'streaming' FROM pg_stat_wal_receiver), false) AS receiving,
  (SELECT count(*) FROM unnest($1::pg_lsn[]) p WHERE pg_last_wal_replay_lsn() >= p)::int AS reached`;

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

  // The primary's positions of the last checks, oldest first: enough of them to tell a lag of
  // maxLagMs (a few when there is no bound: the lag is then only reported).
  const positions: PrimaryPosition[] = [];
  const keepMs = (Number.isFinite(maxLagMs) ? maxLagMs : 10 * CHECK_INTERVAL_MS) + 2 * CHECK_INTERVAL_MS;

  // One check at a time per replica (a slow one is not overtaken by the next and then overwritten).
  const check = async (replica: Replica, primaryAnswered: boolean) => {
    if (replica.checking) return;
    replica.checking = true;
    const known = [...positions];
    try {
      const { rows } = await replica.checks.query<CheckRow>({
        text: CHECK_SQL,
        values: [known.map((p) => p.lsn)],
        query_timeout: CHECK_INTERVAL_MS,
      } as never);
      const row = rows[0];
      const following = row?.standby === true && row.receiving;
      if (primary === undefined) {
        // No primary to compare with: lag unknown, not held against it.
        replica.lagMs = null;
        replica.ready = following;
      } else {
        // The primary did not answer this time: the replica keeps the lag it last had (none
        // measured yet: not held against it, as without a primary).
        if (primaryAnswered) replica.lagMs = lagFrom(known, row?.reached ?? null, Date.now());
        replica.ready = following && (replica.lagMs === null ? !primaryAnswered : replica.lagMs <= maxLagMs);
      }
    } catch {
      replica.ready = false;
      replica.lagMs = null;
    } finally {
      replica.checking = false;
    }
  };
  const readPrimary = async (): Promise<boolean> => {
    if (!primary) return false;
    try {
      const { rows } = await primary.query<{ lsn: string }>({
        text: 'SELECT pg_current_wal_flush_lsn()::text AS lsn',
        query_timeout: CHECK_INTERVAL_MS,
      } as never);
      const lsn = rows[0]?.lsn;
      if (lsn === undefined) return false;
      const now = Date.now();
      // A position unchanged since the last read keeps its first time (nothing newer to lack).
      if (positions.at(-1)?.lsn !== lsn) positions.push({ lsn, at: now });
      while (positions.length > 1 && now - positions[1]!.at > keepMs) positions.shift();
      return true;
    } catch {
      return false;
    }
  };
  const checkAll = async () => {
    const answered = await readPrimary();
    await Promise.all(replicas.map((replica) => check(replica, answered)));
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
