// Curated corrections and the nightly sync (sync.ts): corrections made before a sync are in
// force after it exactly as after a full re-import (`--full`) of the same copy. Two databases
// get the same import of a few real collections and the same corrections (over the real HTTP
// API); then one syncs to an edited copy and the other re-imports it in full, and every table
// (by public keys), every replay outcome and the import's report must be the same.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/db/database.js';
import { importAclAnthology, type ImportSummary } from '../../src/importers/acl-anthology/command.js';
import { curationServer, type CurationServer } from '../helpers/corrections.js';
import { SHARED_ANTHOLOGY } from '../helpers/corpus.js';
import { createTestDatabase } from '../helpers/database.js';
import { copyOf, copyOfCopy, dump, edit } from '../helpers/sync.js';

// TACL 2014, 2015, 2017 and WASSA 2022 (the old format: name_variants.yaml).
const COLLECTIONS = ['2022.wassa', 'Q14', 'Q15', 'Q17'];

let tmp: string;
let a: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'scholargraph-corrections-sync-'));
  a = await copyOf(tmp, SHARED_ANTHOLOGY, COLLECTIONS);
});
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function importInto(db: Database, dir: string, full = false): Promise<{ summary: ImportSummary; log: string[] }> {
  const log: string[] = [];
  const summary = await importAclAnthology(db, dir, { quiet: true, full, log: (line) => log.push(line) });
  return { summary, log };
}

const imported = async () => {
  const t = await createTestDatabase();
  await importInto(t.db, a);
  return t;
};
const synced = curationServer(imported);
const reimported = curationServer(imported);

async function correct(f: CurationServer, mutation: string, input: Record<string, unknown>): Promise<void> {
  const name = mutation.charAt(0).toUpperCase() + mutation.slice(1);
  const { data, errors } = await f.gql<Record<string, { errors: unknown[] }>>(
    `mutation ($input: ${name}Input!) { ${mutation}(input: $input) { correction { number } errors { code message } } }`,
    { input },
    f.token,
  );
  expect(errors).toBeUndefined();
  expect(data![mutation]!.errors).toEqual([]);
}

/** The same correction in both databases. */
const correctBoth = async (mutation: string, input: Record<string, unknown>) => {
  for (const f of [synced, reimported]) await correct(f, mutation, input);
};

/** Every table an import fills, and what the corrections added (ids are the same: same order). */
async function state(db: Database) {
  const q = async (sql: string) => (await db.pool.query(sql)).rows;
  return {
    tables: await dump(db),
    replays: await q('SELECT correction_id, outcome, message FROM correction_replay ORDER BY id'),
    created: await q('SELECT slug, created_by_correction_id FROM author WHERE created_by_correction_id IS NOT NULL ORDER BY slug'),
    aliases: await q(
      'SELECT al.slug, a.slug AS author, al.correction_id FROM author_alias al JOIN author a ON a.id = al.author_id ORDER BY 1',
    ),
  };
}

test('a sync that reads the changed collections replays the corrections as a full re-import does', async () => {
  await correctBoth('splitAuthor', {
    author: 'roman-klinger',
    authorships: [{ paper: '2022.wassa-1.4', position: 4 }],
    newAuthor: { slug: 'roman-klinger-ims', name: 'Roman Klinger', comment: 'IMS Stuttgart' },
  });
  // Gerhard Weikum is on Q14 and Q15 papers: still there after the edit below.
  await correctBoth('mergeAuthors', { keep: 'dan-roth', remove: 'gerhard-weikum' });
  await correctBoth('updateAuthor', { author: 'ben-king', comment: 'University of Michigan' });
  await correctBoth('addNameVariant', { author: 'timothy-baldwin', name: { first: 'T.', last: 'Baldwin' } });
  // Q15-1002 (Sourav Dutta, Gerhard Weikum) is removed below: this one no longer applies.
  await correctBoth('reassignAuthorship', { authorship: { paper: 'Q15-1002', position: 1 }, toAuthor: 'dan-roth' });
  await correctBoth('reassignAuthorship', { authorship: { paper: 'Q15-1003', position: 3 }, toAuthor: 'kuzman-ganchev' });

  // Upstream: Q15-1002 removed; Q14-1001's Ben King respelled Bén King (a corrected person).
  const b = await copyOfCopy(a);
  await edit(path.join(b, 'xml', 'Q15.xml'), /<paper id="2">[\s\S]*?<\/paper>\s*/, '');
  await edit(path.join(b, 'xml', 'Q14.xml'), '<first>Ben</first><last>King</last>', '<first>Bén</first><last>King</last>');
  const sync = await importInto(synced.t.db, b);
  const full = await importInto(reimported.t.db, b, true);
  expect(sync.summary.sync).toMatchObject({ mode: 'partial', parsed: 2, removed: 0, personFileChanged: false });
  expect(full.summary.sync).toMatchObject({ mode: 'full', reason: 'asked for (--full)' });
  expect(sync.log[0]).toBe('corrections: 5 replayed, 0 already upstream, 1 no longer apply');
  expect(sync.log).toEqual(full.log);
  expect(await state(synced.t.db)).toEqual(await state(reimported.t.db));
}, 300_000);

