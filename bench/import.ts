// `npm run bench:import`: a fresh database, migrated, then the whole shared ACL
// Anthology corpus imported; prints wall time, papers/s and peak RSS. Then the nightly sync
// (issue 12 part 5, sync.ts) over that import, against its targets: an unchanged copy, one
// changed collection, a changed person file (BENCH_SYNC_RUNS each, default 3; 0 skips them).
// BENCH_SYNC_CORRECTIONS=1: ten real curated corrections are made first, so every sync
// replays them (and re-resolves the people they concern).
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import type { Database } from '../src/db/database.js';
import { formatSummary, importAclAnthology, type ImportSummary } from '../src/importers/acl-anthology/command.js';
import { KINDS } from '../src/corrections/kinds/index.js';
import { revertCorrection, runCorrection } from '../src/corrections/run.js';
import { createToken, SCOPES, type Curator } from '../src/corrections/tokens.js';
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

/**
 * A copy of the corpus to sync to: xml/ linked file by file (`changed` ones copied and edited),
 * yaml/ copied (name_variants.yaml edited when `personFile` is given).
 */
async function copyOfCorpus(
  dir: string,
  edits: { collection?: [file: string, edit: (xml: string) => string]; personFile?: (yaml: string) => string } = {},
): Promise<string> {
  await mkdir(path.join(dir, 'xml'), { recursive: true });
  for (const f of readdirSync(path.join(corpus, 'xml'))) {
    if (f !== edits.collection?.[0]) await symlink(path.join(corpus, 'xml', f), path.join(dir, 'xml', f));
  }
  if (edits.collection) {
    const [file, edit] = edits.collection;
    await writeFile(path.join(dir, 'xml', file), edit(await readFile(path.join(corpus, 'xml', file), 'utf8')));
  }
  await cp(path.join(corpus, 'yaml'), path.join(dir, 'yaml'), { recursive: true });
  if (edits.personFile) {
    const file = path.join(dir, 'yaml', 'name_variants.yaml');
    await chmod(file, 0o644);
    await writeFile(file, edits.personFile(await readFile(file, 'utf8')));
  }
  return dir;
}

/** Replaces exactly one occurrence (the bench's edits must stay what they say). */
function once(text: string, from: string | RegExp, to: string): string {
  const n = typeof from === 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from, 'g')) ?? []).length;
  if (n !== 1) throw new Error(`bench edit: ${String(from)} occurs ${n} times, not once`);
  return text.replace(from, to);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor((s.length - 1) / 2)]!, max: s[s.length - 1]! };
};

/** Ten real corrections of every kind (people of TACL 2014–2017 and WASSA 2022), as a curator would make them. */
async function makeCorrections(db: Database): Promise<number> {
  await createToken(db.pool, 'bench', { scopes: SCOPES });
  const { rows } = await db.pool.query<{ id: number }>("SELECT id FROM curator_token WHERE name = 'bench'");
  const curator: Curator = { tokenId: rows[0]!.id, name: 'bench', scopes: SCOPES };
  const run = async (kind: keyof typeof KINDS, input: unknown) =>
    (await runCorrection(db.pool, curator, KINDS[kind], input as never)).correction!.id;
  await run('MERGE_AUTHORS', { keep: 'dan-roth', remove: 'gerhard-weikum' });
  await run('SPLIT_AUTHOR', {
    author: 'roman-klinger',
    authorships: [{ paper: '2022.wassa-1.4', position: 4 }],
    newAuthor: { slug: 'roman-klinger-ims', name: 'Roman Klinger', comment: 'IMS Stuttgart' },
  });
  const reassigned = await run('REASSIGN_AUTHORSHIP', { authorship: { paper: 'Q15-1003', position: 3 }, toAuthor: 'kuzman-ganchev' });
  await run('UPDATE_AUTHOR', { author: 'ben-king', comment: 'University of Michigan' });
  await run('ADD_NAME_VARIANT', { author: 'timothy-baldwin', name: { first: 'T.', last: 'Baldwin' } });
  await run('HIDE_NAME_VARIANT', { author: 'orphee-de-clercq', name: { first: 'Orphée', last: 'De Clercq' } });
  await run('UPDATE_AUTHOR', { author: 'dan-roth', comment: 'University of Pennsylvania' });
  await run('ADD_NAME_VARIANT', { author: 'kuzman-ganchev', name: { first: 'K.', last: 'Ganchev' } });
  await revertCorrection(db.pool, curator, reassigned);
  await run('UPDATE_AUTHOR', { author: 'roman-klinger', comment: 'University of Stuttgart' });
  return 10;
}

/**
 * Syncs the imported database back and forth between the shared corpus and an edited copy:
 * every sync is one of the kind measured. Prints min / median / max against the target.
 */
