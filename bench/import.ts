// `npm run bench:import`: a fresh database, migrated, then the whole shared ACL
// Anthology corpus imported; prints wall time, papers/s and peak RSS.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase } from '../src/db/database.js';
import { startEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded.js';
import { PROJECT_ROOT } from '../src/db/local.js';
import { migrate } from '../src/db/migrate.js';
import { formatSummary, importAclAnthology } from '../src/importers/acl-anthology/command.js';

const corpus = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology');

async function main() {
  let server: EmbeddedServer | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'scholargraph-bench-'));
    server = await startEmbeddedPostgres({ dataDir, persistent: false });
    adminUrl = server.url();
  }
  const name = `scholargraph_bench_${process.pid}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = connectDatabase(url.toString());
  let failed = false;
  try {
    await migrate(db.pool);
    const started = process.hrtime.bigint();
    const summary = await importAclAnthology(db, corpus, { quiet: !!process.env.QUIET });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(formatSummary(summary));
    console.log(
      `wall ${seconds.toFixed(2)}s, ${Math.round((summary.papers + summary.frontmatter) / seconds)} papers/s, ` +
        `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (this process; PostgreSQL not included)`,
    );
    const again = process.hrtime.bigint();
    if (process.env.BENCH_REIMPORT) {
      await importAclAnthology(db, corpus, { quiet: true });
      console.log(`re-import of identical data: ${(Number(process.hrtime.bigint() - again) / 1e9).toFixed(2)}s`);
    }
  } catch (err) {
    failed = true;
    console.error(`error: ${(err as Error).message}`);
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
