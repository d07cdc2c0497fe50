// Author pages over the whole shared ACL Anthology corpus for people with tricky data
// (issue 4). Every expected value below was worked out by hand from
// /work/shared/data/acl-anthology/xml/*.xml and yaml/name_variants.yaml — with grep and a
// one-off Python walk over the XML applying the Anthology's rules (explicit id →
// name_variants.yaml name → slug of the name; authored papers only, frontmatter
// excluded) — and is hard-coded here; nothing is recomputed from the server's tables.
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/db/local.js';
import { importAclAnthology } from '../../src/importers/acl-anthology/command.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, type TestClient } from '../helpers/graphql.js';

const CORPUS = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology');

let t: TestDatabase;
let client: TestClient;
beforeAll(async () => {
  t = await createTestDatabase();
  await importAclAnthology(t.db, CORPUS, { quiet: true });
  client = createTestClient(t.db);
}, 600_000);
afterAll(async () => {
  await t?.drop();
});

const PAGE = /* GraphQL */ `query($slug: String!) {
  author(slug: $slug) {
    slug name comment variants paperCount
    similarAuthors { slug comment }
    papers(first: 100) { totalCount edges { node { anthologyId authorships { role name matchedBy author { slug } } } } }
    editedVolumes { anthologyId year }
  }
}`;

interface Authorship {
  role: string;
  name: string;
  matchedBy: string;
  author: { slug: string };
}
interface Page {
  slug: string;
  name: string;
  comment: string | null;
  variants: string[];
  paperCount: number;
  similarAuthors: { slug: string; comment: string | null }[];
  papers: { totalCount: number; edges: { node: { anthologyId: string; authorships: Authorship[] } }[] };
  editedVolumes: { anthologyId: string; year: number }[];
}

async function page(slug: string): Promise<Page> {
  const r = await client.query<{ author: Page }>(PAGE, { slug });
  expect(r.errors).toBeUndefined();
  return r.data!.author;
}

const sortedIds = (p: Page) => p.papers.edges.map((e) => e.node.anthologyId).sort();

/** The person's own authorship on each paper of the page, by anthology id. */
function mine(p: Page): Map<string, Authorship> {
  const out = new Map<string, Authorship>();
  for (const e of p.papers.edges) {
    const own = e.node.authorships.filter((a) => a.author.slug === p.slug && a.role === 'AUTHOR');
    expect(own).toHaveLength(1);
    out.set(e.node.anthologyId, own[0]!);
  }
  return out;
}

