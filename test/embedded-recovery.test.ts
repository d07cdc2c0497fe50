// `npm start` after a SIGKILL (issue 13.7): the embedded PostgreSQL the killed server left
// running, or a postmaster.pid naming a process that is not PostgreSQL, no longer stop the
// next start; a PostgreSQL that a live server owns is never touched. Real processes: the
// server as `npm start` runs it, its own embedded PostgreSQL in a temporary directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/db/embedded.js';
import { PROJECT_ROOT } from '../src/db/local.js';

interface Started {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

function startServer(dataDir: string, pgPort: number): Started {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', EMBEDDED_PG_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** The server's URL once it is ready, or its output if it exits first. */
async function ready(server: Started): Promise<string> {
  for (;;) {
    const found = /GraphQL ready: open (http:\/\/localhost:\d+)\/graphql/.exec(server.output());
    if (found) return found[1]!;
    if (server.child.exitCode !== null) throw new Error(`server exited ${server.child.exitCode}:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const postmasterPid = (dataDir: string) => Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let dataDir: string;
let pgPort: number;
const children: ChildProcess[] = [];
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'sg-recovery-'));
  pgPort = await freePort();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  // A PostgreSQL still running from this test: stop it (fast shutdown), then drop the directory.
  try {
    const pid = postmasterPid(dataDir);
    if (isAlive(pid)) process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  } catch {
    // no pid file: nothing runs
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const track = (server: Started) => {
  children.push(server.child);
  return server;
};

test('a live server keeps its PostgreSQL; after SIGKILL the next start recovers; a pid file naming another process is cleared', async () => {
  // 1. A server starts (initdb, migrations, demo data) and serves.
  const first = track(startServer(dataDir, pgPort));
  const firstUrl = await ready(first);
  const orphanPid = postmasterPid(dataDir);

  // 2. A second start on the same directory while the first runs: refused, the first untouched.
  const second = track(startServer(dataDir, pgPort));
  expect(await second.exited).toBe(1);
  expect(second.output()).toMatch(/already running \(pid \d+/);
  expect((await fetch(`${firstUrl}/ready`)).status).toBe(200);
  expect(postmasterPid(dataDir)).toBe(orphanPid);

  // 3. SIGKILL the server: its PostgreSQL lives on, orphaned, holding the directory and port.
  first.child.kill('SIGKILL');
  await first.exited;
  expect(isAlive(orphanPid)).toBe(true);

  // 4. The next start stops the orphan and serves.
  const third = track(startServer(dataDir, pgPort));
  const thirdUrl = await ready(third);
  expect(third.output()).toMatch(/stopping the PostgreSQL left running by a killed process \(pid \d+/);
  expect(isAlive(orphanPid)).toBe(false);
  expect((await fetch(`${thirdUrl}/ready`)).status).toBe(200);
  third.child.kill('SIGTERM');
  expect(await third.exited).toBe(0);

  // 5. A postmaster.pid left behind whose pid now belongs to some other process (a reboot,
  //    a container restart): PostgreSQL alone would refuse to start; it is cleared.
  const other = spawn('sleep', ['300']);
  children.push(other);
  writeFileSync(
    path.join(dataDir, 'postmaster.pid'),
    `${other.pid}\n${dataDir}\n1700000000\n${pgPort}\n/tmp\n127.0.0.1\n  0 0\nready   \n`,
  );
  const fourth = track(startServer(dataDir, pgPort));
  const fourthUrl = await ready(fourth);
  expect(fourth.output()).toMatch(/removing a stale postmaster\.pid \(process \d+ is not a PostgreSQL serving this directory\)/);
  expect(isAlive(other.pid!)).toBe(true);
  expect((await fetch(`${fourthUrl}/ready`)).status).toBe(200);
  fourth.child.kill('SIGTERM');
  expect(await fourth.exited).toBe(0);
  other.kill();
}, 300_000);
