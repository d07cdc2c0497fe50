// One identity across sources: a paper the Anthology and DBLP both describe (the same DOI) is
// one paper with two source records, whichever source is imported first; a DBLP person is an
// Anthology author only when an ORCID says so, never by name; the Anthology's author page
// answers as before. Real Anthology collections (2020.inlg, 2022.mml) from ../shared/data.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AUTHOR_PAGE_QUERY } from '../../src/examples/author-page.js';
import { importAclAnthology } from '../../src/importers/acl-anthology/command.js';
import { importDblp } from '../../src/importers/dblp/command.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient } from '../helpers/graphql.js';
import { CHOI, DUSEK_KASNER_2020, INLG_2020, dblpDump } from '../helpers/dblp-records.js';
import { sharedData } from '../helpers/shared-data.js';

const DBLP_XML = dblpDump(DUSEK_KASNER_2020, INLG_2020, CHOI);

let tmp: string;
let anthology: string;
let dblpFile: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'dblp-identity-'));
  anthology = path.join(tmp, 'anthology');
  await mkdir(path.join(anthology, 'xml'), { recursive: true });
  await symlink(sharedData('acl-anthology', 'yaml'), path.join(anthology, 'yaml'));
  for (const c of ['2020.inlg', '2022.mml']) {
    await symlink(sharedData('acl-anthology', 'xml', `${c}.xml`), path.join(anthology, 'xml', `${c}.xml`));
  }
  dblpFile = path.join(tmp, 'dblp.xml');
  await writeFile(dblpFile, DBLP_XML, 'latin1');
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const PAPER = `query ($by: PaperBy!) { paper(by: $by) { anthologyId title doi sources { source key url }
  authorships { position name author { slug } } } }`;

async function checkOneIdentity(t: TestDatabase) {
  const client = createTestClient(t.db);
  // One paper for the DOI, the Anthology's, with both source records (the Anthology first).
  const byKey = await client.query<{ paper: Record<string, unknown> }>(PAPER, { by: { dblpKey: 'conf/inlg/DusekK20' } });
  expect(byKey.errors).toBeUndefined();
  expect(byKey.data!.paper).toMatchObject({
    anthologyId: '2020.inlg-1.19',
    doi: '10.18653/v1/2020.inlg-1.19',
    sources: [
      { source: 'acl-anthology', key: '2020.inlg-1.19', url: 'https://aclanthology.org/2020.inlg-1.19/' },
      { source: 'dblp', key: 'conf/inlg/DusekK20', url: 'https://dblp.org/rec/conf/inlg/DusekK20' },
    ],
    // The Anthology's author list for its own paper (positions count from 1 in the API).
    authorships: [
      { position: 1, name: 'Ondřej Dušek', author: { slug: 'ondrej-dusek' } },
      { position: 2, name: 'Zdeněk Kasner', author: { slug: 'zdenek-kasner' } },
    ],
  });
  const byDoi = await client.query<{ paper: { anthologyId: string } }>(PAPER, {
    by: { doi: 'https://doi.org/10.18653/V1/2020.INLG-1.19' },
  });
  expect(byDoi.data!.paper.anthologyId).toBe('2020.inlg-1.19');
  const { rows } = await t.db.pool.query(
    `SELECT count(*)::int AS n FROM paper WHERE lower(doi) = '10.18653/v1/2020.inlg-1.19' OR anthology_id = 'dblp:conf/inlg/DusekK20'`,
  );
  expect(rows[0].n).toBe(1);
  // The proceedings record, which no Anthology row has a DOI for, stays DBLP's own (frontmatter).
  const proceedings = await client.query<{ paper: Record<string, unknown> }>(PAPER, { by: { dblpKey: 'conf/inlg/2020' } });
  expect(proceedings.data!.paper).toMatchObject({
    anthologyId: 'dblp:conf/inlg/2020',
    sources: [{ source: 'dblp', key: 'conf/inlg/2020', url: 'https://dblp.org/rec/conf/inlg/2020' }],
  });

  // ORCID link: dblp's person homepages/00/0000 is the Anthology's Seongho Choi.
  const choi = await client.query<{ author: Record<string, unknown> }>(
    `{ author(by: { dblpPid: "https://dblp.org/pid/00/0000" }) { slug orcid sources { source key url } } }`,
  );
  expect(choi.errors).toBeUndefined();
  expect(choi.data!.author).toEqual({
    slug: 'seongho-choi',
    orcid: '0000-0002-7553-6761',
    sources: [
      { source: 'acl-anthology', key: 'seongho-choi', url: 'https://aclanthology.org/people/s/seongho-choi/' },
      { source: 'dblp', key: 'homepages/00/0000', url: 'https://dblp.org/pid/00/0000' },
    ],
  });
  // Same name, no link: dblp's "Ondrej Dusek" is a person of its own, not the Anthology's Ondřej Dušek.
  const dusek = await t.db.pool.query(
    `SELECT a.slug FROM source_record s JOIN author a ON a.id = s.author_id WHERE s.source = 'dblp' AND s.source_key = 'Ondrej Dusek'`,
  );
  expect(dusek.rows).toEqual([{ slug: 'dblp:Ondrej Dusek' }]);
  const anthologyDusek = await client.query<{ author: { sources: unknown[] } }>(
    `{ author(by: { slug: "ondrej-dusek" }) { sources { source key } } }`,
  );
  expect(anthologyDusek.data!.author.sources).toEqual([{ source: 'acl-anthology', key: 'ondrej-dusek' }]);
}

