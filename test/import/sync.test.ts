// Nightly sync (sync.ts): importing a newer copy over an import gives exactly the tables a fresh
// import of that copy gives. Each step edits a temporary copy of a few real collections (and of
// the person file) minimally, syncs the database to it, and compares every table, row by row,
// by public keys (surrogate ids left out), with a fresh import of the same copy into an empty
// database. The old format (../shared/data/acl-anthology, name_variants.yaml) and the 2026
// slice (../shared/data/acl-anthology-2026, people.yaml) both.
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/db/local.js';
import type { Database } from '../../src/db/database.js';
import { importAclAnthology, type ImportSummary } from '../../src/importers/acl-anthology/command.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const OLD = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology');
const NEW = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology-2026');

/** Every table an import fills, by public keys: [name, query ordered by those keys]. */
const DUMPS: [string, string][] = [
  ['collection', 'SELECT to_jsonb(t) AS r FROM collection t ORDER BY slug'],
  ['venue', 'SELECT to_jsonb(t) AS r FROM venue t ORDER BY slug'],
  ['sig', 'SELECT to_jsonb(t) AS r FROM sig t ORDER BY slug'],
  ['event', 'SELECT to_jsonb(t) AS r FROM event t ORDER BY slug'],
  [
    'volume',
    `SELECT to_jsonb(t) || jsonb_build_object('collection', c.slug) AS r FROM volume t JOIN collection c ON c.id = t.collection_id
     ORDER BY t.anthology_id`,
  ],
  [
    'volume_venue',
    `SELECT to_jsonb(t) || jsonb_build_object('volume', v.anthology_id, 'venue', x.slug) AS r FROM volume_venue t
     JOIN volume v ON v.id = t.volume_id JOIN venue x ON x.id = t.venue_id ORDER BY v.anthology_id, x.slug`,
  ],
  [
    'volume_sig',
    `SELECT jsonb_build_object('volume', v.anthology_id, 'sig', x.slug) AS r FROM volume_sig t
     JOIN volume v ON v.id = t.volume_id JOIN sig x ON x.id = t.sig_id ORDER BY v.anthology_id, x.slug`,
  ],
  [
    'event_volume',
    `SELECT to_jsonb(t) || jsonb_build_object('event', e.slug, 'volume', v.anthology_id) AS r FROM event_volume t
     JOIN event e ON e.id = t.event_id JOIN volume v ON v.id = t.volume_id ORDER BY e.slug, v.anthology_id`,
  ],
  [
    'paper',
    `SELECT to_jsonb(t) || jsonb_build_object('volume', v.anthology_id) AS r FROM paper t JOIN volume v ON v.id = t.volume_id
     ORDER BY t.anthology_id`,
  ],
  ['author', 'SELECT to_jsonb(t) AS r FROM author t ORDER BY slug'],
  [
    'author_name',
    `SELECT to_jsonb(t) || jsonb_build_object('author', a.slug) AS r FROM author_name t JOIN author a ON a.id = t.author_id
     ORDER BY a.slug, t.first_name, t.last_name`,
  ],
  [
    'similar_author',
    `SELECT jsonb_build_object('author', a.slug, 'similar', b.slug) AS r FROM similar_author t JOIN author a ON a.id = t.author_id
     JOIN author b ON b.id = t.similar_id ORDER BY a.slug, b.slug`,
  ],
  [
    'authorship',
    `SELECT to_jsonb(t) || jsonb_build_object('volume', v.anthology_id, 'paper', p.anthology_id, 'author', a.slug) AS r
     FROM authorship t JOIN volume v ON v.id = t.volume_id LEFT JOIN paper p ON p.id = t.paper_id JOIN author a ON a.id = t.author_id
     ORDER BY v.anthology_id, p.anthology_id NULLS FIRST, t.role, t.position`,
  ],
  ['import_source', 'SELECT to_jsonb(t) AS r FROM import_source t ORDER BY name'],
];

