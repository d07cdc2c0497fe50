// Several processes behind a gateway (issue 18, part 5): two real server processes on the same
// database behind a real Hive Gateway in its own process (`npm run gateway`, scripts/gateway.ts).
// Answers through the gateway equal the direct ones, both processes serve, a stopped process is
// routed around, and typed errors pass through; with no process left, one error naming no address.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { loadDemoData } from '../src/demo/demo-data.js';
import { AUTHOR_PAGE_QUERY, AUTHOR_PAGE_VARIABLES } from '../src/examples/author-page.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { eventually } from './helpers/eventually.js';
import { PROJECT_ROOT, type ServerProcess, startServerProcess } from './helpers/server-process.js';

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

let t: TestDatabase;
let servers: ServerProcess[] = [];
let gateway: { child: ChildProcessWithoutNullStreams; url: string; output: () => string };

function startGateway(urls: string[]): Promise<typeof gateway> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/gateway.ts', '--port=0', `scholargraph=${urls.join(',')}`], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      const match = /gateway ready: http:\/\/localhost:(\d+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${match[1]}/graphql`, output: () => output });
      }
    });
    child.on('exit', (code) => reject(new Error(`gateway exited with ${code}:\n${output}`)));
  });
}

const stopped = (child: ChildProcessWithoutNullStreams) => child.exitCode !== null || child.signalCode !== null;

async function kill(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): Promise<number | null> {
  if (stopped(child)) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill(signal);
  return exited;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db);
  // LOG_LEVEL=info: one JSON line per request, by which the test sees which process served it. No
  // time limits on waiting for a connection or on statements: a loaded machine must not fail a request.
  const env = { LOG_LEVEL: 'info', RATE_LIMIT: '0', POOL_ACQUIRE_TIMEOUT_MS: '0', STATEMENT_TIMEOUT_MS: '0' };
  servers = await Promise.all([0, 1].map(() => startServerProcess(t.url, env)));
  gateway = await startGateway(servers.map((s) => `http://127.0.0.1:${s.port}/graphql`));
}, 120_000);

afterAll(async () => {
  for (const child of [gateway?.child, ...servers.map((s) => s.child)]) if (child) await kill(child, 'SIGKILL');
  await t.drop();
});

async function ask(url: string, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: GraphQLBody }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLBody };
}
const direct = (i: number) => `http://127.0.0.1:${servers[i]!.port}/graphql`;
const authorPage = (url: string) => ask(url, AUTHOR_PAGE_QUERY, AUTHOR_PAGE_VARIABLES);
/**
 * The i-th of a set of distinct small queries (a person who does not exist: `null`): the gateway's
 * HTTP executor sends identical upstream requests in flight at the same time only once
 * (graphql-tools' `deduplicateInflightRequests`).
 */
const distinct = (i: number) => ask(gateway.url, `{ author(by: { slug: "nobody-${i}" }) { slug } }`);

/** GraphQL requests each server process has logged so far. */
const served = () =>
  servers.map(
    (s) =>
      s
        .output()
        .split('\n')
        // Complete lines only (the last piece may be a line still being written).
        .slice(0, -1)
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg?: string; path?: string })
        .filter((line) => line.msg === 'request' && line.path === '/graphql').length,
  );
const servedSince = (before: number[]) => served().map((n, i) => n - before[i]!);
/** Each process writes its request line once the answer is sent: wait for `total` lines. */
async function servedInAll(before: number[], total: number): Promise<number[]> {
  await eventually(async () => servedSince(before).reduce((a, b) => a + b, 0) >= total, `${total} request lines`);
  return servedSince(before);
}

// A process logs a request once it has answered it, so each count waits for the lines expected.

test('the reference author page through the gateway equals the direct answer of each process', async () => {
  const start = served();
  const [first, second] = [await authorPage(direct(0)), await authorPage(direct(1))];
  expect(first.body.errors).toBeUndefined();
  expect((first.body.data!.author as { slug: string }).slug).toBe('lei-gao-usc');
  expect(second.body).toEqual(first.body);
  const through = await authorPage(gateway.url);
  expect(through.status).toBe(200);
  expect(through.body).toEqual(first.body);
  expect((await servedInAll(start, 3)).sort()).toEqual([1, 2]);
});

test('requests are spread over both processes: one at a time in turn, concurrent ones to the least busy', async () => {
  let before = served();
  for (let i = 0; i < 10; i++) expect((await authorPage(gateway.url)).body.errors).toBeUndefined();
  // One at a time, both are equally idle: they take turns.
  expect(await servedInAll(before, 10)).toEqual([5, 5]);

  before = served();
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => distinct(i)));
  for (const answer of answers) expect(answer.body.errors).toBeUndefined();
  const spread = await servedInAll(before, 20);
  expect(spread[0]! + spread[1]!).toBe(20);
  expect(Math.min(...spread)).toBeGreaterThanOrEqual(5);
});

