// The transaction every whole-input import runs in (DBLP, OpenAlex): one client, BEGIN, the
// corrections lock (imports never run at once, and corrections wait for them), then the
// importer's work; it ends in exactly one of three ways:
//  - `commit()`: the curated corrections replayed over the imported rows (so a curator's fix of
//    a DBLP or OpenAlex row survives the next import of that source, as after the Anthology's),
//    every server told to empty its response cache at COMMIT, then COMMIT;
//  - `rollback()`: nothing to do (the same input was imported before): nothing replayed;
//  - a failure: the open COPY aborted, ROLLBACK, the connection released as broken (it may be
//    mid-protocol), and the error rethrown. Nothing is half-written.
import type { PoolClient } from 'pg';
import { announceInvalidation } from '../db/cache-invalidation.js';
import type { Database } from '../db/database.js';
import { lockCorrections, type ReplayReport, replayCorrections } from '../corrections/replay.js';
import { CopyStream } from './acl-anthology/copy.js';

export interface ImportTransaction {
  client: PoolClient;
  /** Starts a COPY … FROM STDIN (aborted if the import fails before it ends). */
  copy(statement: string): CopyStream;
  /** Replays the corrections, announces the cache eviction and commits; the replay's report. */
  commit(): Promise<ReplayReport>;
  /** Rolls back: the import has nothing to write. */
  rollback(): Promise<void>;
}

export const NO_REPLAY: ReplayReport = { applied: 0, alreadyUpstream: 0, notApplied: [] };

export async function withImportTransaction<T>(db: Database, work: (tx: ImportTransaction) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  const copies: CopyStream[] = [];
  let ended = false;
  let broken = false;
  try {
    await client.query('BEGIN');
    await lockCorrections(client);
    const result = await work({
      client,
      copy(statement) {
        const stream = new CopyStream(client, statement);
        copies.push(stream);
        return stream;
      },
      async commit() {
        const report = await replayCorrections(client);
        await announceInvalidation(client, { all: true });
        await client.query('COMMIT');
        ended = true;
        return report;
      },
      async rollback() {
        await client.query('ROLLBACK');
        ended = true;
      },
    });
    if (!ended) throw new Error('an import transaction ended without COMMIT or ROLLBACK');
    return result;
  } catch (err) {
    broken = true;
    for (const copy of copies) await copy.abort().catch(() => {});
    if (!ended) await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release(broken);
  }
}

/** This process's peak resident set size in MB (the importer's own; PostgreSQL's is its own). */
export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