/** Surrogate ids (id, *_id) and timestamps (*_at) are left out. */
function publicColumns(row: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row).sort()) if (key !== 'id' && !key.endsWith('_id') && !key.endsWith('_at')) out[key] = row[key];
  return JSON.stringify(out);
}

async function dump(db: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [table, sql] of DUMPS) {
    out[table] = (await db.pool.query<{ r: Record<string, unknown> }>(sql)).rows.map((x) => publicColumns(x.r));
  }
  return out;
}

let tmp: string;
const databases: TestDatabase[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'scholargraph-sync-'));
});
afterAll(async () => {
  for (const t of databases) await t.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

let copies = 0;

/** A data folder holding copies of these collections of `source` and of its yaml/. */
async function copyOf(source: string, collections: string[]): Promise<string> {
  const dir = path.join(tmp, `copy-${copies++}`);
  await mkdir(path.join(dir, 'xml'), { recursive: true });
  for (const c of collections) await cp(path.join(source, 'xml', `${c}.xml`), path.join(dir, 'xml', `${c}.xml`));
  await cp(path.join(source, 'yaml'), path.join(dir, 'yaml'), { recursive: true });
  return dir;
}

/** Another copy of `dir` (yaml/ linked unless `ownYaml`), to edit. */
async function copyOfCopy(dir: string, ownYaml = false): Promise<string> {
  const next = path.join(tmp, `copy-${copies++}`);
  await cp(path.join(dir, 'xml'), path.join(next, 'xml'), { recursive: true });
  if (ownYaml) await cp(path.join(dir, 'yaml'), path.join(next, 'yaml'), { recursive: true });
  else await symlink(await realYaml(dir), path.join(next, 'yaml'));
  return next;
}

async function realYaml(dir: string): Promise<string> {
  const { realpath } = await import('node:fs/promises');
  return realpath(path.join(dir, 'yaml'));
}

/** Replaces exactly one occurrence of `from` in the file. */
async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const matches = typeof from === 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from, 'g')) ?? []).length;
  if (matches !== 1) throw new Error(`${file}: ${String(from)} occurs ${matches} times, not once`);
  await writeFile(file, text.replace(from, to));
}

const importInto = (t: TestDatabase, dir: string) => importAclAnthology(t.db, dir, { quiet: true, log: () => {} });

async function freshImport(dir: string): Promise<TestDatabase> {
  const t = await createTestDatabase();
  databases.push(t);
  await importInto(t, dir);
  return t;
}

async function expectSameTables(synced: TestDatabase, dir: string): Promise<void> {
  const fresh = await freshImport(dir);
  const [a, b] = [await dump(synced.db), await dump(fresh.db)];
  for (const [table] of DUMPS) expect({ table, rows: a[table] }).toEqual({ table, rows: b[table] });
}

