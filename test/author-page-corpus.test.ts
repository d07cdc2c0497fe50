// The author page over real data (RANLP 2017, IJCNLP 2017, NAACL 2019), with the
// expected values worked out by hand from the collections' XML:
// - Preslav Nakov authored R17-1018, -1037, -1045, -1046, -1071, -1072 and N19-1144,
//   -1154, -1216; he edited I17-4 (the IJCNLP shared-task volume) and no other.
// - Greg Kondrak edited I17-1 and I17-2 and authored nothing in these collections.
// - Michael Strube edited I17-5 and N19-5 and authored I17-1083.
import { databaseWithCollections } from './helpers/corpus.js';
import type { TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';

let t: TestDatabase;
let client: TestClient;
beforeAll(async () => {
  t = await databaseWithCollections(['R17', 'I17', 'N19']);
  client = createTestClient(t.db);
});
afterAll(() => t.drop());

const PAGE = /* GraphQL */ `query($slug: String!) {
  author(slug: $slug) {
    name paperCount orcidConflict
    papers(first: 100) { totalCount edges { node { anthologyId year authorships { matchedBy author { slug } } } } }
    coauthors(first: 100) { totalCount edges { sharedPaperCount node { slug name } } }
    venues { paperCount venue { slug } }
    editedVolumes { anthologyId year }
    papersByYear { year count }
    yearsActive { first last }
  }
}`;

interface Page {
  name: string;
  paperCount: number;
  orcidConflict: boolean;
  papers: {
    totalCount: number;
    edges: { node: { anthologyId: string; year: number; authorships: { matchedBy: string; author: { slug: string } }[] } }[];
  };
  coauthors: { totalCount: number; edges: { sharedPaperCount: number; node: { slug: string; name: string } }[] };
  venues: { paperCount: number; venue: { slug: string } }[];
  editedVolumes: { anthologyId: string; year: number }[];
  papersByYear: { year: number; count: number }[];
  yearsActive: { first: number; last: number } | null;
}

async function page(slug: string): Promise<Page> {
  const r = await client.query<{ author: Page }>(PAGE, { slug });
  expect(r.errors).toBeUndefined();
  return r.data!.author;
}

const ids = (p: Page) => p.papers.edges.map((e) => e.node.anthologyId);

test('Preslav Nakov: papers newest year first, then in natural anthology id order', async () => {
  const p = await page('preslav-nakov');
  expect(p.name).toBe('Preslav Nakov');
  expect(p.paperCount).toBe(9);
  expect(p.papers.totalCount).toBe(9);
  expect(ids(p)).toEqual(['N19-1144', 'N19-1154', 'N19-1216', 'R17-1018', 'R17-1037', 'R17-1045', 'R17-1046', 'R17-1071', 'R17-1072']);
  for (const e of p.papers.edges) {
    const mine = e.node.authorships.filter((a) => a.author.slug === 'preslav-nakov');
    expect(mine).toHaveLength(1);
    expect(['EXPLICIT_ID', 'YAML_NAME', 'SLUG', 'CORRECTION']).toContain(mine[0]!.matchedBy);
  }
  expect(p.papersByYear).toEqual([
    { year: 2019, count: 3 },
    { year: 2017, count: 6 },
  ]);
  expect(p.yearsActive).toEqual({ first: 2017, last: 2019 });
  expect(p.orcidConflict).toBe(false);
});

test('Preslav Nakov: co-authors by distinct shared papers, venues by paper count, the volume he edited', async () => {
  const p = await page('preslav-nakov');
  expect(p.coauthors.totalCount).toBe(23);
  expect(p.coauthors.edges.slice(0, 5).map((e) => [e.node.name, e.sharedPaperCount])).toEqual([
    ['Ivan Koychev', 5],
    ['Georgi Karadzhov', 3],
    ['Lluís Màrquez', 3],
    ['Alberto Barrón-Cedeño', 2],
    ['Pepa Gencheva', 2],
  ]);
  expect(p.coauthors.edges.slice(5).every((e) => e.sharedPaperCount === 1)).toBe(true);
  expect(p.coauthors.edges.map((e) => e.node.slug)).not.toContain('preslav-nakov');
  expect(p.venues.map((v) => [v.venue.slug, v.paperCount])).toEqual([
    ['ranlp', 6],
    ['naacl', 3],
  ]);
  expect(p.editedVolumes).toEqual([{ anthologyId: 'I17-4', year: 2017 }]);
});

test('papers filters: year, yearFrom, yearTo, venue, and their combinations', async () => {
  const q = `query($slug: String!, $year: Int, $yearFrom: Int, $yearTo: Int, $venue: String) {
    author(slug: $slug) { papers(first: 100, year: $year, yearFrom: $yearFrom, yearTo: $yearTo, venue: $venue) {
      totalCount edges { node { anthologyId } } } } }`;
  const run = async (vars: Record<string, unknown>) => {
    const r = await client.query<{ author: { papers: { totalCount: number; edges: { node: { anthologyId: string } }[] } } }>(q, {
      slug: 'preslav-nakov',
      ...vars,
    });
    expect(r.errors).toBeUndefined();
    const list = r.data!.author.papers;
    expect(list.totalCount).toBe(list.edges.length);
    return list.edges.map((e) => e.node.anthologyId);
  };
  const n19 = ['N19-1144', 'N19-1154', 'N19-1216'];
  const r17 = ['R17-1018', 'R17-1037', 'R17-1045', 'R17-1046', 'R17-1071', 'R17-1072'];
  expect(await run({ year: 2019 })).toEqual(n19);
  expect(await run({ year: 2018 })).toEqual([]);
  expect(await run({ yearFrom: 2018 })).toEqual(n19);
  expect(await run({ yearTo: 2018 })).toEqual(r17);
  expect(await run({ yearFrom: 2017, yearTo: 2019 })).toEqual([...n19, ...r17]);
  expect(await run({ venue: 'naacl' })).toEqual(n19);
  expect(await run({ venue: 'ranlp' })).toEqual(r17);
  expect(await run({ venue: 'ijcnlp' })).toEqual([]);
  expect(await run({ venue: 'ranlp', year: 2019 })).toEqual([]);
});

test('Greg Kondrak edited two volumes and authored nothing: a page of edited volumes only', async () => {
  const p = await page('greg-kondrak');
  expect(p.paperCount).toBe(0);
  expect(p.papers).toEqual({ totalCount: 0, edges: [] });
  expect(p.coauthors).toEqual({ totalCount: 0, edges: [] });
  expect(p.venues).toEqual([]);
  expect(p.papersByYear).toEqual([]);
  expect(p.yearsActive).toBeNull();
  expect(p.editedVolumes).toEqual([
    { anthologyId: 'I17-1', year: 2017 },
    { anthologyId: 'I17-2', year: 2017 },
  ]);
});

test('Michael Strube: edited volumes newest first, his one paper', async () => {
  const p = await page('michael-strube');
  expect(p.editedVolumes).toEqual([
    { anthologyId: 'N19-5', year: 2019 },
    { anthologyId: 'I17-5', year: 2017 },
  ]);
  expect(ids(p)).toEqual(['I17-1083']);
  expect(p.coauthors.edges.map((e) => [e.node.name, e.sharedPaperCount])).toEqual([['Alex Judea', 1]]);
  expect(p.papersByYear).toEqual([{ year: 2017, count: 1 }]);
  expect(p.yearsActive).toEqual({ first: 2017, last: 2017 });
});

test('a volume’s editors in printed order, each with the volumes they edited', async () => {
  const r = await client.query<{ volume: { editors: { author: { slug: string; editedVolumes: { anthologyId: string }[] } }[] } }>(
    `{ volume(anthologyId: "I17-5") { editors { author { slug editedVolumes { anthologyId } } } } }`,
  );
  expect(r.errors).toBeUndefined();
  const editors = r.data!.volume.editors.map((e) => e.author);
  expect(editors.map((e) => e.slug)).toEqual(['sadao-kurohashi', 'michael-strube']);
  expect(editors[1]!.editedVolumes.map((v) => v.anthologyId)).toEqual(['N19-5', 'I17-5']);
});

// Last: it adds a name slot. A person printed twice on one paper (it happens in the
// Anthology) is still one author of it: not their own co-author, one paper, one year.
test('a person listed twice on one paper is not their own co-author and the paper counts once', async () => {
  await t.db.pool.query(
    `INSERT INTO authorship (paper_id, volume_id, author_id, role, position, first_name, last_name)
     SELECT p.id, p.volume_id, a.id, 'AUTHOR', 99, 'Ivan', 'Koychev'
     FROM paper p, author a WHERE p.anthology_id = 'R17-1018' AND a.slug = 'ivan-koychev'`,
  );
  const p = await page('ivan-koychev');
  expect(p.paperCount).toBe(5);
  expect(p.papers.totalCount).toBe(5);
  expect(ids(p)).toEqual(['R17-1018', 'R17-1037', 'R17-1045', 'R17-1046', 'R17-1072']);
  expect(p.papersByYear).toEqual([{ year: 2017, count: 5 }]);
  expect(p.venues).toEqual([{ paperCount: 5, venue: { slug: 'ranlp' } }]);
  expect(p.coauthors.totalCount).toBe(10);
  expect(p.coauthors.edges.map((e) => e.node.slug)).not.toContain('ivan-koychev');
  expect(p.coauthors.edges.slice(0, 5).map((e) => [e.node.name, e.sharedPaperCount])).toEqual([
    ['Preslav Nakov', 5],
    ['Lluís Màrquez', 3],
    ['Alberto Barrón-Cedeño', 2],
    ['Pepa Gencheva', 2],
    ['Georgi Karadzhov', 2],
  ]);
  // And from the other side: Nakov shares five distinct papers with him, not six.
  const nakov = await page('preslav-nakov');
  expect(nakov.coauthors.edges[0]).toEqual({ sharedPaperCount: 5, node: { slug: 'ivan-koychev', name: 'Ivan Koychev' } });
});
