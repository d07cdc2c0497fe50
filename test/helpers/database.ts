// One database per test file, cloned from the migrated template (fast: a file copy).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, type Database } from '../../src/db/database.js';
import { withDatabase } from '../setup/postgres.js';

export interface TestDatabase {
  /** Connection URL of this test file's database. */
  url: string;
  name: string;
  db: Database;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

function admin() {
  const url = process.env.SCHOLARGRAPH_TEST_ADMIN_URL;
  const template = process.env.SCHOLARGRAPH_TEST_TEMPLATE;
  if (!url || !template) throw new Error('test database setup did not run (jest globalSetup)');
  return { url, template };
}

/** How long drop() waits for the pool to close. */
const CLOSE_WAIT_MS = 15_000;

/** A fresh, migrated, empty database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { url, template } = admin();
  const name = `scholargraph_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await client.end();
  }
  const dbUrl = withDatabase(url, name);
  const db = connectDatabase(dbUrl, { max: 5 });
  return {
    url: dbUrl,
    name,
    db,
    async drop() {
      // A connection still checked out would keep pool.end() waiting for ever (seen rarely
      // under heavy load, cause not found yet): say so, and drop the database anyway.
      let timer: NodeJS.Timeout | undefined;
      const closing = db.close().then(() => true);
      const closed = await Promise.race([closing, new Promise<false>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS, false)))]);
      clearTimeout(timer);
      if (!closed) {
        const held = db.pool.totalCount - db.pool.idleCount;
        console.warn(
          `test database ${name}: ${held} pooled connection(s) still checked out after ${CLOSE_WAIT_MS / 1000} s; dropping it anyway`,
        );
      }
      const c = new pg.Client(url);
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
