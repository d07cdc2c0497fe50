// The real server process: starts on a port against DATABASE_URL (loading no demo
// data there), serves GraphQL, and on SIGTERM finishes in-flight work and exits 0.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

function startServer(): Promise<{ child: ChildProcessWithoutNullStreams; port: number; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: t.url, PORT: '0', NODE_OPTIONS: '', NODE_ENV: 'production' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      const match = /open http:\/\/localhost:(\d+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), output: () => output });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

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
});
