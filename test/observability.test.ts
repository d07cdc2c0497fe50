// Observability (issue 13.8): Prometheus metrics at /metrics and one JSON log line per
// request with its request id, over real HTTP.
import { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { yogaLogger } from '../src/http/observability.js';
import { loadDemoData } from '../src/demo/demo-data.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { listen, type RunningServer } from './helpers/http-server.js';

let t: TestDatabase;
let server: RunningServer;
const lines: Record<string, unknown>[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  server = await listen(t.db, {
    metrics: true,
    logger: pino({ level: 'info' }, sink),
    rateLimit: { quota: 3, windowSeconds: 3600, trustProxy: true },
  });
});
afterAll(async () => {
  await server.close();
  await t.drop();
});

const post = (query: string, headers: Record<string, string> = {}) =>
  fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query }),
  });

test('metrics: requests, latency, errors by code, pool, statement time, rate-limit rejections', async () => {
  const client = { 'x-forwarded-for': '198.51.100.1' };
  expect((await post('{ author(slug: "lei-gao-usc") { name } }', client)).status).toBe(200);
  expect((await post('{ noSuchField }', client)).status).toBe(400);
  expect((await post('{ __typename }', client)).status).toBe(200);
  expect((await post('{ __typename }', client)).status).toBe(429);

  const response = await fetch(`${server.origin}/metrics`);
  expect(response.status).toBe(200);
  const text = await response.text();
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1]);
  expect(value(/^graphql_envelop_request_duration_count\{operationType="query"\} (\d+)/m)).toBe(2);
  expect(text).toMatch(/^graphql_yoga_http_duration_bucket\{/m);
  // Three documents parsed and validated (the 429 never reached GraphQL), one refused by
  // validation, two executed.
  expect(value(/^graphql_envelop_phase_parse_count\{operationType="query"\} (\d+)/m)).toBe(3);
  expect(value(/^graphql_envelop_phase_validate_count\{operationType="query"\} (\d+)/m)).toBe(3);
  expect(value(/^graphql_envelop_phase_execute_count\{operationType="query"\} (\d+)/m)).toBe(2);
  expect(value(/^graphql_envelop_request\{operationType="query"\} (\d+)/m)).toBe(2);
  expect(value(/^graphql_envelop_error_result\{operationType="query",phase="validate"\} (\d+)/m)).toBe(1);
  expect(value(/^graphql_yoga_http_duration_count\{operationType="query",method="POST",statusCode="200"\} (\d+)/m)).toBe(2);
  expect(value(/^graphql_yoga_http_duration_count\{operationType="query",method="POST",statusCode="400"\} (\d+)/m)).toBe(1);
  expect(value(/^scholargraph_graphql_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} (\d+)/m)).toBe(1);
  expect(value(/^scholargraph_rate_limit_rejections_total (\d+)/m)).toBe(1);
  expect(value(/^scholargraph_db_pool_connections_in_use (\d+)/m)).toBe(0);
  expect(value(/^scholargraph_db_pool_waiting (\d+)/m)).toBe(0);
  expect(value(/^scholargraph_db_statement_duration_seconds_count\{outcome="ok"\} (\d+)/m)).toBeGreaterThan(0);
  expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  // Only the metrics docs/operations.md lists: none of the plugin's other defaults (each costs every request).
  expect(text).not.toMatch(
    /^graphql_envelop_(deprecated_field|request_time_summary|phase_context|phase_subscribe|schema_change|execute_resolver)/m,
  );
  // No client-chosen text becomes a label.
  expect(text).not.toMatch(/operationName=|path=/);
});

