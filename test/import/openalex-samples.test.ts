// The OpenAlex importer on the two real samples of ../shared/data/openalex-samples (SOURCE.md):
// the 2022-schema snapshot JSONL.gz (1,000 works) and a current-schema API page (200 works).
// Exact counts, ORCID merging (and not by name), references resolving both ways inside the
// samples, re-import as a no-op, a bad line refused with file and line, and the statement
// count of a page of papers with their references and citing papers.
//
// Expected numbers were read from the files with Python, not with the importer: works,
// authorships (len(authorships)), OpenAlex author ids, distinct referenced works per work, and
// references whose work is in the same file; people: one per valid ORCID (check digit), else
// per author id, else per authorship, an ORCID that a work prints with two of its authorships
// saying who neither is; e.g. for the snapshot
//   zcat F | python3 -c 'import json,sys; W=[json.loads(l) for l in sys.stdin]; print(sum(len(w["authorships"]) for w in W))'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ImportError } from '../../src/importers/acl-anthology/errors.js';
import { importOpenAlex } from '../../src/importers/openalex/command.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient } from '../helpers/graphql.js';
import { sharedData } from '../helpers/shared-data.js';

const SNAPSHOT = sharedData('openalex-samples', 'es2dp_works_snapshot_sample_2022-05.jsonl.gz');
const API_PAGE = sharedData('openalex-samples', 'openalexPro_works_api_page_200.json');

let t: TestDatabase;
let tmp: string;

beforeAll(async () => {
  t = await createTestDatabase();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'openalex-test-'));
});