describe.each([
  {
    era: 'old format (name_variants.yaml)',
    source: OLD,
    // TACL 2014, 2015, 2017 and WASSA 2022: many people in more than one of them.
    collections: ['2022.wassa', 'Q14', 'Q15', 'Q17'],
    // Q15-1001 (its second paper) and its authors.
    paper: { file: 'Q15.xml', id: '2' },
    // Q14-1001's first author, Ben King (not in name_variants.yaml), respelled Bén King: the same
    // person (slug ben-king), whose canonical name is now the non-ASCII spelling.
    rename: { file: 'Q14.xml', from: '<first>Ben</first><last>King</last>', to: '<first>Bén</first><last>King</last>' },
    removed: 'Q17',
    // name_variants.yaml: Orphee De Clercq with the variant Orphée De Clercq, both on papers
    // of 2022.wassa; the variant becomes a person of its own.
    split: {
      file: 'name_variants.yaml',
      from: '- canonical: {first: Orphee, last: De Clercq}\n  variants:\n  - {first: Orphée, last: De Clercq}\n',
      to: '- canonical: {first: Orphee, last: De Clercq}\n- canonical: {first: Orphée, last: De Clercq}\n  id: orphee-de-clercq-2\n',
    },
  },
  {
    era: '2026 format (people.yaml)',
    source: NEW,
    collections: ['2025.aisd', '2025.clasp', '2025.llm4medr', '2025.naloma', '2026.unlp'],
    paper: { file: '2025.naloma.xml', id: '2' },
    // The editor Qing Li of 2025.llm4medr (unverified: three people.yaml entries share the name).
    rename: { file: '2025.llm4medr.xml', from: '<first>Qing</first><last>Li</last>', to: '<first>Qing</first><last>Lí</last>' },
    removed: '2025.aisd',
    // people.yaml: olha-kanishcheva lists Olha and Olga Kanishcheva; "Olha Kanishcheva" (no id=)
    // is on a paper of 2026.unlp. Split: Olha becomes the verified person olha-kanishcheva-2.
    split: {
      file: 'people.yaml',
      from: '  names:\n  - {first: Olha, last: Kanishcheva}\n  - {first: Olga, last: Kanishcheva}\n',
      to: '  names:\n  - {first: Olga, last: Kanishcheva}\nolha-kanishcheva-2:\n  names:\n  - {first: Olha, last: Kanishcheva}\n',
    },
  },
])('sync, $era', ({ source, collections, paper, rename, removed, split }) => {
  let synced: TestDatabase;
  let a: string;
  let current: string;
  const sync = async (dir: string): Promise<ImportSummary> => {
    current = dir;
    return importInto(synced, dir);
  };

  beforeAll(async () => {
    a = await copyOf(source, collections);
    synced = await createTestDatabase();
    databases.push(synced);
    const first = await sync(a);
    expect(first.sync.mode).toBe('first');
  }, 300_000);

  it('an unchanged copy is a no-op that says so', async () => {
    const before = await dump(synced.db);
    const again = await sync(await copyOfCopy(a));
    expect(again.sync.mode).toBe('unchanged');
    expect(again.papers + again.volumes + again.people).toBe(0);
    expect(await dump(synced.db)).toEqual(before);
  }, 300_000);

  it('paper removed: only its collection is read, and the tables are those of a fresh import', async () => {
    const b = await copyOfCopy(current);
    await edit(path.join(b, 'xml', paper.file), new RegExp(`<paper id="${paper.id}">[\\s\\S]*?</paper>\\s*`), '');
    const s = await sync(b);
    expect(s.sync).toMatchObject({ mode: 'partial', parsed: 1, removed: 0, personFileChanged: false });
    await expectSameTables(synced, b);
  }, 300_000);

  it('paper added (the same paper back)', async () => {
    const b = await copyOfCopy(current);
    await cp(path.join(a, 'xml', paper.file), path.join(b, 'xml', paper.file));
    expect((await sync(b)).sync).toMatchObject({ mode: 'partial', parsed: 1 });
    await expectSameTables(synced, b);
  }, 300_000);

  it('author renamed', async () => {
    const b = await copyOfCopy(current);
    await edit(path.join(b, 'xml', rename.file), rename.from, rename.to);
    expect((await sync(b)).sync).toMatchObject({ mode: 'partial', parsed: 1 });
    await expectSameTables(synced, b);
  }, 300_000);

  it('collection removed, then added back', async () => {
    const b = await copyOfCopy(current);
    await rm(path.join(b, 'xml', `${removed}.xml`));
    expect((await sync(b)).sync).toMatchObject({ mode: 'partial', parsed: 0, removed: 1 });
    await expectSameTables(synced, b);
    const c = await copyOfCopy(b);
    await cp(path.join(a, 'xml', `${removed}.xml`), path.join(c, 'xml', `${removed}.xml`));
    expect((await sync(c)).sync).toMatchObject({ mode: 'partial', parsed: 1, removed: 0 });
    await expectSameTables(synced, c);
  }, 300_000);

  it('person split in the person file: every name re-resolved, no collection read', async () => {
    const b = await copyOfCopy(current, true);
    await edit(path.join(b, 'yaml', split.file), split.from, split.to);
    expect((await sync(b)).sync).toMatchObject({ mode: 'partial', parsed: 0, personFileChanged: true });
    await expectSameTables(synced, b);
  }, 300_000);
});