test('typed errors of the subgraph pass through the gateway; the gateway validates what it can itself', async () => {
  const start = served();
  const tooMany = '{ authors(first: 500) { edges { node { slug } } } }';
  const [own, through] = [await ask(direct(0), tooMany), await ask(gateway.url, tooMany)];
  expect(own.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  // The same error, with the gateway's `serviceName` added to its extensions.
  expect(through.body).toEqual({
    data: null,
    errors: own.body.errors!.map((e) => ({ ...e, extensions: { ...e.extensions, serviceName: 'scholargraph' } })),
  });

  await servedInAll(start, 2);
  const before = served();
  const unknown = await ask(gateway.url, '{ author(by: { slug: "lei-gao-usc" }) { shoeSize } }');
  expect(unknown.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  // Nothing reached the processes (the check waits for a known request after it).
  await authorPage(direct(0));
  expect(await servedInAll(before, 1)).toEqual([1, 0]);
});

/** A request to `url` from the local address `from` (any 127.x.y.z is this machine's loopback). */
function askFrom(url: string, from: string, headers: Record<string, string> = {}): Promise<GraphQLBody> {
  // A field of the subgraph (the gateway answers `__typename` itself).
  const body = JSON.stringify({ query: '{ author(by: { slug: "lei-gao-usc" }) { slug } }' });
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve(JSON.parse(text) as GraphQLBody));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

test("each client's own address reaches the processes (X-Forwarded-For): per-client rate limits hold behind the gateway", async () => {
  // One more process, trusting its proxy, two requests per client and hour; a gateway of its own.
  const limited = await startServerProcess(t.url, { TRUST_PROXY: 'true', RATE_LIMIT: '2', RATE_LIMIT_WINDOW_S: '3600' });
  const own = await startGateway([`http://127.0.0.1:${limited.port}/graphql`]);
  try {
    // The windows are aligned to the clock: do not start in the last seconds of an hour.
    const left = 3_600_000 - (Date.now() % 3_600_000);
    if (left < 30_000) await new Promise((resolve) => setTimeout(resolve, left + 1_000));
    const code = (body: GraphQLBody) => body.errors?.[0]?.extensions?.code ?? 'ok';
    // Client A uses its two requests; its third is refused.
    expect(code(await askFrom(own.url, '127.0.0.2'))).toBe('ok');
    expect(code(await askFrom(own.url, '127.0.0.2'))).toBe('ok');
    expect(code(await askFrom(own.url, '127.0.0.2'))).toBe('RATE_LIMITED');
    // Client B is another client (without the header, both were the gateway's one address), and
    // naming A in its own X-Forwarded-For changes nothing: the last entry is the one the gateway saw.
    expect(code(await askFrom(own.url, '127.0.0.3', { 'x-forwarded-for': '127.0.0.2' }))).toBe('ok');
    expect(code(await askFrom(own.url, '127.0.0.3', { 'x-forwarded-for': '10.1.2.3' }))).toBe('ok');
    expect(code(await askFrom(own.url, '127.0.0.3'))).toBe('RATE_LIMITED');
  } finally {
    await kill(own.child, 'SIGKILL');
    await kill(limited.child, 'SIGKILL');
  }
});

test('one process stopped: the gateway answers every request from the other', async () => {
  const start = served();
  const reference = await authorPage(direct(0));
  await servedInAll(start, 1);
  await kill(servers[1]!.child, 'SIGKILL');
  const before = served();
  for (let i = 0; i < 5; i++) expect((await authorPage(gateway.url)).body).toEqual(reference.body);
  const concurrent = await Promise.all(Array.from({ length: 10 }, (_, i) => distinct(i)));
  for (const answer of concurrent) expect(answer.body).toEqual({ data: { author: null } });
  expect(await servedInAll(before, 15)).toEqual([15, 0]);
});

test('no process left: one typed error naming the subgraph, no address; SIGTERM stops the gateway', async () => {
  await kill(servers[0]!.child, 'SIGKILL');
  const { status, body } = await authorPage(gateway.url);
  expect(status).toBe(200);
  expect(body.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
    ['scholargraph: no server process answered', 'SUBGRAPH_UNAVAILABLE'],
  ]);
  expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED|\d{4,5}\/graphql/);
  expect(await kill(gateway.child, 'SIGTERM')).toBe(0);
  expect(gateway.output()).toMatch(/SIGTERM: finishing in-flight requests/);
});
