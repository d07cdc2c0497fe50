// Federation keys across sources (issue 16 part 7): Paper @key(fields: "doi" | "openalexId" |
// "dblpKey"), Author @key(fields: "orcid" | "dblpPid" | "openalexId"). The DOI and the ORCID are
// keys where unique: a representation resolves only when exactly one paper carries the DOI
// (one person has the ORCID as theirs), else null, as a key nobody has. Real records: the
// Anthology's J10 (10.1162/coli.2010.36.1.36105 printed on J10-1006 and J10-1008), 2023.wassa
// and 2025.argmining (0000-0002-7755-0591 printed with Els Lefever, and in 2025.argmining with
// Véronique Hoste too), dblp's evelasquez sample without its hand-edited record (person records),
// the OpenAlex API page of 200 works.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { importDblp } from '../src/importers/dblp/command.js';
import { importOpenAlex } from '../src/importers/openalex/command.js';
import { databaseWithCollections } from './helpers/corpus.js';
import type { TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';
import { sharedData } from './helpers/shared-data.js';

const EVELASQUEZ = sharedData('dblp-samples', 'evelasquez_dblp_with_www_persons.xml');
const API_PAGE = sharedData('openalex-samples', 'openalexPro_works_api_page_200.json');

let t: TestDatabase;
let client: TestClient;
let tmp: string;

beforeAll(async () => {
  t = await databaseWithCollections(['J10', '2023.wassa', '2025.argmining']);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'federation-keys-'));
  const clean = path.join(tmp, 'evelasquez-clean.xml');
  const text = await readFile(EVELASQUEZ, 'latin1');
  await writeFile(clean, text.replace(/<article mdate="2017-05-28" key="journals\/acta\/Schonhage77">[\s\S]*?<\/article>\n/, ''), 'latin1');
  await importDblp(t.db, clean, { quiet: true });
  await importOpenAlex(t.db, API_PAGE, { quiet: true });
  client = createTestClient(t.db);
}, 180_000);
afterAll(async () => {
  await t.drop();
  await rm(tmp, { recursive: true, force: true });
});

type Entity = Record<string, unknown> | null;

async function entities(reps: object[]): Promise<Entity[]> {
  const response = await client.query<{ _entities: Entity[] }>(
    `query ($reps: [_Any!]!) { _entities(representations: $reps) {
      __typename ... on Author { slug orcid dblpPid openalexId } ... on Paper { anthologyId doi openalexId dblpKey } } }`,
    { reps },
  );
  expect(response.errors).toBeUndefined();
  return response.data!._entities;
}

test('the key fields: the other sources’ keys of a row, null where it has none', async () => {
  const response = await client.query(
    `{ liskov: author(by: { dblpPid: "homepages/l/BarbaraLiskov" }) { slug dblpPid openalexId }
       mountford: author(by: { openalexId: "A5084094406" }) { dblpPid openalexId }
       work: paper(by: { openalexId: "W2041234663" }) { doi openalexId dblpKey }
       meltdown: paper(by: { dblpKey: "tr/meltdown/s18" }) { anthologyId openalexId dblpKey }
       j10: paper(by: { anthologyId: "J10-1006" }) { openalexId dblpKey } }`,
  );
  expect(response.errors).toBeUndefined();
  expect(response.data).toEqual({
    liskov: { slug: 'dblp:homepages/l/BarbaraLiskov', dblpPid: 'homepages/l/BarbaraLiskov', openalexId: null },
    mountford: { dblpPid: null, openalexId: 'A5084094406' },
    // The page's "doi": "https://doi.org/10.1016/s0048-9697(99)00312-5".
    work: { doi: '10.1016/s0048-9697(99)00312-5', openalexId: 'W2041234663', dblpKey: null },
    meltdown: { anthologyId: 'dblp:tr/meltdown/s18', openalexId: null, dblpKey: 'tr/meltdown/s18' },
    j10: { openalexId: null, dblpKey: null },
  });
});

test('_entities by the other sources’ keys, in any form the lookups take', async () => {
  expect(
    await entities([
      { __typename: 'Paper', openalexId: 'W2041234663' },
      { __typename: 'Paper', openalexId: 'https://openalex.org/W2041234663' },
      { __typename: 'Paper', dblpKey: 'tr/meltdown/s18' },
      { __typename: 'Author', dblpPid: 'homepages/l/BarbaraLiskov' },
      { __typename: 'Author', dblpPid: 'https://dblp.org/pid/l/BarbaraLiskov' },
      { __typename: 'Author', openalexId: 'A5084094406' },
    ]),
  ).toEqual([
    {
      __typename: 'Paper',
      anthologyId: 'openalex:W2041234663',
      doi: '10.1016/s0048-9697(99)00312-5',
      openalexId: 'W2041234663',
      dblpKey: null,
    },
    {
      __typename: 'Paper',
      anthologyId: 'openalex:W2041234663',
      doi: '10.1016/s0048-9697(99)00312-5',
      openalexId: 'W2041234663',
      dblpKey: null,
    },
    { __typename: 'Paper', anthologyId: 'dblp:tr/meltdown/s18', doi: null, openalexId: null, dblpKey: 'tr/meltdown/s18' },
    { __typename: 'Author', slug: 'dblp:homepages/l/BarbaraLiskov', orcid: null, dblpPid: 'homepages/l/BarbaraLiskov', openalexId: null },
    { __typename: 'Author', slug: 'dblp:homepages/l/BarbaraLiskov', orcid: null, dblpPid: 'homepages/l/BarbaraLiskov', openalexId: null },
    { __typename: 'Author', slug: 'openalex:A5084094406', orcid: null, dblpPid: null, openalexId: 'A5084094406' },
  ]);
});