test('Anthology first, then DBLP: one paper, two source records; ORCID links, names do not', async () => {
  const t = await createTestDatabase();
  try {
    await importAclAnthology(t.db, anthology, { quiet: true });
    const client = createTestClient(t.db);
    const page = (slug: string) => client.query(AUTHOR_PAGE_QUERY, { slug });
    const before = [await page('ondrej-dusek'), await page('seongho-choi')];
    const summary = await importDblp(t.db, dblpFile, { quiet: true });
    // 2 records: DusekK20 folded into 2020.inlg-1.19, the proceedings a paper of its own. People:
    // Ondrej Dusek, Zdenek Kasner, Brian Davis (names without a person record) and homepages/00/0000.
    expect(summary).toMatchObject({ records: 2, personRecords: 1, papers: 1, folded: 1, people: 4, mergedByOrcid: 1 });
    await checkOneIdentity(t);
    // The Anthology's author pages answer exactly as before.
    expect([await page('ondrej-dusek'), await page('seongho-choi')]).toEqual(before);
    // A page of papers with their sources: one statement for every paper's sources.
    const { result, statements } = await client.countStatements(() =>
      client.query<{ papers: { edges: { node: { sources: unknown[] } }[] } }>(
        '{ papers(first: 40) { edges { node { anthologyId sources { source key } } } } }',
      ),
    );
    expect(result.data!.papers.edges).toHaveLength(40);
    expect(result.data!.papers.edges.every((e) => e.node.sources.length >= 1)).toBe(true);
    expect(statements.filter((sql) => sql.includes('source_record'))).toHaveLength(1);
    // A later Anthology import (a full merge) keeps DBLP's rows and the fold.
    await importAclAnthology(t.db, anthology, { quiet: true, full: true });
    await checkOneIdentity(t);
  } finally {
    await t.drop();
  }
}, 180_000);

test('DBLP first, then the Anthology: the same one paper', async () => {
  const t = await createTestDatabase();
  try {
    const summary = await importDblp(t.db, dblpFile, { quiet: true });
    // Nothing to fold into yet: both records are papers; nobody to link by ORCID.
    expect(summary).toMatchObject({ records: 2, papers: 2, folded: 0, people: 4, mergedByOrcid: 0 });
    // The Anthology import folds the paper (same DOI) and the person (same ORCID) itself.
    await importAclAnthology(t.db, anthology, { quiet: true });
    await checkOneIdentity(t);
    // A DBLP re-import of the same file changes nothing; of a changed one, gives the same identity.
    expect((await importDblp(t.db, dblpFile, { quiet: true })).unchanged).toBe(true);
    const changed = path.join(tmp, 'dblp-changed.xml');
    await writeFile(changed, DBLP_XML.replace('mdate="2024-01-01"', 'mdate="2024-01-02"'), 'latin1');
    expect(await importDblp(t.db, changed, { quiet: true })).toMatchObject({ unchanged: false, papers: 1, folded: 1, mergedByOrcid: 1 });
    await checkOneIdentity(t);
  } finally {
    await t.drop();
  }
}, 180_000);

test('a dblp person id that is none is BAD_USER_INPUT; an unknown one is null', async () => {
  const t = await createTestDatabase();
  try {
    const client = createTestClient(t.db);
    const bad = await client.query(`{ author(by: { dblpPid: "not a pid" }) { slug } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const none = await client.query(
      `{ author(by: { dblpPid: "homepages/12/3456" }) { slug } paper(by: { dblpKey: "conf/x/Y20" }) { title } }`,
    );
    expect(none).toEqual({ data: { author: null, paper: null } });
  } finally {
    await t.drop();
  }
}, 60_000);