async function syncFigures(db: Database, tmp: string, runs: number, dataDir: string | undefined): Promise<boolean> {
  const original = await copyOfCorpus(path.join(tmp, 'original'));
  const kinds: { what: string; target: number; mode: ImportSummary['sync']['mode']; edited: string }[] = [
    { what: 'unchanged corpus', target: 5, mode: 'unchanged', edited: original },
    {
      // The largest collection (1,447 papers): the second paper of its main volume removed, then back.
      what: 'one changed collection (2024.emnlp)',
      target: 5,
      mode: 'partial',
      edited: await copyOfCorpus(path.join(tmp, 'collection'), {
        collection: ['2024.emnlp.xml', (xml) => once(xml, /(<volume id="main"[^>]*>[\s\S]*?)<paper id="2">[\s\S]*?<\/paper>\s*/, '$1')],
      }),
    },
    {
      // A person split: Orphée De Clercq, a variant of Orphee De Clercq, becomes a person.
      what: 'a changed person file (name_variants.yaml)',
      target: 15,
      mode: 'partial',
      edited: await copyOfCorpus(path.join(tmp, 'people'), {
        personFile: (yaml) =>
          once(
            yaml,
            '- canonical: {first: Orphee, last: De Clercq}\n  variants:\n  - {first: Orphée, last: De Clercq}\n',
            '- canonical: {first: Orphee, last: De Clercq}\n- canonical: {first: Orphée, last: De Clercq}\n  id: orphee-de-clercq-2\n',
          ),
      }),
    },
  ];
  let met = true;
  let current = corpus;
  for (const kind of kinds) {
    const seconds: number[] = [];
    const loads: number[] = [];
    // CPU seconds of each sync (Node; PostgreSQL with the embedded server): what load does not change much.
    const nodeCpu: number[] = [];
    const pgCpu: number[] = [];
    // Load-independent: the SQL statements each sync ran and the rows they reported.
    const statements: number[] = [];
    const rows: number[] = [];
    let last: ImportSummary | undefined;
    for (let i = 0; i < runs; i++) {
      // Back and forth: each sync is one of this kind (the unchanged one always to the same copy).
      const to = kind.mode === 'unchanged' || current !== kind.edited ? kind.edited : original;
      loads.push(os.loadavg()[0]!);
      const pgBefore = postgresCpuSeconds(dataDir);
      const cpuBefore = process.cpuUsage();
      const started = process.hrtime.bigint();
      last = await importAclAnthology(db, to, { quiet: true, log: () => {} });
      seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
      const cpu = process.cpuUsage(cpuBefore);
      nodeCpu.push((cpu.user + cpu.system) / 1e6);
      const pgAfter = postgresCpuSeconds(dataDir);
      if (pgBefore !== undefined && pgAfter !== undefined) pgCpu.push(pgAfter - pgBefore);
      statements.push(last.work.statements);
      rows.push(last.work.rows);
      current = to;
      if (last.sync.mode !== kind.mode) throw new Error(`${kind.what}: the sync was ${last.sync.mode}, not ${kind.mode}`);
    }
    const s = stats(seconds);
    const ok = s.median <= kind.target;
    met &&= ok;
    console.log(
      `sync, ${kind.what}: min ${s.min.toFixed(2)}s, median ${s.median.toFixed(2)}s, max ${s.max.toFixed(2)}s over ${runs} runs ` +
        `(target ≤ ${kind.target} s: ${ok ? 'met' : 'MISSED'}); load ${stats(loads).min.toFixed(2)}–${stats(loads).max.toFixed(2)}; ` +
        `CPU (median) node ${stats(nodeCpu).median.toFixed(1)}s` +
        (pgCpu.length ? `, postgres ${stats(pgCpu).median.toFixed(1)}s` : '') +
        `; SQL (median) ${stats(statements).median} statements, ${stats(rows).median} rows; last: ${formatSummary(last!)}`,
    );
    // The next kind starts from the shared corpus.
    if (current !== original && current !== corpus) await importAclAnthology(db, original, { quiet: true, log: () => {} });
    current = original;
  }
  return met;
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
    console.log(`${formatSummary(summary)}; SQL ${summary.work.statements} statements, ${summary.work.rows} rows`);
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
      const full = await importAclAnthology(db, corpus, { quiet: true, full: true });
      console.log(
        `full re-import of identical data (--full, the merge path): ${(Number(process.hrtime.bigint() - again) / 1e9).toFixed(2)}s; ` +
          `SQL ${full.work.statements} statements, ${full.work.rows} rows`,
      );
    }
    const runs = config.syncRuns;
    if (runs > 0) {
      const tmp = await mkdtemp(path.join(os.tmpdir(), 'scholargraph-bench-sync-'));
      try {
        if (config.syncCorrections) console.log(`${await makeCorrections(db)} corrections in force for the syncs`);
        if (!(await syncFigures(db, tmp, runs, dataDir))) console.log('a sync target was missed (median over the runs)');
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
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