test('a changed person file: the corrections replayed as after a full re-import', async () => {
  // name_variants.yaml: Orphée De Clercq (2022.wassa) split from Orphee De Clercq.
  const c = await copyOfCopy(await copyOfCopy(a), true);
  await edit(
    path.join(c, 'yaml', 'name_variants.yaml'),
    '- canonical: {first: Orphee, last: De Clercq}\n  variants:\n  - {first: Orphée, last: De Clercq}\n',
    '- canonical: {first: Orphee, last: De Clercq}\n- canonical: {first: Orphée, last: De Clercq}\n  id: orphee-de-clercq-2\n',
  );
  const sync = await importInto(synced.t.db, c);
  const full = await importInto(reimported.t.db, c, true);
  // Back to A's collections (Q14 and Q15 as they were) and the split person file.
  expect(sync.summary.sync).toMatchObject({ mode: 'partial', parsed: 2, personFileChanged: true });
  expect(sync.log).toEqual(['corrections: 6 replayed, 0 already upstream, 0 no longer apply']);
  expect(sync.log).toEqual(full.log);
  expect(await state(synced.t.db)).toEqual(await state(reimported.t.db));
}, 300_000);

test('an unchanged copy: nothing is re-imported or replayed, and a correction made since stays in force', async () => {
  await correctBoth('updateAuthor', { author: 'dan-roth', comment: 'University of Pennsylvania' });
  const replaysBefore = (await state(synced.t.db)).replays;
  // The copy the last import read, again (the same bytes in another folder).
  const { rows } = await synced.t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM import_source');
  expect(rows[0]!.n).toBeGreaterThan(COLLECTIONS.length);
  const same = await copyOfCopy(await copyOfCopy(a), true);
  await edit(
    path.join(same, 'yaml', 'name_variants.yaml'),
    '- canonical: {first: Orphee, last: De Clercq}\n  variants:\n  - {first: Orphée, last: De Clercq}\n',
    '- canonical: {first: Orphee, last: De Clercq}\n- canonical: {first: Orphée, last: De Clercq}\n  id: orphee-de-clercq-2\n',
  );
  const sync = await importInto(synced.t.db, same);
  const full = await importInto(reimported.t.db, same, true);
  expect(sync.summary.sync.mode).toBe('unchanged');
  expect(sync.log).toEqual([]);
  expect(full.log).toEqual(['corrections: 7 replayed, 0 already upstream, 0 no longer apply']);
  const [after, fresh] = [await state(synced.t.db), await state(reimported.t.db)];
  expect(after.tables).toEqual(fresh.tables);
  expect({ created: after.created, aliases: after.aliases }).toEqual({ created: fresh.created, aliases: fresh.aliases });
  // The unchanged sync recorded no replay (the data is as the corrections left it).
  expect(after.replays).toEqual(replaysBefore);
  const { rows: comment } = await synced.t.db.pool.query<{ comment: string }>("SELECT comment FROM author WHERE slug = 'dan-roth'");
  expect(comment[0]!.comment).toBe('University of Pennsylvania');
}, 300_000);