test('logs: one JSON line per request with its request id, echoed in X-Request-Id', async () => {
  const response = await post('{ __typename }', { 'x-forwarded-for': '198.51.100.2', 'x-request-id': 'trace-42' });
  expect(response.headers.get('x-request-id')).toBe('trace-42');
  const generated = await post('{ nope }', { 'x-forwarded-for': '198.51.100.2', 'x-request-id': 'bad id with spaces' });
  const id = generated.headers.get('x-request-id')!;
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const mine = lines.filter((l) => l.reqId === 'trace-42' || l.reqId === id);
  expect(mine).toEqual([
    expect.objectContaining({ msg: 'request', reqId: 'trace-42', method: 'POST', path: '/graphql', status: 200, operation: 'query' }),
    expect.objectContaining({ msg: 'request', reqId: id, status: 400, errors: ['GRAPHQL_VALIDATION_FAILED'] }),
  ]);
  expect(typeof mine[0]!.ms).toBe('number');
});

test('logs: a request whose client went away is one info line marked aborted, without a stack', async () => {
  // Holding a lock on the author table keeps the request inside the server until the client gives up.
  const locker = await t.db.pool.connect();
  await locker.query('BEGIN; LOCK TABLE author IN ACCESS EXCLUSIVE MODE');
  const controller = new AbortController();
  const before = lines.length;
  try {
    const request = fetch(server.url, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.3', 'x-request-id': 'gone-away' },
      body: JSON.stringify({ query: '{ author(slug: "lei-gao-usc") { name variants } }' }),
    }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    await request;
  } finally {
    await locker.query('COMMIT');
    locker.release();
  }
  // The server notices, cancels its statement and writes its line.
  for (let i = 0; i < 100 && !lines.slice(before).some((l) => l.reqId === 'gone-away'); i++) await new Promise((r) => setTimeout(r, 50));
  const mine = lines.slice(before).filter((l) => l.reqId === 'gone-away');
  expect(mine).toEqual([expect.objectContaining({ level: 30, msg: 'request aborted by the client', aborted: true, path: '/graphql' })]);
  expect(JSON.stringify(lines.slice(before))).not.toMatch(/"stack"/);
});

test('logs: Yoga reports an aborted field at debug, without a stack; other errors at their level with one', () => {
  const captured: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) captured.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = yogaLogger(pino({ level: 'debug' }, sink));
  const aborted = new GraphQLError('This operation was aborted', {
    path: ['author', 'variants'],
    originalError: new DOMException('This operation was aborted', 'AbortError'),
  });
  log.error(aborted);
  log.error(new Error('boom'));
  expect(captured).toEqual([
    expect.objectContaining({ level: 20, msg: 'request aborted: This operation was aborted', path: ['author', 'variants'] }),
    expect.objectContaining({ level: 50, msg: 'boom', err: expect.objectContaining({ stack: expect.any(String) }) }),
  ]);
  expect(captured[0]).not.toHaveProperty('err');
});

test('logs: user errors are logged as codes on the request line, never with a stack', async () => {
  const before = lines.length;
  const client = { 'x-forwarded-for': '198.51.100.4' };
  await post('{ authors(first: 5, after: "forged") { totalCount } }', client);
  await post('{ author(slug: "a\\u0000b") { name } }', client);
  await post('{ a' + '{ a'.repeat(3000), client);
  const mine = lines.slice(before);
  expect(mine.map((l) => l.errors)).toEqual([['BAD_USER_INPUT'], ['BAD_USER_INPUT'], [expect.stringMatching(/^[A-Z_]+$/)]]);
  expect(mine.every((l) => l.level === 30)).toBe(true);
  expect(JSON.stringify(mine)).not.toMatch(/"stack"/);
});

test('metrics: an incremental (@defer) response is counted once, when its last part is sent', async () => {
  const requests = async () => {
    const text = await (await fetch(`${server.origin}/metrics`)).text();
    return Number(/^graphql_envelop_request\{operationType="query"\} (\d+)/m.exec(text)?.[1]);
  };
  const before = await requests();
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed', 'x-forwarded-for': '198.51.100.3' },
    body: JSON.stringify({ query: '{ __typename ... @defer { author(slug: "lei-gao-usc") { name } } }' }),
  });
  expect(response.headers.get('content-type')).toMatch(/^multipart\/mixed/);
  expect(await response.text()).toContain('Lei Gao');
  expect((await requests()) - before).toBe(1);
});
