// The real server process: starts on a port against DATABASE_URL (loading no demo
// data there), serves GraphQL, and on SIGTERM finishes in-flight work and exits 0.
// With WEB_CONCURRENCY=2, two worker processes serve the port and a dead one is replaced.
import { readFileSync } from 'node:fs';
import { parseWebConcurrency } from '../src/config.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { startServerProcess } from './helpers/server-process.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const startServer = (extraEnv: Record<string, string> = {}) => startServerProcess(t.url, extraEnv);

test('serves over HTTP, uses DATABASE_URL without demo data, and drains on SIGTERM', async () => {
  const { child, port, output } = await startServer();
  const post = (query: string) =>
    fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    }).then((r) => r.json() as Promise<{ data: { authors: { totalCount: number } } }>);

  expect(await post('{ authors { totalCount } }')).toEqual({ data: { authors: { totalCount: 0 } } });
  expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);

  // A request in flight when SIGTERM arrives still gets its answer. Holding a lock on
  // the author table keeps the request waiting inside the server until we let go.
  const locker = await t.db.pool.connect();
  await locker.query('BEGIN; LOCK TABLE author IN ACCESS EXCLUSIVE MODE');
  const inFlight = post('{ authors { totalCount } }');
  await new Promise((resolve) => setTimeout(resolve, 500));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 300));
  await locker.query('COMMIT');
  locker.release();
  await expect(inFlight).resolves.toEqual({ data: { authors: { totalCount: 0 } } });
  expect(await exited).toBe(0);
  expect(output()).toMatch(/SIGTERM: finishing in-flight requests/);
  expect(output()).not.toMatch(/demo data/);
  // Every line is JSON (startup, requests, shutdown): no plain console lines.
  const lines = output().split('\n').filter(Boolean);
  expect(lines.length).toBeGreaterThan(3);
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^GraphQL ready: open http:\/\/localhost:\d+\/graphql$/), 'request', 'stopped']),
  );
});

/** The live child processes of `pid` (Linux). */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

async function waitFor<T>(what: string, probe: () => T | undefined | false): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('WEB_CONCURRENCY=2: two server processes share the port, a dead one is replaced, SIGTERM stops all', async () => {
  const { child, port, output } = await startServer({ WEB_CONCURRENCY: '2' });
  const ask = () =>
    fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({ query: '{ authors { totalCount } }' }),
    }).then((r) => r.json());
  expect(output()).toMatch(/\(2 server processes\)/);
  const workers = childrenOf(child.pid!);
  expect(workers).toHaveLength(2);
  for (let i = 0; i < 4; i++) expect(await ask()).toEqual({ data: { authors: { totalCount: 0 } } });

  // A worker killed outright is replaced; the other keeps serving meanwhile.
  process.kill(workers[0]!, 'SIGKILL');
  await waitFor('a replacement worker', () => /exited \(signal SIGKILL\): starting another/.test(output()));
  const replaced = await waitFor('two workers again', () => {
    const now = childrenOf(child.pid!);
    return now.length === 2 && !now.includes(workers[0]!) && now;
  });
  expect(replaced).toContain(workers[1]);
  await waitFor('the new worker serving', () => output().includes(`server process ${replaced.find((p) => p !== workers[1])} is serving`));
  for (let i = 0; i < 4; i++) expect(await ask()).toEqual({ data: { authors: { totalCount: 0 } } });

  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(output()).toMatch(/SIGTERM: stopping 2 workers/);
  expect(output()).toMatch(/"msg":"stopped"/);
  for (const pid of replaced) expect(() => process.kill(pid, 0)).toThrow();
});

test('WEB_CONCURRENCY: parsing, and a bad value stops the server with a message naming it', async () => {
  expect(parseWebConcurrency(undefined, () => 8)).toBe(1);
  expect(parseWebConcurrency(' 3 ', () => 8)).toBe(3);
  expect(parseWebConcurrency('auto', () => 8)).toBe(8);
  expect(() => parseWebConcurrency('0', () => 8)).toThrow(/WEB_CONCURRENCY must be "auto" or a whole number from 1 to 64, got "0"/);
  expect(() => parseWebConcurrency('two', () => 8)).toThrow(/got "two"/);

  const failure = await startServer({ WEB_CONCURRENCY: 'lots' }).then(
    () => undefined,
    (error: Error) => error.message,
  );
  expect(failure).toMatch(/^server exited with 1:\n/);
  // One JSON line (no stack), naming the variable.
  const lines = failure!.split('\n').slice(1).filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0]!)).toMatchObject({
    level: 60,
    msg: 'failed to start: invalid configuration',
    problems: ['WEB_CONCURRENCY must be "auto" or a whole number from 1 to 64, got "lots"'],
  });
});
