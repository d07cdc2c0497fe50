// One identity across sources with OpenAlex, and references that resolve when the cited work
// arrives later. Real records: works of the 2022 snapshot sample (../shared/data/openalex-samples),
// the Anthology's 2020.inlg and 2022.mml, dblp's record of 2020.inlg-1.19.
//
// No two of the shared samples share a DOI or an ORCID (the 47,572 Anthology DOIs, the four
// dblp samples and the two OpenAlex samples were compared), so the DOI-and-ORCID test takes
// one real OpenAlex work (W2100301546) and gives it the DOI of the Anthology paper
// 2020.inlg-1.19 and, on its first author, the ORCID the Anthology prints for Seongho Choi in
// 2022.mml: the rule under test is the link, not the record.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { CACHE_CHANNEL } from '../../src/db/cache-invalidation.js';
import { importAclAnthology } from '../../src/importers/acl-anthology/command.js';
import { importDblp } from '../../src/importers/dblp/command.js';
import { importOpenAlex } from '../../src/importers/openalex/command.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient } from '../helpers/graphql.js';
import { DUSEK_KASNER_2020, INLG_2020, dblpDump } from '../helpers/dblp-records.js';
import { sharedData } from '../helpers/shared-data.js';

const SNAPSHOT = sharedData('openalex-samples', 'es2dp_works_snapshot_sample_2022-05.jsonl.gz');

// dblp's records of 2020.inlg-1.19 and its proceedings (test/helpers/dblp-records.ts).
const DBLP_XML = dblpDump(DUSEK_KASNER_2020, INLG_2020);

let tmp: string;
let lines: Map<string, string>;
const dbs: TestDatabase[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'openalex-identity-'));
  lines = new Map();
  for (const line of gunzipSync(await readFile(SNAPSHOT))
    .toString('utf8')
    .split('\n')) {
    if (line) lines.set((JSON.parse(line) as { id: string }).id.replace('https://openalex.org/', ''), line);
  }
});

