// The corpus generator (bench/corpus/, `npm run gen:corpus`): the same bytes for a seed, a
// corpus the real importer takes with the counts its files give (counted here from the files
// themselves, by the Anthology's rules: an explicit id=, else the name_variants.yaml entry that
// lists the name, else the slug of the name), and memory that does not grow with N.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../src/db/local.js';
import { importAclAnthology } from '../src/importers/acl-anthology/command.js';
import { slugify } from '../src/text/slugify.js';
import { measureCorpus } from '../bench/corpus/measure.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { sharedData } from './helpers/shared-data.js';

const REAL = sharedData('acl-anthology');
const N = 2_000;

let tmp: string;
let statsFile: string;
let t: TestDatabase | undefined;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'scholargraph-gen-'));
  statsFile = path.join(tmp, 'stats.json');
  await writeFile(statsFile, JSON.stringify(await measureCorpus(REAL)));
}, 300_000);
afterAll(async () => {
  await t?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

interface Generated {
  papers: number;
  people: number;
  authorships: number;
  peakRssMiB: number;
}

/** `npm run gen:corpus` as a process of its own; its last line is JSON. */
function generate(out: string, papers: number, seed: number): Promise<Generated> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/gen-corpus.ts',
      '--papers',
      String(papers),
      '--out',
      out,
      '--seed',
      String(seed),
      '--stats',
      statsFile,
      '--source',
      REAL,
    ],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`gen:corpus exited with ${code}: ${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Generated);
    }),
  );
}

/** SHA-256 of every file under dir, by relative path. */
async function digest(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  }
  return out;
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** Papers, author links, explicit ids and people, counted from the files by the Anthology's rules. */
async function countFiles(dir: string) {
  const entries = parse(await readFile(path.join(dir, 'yaml', 'name_variants.yaml'), 'utf8')) as {
    id?: string;
    canonical: { first: string; last: string };
    variants?: { first: string; last: string }[];
  }[];
  const byName = new Map<string, string>();
  const people = new Set<string>();
  for (const e of entries) {
    const id = e.id ?? slugify(`${e.canonical.first} ${e.canonical.last}`);
    people.add(id);
    for (const n of [e.canonical, ...(e.variants ?? [])]) byName.set(`${n.first}|${n.last}`, id);
  }
  let papers = 0;
  let authorships = 0;
  let explicit = 0;
  for (const file of await readdir(path.join(dir, 'xml'))) {
    const xml = await readFile(path.join(dir, 'xml', file), 'utf8');
    papers += xml.match(/<paper id=/g)?.length ?? 0;
    for (const m of xml.matchAll(/<author(?: id="([^"]+)")?><first>(.*?)<\/first><last>(.*?)<\/last><\/author>/g)) {
      authorships++;
      const [first, last] = [unescape(m[2]!), unescape(m[3]!)];
      if (m[1]) explicit++;
      people.add(m[1] ?? byName.get(`${first}|${last}`) ?? slugify(`${first} ${last}`));
    }
  }
  return { papers, authorships, explicit, people: people.size, yamlEntries: entries.length };
}

test('the same seed writes the same bytes; another seed, others', async () => {
  const a = path.join(tmp, 'a');
  const b = path.join(tmp, 'b');
  const c = path.join(tmp, 'c');
  await generate(a, N, 7);
  await generate(b, N, 7);
  await generate(c, N, 8);
  const [da, db, dc] = await Promise.all([digest(a), digest(b), digest(c)]);
  expect(Object.keys(da).filter((f) => f.startsWith('xml')).length).toBeGreaterThan(5);
  expect(db).toEqual(da);
  expect(dc['yaml/name_variants.yaml']).not.toEqual(da['yaml/name_variants.yaml']);
}, 300_000);

test('the real importer takes it, with the counts its files give', async () => {
  const dir = path.join(tmp, 'import');
  const generated = await generate(dir, N, 11);
  const files = await countFiles(dir);
  expect(files.papers).toBe(N);
  expect(generated).toMatchObject({ papers: N, authorships: files.authorships, people: files.people });
  // Homonyms, explicit ids and variants are all there, as in the real corpus.
  expect(files.explicit).toBeGreaterThan(0);
  expect(files.yamlEntries).toBeGreaterThan(0);

  t = await createTestDatabase();
  const summary = await importAclAnthology(t.db, dir, { quiet: true, log: () => {} });
  expect(summary).toMatchObject({ papers: N, frontmatter: 0, people: files.people, authorLinks: files.authorships });
  const { rows } = await t.db.pool.query<{ papers: number; people: number; links: number; explicit: number }>(
    `SELECT (SELECT count(*)::int FROM paper WHERE NOT is_frontmatter) AS papers,
            (SELECT count(*)::int FROM author) AS people,
            (SELECT count(*)::int FROM authorship WHERE role = 'AUTHOR') AS links,
            (SELECT count(*)::int FROM authorship WHERE matched_by = 'EXPLICIT_ID') AS explicit`,
  );
  expect(rows[0]).toEqual({ papers: N, people: files.people, links: files.authorships, explicit: files.explicit });
}, 300_000);

test('memory is flat in N: the peak RSS at 5N is within 48 MiB of that at N', async () => {
  const small = await generate(path.join(tmp, 'small'), N, 3);
  const large = await generate(path.join(tmp, 'large'), 5 * N, 3);
  expect(large.papers).toBe(5 * N);
  expect(large.peakRssMiB - small.peakRssMiB).toBeLessThan(48);
}, 300_000);

test('it never empties a folder that holds something other than an earlier generated corpus', async () => {
  const mine = path.join(tmp, 'not-a-corpus');
  await mkdir(mine);
  await writeFile(path.join(mine, 'notes.txt'), 'keep me');
  await expect(generate(mine, 10, 1)).rejects.toThrow(/is not empty and holds no generated corpus/);
  expect(await readFile(path.join(mine, 'notes.txt'), 'utf8')).toBe('keep me');
  // An earlier corpus of its own is replaced.
  const again = path.join(tmp, 'again');
  await generate(again, 10, 1);
  await generate(again, 10, 1);
  expect((await readdir(again)).sort()).toEqual(['.generated-corpus', 'xml', 'yaml']);
}, 300_000);
