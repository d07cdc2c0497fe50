// A real PgBouncer (Debian's pgbouncer package) in front of a test database, in transaction
// mode: each statement outside a transaction may run on another server connection.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded.js';

export const PGBOUNCER_BINARY = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((file) => existsSync(file));

export interface RunningPgBouncer {
  /** A connection string to the test database through the pooler. */
  url: string;
  /** The pooler's log so far (for a failing test's message). */
  log(): Promise<string>;
  stop(): Promise<void>;
}

/** nobody's user (-u) or group (-g) id. */
const idOf = (flag: '-u' | '-g') => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }));

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts PgBouncer for `databaseUrl` with `serverConnections` server connections, in transaction
 * mode; `connectQuery` runs on each new server connection (where settings such as
 * statement_timeout go, since the pooler refuses them as startup options).
 */
export async function startPgBouncer(
  databaseUrl: string,
  options: { serverConnections: number; connectQuery?: string },
): Promise<RunningPgBouncer> {
  if (!PGBOUNCER_BINARY) throw new Error('pgbouncer is not installed (apt-get install pgbouncer)');
  const target = new URL(databaseUrl);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sg-pgbouncer-'));
  // PgBouncer refuses to run as root; as root it is started as nobody, whose files these are
  // (the config holds the database's password: readable by its owner alone).
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? { uid: idOf('-u'), gid: idOf('-g') } : undefined;
  if (owner) await chown(dir, owner.uid, owner.gid);
  const port = await freePort();
  const values = [
    `host=${target.hostname}`,
    `port=${target.port || 5432}`,
    `dbname=${decodeURIComponent(target.pathname.slice(1))}`,
    `user=${decodeURIComponent(target.username)}`,
    ...(target.password ? [`password=${decodeURIComponent(target.password)}`] : []),
    ...(options.connectQuery ? [`connect_query='${options.connectQuery.replaceAll("'", "''")}'`] : []),
  ];
  const config = [
    '[databases]',
    `scholargraph = ${values.join(' ')}`,
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    'unix_socket_dir =',
    'auth_type = any',
    'pool_mode = transaction',
    `default_pool_size = ${options.serverConnections}`,
    'max_client_conn = 200',
    `logfile = ${dir}/pgbouncer.log`,
    `pidfile = ${dir}/pgbouncer.pid`,
    '',
  ].join('\n');
  const configFile = path.join(dir, 'pgbouncer.ini');
  await writeFile(configFile, config, { mode: 0o600 });
  if (owner) await chown(configFile, owner.uid, owner.gid);
  const child: ChildProcess = spawn(PGBOUNCER_BINARY, [...(asRoot ? ['-u', 'nobody'] : []), configFile], { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 15_000;
  // Accepting on the port and still running: another process that took the port would not be both.
  while (!(await accepting(port)) || exited) {
    if (exited || Date.now() > deadline) {
      const log = await readFile(path.join(dir, 'pgbouncer.log'), 'utf8').catch(() => '(no log)');
      child.kill('SIGKILL');
      throw new Error(`pgbouncer did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `postgres://scholargraph@127.0.0.1:${port}/scholargraph`,
    log: () => readFile(path.join(dir, 'pgbouncer.log'), 'utf8').catch(() => '(no log)'),
    async stop() {
      if (!exited) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await gone;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