test('a DOI resolves where one paper carries it; J10’s doubled DOI resolves to nothing', async () => {
  const { rows } = await t.db.pool.query<{ anthology_id: string }>(
    `SELECT anthology_id FROM paper WHERE lower(doi) = '10.1162/coli.2010.36.1.36105' ORDER BY anthology_id`,
  );
  expect(rows.map((r) => r.anthology_id)).toEqual(['J10-1006', 'J10-1008']);
  const [doubled, single, upper, unknown, malformed, notString] = await entities([
    { __typename: 'Paper', doi: '10.1162/coli.2010.36.1.36105' },
    { __typename: 'Paper', doi: '10.1162/coli_x_00028' },
    { __typename: 'Paper', doi: 'https://doi.org/10.1162/COLI_X_00028' },
    { __typename: 'Paper', doi: '10.1162/none' },
    { __typename: 'Paper', doi: 'not a doi' },
    { __typename: 'Paper', doi: 42 },
  ]);
  expect(doubled).toBeNull();
  expect(single).toMatchObject({ __typename: 'Paper', doi: '10.1162/coli_x_00028' });
  expect(upper).toEqual(single);
  expect([unknown, malformed, notString]).toEqual([null, null, null]);
  // paper(by: { doi }) still answers the first on record.
  const first = await client.query<{ paper: { anthologyId: string } }>(
    `{ paper(by: { doi: "10.1162/coli.2010.36.1.36105" }) { anthologyId } }`,
  );
  expect(first.data!.paper.anthologyId).toBe('J10-1006');
});

test('an ORCID resolves where one person has it; one two people have resolves to nothing', async () => {
  const holders = async (orcid: string) =>
    (await t.db.pool.query<{ slug: string }>('SELECT slug FROM author WHERE orcid = $1 ORDER BY slug', [orcid])).rows.map((r) => r.slug);
  // 0000-0002-7755-0591: printed with Els Lefever, and in 2025.argmining with Véronique Hoste.
  const shared = await holders('0000-0002-7755-0591');
  expect(shared.length).toBe(2);
  // 2023.wassa's Aaron Maladry: 0000-0003-2857-5132, printed with him alone.
  expect(await holders('0000-0003-2857-5132')).toHaveLength(1);
  const [twice, once, uri, wrongCheckDigit, unknown] = await entities([
    { __typename: 'Author', orcid: '0000-0002-7755-0591' },
    { __typename: 'Author', orcid: '0000-0003-2857-5132' },
    { __typename: 'Author', orcid: 'https://orcid.org/0000-0003-2857-5132' },
    { __typename: 'Author', orcid: '0000-0003-2857-5133' },
    { __typename: 'Author', orcid: '0000-0002-1825-0097' },
  ]);
  expect(twice).toBeNull();
  expect(once).toMatchObject({ __typename: 'Author', orcid: '0000-0003-2857-5132' });
  expect(uri).toEqual(once);
  expect([wrongCheckDigit, unknown]).toEqual([null, null]);
});

test('hostile representations: unknown typenames are errors as before, a missing key value is null', async () => {
  expect(
    await entities([
      { __typename: 'Paper', openalexId: 'A5084094406' },
      { __typename: 'Paper', openalexId: null },
      { __typename: 'Paper', dblpKey: '' },
      { __typename: 'Author', dblpPid: '../../etc' },
      { __typename: 'Author', openalexId: { $ne: 1 } },
    ]),
  ).toEqual([null, null, null, null, null]);
});

test('one statement per entity type and key kind, whatever the number of representations', async () => {
  const reps = [
    ...['W2041234663', 'W100927044', 'W4235089722'].map((openalexId) => ({ __typename: 'Paper', openalexId })),
    ...['10.1162/coli_x_00028', '10.1162/coli_r_00027'].map((doi) => ({ __typename: 'Paper', doi })),
    ...['A5084094406', 'A5035075703'].map((openalexId) => ({ __typename: 'Author', openalexId })),
  ];
  const { result, statements } = await client.countStatements(() =>
    client.query<{ _entities: Entity[] }>(`query ($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }`, { reps }),
  );
  expect(result.errors).toBeUndefined();
  expect(result.data!._entities.every((e) => e !== null)).toBe(true);
  expect(statements).toHaveLength(3);
});
