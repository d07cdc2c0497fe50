// The request's view of the pool (src/db/cancel.ts): a connection taken through it and
// released goes back to the pool itself, so the pool's idle timeout removes it from the
// pool's own list. (A view that ran pg-pool's connect() with itself as `this` kept the
// removed client counted for ever: pool.end() never returned, and each such client held a
// slot of the pool.)
import { cancellablePool, createCanceller } from '../src/db/cancel.js';
import { createPool } from '../src/db/pool.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

test('a client connected through the view is removed from the pool when it idles out', async () => {
  const pool = createPool(t.url, { max: 2 });
  (pool.options as { idleTimeoutMillis: number }).idleTimeoutMillis = 50;
  const view = cancellablePool(pool, new AbortController().signal, createCanceller());
  const client = await view.connect();
  await client.query('SELECT 1');
  client.release();
  expect(pool.totalCount).toBe(1);
  const deadline = Date.now() + 10_000;
  while (pool.totalCount > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect({ total: pool.totalCount, idle: pool.idleCount }).toEqual({ total: 0, idle: 0 });
  await pool.end();
});
