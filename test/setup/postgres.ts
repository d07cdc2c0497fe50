// Used by global-setup.mjs once per `npm test`: find a PostgreSQL server (DATABASE_URL's, else an embedded
// one), and build a migrated template database that each test file clones.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase } from '../../src/db/database.js';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { PROJECT_ROOT } from '../../src/db/local.js';
import { migrate, readMigrations } from '../../src/db/migrate.js';
import { createHash } from 'node:crypto';

export async function prepareTestServer(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = path.join(PROJECT_ROOT, '.data', `test-postgres-${process.pid}`);
    await rm(dataDir, { recursive: true, force: true });
    const server = await startEmbeddedPostgres({ dataDir, persistent: false });
    (globalThis as { __embeddedPostgres?: { stop(): Promise<void> } }).__embeddedPostgres = server;
    adminUrl = server.url('postgres');
  }
  // The template's name changes with the migrations, so a stale one is never reused.
  const migrations = await readMigrations();
  const hash = createHash('sha256')
    .update(migrations.map((m) => m.checksum).join())
    .digest('hex')
    .slice(0, 12);
  const template = `scholargraph_test_template_${hash}`;

  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  const db = connectDatabase(withDatabase(adminUrl, template), { max: 1 });
  try {
    await migrate(db.pool);
  } finally {
    await db.close();
  }
  process.env.SCHOLARGRAPH_TEST_ADMIN_URL = adminUrl;
  process.env.SCHOLARGRAPH_TEST_TEMPLATE = template;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
