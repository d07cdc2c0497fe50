// Where the database comes from: DATABASE_URL when set, else an embedded PostgreSQL
// whose data lives in .data/postgres (git-ignored) and survives restarts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type DatabaseConfig, loadDatabaseConfig } from '../config.js';
import { startEmbeddedPostgres } from './embedded.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface DatabaseLocation {
  /** What the API's pool connects to: PostgreSQL, or a connection pooler in front of it. */
  url: string;
  /** PostgreSQL itself, for what needs a session (LISTEN/NOTIFY, migrations, imports): DATABASE_DIRECT_URL, else `url`. */
  directUrl: string;
  /** True when we started an embedded server (and so own its data). */
  embedded: boolean;
  stop(): Promise<void>;
}

export async function locateDatabase(
  log: (line: string) => void = () => {},
  config: DatabaseConfig = loadDatabaseConfig(),
): Promise<DatabaseLocation> {
  const configured = config.databaseUrl;
  if (configured) return { url: configured, directUrl: config.directUrl ?? configured, embedded: false, stop: async () => {} };

  const dataDir = config.embeddedPgDataDir ? path.resolve(config.embeddedPgDataDir) : path.join(PROJECT_ROOT, '.data', 'postgres');
  log(`DATABASE_URL is not set: starting an embedded PostgreSQL (data in ${path.relative(process.cwd(), dataDir) || dataDir})`);
  const server = await startEmbeddedPostgres({
    dataDir,
    port: config.embeddedPgPort,
    notice: log,
    persistent: true,
  });
  await ensureDatabase(server.url(), 'scholargraph');
  const url = server.url('scholargraph');
  return { url, directUrl: url, embedded: true, stop: () => server.stop() };
}

/** CREATE DATABASE if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
