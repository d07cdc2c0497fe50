// `npm run bench:import`: a fresh database, migrated, then the whole shared ACL
// Anthology corpus imported; prints wall time, papers/s and peak RSS.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { formatSummary, importAclAnthology } from '../src/importers/acl-anthology/command.js';
import { loadBenchConfig } from './config.js';
import { CORPUS as corpus, createScratchDatabase } from './database.js';

const config = loadBenchConfig();

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
  const cleanup: (() => Promise<void>)[] = [];
  const { url, dataDir } = await createScratchDatabase(cleanup, { adminUrl: config.databaseUrl, name: 'bench', log: () => {} });
  const db = connectDatabase(url);
  let failed = false;
  try {
    await migrate(db.pool);
    const load = os.loadavg()[0]!.toFixed(2);
    const pgCpuBefore = postgresCpuSeconds(dataDir);
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const summary = await importAclAnthology(db, corpus, { quiet: config.quiet });
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
    if (config.reimport) {
      await importAclAnthology(db, corpus, { quiet: true });
      console.log(`re-import of identical data: ${(Number(process.hrtime.bigint() - again) / 1e9).toFixed(2)}s`);
    }
  } catch (err) {
    failed = true;
    console.error(`error: ${(err as Error).message}`);
  } finally {
    await db.close();
    for (const step of cleanup) await step().catch((error: Error) => console.error(`cleanup: ${error.message}`));
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