describe('several people sharing a name: the Yang Lius', () => {
  // name_variants.yaml has 15 entries with canonical {first: Yang, last: Liu}, each with an
  // id (yang-liu-edinburgh, -blcu, -hk, -icsi, -ict, -pk, -wl, -ss, -dt, -microsoft, yang-liu
  // ("May refer to several people", similar: [yang-janet-liu]), -umich, -Helsinki, -3m,
  // -tianjin) plus {Yang Janet, Liu} (yang-janet-liu). Sharing a name makes them one
  // similarity group. In the XML every <author> printed "Yang Liu" carries an id (0 plain
  // "Yang Liu" occurrences), so each page has the papers whose <author id="…"> names that
  // person, frontmatter excluded (counts below: distinct non-frontmatter papers with
  // <author id="X">). One exception: 2023.ccl.xml:1481 prints <author><first>洋</first>
  // <last>刘</last></author> (2023.ccl-3.27) with no id; the name is not in the yaml, and
  // its slug (unidecode "Yang Liu") is yang-liu, a yaml id, so by the slug rule it lands
  // on yang-liu: 73 explicit + 1 = 74. And N04-4018 prints id="yang-liu-icsi" as "Y. Liu".
  const COUNTS: Record<string, number> = {
    'yang-liu-icsi': 96,
    'yang-liu-ict': 79,
    'yang-liu': 74,
    'yang-liu-edinburgh': 22,
    'yang-liu-microsoft': 4,
    'yang-liu-pk': 4,
    'yang-liu-umich': 4,
    'yang-liu-hk': 3,
    'yang-liu-3m': 1,
    'yang-liu-Helsinki': 1,
    'yang-liu-blcu': 1,
    'yang-liu-dt': 1,
    'yang-liu-ss': 1,
    'yang-liu-wl': 1,
  };
  // yang-liu-tianjin is in the yaml but never referenced in the XML.
  const GROUP = [...Object.keys(COUNTS), 'yang-liu-tianjin', 'yang-janet-liu'];

  test.each(Object.entries(COUNTS))('%s has %i papers, matched by explicit id', async (slug, count) => {
    const p = await page(slug);
    expect(p.name).toBe('Yang Liu');
    expect(p.paperCount).toBe(count);
    expect(p.papers.totalCount).toBe(count);
    for (const [id, a] of mine(p)) {
      if (slug === 'yang-liu' && id === '2023.ccl-3.27') {
        expect(a).toMatchObject({ matchedBy: 'SLUG', name: '洋 刘' });
      } else if (slug === 'yang-liu-icsi' && id === 'N04-4018') {
        expect(a).toMatchObject({ matchedBy: 'EXPLICIT_ID', name: 'Y. Liu' });
      } else {
        expect(a).toMatchObject({ matchedBy: 'EXPLICIT_ID', name: 'Yang Liu' });
      }
    }
    // Every other Yang Liu (and Yang Janet Liu) is listed as similar, never the person itself.
    expect(p.similarAuthors.map((s) => s.slug).sort()).toEqual(GROUP.filter((s) => s !== slug).sort());
  });

  test('yang-liu-edinburgh: the 22 papers with <author id="yang-liu-edinburgh">, the yaml comment', async () => {
    const p = await page('yang-liu-edinburgh');
    expect(p.comment).toBe('Edinburgh Ph.D., Microsoft');
    expect(sortedIds(p)).toEqual([
      '2021.findings-acl.102',
      '2021.findings-acl.269',
      '2021.findings-acl.449',
      '2021.inlg-1.33',
      '2021.naacl-main.472',
      '2021.naacl-main.474',
      '2021.naacl-main.56',
      '2022.inlg-genchal.14',
      '2023.acl-long.279',
      '2023.acl-long.718',
      '2023.emnlp-main.146',
      '2023.emnlp-main.153',
      '2023.tacl-1.46',
      'D16-1130',
      'D17-1133',
      'D18-1184',
      'D19-1387',
      'N19-1173',
      'P15-2047',
      'P19-1500',
      'P19-1504',
      'Q18-1005',
    ]);
    const similar = new Map(p.similarAuthors.map((s) => [s.slug, s.comment]));
    expect(similar.get('yang-liu-hk')).toBe('The Chinese University of Hong Kong (Shenzhen)');
    expect(similar.get('yang-liu')).toBe('May refer to several people');
  });

  test('yang-liu-hk and yang-liu-umich: exactly their own papers', async () => {
    expect(sortedIds(await page('yang-liu-hk'))).toEqual(['2022.findings-acl.62', '2022.findings-naacl.139', '2022.naacl-main.140']);
    expect(sortedIds(await page('yang-liu-umich'))).toEqual([
      '2020.findings-emnlp.132',
      '2021.emnlp-main.151',
      '2022.findings-acl.211',
      '2022.findings-acl.305',
    ]);
  });

  test('2023.ccl-3.27 has both id="yang-liu-blcu" (its only paper) and the id-less 刘洋 (yang-liu)', async () => {
    expect(sortedIds(await page('yang-liu-blcu'))).toEqual(['2023.ccl-3.27']);
    expect(sortedIds(await page('yang-liu'))).toContain('2023.ccl-3.27');
  });

  test('yang-janet-liu: 19 papers, 6 by explicit id and 13 printed as "Yang Janet Liu"', async () => {
    const p = await page('yang-janet-liu');
    expect(p.paperCount).toBe(19);
    const by = [...mine(p).values()].map((a) => a.matchedBy);
    expect(by.filter((m) => m === 'EXPLICIT_ID')).toHaveLength(6);
    expect(by.filter((m) => m === 'YAML_NAME')).toHaveLength(13);
  });
});

