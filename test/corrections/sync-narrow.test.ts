// Curated corrections and a narrow sync (issue 12 part 5): with corrections in force, a sync
// re-resolves only the people the changed files name plus those the corrections concern
// (sync.ts correctionPeople), and still ends exactly where a full re-import of the new copy
// plus the same replay ends. For each correction kind, two databases get the same import and
// the same correction (over the real HTTP API); then one syncs and the other re-imports in full
// (`--full`): first to a copy edited in a collection the correction touches, then to one edited
// in a collection it does not. Every table (by public keys), every replay outcome and the
// import's report must be the same, and the sync must have re-resolved fewer people and
// staged fewer authorships than the corpus holds.
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
  tmp = await mkdtemp(path.join(os.tmpdir(), 'scholargraph-corrections-narrow-'));
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

async function correct(f: CurationServer, mutation: string, input: Record<string, unknown>): Promise<number> {
  const name = mutation.charAt(0).toUpperCase() + mutation.slice(1);
  const { data, errors } = await f.gql<Record<string, { correction: { number: number }; errors: unknown[] }>>(
    `mutation ($input: ${name}Input!) { ${mutation}(input: $input) { correction { number } errors { code message } } }`,
    { input },
    f.token,
  );
  expect(errors).toBeUndefined();
  expect(data![mutation]!.errors).toEqual([]);
  return data![mutation]!.correction.number;
}

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

type Correct = (f: CurationServer) => Promise<void>;

interface Case {
  kind: string;
  /** The correction(s), made the same way in both databases. */
  apply: Correct;
  /** A collection the correction touches (its paper 2 is removed upstream), and one it does not. */
  touched: string;
  untouched: string;
  /** More upstream change in the touched collection (a respelled name of the corrected person). */
  respell?: [string, string];
}

const CASES: Case[] = [
  {
    kind: 'merge-authors',
    // Gerhard Weikum (Q14, Q15; Q15-1002 is removed upstream) merged into Dan Roth.
    apply: async (f) => void (await correct(f, 'mergeAuthors', { keep: 'dan-roth', remove: 'gerhard-weikum' })),
    touched: 'Q15',
    untouched: '2022.wassa',
  },
  {
    kind: 'split-author',
    apply: async (f) =>
      void (await correct(f, 'splitAuthor', {
        author: 'roman-klinger',
        authorships: [{ paper: '2022.wassa-1.4', position: 4 }],
        newAuthor: { slug: 'roman-klinger-ims', name: 'Roman Klinger', comment: 'IMS Stuttgart' },
      })),
    touched: '2022.wassa',
    untouched: 'Q17',
  },
  {
    kind: 'reassign-authorship',
    apply: async (f) =>
      void (await correct(f, 'reassignAuthorship', { authorship: { paper: 'Q15-1003', position: 3 }, toAuthor: 'kuzman-ganchev' })),
    touched: 'Q15',
    untouched: '2022.wassa',
  },
  {
    kind: 'update-author',
    apply: async (f) => void (await correct(f, 'updateAuthor', { author: 'ben-king', comment: 'University of Michigan' })),
    touched: 'Q14',
    untouched: '2022.wassa',
    respell: ['<first>Ben</first><last>King</last>', '<first>Bén</first><last>King</last>'],
  },
  {
    kind: 'add-name-variant',
    apply: async (f) => void (await correct(f, 'addNameVariant', { author: 'timothy-baldwin', name: { first: 'T.', last: 'Baldwin' } })),
    touched: 'Q17',
    untouched: '2022.wassa',
  },
  {
    kind: 'hide-name-variant',
    // name_variants.yaml lists Orphée De Clercq as a variant of Orphee De Clercq (2022.wassa).
    apply: async (f) =>
      void (await correct(f, 'hideNameVariant', { author: 'orphee-de-clercq', name: { first: 'Orphée', last: 'De Clercq' } })),
    touched: '2022.wassa',
    untouched: 'Q14',
  },
  {
    kind: 'revert',
    // A reassignment, then its revert: neither is replayed; the slot is upstream's again.
    apply: async (f) => {
      const number = await correct(f, 'reassignAuthorship', { authorship: { paper: 'Q15-1003', position: 3 }, toAuthor: 'kuzman-ganchev' });
      await correct(f, 'revertCorrection', { target: { number } });
    },
    touched: 'Q15',
    untouched: '2022.wassa',
  },
];

describe.each(CASES)('$kind', (c) => {
  const synced = curationServer(imported);
  const reimported = curationServer(imported);
  let b: string;

  async function compare(dir: string) {
    const { rows } = await synced.t.db.pool.query<{ people: number; slots: number }>(
      'SELECT (SELECT count(*) FROM author)::int AS people, (SELECT count(*) FROM authorship)::int AS slots',
    );
    const sync = await importInto(synced.t.db, dir);
    const full = await importInto(reimported.t.db, dir, true);
    expect(sync.summary.sync).toMatchObject({ mode: 'partial', parsed: 1, removed: 0, personFileChanged: false });
    expect(full.summary.sync).toMatchObject({ mode: 'full', reason: 'asked for (--full)' });
    // Narrow: fewer people re-resolved and fewer authorships staged than the corpus has.
    const staged = sync.summary.authorLinks + sync.summary.editorLinks;
    expect(sync.summary.people).toBeLessThan(rows[0]!.people);
    expect(staged).toBeLessThan(rows[0]!.slots);
    expect(sync.log).toEqual(full.log);
    expect(await state(synced.t.db)).toEqual(await state(reimported.t.db));
    if (process.env.SYNC_SCOPE_REPORT)
      process.stdout.write(
        `${c.kind} ${path.basename(dir)}: ${sync.summary.people}/${rows[0]!.people} people, ${staged}/${rows[0]!.slots} authorships\n`,
      );
  }

  test('a change in a collection the correction touches', async () => {
    for (const f of [synced, reimported]) await c.apply(f);
    b = await copyOfCopy(a);
    await edit(path.join(b, 'xml', `${c.touched}.xml`), /<paper id="2">[\s\S]*?<\/paper>\s*/, '');
    if (c.respell) await edit(path.join(b, 'xml', `${c.touched}.xml`), ...c.respell);
    await compare(b);
  }, 300_000);

  test('then a change in a collection it does not touch', async () => {
    const next = await copyOfCopy(b);
    await edit(path.join(next, 'xml', `${c.untouched}.xml`), /<paper id="3">[\s\S]*?<\/paper>\s*/, '');
    await compare(next);
  }, 300_000);
});
