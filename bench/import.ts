// `npm run bench:import`: a fresh database, migrated, then the whole shared ACL
// Anthology corpus imported; prints wall time, papers/s and peak RSS.
import { readdirSync, readFileSync } from 'node:fs';
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

/**
 * CPU seconds used so far by the embedded PostgreSQL (postmaster, its live processes and
 * the exited ones it reaped): what the import cost the server, whatever the machine's load.
 */
function postgresCpuSeconds(dataDir: string | undefined): number | undefined {
  if (!dataDir) return undefined;
  try {
    const tick = 100; // USER_HZ on Linux
    const fields = (pid: string) => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    };
    const postmaster = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]!.trim();
    const own = fields(postmaster);
    // utime, stime, cutime, cstime are fields 14-17 (1-based), i.e. 11-14 after the comm.
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid) || pid === postmaster) continue;
      try {
        const f = fields(pid);
        if (f[1] === postmaster) ticks += Number(f[11]) + Number(f[12]);
      } catch {
        /* gone */
      }
    }
    return ticks / tick;
  } catch {
    return undefined;
  }
}

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
    const load = os.loadavg()[0]!.toFixed(2);
    const pgCpuBefore = postgresCpuSeconds(dataDir);
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const summary = await importAclAnthology(db, corpus, { quiet: !!process.env.QUIET });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const pgCpuAfter = postgresCpuSeconds(dataDir);
    console.log(formatSummary(summary));
    console.log(
      `wall ${seconds.toFixed(2)}s, ${Math.round((summary.papers + summary.frontmatter) / seconds)} papers/s, ` +
        `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (this process; PostgreSQL not included)`,
    );
    console.log(
      `CPU: node ${((cpu.user + cpu.system) / 1e6).toFixed(1)}s` +
        (pgCpuBefore !== undefined && pgCpuAfter !== undefined ? `, postgres ${(pgCpuAfter - pgCpuBefore).toFixed(1)}s` : '') +
        `; ${os.cpus().length} cores, load average ${load} at start, ${os.loadavg()[0]!.toFixed(2)} at end`,
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
