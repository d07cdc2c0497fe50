// The benches' scratch database: a new database on DATABASE_URL's server, or on an
// embedded PostgreSQL in a temporary directory, migrated and given the whole shared ACL
// Anthology corpus. Everything it creates is undone by the cleanup steps it registers.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase } from '../src/db/database.js';
import { type EmbeddedServer, startEmbeddedPostgres } from '../src/db/embedded.js';
import { PROJECT_ROOT } from '../src/db/local.js';
import { migrate } from '../src/db/migrate.js';

// ../shared/data beside a clone, or two levels up from a git worktree kept under a folder of its own (wt/<name>).
const CORPORA = ['../shared/data/acl-anthology', '../../shared/data/acl-anthology'].map((p) => path.resolve(PROJECT_ROOT, p));
export const CORPUS = CORPORA.find((dir) => existsSync(dir)) ?? CORPORA[0]!;

export interface ScratchOptions {
  /** DATABASE_URL of the bench's configuration; unset: an embedded PostgreSQL. */
  adminUrl: string | undefined;
  /** Names the temporary directory and the database: scholargraph-<name>-…, scholargraph_<name>_<pid>. */
  name: string;
  postgresFlags?: string[];
  log: (line: string) => void;
}

/** Creates the scratch database, registers its cleanup (dropped first, then the server stopped), returns its URL. */
export async function createScratchDatabase(
  cleanup: (() => Promise<void>)[],
  { adminUrl: givenUrl, name, postgresFlags, log }: ScratchOptions,
): Promise<{ url: string; dataDir: string | undefined }> {
  let adminUrl = givenUrl;
  let dataDir: string | undefined;
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), `scholargraph-${name}-`));
    dataDir = dir;
    log(`starting an embedded PostgreSQL in ${dir}`);
    const server: EmbeddedServer = await startEmbeddedPostgres({ dataDir: dir, persistent: false, postgresFlags });
    cleanup.push(async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    });
    adminUrl = server.url();
  }
  const database = `scholargraph_${name}_${process.pid}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  cleanup.unshift(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return { url: url.toString(), dataDir };
}

/** Migrates the database and imports the shared corpus into it; returns the import's seconds. */
export async function importCorpus(url: string, log: (line: string) => void): Promise<number> {
  const db = connectDatabase(url);
  try {
    await migrate(db.pool);
    log(`importing ${path.relative(process.cwd(), CORPUS)}`);
    // Loaded only here: a run on BENCH_DATABASE never needs the importer.
    const { importAclAnthology } = await import('../src/importers/acl-anthology/command.js');
    const started = process.hrtime.bigint();
    await importAclAnthology(db, CORPUS, { quiet: true });
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await db.close();
  }
}