test('explicit ids: zheng-yuan is referenced only through <author id="zheng-yuan"> (20 papers)', async () => {
  // grep -o 'id="zheng-yuan"' xml/*.xml | wc -l → 20, all <author> on non-frontmatter papers.
  // The yaml also has zheng-yuan-cambridge with the same name: similar to each other.
  const p = await page('zheng-yuan');
  expect(p.comment).toBe('May refer to several people');
  expect(p.paperCount).toBe(20);
  expect(sortedIds(p)).toEqual([
    '2021.bionlp-1.20',
    '2022.acl-long.544',
    '2022.acl-short.91',
    '2022.bionlp-1.8',
    '2022.bionlp-1.9',
    '2022.findings-acl.250',
    '2022.naacl-main.296',
    '2023.acl-long.182',
    '2023.bea-1.65',
    '2023.bionlp-1.3',
    '2023.clinicalnlp-1.30',
    '2024.acl-long.12',
    '2024.acl-long.551',
    '2024.acl-short.5',
    '2024.lrec-main.137',
    '2024.lrec-main.997',
    '2024.naacl-long.109',
    '2024.naacl-long.2',
    '2025.babylm-main.25',
    'N18-3011',
  ]);
  for (const a of mine(p).values()) expect(a).toMatchObject({ matchedBy: 'EXPLICIT_ID', name: 'Zheng Yuan' });
  expect(p.similarAuthors.map((s) => s.slug)).toContain('zheng-yuan-cambridge');
  expect(p.editedVolumes).toEqual([]);
});

test('name variants: steven-abney gathers "Steve Abney", "Steven P. Abney" and an explicit-id "S. Abney"', async () => {
  // yaml: canonical Steven Abney, id steven-abney, variants Steve Abney and Steven P. Abney.
  // XML: 20 papers print "Steven Abney", H92-1028 prints "Steve Abney", J97-4005 prints
  // "Steven P. Abney", H91-1060 prints "S. Abney" with id="steven-abney" → 23 papers.
  // He also edited one volume, E95-1 (<editor> in its <meta>).
  const p = await page('steven-abney');
  expect(p.name).toBe('Steven Abney');
  expect(p.variants).toEqual(expect.arrayContaining(['Steve Abney', 'Steven P. Abney']));
  expect(p.variants).not.toContain('Steven Abney');
  expect(p.paperCount).toBe(23);
  const own = mine(p);
  expect(own.get('H92-1028')).toMatchObject({ name: 'Steve Abney', matchedBy: 'YAML_NAME' });
  expect(own.get('J97-4005')).toMatchObject({ name: 'Steven P. Abney', matchedBy: 'YAML_NAME' });
  expect(own.get('H91-1060')).toMatchObject({ name: 'S. Abney', matchedBy: 'EXPLICIT_ID' });
  expect(own.get('P10-1010')).toMatchObject({ name: 'Steven Abney', matchedBy: 'YAML_NAME' });
  expect([...own.values()].filter((a) => a.matchedBy === 'YAML_NAME')).toHaveLength(22);
  expect(p.editedVolumes.map((v) => v.anthologyId)).toEqual(['E95-1']);
});

describe('non-ASCII names', () => {
  test('felicia-koerner (yaml: Körner, variant Koerner): both spellings on one page', async () => {
    // 2020.wmt-1.109 prints "Felicia Koerner", 2025.vardial-1.14 prints "Felicia Körner"; no ids.
    const p = await page('felicia-koerner');
    expect(p.name).toBe('Felicia Körner');
    expect(p.variants).toContain('Felicia Koerner');
    expect(p.paperCount).toBe(2);
    const own = mine(p);
    expect(own.get('2020.wmt-1.109')).toMatchObject({ name: 'Felicia Koerner', matchedBy: 'YAML_NAME' });
    expect(own.get('2025.vardial-1.14')).toMatchObject({ name: 'Felicia Körner', matchedBy: 'YAML_NAME' });
  });

  test('ondrej-dusek (not in the yaml): "Ondřej Dušek" and "Ondrej Dusek" share a slug', async () => {
    // Not in name_variants.yaml; both spellings slugify to ondrej-dusek. Authored,
    // non-frontmatter papers: 57 print "Ondřej Dušek", 34 print "Ondrej Dusek" → 91.
    // The non-ASCII spelling is the canonical one. Edited: 2020.evalnlgeval-1,
    // 2022.sigdial-1, 2023.sigdial-1, 2024.practicald2t-1.
    const p = await page('ondrej-dusek');
    expect(p.name).toBe('Ondřej Dušek');
    expect(p.variants).toEqual(['Ondrej Dusek']);
    expect(p.paperCount).toBe(91);
    const own = mine(p);
    const names = [...own.values()].map((a) => a.name);
    expect(names.filter((n) => n === 'Ondřej Dušek')).toHaveLength(57);
    expect(names.filter((n) => n === 'Ondrej Dusek')).toHaveLength(34);
    expect(own.get('2014.clib-1.5')).toMatchObject({ name: 'Ondrej Dusek', matchedBy: 'SLUG' });
    expect(own.get('W19-8644')).toMatchObject({ name: 'Ondřej Dušek', matchedBy: 'SLUG' });
    expect(p.editedVolumes.map((v) => v.anthologyId).sort()).toEqual([
      '2020.evalnlgeval-1',
      '2022.sigdial-1',
      '2023.sigdial-1',
      '2024.practicald2t-1',
    ]);
  });

  test('jan-snajder (not in the yaml): 62 "Jan Šnajder" + 10 "Jan Snajder" = 72 papers', async () => {
    const p = await page('jan-snajder');
    expect(p.name).toBe('Jan Šnajder');
    expect(p.paperCount).toBe(72);
    const own = mine(p);
    expect(own.get('2020.sdp-1.11')).toMatchObject({ name: 'Jan Snajder' });
    expect(own.get('W19-4405')).toMatchObject({ name: 'Jan Šnajder' });
  });
});

