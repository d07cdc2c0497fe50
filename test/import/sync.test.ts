// Nightly sync (sync.ts): importing a newer copy over an import gives exactly the tables a fresh
// import of that copy gives. Each step edits a temporary copy of a few real collections (and of
// the person file) minimally, syncs the database to it, and compares every table, row by row,
// by public keys (surrogate ids left out), with a fresh import of the same copy into an empty
// database. The old format (../shared/data/acl-anthology, name_variants.yaml) and the 2026
// slice (../shared/data/acl-anthology-2026, people.yaml) both.
import { writeFileSync } from 'node:fs';
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/db/local.js';
import { formatSummary, importAclAnthology, type ImportSummary } from '../../src/importers/acl-anthology/command.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { copyOf, copyOfCopy, DUMPS, dump, edit } from '../helpers/sync.js';

const OLD = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology');
const NEW = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology-2026');

let tmp: string;
const databases: TestDatabase[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'scholargraph-sync-'));
});
afterAll(async () => {
  for (const t of databases) await t.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

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
    a = await copyOf(tmp, source, collections);
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

describe('sync, edge cases (old format)', () => {
  let t: TestDatabase;
  let a: string;
  const log: string[] = [];
  const syncLogged = (dir: string) => {
    log.length = 0;
    return importAclAnthology(t.db, dir, { log: (line) => log.push(line) });
  };

  beforeAll(async () => {
    a = await copyOf(tmp, OLD, ['Q14', 'Q15', 'Q17']);
    t = await createTestDatabase();
    databases.push(t);
    await importInto(t, a);
  }, 300_000);

  it('the progress output says what is read, what is skipped and why', async () => {
    expect((await syncLogged(await copyOfCopy(a))).sync).toMatchObject({ mode: 'unchanged', skipped: 3 });
    expect(log).toContainEqual('unchanged: the 3 collection files and the yaml files are those of the last import; nothing to do');
    const b = await copyOfCopy(a);
    await edit(path.join(b, 'xml', 'Q15.xml'), /<paper id="2">[\s\S]*?<\/paper>\s*/, '');
    await rm(path.join(b, 'xml', 'Q17.xml'));
    const s = await syncLogged(b);
    expect(s.sync).toEqual({ mode: 'partial', parsed: 1, removed: 1, skipped: 1, personFileChanged: false });
    expect(log).toContainEqual(
      expect.stringMatching(
        /^sync: 1 changed or new collection files to read \(Q15\.xml\), 1 unchanged skipped, 1 gone \(Q17\.xml\); yaml\/name_variants\.yaml unchanged \(\d+\.\ds\)$/,
      ),
    );
    expect(formatSummary(s)).toMatch(/\(sync: 1 collection files read, 1 unchanged skipped, 1 removed\)$/);
    await expectSameTables(t, b);
    // Back to A for the next tests.
    expect((await importInto(t, a)).sync).toMatchObject({ mode: 'partial', parsed: 2, removed: 0 });
  }, 300_000);

  it('a sync that fails midway (in the merge, and in the parse) leaves the previous import as it was', async () => {
    const before = await dump(t.db);
    const b = await copyOfCopy(a);
    await edit(path.join(b, 'xml', 'Q15.xml'), /<paper id="2">[\s\S]*?<\/paper>\s*/, '');
    await edit(path.join(b, 'xml', 'Q14.xml'), '<first>Ben</first><last>King</last>', '<first>Bén</first><last>King</last>');
    // The last statement of the merge (write.ts mergeSql) fails: papers, people and
    // authorships have already been written in the transaction by then.
    await t.db.pool.query(`
      CREATE FUNCTION test_interrupt() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'interrupted'; END $$;
      CREATE TRIGGER test_interrupt BEFORE DELETE ON volume FOR EACH STATEMENT EXECUTE FUNCTION test_interrupt();`);
    try {
      await expect(importInto(t, b)).rejects.toThrow('interrupted');
    } finally {
      await t.db.pool.query('DROP TRIGGER test_interrupt ON volume; DROP FUNCTION test_interrupt()');
    }
    expect(await dump(t.db)).toEqual(before);
    // A malformed changed file after another changed one was already staged.
    const c = await copyOfCopy(b);
    await edit(path.join(c, 'xml', 'Q17.xml'), '</collection>', '');
    await expect(importInto(t, c)).rejects.toThrow(/Q17\.xml/);
    expect(await dump(t.db)).toEqual(before);
    // import_source is as before too: the next sync sees the same changes, and completes.
    expect((await importInto(t, b)).sync).toMatchObject({ mode: 'partial', parsed: 2 });
    await expectSameTables(t, b);
    expect((await importInto(t, a)).sync).toMatchObject({ mode: 'partial', parsed: 2 });
  }, 300_000);

  it('stores the hash of the bytes it parsed, even when the copy changes during the import', async () => {
    // B has a changed Q15.xml; while the sync runs (after it hashed the copy, before it parses),
    // Q15.xml goes back to A's bytes. What is imported is A's Q15, and so must be the hash
    // stored: else the next sync of B would find Q15.xml "unchanged" and never import it.
    const b = await copyOfCopy(a);
    const file = path.join(b, 'xml', 'Q15.xml');
    await edit(file, /<paper id="2">[\s\S]*?<\/paper>\s*/, '');
    const [before, after] = [await readFile(path.join(a, 'xml', 'Q15.xml')), await readFile(file)];
    log.length = 0;
    await importAclAnthology(t.db, b, {
      log: (line) => {
        if (line.startsWith('sync:')) writeFileSync(file, before);
      },
    });
    await expectSameTables(t, a);
    await writeFile(file, after);
    expect((await importInto(t, b)).sync).toMatchObject({ mode: 'partial', parsed: 1 });
    await expectSameTables(t, b);
    expect((await importInto(t, a)).sync).toMatchObject({ mode: 'partial', parsed: 1 });
  }, 300_000);

  it.each([
    // What another version of the importer stored: it may build other rows from the same files.
    ['the importer changed', "UPDATE import_source SET hash = repeat('0', 64) WHERE name = '@importer'"],
    ['no record of the previous import', 'DELETE FROM import_source'],
    ['yaml/venues/tacl.yaml changed', "UPDATE import_source SET hash = repeat('0', 64) WHERE name = 'yaml/venues/tacl.yaml'"],
  ])(
    'falls back to the full merge when %s',
    async (reason, sql) => {
      const { rowCount } = await t.db.pool.query(sql);
      expect(rowCount).toBeGreaterThan(0);
      const b = await copyOfCopy(a);
      await edit(path.join(b, 'xml', 'Q15.xml'), /<paper id="2">[\s\S]*?<\/paper>\s*/, '');
      const s = await syncLogged(b);
      expect(s.sync).toMatchObject({ mode: 'full', reason, parsed: 3, skipped: 0 });
      expect(log).toContainEqual(expect.stringMatching(new RegExp(`^full merge: ${reason.replace(/[./]/g, '\\$&')} \\(`)));
      await expectSameTables(t, b);
      // The full merge recorded every file again: the way back is a sync.
      expect((await importInto(t, a)).sync).toMatchObject({ mode: 'partial', parsed: 1 });
    },
    300_000,
  );
});

// A sync re-resolves only the people the changed files name (before and after the change):
// these are the rules that cross files, each step compared with a fresh import of its copy.
describe.each([
  {
    era: 'old format',
    source: OLD,
    collections: ['Q14', 'Q15', 'Q17'],
    // Wei Xu (not in name_variants.yaml: the person wei-xu, known by their spellings) is on a
    // paper of Q14 and one of Q15.
    respell: { file: 'Q15.xml', from: '<first>Wei</first><last>Xu</last>', to: '<first>Wéi</first><last>Xu</last>' },
    name: /<author><first>W[eé]i<\/first><last>Xu<\/last><\/author>\s*/g,
    files: ['Q14.xml', 'Q15.xml'],
    person: 'wei-xu',
    similar: undefined,
    // A new entry lists "Wei Xu": that name (on Q14 and Q15) goes to it; "Wéi Xu" stays wei-xu.
    entry: { file: 'name_variants.yaml', text: '- canonical: {first: Wei, last: Xu}\n  id: wei-xu-1\n', id: 'wei-xu-1' },
    homonym: undefined,
  },
  {
    era: '2026 format',
    source: NEW,
    collections: ['2025.naloma', '2025.nbreal', '2026.unlp'],
    // Artur Kiulian (unverified: artur-kiulian/unverified) is on two papers of 2025.nbreal and
    // one of 2026.unlp; his pool's canonical name is the best by Name.score() over all of them.
    respell: {
      file: '2026.unlp.xml',
      from: '<first>Artur</first><last>Kiulian</last>',
      to: '<first>Artúr</first><last>Kiulian</last>',
    },
    name: /<author><first>Art[uú]r<\/first><last>Kiulian<\/last>(<affiliation>[^<]*<\/affiliation>)?<\/author>\s*/g,
    files: ['2026.unlp.xml', '2025.nbreal.xml'],
    person: 'artur-kiulian/unverified',
    // A verified person lists him as similar (people.yaml): the link lives while he does.
    similar: {
      file: 'people.yaml',
      from: 'olha-kanishcheva:\n  degree:',
      to: 'olha-kanishcheva:\n  similar: [artur-kiulian/unverified]\n  degree:',
    },
    // A new verified person of that name slug: every Artur/Artúr Kiulian without id= is theirs.
    entry: { file: 'people.yaml', text: 'artur-kiulian:\n  names:\n  - {first: Artur, last: Kiulian}\n', id: 'artur-kiulian' },
    // roman-kyslyi (verified, unchanged) gets his 7 names on 2026.unlp by slug; a second verified
    // person of that slug makes them ambiguous: they go to roman-kyslyi/unverified.
    homonym: { text: 'roman-kyslyi-2:\n  names:\n  - {first: Roman, last: Kyslyi}\n', id: 'roman-kyslyi' },
  },
])('sync across files, $era', ({ source, collections, respell, name, files, person, similar, entry, homonym }) => {
  let t: TestDatabase;
  let current: string;
  const total = async () => (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM author')).rows[0]!.n;
  const exists = async () => (await t.db.pool.query('SELECT 1 FROM author WHERE slug = $1', [person])).rowCount === 1;
  const syncTo = async (dir: string) => {
    current = dir;
    const s = await importInto(t, dir);
    await expectSameTables(t, dir);
    return s;
  };

  beforeAll(async () => {
    current = await copyOf(tmp, source, collections);
    t = await createTestDatabase();
    databases.push(t);
    await importInto(t, current);
    if (similar) {
      const b = await copyOfCopy(current, true);
      await edit(path.join(b, 'yaml', similar.file), similar.from, similar.to);
      expect((await syncTo(b)).sync).toMatchObject({ mode: 'partial', personFileChanged: true });
    }
  }, 300_000);

  it('a respelling in one file changes the canonical name of a person named in another', async () => {
    const b = await copyOfCopy(current);
    await edit(path.join(b, 'xml', respell.file), respell.from, respell.to);
    const s = await syncTo(b);
    // Only the people of the changed file were re-resolved.
    expect(s.sync).toMatchObject({ mode: 'partial', parsed: 1 });
    expect(s.people).toBeLessThan(await total());
    const { rows } = await t.db.pool.query('SELECT first_name FROM author WHERE slug = $1', [person]);
    expect(rows).toEqual([{ first_name: respell.to.match(/<first>(.*)<\/first>/)![1] }]);
  }, 300_000);

  it('a change elsewhere leaves the person (and a similar: link to them) as they were', async () => {
    const b = await copyOfCopy(current);
    const other = collections.find((c) => !files.includes(`${c}.xml`))!;
    await edit(path.join(b, 'xml', `${other}.xml`), /<paper id="2">[\s\S]*?<\/paper>\s*/, '');
    expect((await syncTo(b)).sync).toMatchObject({ mode: 'partial', parsed: 1 });
    expect(await exists()).toBe(true);
  }, 300_000);

  it('a person file entry added takes the names from every file (and gives them back when removed)', async () => {
    const before = current;
    const b = await copyOfCopy(current, true);
    await appendFile(path.join(b, 'yaml', entry.file), entry.text);
    const s = await syncTo(b);
    // Only the people of the changed entry's names were re-resolved, no collection read.
    expect(s.sync).toMatchObject({ mode: 'partial', parsed: 0, personFileChanged: true });
    expect(s.people).toBeLessThan(await total());
    const papers = async () =>
      (await t.db.pool.query('SELECT 1 FROM authorship t JOIN author a ON a.id = t.author_id WHERE a.slug = $1', [entry.id])).rowCount;
    expect(await papers()).toBeGreaterThan(0);
    expect((await syncTo(await copyOfCopy(before, true))).sync).toMatchObject({ mode: 'partial', parsed: 0, personFileChanged: true });
    expect(await papers()).toBe(0);
    expect(await exists()).toBe(true);
  }, 300_000);

  (homonym ? it : it.skip)(
    'a changed entry moves the names of an unchanged person who shares its name slug',
    async () => {
      const before = current;
      const b = await copyOfCopy(current, true);
      await appendFile(path.join(b, 'yaml', 'people.yaml'), homonym!.text);
      const count = async () =>
        (await t.db.pool.query('SELECT 1 FROM authorship t JOIN author a ON a.id = t.author_id WHERE a.slug = $1', [homonym!.id])).rowCount;
      expect(await count()).toBeGreaterThan(0);
      expect((await syncTo(b)).sync).toMatchObject({ mode: 'partial', parsed: 0, personFileChanged: true });
      expect(await count()).toBe(0);
      await syncTo(await copyOfCopy(before, true));
      expect(await count()).toBeGreaterThan(0);
    },
    300_000,
  );

  it("a person's names removed file by file: their names go, then the person (and any similar: link)", async () => {
    for (const [i, file] of files.entries()) {
      const b = await copyOfCopy(current);
      const xml = path.join(b, 'xml', file);
      const text = await readFile(xml, 'utf8');
      expect(text.match(name)?.length).toBeGreaterThan(0);
      await writeFile(xml, text.replace(name, ''));
      expect((await syncTo(b)).sync).toMatchObject({ mode: 'partial', parsed: 1 });
      expect(await exists()).toBe(i < files.length - 1);
    }
  }, 300_000);
});
