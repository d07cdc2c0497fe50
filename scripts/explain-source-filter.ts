// The source filter's cost (docs/performance.md, "The source filter"): EXPLAIN (ANALYZE,
// BUFFERS) of search's people and paper statements and of the paper and people lists, without
// and with each `sources` list, RUNS times each (default 5), with the load average. Run against
// a database holding the corpus and the samples:
//   DATABASE_URL=postgresql://… npx tsx scripts/explain-source-filter.ts
// Each loader runs on a Queryable that prefixes every statement with EXPLAIN and answers no rows.
import os from 'node:os';
import pg from 'pg';
import { searchAuthors, searchPapers } from '../src/loaders/search.js';
import type { SourceName } from '../src/loaders/source-filter.js';
import { loadAuthorList } from '../src/loaders/root-lists.js';
import { loadPaperList } from '../src/loaders/paper-list.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
const plans: { shared: number; read: number; ms: number }[] = [];
const explaining = {
  async query(config: string | { text: string; values?: unknown[] }, values?: unknown[]) {
    const text = typeof config === 'string' ? config : config.text;
    const vals = typeof config === 'string' ? values : (config.values ?? values);
    const r = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`, vals as unknown[]);
    const plan = (r.rows[0] as { 'QUERY PLAN': { Plan: Record<string, number>; 'Execution Time': number }[] })['QUERY PLAN'][0]!;
    plans.push({ shared: plan.Plan['Shared Hit Blocks']!, read: plan.Plan['Shared Read Blocks']!, ms: plan['Execution Time'] });
    return { rows: [] };
  },
} as never;

const cases: [string, SourceName[] | null][] = [
  ['none', null],
  ['acl-anthology', ['acl-anthology']],
  ['dblp', ['dblp']],
  ['openalex', ['openalex']],
  ['dblp+openalex', ['dblp', 'openalex']],
];
const runs = Number(process.env.RUNS ?? 5);
async function measure(label: string, fn: () => Promise<unknown>) {
  const got: { shared: number; read: number; ms: number }[] = [];
  for (let i = 0; i < runs; i++) {
    plans.length = 0;
    await fn().catch(() => {});
    got.push(
      plans.reduce((a, p) => ({ shared: a.shared + p.shared, read: a.read + p.read, ms: a.ms + p.ms }), { shared: 0, read: 0, ms: 0 }),
    );
  }
  const ms = got.map((g) => g.ms).sort((a, b) => a - b);
  console.log(
    `${label.padEnd(44)} buffers hit ${got.at(-1)!.shared} read ${got.at(-1)!.read}; ms min/med/max ${ms[0]!.toFixed(1)}/${ms[Math.floor(ms.length / 2)]!.toFixed(1)}/${ms.at(-1)!.toFixed(1)}`,
  );
}
const load = () =>
  os
    .loadavg()
    .map((x: number) => x.toFixed(1))
    .join(' ');
console.log(`load ${load()}`);
for (const q of ['neural machine translation', 'biodiversity', 'computer vision']) {
  for (const [name, sources] of cases) {
    await measure(`papers "${q}" sources=${name}`, () => searchPapers(explaining, q, sources ? { sources } : {}, 20));
  }
}
for (const q of ['Wei Wang', 'Helen Mountford']) {
  for (const [name, sources] of cases) await measure(`people "${q}" sources=${name}`, () => searchAuthors(explaining, q, 20, sources));
}
for (const [name, sources] of cases) {
  await measure(`paper list first 20 sources=${name}`, () =>
    loadPaperList(explaining, {
      filter: sources ? { sources } : {},
      order: ['YEAR_DESC'],
      take: 20,
      skip: 0,
      cursor: null,
      total: true,
    } as never),
  );
  await measure(`author list first 20 sources=${name}`, () =>
    loadAuthorList(explaining, sources ? { sources } : {}, ['NAME_ASC'], { take: 20, skip: 0, cursor: null }),
  );
}
console.log(`load ${load()}`);
await pool.end();