describe('editors who never authored', () => {
  // Scan of the XML: 321 people appear only as <editor>. Two of them:
  test("sharon-o-brien (\"Sharon O'Brien\", apostrophe → '-'): four volumes, no papers", async () => {
    const p = await page('sharon-o-brien');
    expect(p.name).toBe("Sharon O'Brien");
    expect(p.paperCount).toBe(0);
    expect(p.papers).toEqual({ totalCount: 0, edges: [] });
    expect(p.editedVolumes).toEqual([
      { anthologyId: '2020.amta-impact', year: 2020 },
      { anthologyId: '2014.amta-wptp', year: 2014 },
      { anthologyId: '2013.mtsummit-wptp', year: 2013 },
      { anthologyId: '2012.amta-wptp', year: 2012 },
    ]);
  });

  test('vivian-chen: four volumes, no papers', async () => {
    const p = await page('vivian-chen');
    expect(p.paperCount).toBe(0);
    expect(p.papers.totalCount).toBe(0);
    expect(p.editedVolumes.map((v) => v.anthologyId)).toEqual(['2025.dstc-1', '2023.alta-1', '2023.dialdoc-1', '2020.sigdial-1']);
  });
});

describe('the most prolific authors', () => {
  // Distinct non-frontmatter papers per resolved person over the whole XML:
  //   pushpak-bhattacharyya 392 (yaml; 385 "Pushpak Bhattacharyya" + 7 "Pushpak Bhattacharya"),
  //   iryna-gurevych 339, min-zhang 320, timothy-baldwin 309 (yaml; 307 + 2 "Tim Baldwin"),
  //   then dan-roth and andy-way tied at 278 for fifth place. Next is 276 (graham-neubig).
  const TOP: [string, number][] = [
    ['pushpak-bhattacharyya', 392],
    ['iryna-gurevych', 339],
    ['min-zhang', 320],
    ['timothy-baldwin', 309],
    ['dan-roth', 278],
    ['andy-way', 278],
  ];

  test.each(TOP)('%s: %i papers', async (slug, count) => {
    const r = await client.query<{ author: { paperCount: number; papers: { totalCount: number } } }>(
      `query($slug: String!) { author(slug: $slug) { paperCount papers(first: 1) { totalCount } } }`,
      { slug },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.author).toEqual({ paperCount: count, papers: { totalCount: count } });
  });

  test('variants of the yaml-matched ones are on their pages', async () => {
    const r = await client.query<{ a: { variants: string[] }; b: { variants: string[] } }>(
      `{ a: author(slug: "pushpak-bhattacharyya") { variants } b: author(slug: "timothy-baldwin") { variants } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.a.variants).toContain('Pushpak Bhattacharya');
    expect(r.data!.b.variants).toContain('Tim Baldwin');
  });

  test('no one else has 278 papers or more', async () => {
    const { rows } = await t.db.pool.query(
      `SELECT au.slug FROM authorship a JOIN paper p ON p.id = a.paper_id JOIN author au ON au.id = a.author_id
       WHERE a.role = 'AUTHOR' AND NOT p.is_frontmatter
       GROUP BY au.slug HAVING count(DISTINCT p.id) >= 278 ORDER BY 1`,
    );
    expect(rows.map((r) => r.slug)).toEqual(TOP.map(([s]) => s).sort());
  });
});
