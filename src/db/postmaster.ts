// What a data directory's postmaster.pid says, and whether it may be cleared.
//
// A `npm start` killed with SIGKILL (or by the OOM killer) leaves its embedded PostgreSQL
// running with no parent, or, after a reboot or container restart, a postmaster.pid whose
// pid now belongs to some other process. PostgreSQL itself only clears a lock file whose
// pid is gone or is its own or its parent's (CreateLockFile in src/backend/utils/init/miscinit.c);
// otherwise it refuses to start: "lock file "postmaster.pid" already exists". We look further,
// from /proc, and never touch a postmaster that some live process started and still owns.
import { readFileSync, realpathSync, rmSync } from 'node:fs';
import { readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

export type PostmasterState =
  /** No postmaster.pid: nothing to do. */
  | { kind: 'none' }
  /** The file names a pid that is gone, or that is not a PostgreSQL serving this directory. */
  | { kind: 'stale'; pid: number; why: string }
  /** A PostgreSQL serving this directory whose starter is gone (it was reparented). */
  | { kind: 'orphaned'; pid: number; port: number }
  /** A PostgreSQL serving this directory, started by a live process: hands off. */
  | { kind: 'live'; pid: number; port: number; parent: number };

/** postmaster.pid's lines (src/include/utils/pidfile.h): 1 pid, 2 data dir, 3 start time, 4 port. */
function readPidFile(dataDir: string): { pid: number; dir: string; port: number } | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  return { pid: Number(lines[0]), dir: lines[1] ?? '', port: Number(lines[3]) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sameDir = (a: string, b: string) => {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
};

/** /proc/<pid>/stat's 4th field; the command name (2nd) is in parentheses and may hold spaces. */
async function parentOf(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[1]);
}

const commandOf = async (pid: number) =>
  (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter((a) => a !== '');

export async function inspectPostmaster(dataDir: string): Promise<PostmasterState> {
  const file = readPidFile(dataDir);
  if (!file) return { kind: 'none' };
  const { pid, port } = file;
  if (!Number.isInteger(pid) || pid <= 0) return { kind: 'stale', pid, why: 'it names no process' };
  if (!sameDir(file.dir, dataDir)) return { kind: 'stale', pid, why: `it was written for ${file.dir}` };
  if (!alive(pid)) return { kind: 'stale', pid, why: `process ${pid} is gone` };
  if (pid === process.pid || pid === process.ppid) return { kind: 'stale', pid, why: `process ${pid} is this one` };
  if (process.platform !== 'linux') {
    // No /proc to look into: treat as live, as PostgreSQL does.
    return { kind: 'live', pid, port, parent: 0 };
  }
  const command = await commandOf(pid);
  // The postmaster runs in its data directory (ChangeToDataDir); unreadable (another user): assume it does.
  const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => undefined);
  const isPostgres = command.length === 0 || path.basename(command[0]!) === 'postgres' || command[0] === 'postgres:';
  if (!isPostgres || (cwd !== undefined && !sameDir(cwd, dataDir))) {
    return { kind: 'stale', pid, why: `process ${pid} is not a PostgreSQL serving this directory` };
  }
  const parent = (await parentOf(pid)) ?? 0;
  // The process that started it (npm start, the CLI, a test) is a Node process; an orphan
  // is reparented to init, to a subreaper, or (in a container whose init is us) to us.
  const starter = parent > 1 && parent !== process.pid ? await commandOf(parent) : [];
  const startedByNode = starter.length > 0 && /(^|\/)node$/.test(starter[0]!);
  return startedByNode ? { kind: 'live', pid, port, parent } : { kind: 'orphaned', pid, port };
}

/** Removes a stale postmaster.pid (only call it for a `stale` state). */
export function removeStalePidFile(dataDir: string): void {
  rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
}

/**
 * Asks an orphaned postmaster to stop as `pg_ctl stop -m fast` does (SIGINT: roll back open
 * transactions, checkpoint, exit) and waits until it has gone.
 */
export async function stopOrphan(pid: number, timeoutMs = 60_000): Promise<void> {
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`the orphaned PostgreSQL (pid ${pid}) did not stop within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