afterAll(async () => {
  for (const t of dbs) await t.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function database() {
  const t = await createTestDatabase();
  dbs.push(t);
  return t;
}

async function jsonl(name: string, ...works: string[]) {
  const file = path.join(tmp, name);
  await writeFile(file, works.map((w) => `${lines.get(w)!}\n`).join(''));
  return file;
}

/**
 * W2100301546 with the DOI of 2020.inlg-1.19 and Seongho Choi's ORCID on its first author (see
 * above); `references` replaces its referenced_works (a newer copy of the work).
 */
async function linkedWork(references?: (original: string[]) => string[]) {
  const work = JSON.parse(lines.get('W2100301546')!) as {
    doi: string;
    authorships: { author: { orcid: string | null } }[];
    referenced_works: string[];
  };
  work.doi = 'https://doi.org/10.18653/V1/2020.INLG-1.19';
  work.authorships[0]!.author.orcid = 'https://orcid.org/0000-0002-7553-6761';
  if (references) work.referenced_works = references(work.referenced_works);
  const file = path.join(tmp, references ? 'linked-newer.jsonl' : 'linked.jsonl');
  await writeFile(file, `${JSON.stringify(work)}\n`);
  return file;
}

/** The Anthology's 2020.inlg and 2022.mml (or `collections`, with the people) imported into `t`. */
async function importInlgAndMml(t: TestDatabase, collections = ['2020.inlg', '2022.mml']) {
  const anthology = await mkdtemp(path.join(tmp, 'anthology-'));
  await mkdir(path.join(anthology, 'xml'), { recursive: true });
  await symlink(sharedData('acl-anthology', 'yaml'), path.join(anthology, 'yaml'));
  for (const c of collections) {
    await symlink(sharedData('acl-anthology', 'xml', `${c}.xml`), path.join(anthology, 'xml', `${c}.xml`));
  }
  await importAclAnthology(t.db, anthology, quiet);
}

const quiet = { quiet: true };
const PAPER = `query ($by: PaperBy!) { paper(by: $by) { anthologyId doi sources { source key } authorships { name author { slug } } } }`;

test('a DOI the Anthology has: one paper with two source records, the Anthology first; an ORCID link merges the person', async () => {
  const t = await database();
  await importInlgAndMml(t);
  const summary = await importOpenAlex(t.db, await linkedWork(), quiet);
  expect(summary).toMatchObject({ works: 1, folded: 1, mergedByOrcid: 1 });
  const client = createTestClient(t.db);
  const paper = await client.query<{ paper: { authorships: unknown[] } }>(PAPER, { by: { openalexId: 'W2100301546' } });
  expect(paper.errors).toBeUndefined();
  expect(paper.data!.paper).toMatchObject({
    anthologyId: '2020.inlg-1.19',
    doi: '10.18653/v1/2020.inlg-1.19',
    sources: [
      { source: 'acl-anthology', key: '2020.inlg-1.19' },
      { source: 'openalex', key: 'W2100301546' },
    ],
    // The Anthology's author list for its own paper.
    authorships: [{ name: 'Ondřej Dušek' }, { name: 'Zdeněk Kasner' }],
  });
  const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM paper WHERE lower(doi) = '10.18653/v1/2020.inlg-1.19'`);
  expect(rows[0].n).toBe(1);
  // The work's first author (OpenAlex's A1904937971) is Seongho Choi by the ORCID; the second stays OpenAlex's own.
  const choi = await client.query<{ author: unknown }>(`{ author(by: { openalexId: "A1904937971" }) { slug sources { source key } } }`);
  expect(choi.data!.author).toEqual({
    slug: 'seongho-choi',
    sources: [
      { source: 'acl-anthology', key: 'seongho-choi' },
      { source: 'openalex', key: 'A1904937971' },
    ],
  });
  const steiner = await client.query<{ author: { slug: string } }>(`{ author(by: { openalexId: "A3134826004" }) { slug } }`);
  expect(steiner.data!.author.slug).toBe('openalex:A3134826004');
});

test('a newer copy of a work folded into an Anthology paper replaces exactly its references there', async () => {
  const t = await database();
  await importInlgAndMml(t);
  await importOpenAlex(t.db, await linkedWork(), quiet);
  const references = async () => {
    const { rows } = await t.db.pool.query<{ cited_work: string }>(
      `SELECT r.cited_work FROM paper_reference r JOIN paper p ON p.id = r.citing_paper_id
       WHERE p.anthology_id = '2020.inlg-1.19' ORDER BY r.position, r.cited_work`,
    );
    return rows.map((r) => r.cited_work);
  };
  const original = (JSON.parse(lines.get('W2100301546')!) as { referenced_works: string[] }).referenced_works.map((w) =>
    w.replace('https://openalex.org/', ''),
  );
  expect(original.length).toBeGreaterThan(2);
  expect(await references()).toEqual(original);
  // The newer copy drops its first two references and cites another work of the sample.
  await importOpenAlex(t.db, await linkedWork((works) => [...works.slice(2), 'https://openalex.org/W2091103707']), quiet);
  expect(await references()).toEqual([...original.slice(2), 'W2091103707']);
  const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM paper WHERE lower(doi) = '10.18653/v1/2020.inlg-1.19'`);
  expect(rows[0].n).toBe(1);
});

test('a DOI the Anthology prints with a resolver prefix (J15: `doi:10.1162/COLI_a_00239`) is the same DOI', async () => {
  const t = await database();
  await importInlgAndMml(t, ['J15']);
  const work = JSON.parse(lines.get('W2100301546')!) as { doi: string };
  work.doi = 'https://doi.org/10.1162/coli_a_00239';
  const file = path.join(tmp, 'prefixed-doi.jsonl');
  await writeFile(file, `${JSON.stringify(work)}\n`);
  expect(await importOpenAlex(t.db, file, quiet)).toMatchObject({ works: 1, folded: 1 });
  const { rows } = await t.db.pool.query(
    `SELECT p.anthology_id, array_agg(s.source ORDER BY s.source) AS sources FROM paper p JOIN source_record s ON s.paper_id = p.id
     WHERE p.doi ILIKE '%10.1162/coli_a_00239' GROUP BY p.anthology_id`,
  );
  expect(rows).toEqual([{ anthology_id: 'J15-4006', sources: ['acl-anthology', 'openalex'] }]);
});

test('a DOI OpenAlex and DBLP share: one paper, OpenAlex’s row, both source records, whichever comes first', async () => {
  for (const order of [
    ['openalex', 'dblp'],
    ['dblp', 'openalex'],
  ]) {
    const t = await database();
    const dblp = path.join(tmp, 'dblp.xml');
    await writeFile(dblp, DBLP_XML, 'latin1');
    const linked = await linkedWork();
    for (const source of order) {
      if (source === 'dblp') await importDblp(t.db, dblp, quiet);
      else await importOpenAlex(t.db, linked, quiet);
    }
    const client = createTestClient(t.db);
    const res = await client.query<{ paper: unknown }>(PAPER, { by: { dblpKey: 'conf/inlg/DusekK20' } });
    expect(res.data!.paper).toMatchObject({
      anthologyId: 'openalex:W2100301546',
      sources: [
        { source: 'dblp', key: 'conf/inlg/DusekK20' },
        { source: 'openalex', key: 'W2100301546' },
      ],
    });
    const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM paper WHERE lower(doi) = '10.18653/v1/2020.inlg-1.19'`);
    expect(rows[0].n).toBe(1);
  }
});

// W3088081977 (line 260 of the sample, 2021) cites W2103546861 (line 245, 2003).
const REFS = `query ($citing: String!, $cited: String!) {
  citing: paper(by: { openalexId: $citing }) { references(first: 5) { totalCount edges { node { anthologyId } } } unresolvedReferences }
  cited: paper(by: { openalexId: $cited }) { citationCount citedBy(first: 5) { totalCount edges { node { anthologyId } } } } }`;

test('a reference to a work not imported stays unresolved, and resolves when the work arrives (either order)', async () => {
  for (const order of [
    ['W3088081977', 'W2103546861'],
    ['W2103546861', 'W3088081977'],
  ]) {
    const t = await database();
    const client = createTestClient(t.db);
    await importOpenAlex(t.db, await jsonl(`${order[0]}.jsonl`, order[0]!), quiet);
    if (order[0] === 'W3088081977') {
      const before = await client.query<{ citing: { references: unknown; unresolvedReferences: string[] }; cited: null }>(REFS, {
        citing: 'W3088081977',
        cited: 'W2103546861',
      });
      expect(before.data!.citing.references).toEqual({ totalCount: 0, edges: [] });
      expect(before.data!.citing.unresolvedReferences).toContain('W2103546861');
      expect(before.data!.cited).toBeNull();
    }
    await importOpenAlex(t.db, await jsonl(`${order[1]}.jsonl`, order[1]!), quiet);
    const after = await client.query<{ citing: { references: unknown; unresolvedReferences: string[] }; cited: unknown }>(REFS, {
      citing: 'W3088081977',
      cited: 'W2103546861',
    });
    expect(after.errors).toBeUndefined();
    expect(after.data!.citing.references).toEqual({ totalCount: 1, edges: [{ node: { anthologyId: 'openalex:W2103546861' } }] });
    expect(after.data!.citing.unresolvedReferences).not.toContain('W2103546861');
    expect(after.data!.cited).toEqual({
      citationCount: 1,
      citedBy: { totalCount: 1, edges: [{ node: { anthologyId: 'openalex:W3088081977' } }] },
    });
  }
});

test('a person’s in-graph citation count and h-index', async () => {
  const t = await database();
  await importOpenAlex(t.db, await jsonl('both.jsonl', 'W3088081977', 'W2104704801', 'W2103546861'), quiet);
  const client = createTestClient(t.db);
  // W2103546861's first author: the paper is cited by the other two works, so 2 citations, h-index 1.
  const res = await client.query<{ paper: { authorships: { author: { citationCount: number; hIndex: number } }[] } }>(
    `{ paper(by: { openalexId: "W2103546861" }) { authorships { author { citationCount hIndex } } } }`,
  );
  expect(res.errors).toBeUndefined();
  expect(res.data!.paper.authorships[0]!.author).toEqual({ citationCount: 2, hIndex: 1 });
});

test('a directory: its files in path order, a work in two of them read from the later one', async () => {
  const t = await database();
  const dir = path.join(tmp, 'snapshot');
  await mkdir(path.join(dir, 'updated_date=2022-05-07'), { recursive: true });
  await mkdir(path.join(dir, 'updated_date=2022-05-11'), { recursive: true });
  const older = JSON.parse(lines.get('W2103546861')!) as { title: string };
  older.title = 'An older record of W2103546861';
  await writeFile(path.join(dir, 'updated_date=2022-05-07', 'part_000.jsonl'), `${JSON.stringify(older)}\n${lines.get('W3088081977')!}\n`);
  await writeFile(path.join(dir, 'updated_date=2022-05-11', 'part_000.jsonl'), `${lines.get('W2103546861')!}\n`);
  const summary = await importOpenAlex(t.db, dir, quiet);
  expect(summary).toMatchObject({ files: 2, works: 2, resolved: 1 });
  const { rows } = await t.db.pool.query(`SELECT title FROM paper WHERE anthology_id = 'openalex:W2103546861'`);
  expect(rows).toEqual([{ title: 'A simple, fast, and accurate algorithm to estimate large phylogenies by maximum likelihood.' }]);
});

test('an OpenAlex import and a DBLP import each tell every server to empty its response cache', async () => {
  const t = await database();
  const listener = new pg.Client(t.url);
  await listener.connect();
  const messages: string[] = [];
  listener.on('notification', (n) => messages.push(n.payload ?? ''));
  await listener.query(`LISTEN ${CACHE_CHANNEL}`);
  try {
    await importOpenAlex(t.db, await jsonl('one.jsonl', 'W2103546861'), quiet);
    const dblp = path.join(tmp, 'dblp-cache.xml');
    await writeFile(dblp, DBLP_XML, 'latin1');
    await importDblp(t.db, dblp, quiet);
    // Notifications arrive with the next round trip at the latest.
    await listener.query('SELECT 1');
    expect(messages).toEqual([JSON.stringify({ all: true }), JSON.stringify({ all: true })]);
  } finally {
    await listener.end();
  }
});

test('a newer copy of a work with a person’s new display name: that name is theirs, the old one a variant, one canonical name', async () => {
  const t = await database();
  const client = createTestClient(t.db);
  // W2091103707 prints A2718458657 as `J.-P. Pignon`; the newer copy as OpenAlex would after a
  // correction of the display name (the author's full name, as other works of the sample print it).
  await importOpenAlex(t.db, await jsonl('pignon.jsonl', 'W2091103707'), quiet);
  const work = JSON.parse(lines.get('W2091103707')!) as { authorships: { author: { id: string; display_name: string } }[] };
  const slot = work.authorships.find((a) => a.author.id === 'https://openalex.org/A2718458657')!;
  expect(slot.author.display_name).toBe('J.-P. Pignon');
  slot.author.display_name = 'Jean-Pierre Pignon';
  const newer = path.join(tmp, 'pignon-newer.jsonl');
  await writeFile(newer, `${JSON.stringify(work)}\n`);
  await importOpenAlex(t.db, newer, quiet);

  const { data, errors } = await client.query<{ author: { name: string; variants: string[] } }>(
    `{ author(by: { openalexId: "A2718458657" }) { name variants } }`,
  );
  expect(errors).toBeUndefined();
  expect(data!.author).toEqual({ name: 'Jean-Pierre Pignon', variants: ['J.-P. Pignon'] });
  const { rows } = await t.db.pool.query(
    `SELECT count(*) FILTER (WHERE n.canonical)::int AS canonical, count(*)::int AS names
     FROM author_name n JOIN source_record s ON s.author_id = n.author_id AND s.kind = 'author' AND s.source_key = 'A2718458657'`,
  );
  expect(rows[0]).toEqual({ canonical: 1, names: 2 });
});

test('institutions of a work folded into an Anthology paper stay with the authors who match it exactly (position, last name)', async () => {
  const t = await database();
  const client = createTestClient(t.db);
  await importInlgAndMml(t, ['2020.inlg']);
  // W2119164383 of the API page (Guðrún Gísladóttir, University of Iceland; Michael Stocking,
  // University of East Anglia) given the DOI of 2020.inlg-1.19 (Ondřej Dušek, Zdeněk Kasner) and,
  // on its first author, the name Ondrej Dusek as dblp prints it: the rule under test is the match.
  const page = JSON.parse(await readFile(sharedData('openalex-samples', 'openalexPro_works_api_page_200.json'), 'utf8')) as {
    results: { id: string; doi: string; authorships: { raw_author_name?: string; author: { display_name: string } }[] }[];
  };
  const work = page.results.find((w) => w.id === 'https://openalex.org/W2119164383')!;
  work.doi = 'https://doi.org/10.18653/v1/2020.inlg-1.19';
  work.authorships[0]!.raw_author_name = 'Ondrej Dusek';
  work.authorships[0]!.author.display_name = 'Ondrej Dusek';
  const file = path.join(tmp, 'folded-institutions.jsonl');
  await writeFile(file, `${JSON.stringify(work)}\n`);
  await importOpenAlex(t.db, file, quiet);

  const PEOPLE = `{ paper(by: { anthologyId: "2020.inlg-1.19" }) { sources { source }
    authorships { name author { institutions { institution { name ror } firstYear paperCount } } } } }`;
  const { data, errors } = await client.query<{
    paper: { sources: { source: string }[]; authorships: { name: string; author: { institutions: unknown[] } }[] };
  }>(PEOPLE);
  expect(errors).toBeUndefined();
  expect(data!.paper.sources.map((s) => s.source).sort()).toEqual(['acl-anthology', 'openalex']);
  expect(data!.paper.authorships).toEqual([
    {
      name: 'Ondřej Dušek',
      author: {
        institutions: [
          { institution: { name: 'University of Iceland', ror: 'https://ror.org/01db6h964' }, firstYear: 2020, paperCount: 1 },
        ],
      },
    },
    // Stocking is not Kasner: his institution is not hers.
    { name: 'Zdeněk Kasner', author: { institutions: [] } },
  ]);
});

test('two spellings of one person that differ only in blanks: one name row, the import does not fail', async () => {
  const t = await database();
  // W2091103707 prints A2718458657 as `J.-P. Pignon`; a second real work (W2100301546) given that
  // author as its first, printed `J.-P.  Pignon` (two blanks): both split into J.-P. / Pignon.
  const other = JSON.parse(lines.get('W2100301546')!) as {
    authorships: { author: { id: string; display_name: string; orcid: string | null } }[];
  };
  other.authorships[0]!.author = { id: 'https://openalex.org/A2718458657', display_name: 'J.-P.  Pignon', orcid: null };
  const file = path.join(tmp, 'pignon-blanks.jsonl');
  await writeFile(file, `${lines.get('W2091103707')!}\n${JSON.stringify(other)}\n`);
  await importOpenAlex(t.db, file, quiet);
  const { rows } = await t.db.pool.query(
    `SELECT n.first_name, n.last_name, n.canonical FROM author_name n
     JOIN source_record s ON s.author_id = n.author_id AND s.kind = 'author' AND s.source_key = 'A2718458657'`,
  );
  expect(rows).toEqual([{ first_name: 'J.-P.', last_name: 'Pignon', canonical: true }]);
});