afterAll(async () => {
  await t?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const quiet = { quiet: true };

async function counts() {
  const { rows } = await t.db.pool.query<Record<string, number>>(`SELECT
    (SELECT count(*)::int FROM source_record WHERE source = 'openalex' AND kind = 'paper') AS works,
    (SELECT count(*)::int FROM paper WHERE anthology_id LIKE 'openalex:%') AS papers,
    (SELECT count(*)::int FROM authorship t JOIN paper p ON p.id = t.paper_id WHERE p.anthology_id LIKE 'openalex:%') AS authorships,
    (SELECT count(*)::int FROM author WHERE slug LIKE 'openalex:%') AS people,
    (SELECT count(*)::int FROM source_record WHERE source = 'openalex' AND kind = 'author') AS "authorIds",
    (SELECT count(*)::int FROM paper_reference) AS "references",
    (SELECT count(*)::int FROM paper_reference WHERE cited_paper_id IS NOT NULL) AS resolved,
    (SELECT count(*)::int FROM paper WHERE anthology_id LIKE 'openalex:%' AND abstract IS NOT NULL) AS abstracts,
    (SELECT count(*)::int FROM institution) AS institutions,
    (SELECT count(*)::int FROM authorship_institution) AS "institutionLinks"`);
  return rows[0]!;
}

/** Everything the import wrote, as one value: equal snapshots, identical data. */
async function snapshot() {
  const { rows } = await t.db.pool.query(`SELECT
    (SELECT md5(string_agg(concat_ws('|', id, anthology_id, title, volume_id, abstract), ',' ORDER BY id)) FROM paper) AS papers,
    (SELECT md5(string_agg(concat_ws('|', id, slug, first_name, last_name, orcid), ',' ORDER BY id)) FROM author) AS authors,
    (SELECT md5(string_agg(concat_ws('|', id, author_id, paper_id, position), ',' ORDER BY id)) FROM authorship) AS links,
    (SELECT md5(string_agg(concat_ws('|', id, source, source_key, fields::text), ',' ORDER BY id)) FROM source_record) AS sources,
    (SELECT md5(string_agg(concat_ws('|', citing_paper_id, cited_work, cited_paper_id), ',' ORDER BY 1)) FROM paper_reference) AS refs`);
  return rows[0] as Record<string, string>;
}

describe('the 2022 snapshot sample (host_venue), then the current API page (primary_location)', () => {
  test('the snapshot: 1,000 works, 6,346 authorships, 6,314 people, 56,122 references (19 inside the sample)', async () => {
    const summary = await importOpenAlex(t.db, SNAPSHOT, quiet);
    expect(summary).toMatchObject({
      unchanged: false,
      works: 1000,
      authorships: 6346,
      people: 6314,
      institutions: 1234,
      references: 56122,
      resolved: 19,
    });
    expect(await counts()).toEqual({
      works: 1000,
      papers: 1000,
      authorships: 6346,
      people: 6314,
      authorIds: 6315,
      references: 56122,
      resolved: 19,
      // 960 works have an abstract_inverted_index.
      abstracts: 960,
      // Distinct institution ids, and (authorship, institution id) pairs: python3 on the file.
      institutions: 1234,
      institutionLinks: 5611,
    });
  });

  test('a work: title, year, DOI, venue from host_venue, pages, the abstract rebuilt, authors in order', async () => {
    const client = createTestClient(t.db);
    const res = await client.query<{ paper: Record<string, unknown> & { abstract: string } }>(
      `{ paper(by: { openalexId: "https://openalex.org/W2100301546" }) { anthologyId title year doi pages abstract
         volume { title } sources { source key url } authorships { position name author { slug } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.paper).toMatchObject({
      anthologyId: 'openalex:W2100301546',
      title:
        'Pituitary adenomas with invasion of the cavernous sinus space: a magnetic resonance imaging classification compared with surgical findings.',
      year: 1993,
      doi: '10.1227/00006123-199310000-00008',
      pages: '610–618',
      volume: { title: 'Neurosurgery' },
      sources: [{ source: 'openalex', key: 'W2100301546', url: 'https://openalex.org/W2100301546' }],
    });
    // The inverted index: "We": [0, 211], "present": [1, 145, 167], "25": [2], "pituitary": [3] …
    expect(res.data!.paper.abstract.startsWith('We present 25 pituitary adenomas that were confirmed surgically to have invaded the')).toBe(
      true,
    );
    const authorships = res.data!.paper.authorships as { position: number; name: string }[];
    expect(authorships[0]).toEqual({ position: 1, name: 'Engelbert Knosp', author: { slug: 'openalex:A1904937971' } });
    expect(authorships[1]).toMatchObject({ position: 2, name: 'Erich Steiner' });
  });

  test('an ORCID on two works makes one person; an ORCID two authorships of one work share, and a shared name, do not', async () => {
    const client = createTestClient(t.db);
    const author = async (id: string) =>
      (
        await client.query<{ author: { slug: string; orcid: string | null; sources: { key: string }[] } }>(
          `query ($id: String!) { author(by: { openalexId: $id }) { slug orcid sources { key } } }`,
          { id },
        )
      ).data!.author;
    // Kwang Hyub Han (W2995198352) and Kyunghwa Han (W3043613101) carry ORCID 0000-0002-5687-7237.
    const han = await author('A2790630876');
    expect(han).toEqual({
      slug: 'openalex:orcid:0000-0002-5687-7237',
      orcid: '0000-0002-5687-7237',
      sources: [{ key: 'A2169351361' }, { key: 'A2790630876' }],
    });
    expect((await author('https://openalex.org/A2169351361')).slug).toBe(han.slug);
    // W2091103707 prints 0000-0002-6081-9558 with both Oliver Kepp (A1958415351) and Guido Kroemer (A1360065292).
    const kepp = await author('A1958415351');
    const kroemer = await author('A1360065292');
    expect(kepp).toEqual({ slug: 'openalex:A1958415351', orcid: null, sources: [{ key: 'A1958415351' }] });
    expect(kroemer.slug).toBe('openalex:A1360065292');
    // "Yan Xu" of W2950063991 (A2638747730) and of W2136057227 (A2680102376): no ORCID, two people.
    expect((await author('A2638747730')).slug).toBe('openalex:A2638747730');
    expect((await author('A2680102376')).slug).toBe('openalex:A2680102376');
  });

  test('references inside the sample resolve both ways, with counts', async () => {
    const client = createTestClient(t.db);
    // W2103546861 (2003) is cited by W3088081977 (2021) and W2104704801 (2013); OpenAlex counted 14,608 citations.
    const res = await client.query<{ paper: Record<string, unknown> }>(
      `{ paper(by: { openalexId: "W2103546861" }) { citationCount openalexCitationCount
         citedBy(first: 10) { totalCount edges { node { anthologyId year } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.paper).toEqual({
      citationCount: 2,
      openalexCitationCount: 14608,
      citedBy: {
        totalCount: 2,
        edges: [
          { node: { anthologyId: 'openalex:W3088081977', year: 2021 } },
          { node: { anthologyId: 'openalex:W2104704801', year: 2013 } },
        ],
      },
    });
    const citing = await client.query<{ paper: { references: unknown; unresolvedReferences: string[] } }>(
      `{ paper(by: { openalexId: "W2104704801" }) { references(first: 5) { totalCount edges { node { anthologyId } } } unresolvedReferences } }`,
    );
    expect(citing.data!.paper.references).toEqual({ totalCount: 1, edges: [{ node: { anthologyId: 'openalex:W2103546861' } }] });
    expect(citing.data!.paper.unresolvedReferences).not.toContain('W2103546861');
    expect(citing.data!.paper.unresolvedReferences.length).toBeGreaterThan(0);
  });

  test('the same file again is a no-op', async () => {
    const before = await snapshot();
    const again = await importOpenAlex(t.db, SNAPSHOT, quiet);
    expect(again.unchanged).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  test('the API page: 200 works, 536 authorships, 487 people, 2,682 references (20 inside the page); the snapshot stays', async () => {
    const summary = await importOpenAlex(t.db, API_PAGE, quiet);
    expect(summary).toMatchObject({
      unchanged: false,
      works: 200,
      authorships: 536,
      people: 487,
      institutions: 151,
      references: 2682,
      resolved: 20,
    });
    expect(await counts()).toMatchObject({
      works: 1200,
      papers: 1200,
      authorships: 6346 + 536,
      people: 6314 + 487,
      // 462 author ids (25 authorships name no author: a person each).
      authorIds: 6315 + 462,
      references: 56122 + 2682,
      resolved: 19 + 20,
      // 45 institution ids are in both samples.
      institutions: 1234 + 151 - 45,
      institutionLinks: 5611 + 296,
    });
    const client = createTestClient(t.db);
    const res = await client.query<{ paper: Record<string, unknown> }>(
      `{ paper(by: { openalexId: "W4235089722" }) { title year doi volume { title } authorships { name affiliation author { slug orcid } } } }`,
    );
    expect(res.data!.paper).toEqual({
      title: 'Biodiversity Finance',
      year: 2000,
      doi: '10.1111/1468-2346.00131',
      volume: { title: 'International Affairs' },
      authorships: [
        {
          name: 'Michael C. Rubino',
          affiliation: 'Palmetto Aquaculture Company',
          author: { slug: 'openalex:orcid:0000-0002-6528-1179', orcid: '0000-0002-6528-1179' },
        },
      ],
    });
  });

  test('institutions: a person’s with years, an institution’s people, by ROR or OpenAlex id', async () => {
    const client = createTestClient(t.db);
    // Stefano Pagiola (A5003862560): World Bank on W2077467872 (2010), W2138516309 (2007) and
    // W2180613954 (2005), which also prints the World Bank Group.
    const pagiola = await client.query<{ author: unknown }>(
      `{ author(by: { openalexId: "A5003862560" }) { institutions { firstYear lastYear paperCount institution { openalexId name } } } }`,
    );
    expect(pagiola.errors).toBeUndefined();
    expect(pagiola.data!.author).toEqual({
      institutions: [
        { firstYear: 2005, lastYear: 2010, paperCount: 3, institution: { openalexId: 'I1334329717', name: 'World Bank' } },
        { firstYear: 2005, lastYear: 2005, paperCount: 1, institution: { openalexId: 'I55633929', name: 'World Bank Group' } },
      ],
    });
    // The OECD (I1288051870, ROR 0438wbg98): Helen Mountford on two 1999 works, Katia Karousakis
    // (2009), Jan Horst Keppler as A5110939660 on W2041234663 and, with no author id, on W2242043546.
    const oecd = await client.query<{ institution: { authors: { edges: { node: { slug: string } }[] } } }>(
      `{ institution(by: { ror: "0438wbg98" }) { openalexId ror name country
         authors(first: 10) { totalCount edges { paperCount firstYear lastYear node { slug } } } } }`,
    );
    expect(oecd.errors).toBeUndefined();
    expect(oecd.data!.institution).toMatchObject({
      openalexId: 'I1288051870',
      ror: 'https://ror.org/0438wbg98',
      name: 'Organisation de Coopération et de Développement Economiques',
      country: 'FR',
      authors: { totalCount: 4 },
    });
    const edges = (oecd.data!.institution.authors as unknown as { edges: unknown[] }).edges;
    expect(edges.slice(0, 2)).toEqual([
      { paperCount: 2, firstYear: 1999, lastYear: 1999, node: { slug: 'openalex:A5084094406' } },
      { paperCount: 1, firstYear: 2009, lastYear: 2009, node: { slug: 'openalex:A5037433067' } },
    ]);
    expect(new Set(edges.slice(2).map((e) => (e as { node: { slug: string } }).node.slug))).toEqual(
      new Set(['openalex:A5110939660', 'openalex:W2242043546/1']),
    );
    const byId = await client.query<{ institution: { name: string } }>(
      `{ institution(by: { openalexId: "https://openalex.org/I1288051870" }) { name } }`,
    );
    expect(byId.data!.institution.name).toBe('Organisation de Coopération et de Développement Economiques');
    const bad = await client.query(`{ institution(by: { ror: "not-a-ror" }) { name } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'by.ror' });
  });

  test('a page of 20 papers with references, citing papers and their people’s figures: the same statements as a page of 5', async () => {
    const { rows } = await t.db.pool.query<{ anthology_id: string }>(
      `SELECT DISTINCT p.anthology_id FROM paper_reference r JOIN paper p ON p.id IN (r.citing_paper_id, r.cited_paper_id)
       WHERE r.cited_paper_id IS NOT NULL ORDER BY 1 LIMIT 20`,
    );
    expect(rows).toHaveLength(20);
    const client = createTestClient(t.db);
    const QUERY = `query ($ids: [String!]!) { papersBy(by: { anthologyIds: $ids }) { anthologyId citationCount openalexCitationCount
      references(first: 10) { totalCount edges { node { anthologyId title year } } }
      citedBy(first: 10) { totalCount edges { node { anthologyId title year } } } unresolvedReferences
      authorships { author { slug citationCount hIndex institutions { firstYear institution { name } } } } } }`;
    const run = async (ids: string[]) => {
      const { result, statements } = await client.countStatements(() =>
        client.query<{ papersBy: { references: { totalCount: number }; citedBy: { totalCount: number } }[] }>(QUERY, { ids }),
      );
      expect(result.errors).toBeUndefined();
      const links = result.data!.papersBy.reduce((n, p) => n + p.references.totalCount + p.citedBy.totalCount, 0);
      expect(links).toBeGreaterThanOrEqual(ids.length);
      return statements;
    };
    const five = await run(rows.slice(0, 5).map((r) => r.anthology_id));
    const twenty = await run(rows.map((r) => r.anthology_id));
    expect(twenty.length).toBe(five.length);
    // The papers, their references' page, their citing papers' page, their counts, their
    // authorships, the people's citation figures, their institutions: one statement each.
    expect(twenty.length).toBeLessThanOrEqual(7);
  });
});

describe('bad input', () => {
  test('a line that is not JSON: error with file and line, nothing written', async () => {
    const lines = gunzipSync(await readFile(SNAPSHOT))
      .toString('utf8')
      .split('\n');
    const file = path.join(tmp, 'bad.jsonl');
    await writeFile(file, `${lines[0]}\n${lines[1]!.slice(0, 200)}\n`);
    const before = await snapshot();
    const error = await importOpenAlex(t.db, file, quiet).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toMatch(/^bad\.jsonl:2: not JSON/);
    expect(await snapshot()).toEqual(before);
  });

  test('a work without an OpenAlex id, a year that is no year: named with file and line', async () => {
    const file = path.join(tmp, 'bad-id.jsonl');
    await writeFile(file, '\n{"id": "https://example.org/W1", "publication_year": 2020}\n');
    await expect(importOpenAlex(t.db, file, quiet)).rejects.toThrow(
      /^bad-id\.jsonl:2: id "https:\/\/example.org\/W1" is not an OpenAlex work id/,
    );
    await writeFile(file, '{"id": "W1", "publication_year": "2020"}\n');
    await expect(importOpenAlex(t.db, file, quiet)).rejects.toThrow(/^bad-id\.jsonl:1: W1: publication_year "2020" is not a year/);
  });

  test('a work twice in one file is refused', async () => {
    const first = gunzipSync(await readFile(SNAPSHOT))
      .toString('utf8')
      .split('\n')[0]!;
    const file = path.join(tmp, 'twice.jsonl');
    await writeFile(file, `${first}\n${first}\n`);
    await expect(importOpenAlex(t.db, file, quiet)).rejects.toThrow(/^twice\.jsonl:2: work W2100301546 is in this file twice/);
  });

  test('a lookup by a malformed OpenAlex id is BAD_USER_INPUT', async () => {
    const client = createTestClient(t.db);
    const res = await client.query(`{ paper(by: { openalexId: "A123" }) { title } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'by.openalexId' });
  });
});
