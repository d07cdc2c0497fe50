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
      await db.close();
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
