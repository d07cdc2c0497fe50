// The 2026 author system (yaml/people.yaml) on the real slice in ../shared/data/acl-anthology-2026.
// Every expected value was read off the files by hand (grep, and a one-off Python walk over the
// XML applying the rules of PersonIndex.resolve_namespec in the Anthology's library): nothing is
// recomputed from our tables. E.g. `yoshinobu kano` has no entry in people.yaml, so his four
// items in 2025.aiwolfdial.xml (lines 7, 25, 54, 63) pool on `yoshinobu-kano/unverified`; three
// people.yaml entries (qing-li, qing-li-473x, qing-li-5003) have the name Qing Li, so the
// editor "Qing Li" of 2025.llm4medr (line 10) is unverified and the three are similar.
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/db/local.js';
import { ImportError, importAclAnthology, type ImportSummary } from '../../src/importers/acl-anthology/command.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, type TestClient } from '../helpers/graphql.js';

const SLICE = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology-2026');
/** people.yaml: 23,861 entries (SOURCE.md), every one a verified person. */
const VERIFIED = 23_861;

let t: TestDatabase;
let client: TestClient;
let summary: ImportSummary;
let tmp: string;
const log: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'acl-2026-'));
  summary = await importAclAnthology(t.db, SLICE, { log: (l) => log.push(l) });
  client = createTestClient(t.db);
}, 300_000);
afterAll(async () => {
  await t?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const PAGE = /* GraphQL */ `query($slug: String!) {
  author(slug: $slug) {
    slug name verified url degree orcid orcids comment openreview disableNameMatching variants paperCount
    similarAuthors { slug }
    papers(first: 50) { edges { node { anthologyId authorships { name orcid openreview matchedBy author { slug } } } } }
    editedVolumes { anthologyId }
  }
}`;

interface Page {
  slug: string;
  name: string;
  verified: boolean;
  url: string | null;
  degree: string | null;
  orcid: string | null;
  orcids: string[];
  comment: string | null;
  openreview: string | null;
  disableNameMatching: boolean;
  variants: string[];
  paperCount: number;
  similarAuthors: { slug: string }[];
  papers: {
    edges: {
      node: {
        anthologyId: string;
        authorships: { name: string; orcid: string | null; openreview: string | null; matchedBy: string; author: { slug: string } }[];
      };
    }[];
  };
  editedVolumes: { anthologyId: string }[];
}

async function page(slug: string, c: TestClient = client): Promise<Page> {
  const r = await c.query<{ author: Page }>(PAGE, { slug });
  expect(r.errors).toBeUndefined();
  return r.data!.author;
}
const ids = (p: Page) => p.papers.edges.map((e) => e.node.anthologyId).sort();
/** The person's own name slots on their papers. */
const own = (p: Page) => p.papers.edges.flatMap((e) => e.node.authorships.filter((a) => a.author.slug === p.slug));

test('people.yaml is detected: every entry is a verified person, plus one unverified person per name slug without a match', async () => {
  expect(summary.collections).toBe(9);
  const { rows } = await t.db.pool.query<{ verified: number; unverified: number; slashed: number; dnm: number; degree: number }>(
    `SELECT count(*) FILTER (WHERE verified)::int AS verified, count(*) FILTER (WHERE NOT verified)::int AS unverified,
       count(*) FILTER (WHERE NOT verified AND slug LIKE '%/unverified')::int AS slashed,
       count(*) FILTER (WHERE disable_name_matching)::int AS dnm, count(*) FILTER (WHERE degree IS NOT NULL)::int AS degree
     FROM author`,
  );
  // SOURCE.md: 23,861 people, 174 with disable_name_matching, 690 with a degree.
  expect(rows[0]).toMatchObject({ verified: VERIFIED, dnm: 174, degree: 690 });
  // 137 name slugs of the slice match no verified person (136, e.g. yoshinobu-kano, lukasz-gagala)
  // or several (qing-li), counted with the one-off walk over the XML.
  expect(rows[0]).toMatchObject({ unverified: 137, slashed: 137 });
  expect(summary.people).toBe(VERIFIED + 137);
  // andrei-c-coman lists `andrei-coman/unverified`, who has no paper in the slice.
  expect(log).toContainEqual(expect.stringMatching(/similar: entries name nobody in this corpus/));
});

test('a verified person named by id: ORCID from people.yaml, OpenReview id from the XML, the 2026 page URL', async () => {
  const p = await page('chunwei-liu');
  expect(p).toMatchObject({
    name: 'Chunwei Liu',
    verified: true,
    url: 'https://aclanthology.org/people/chunwei-liu/',
    orcid: '0000-0003-1481-2678',
    openreview: '~Chunwei_Liu1',
    disableNameMatching: false,
  });
  expect(ids(p)).toEqual(['2025.aisd-main.1']);
  expect(own(p)).toEqual([
    {
      name: 'Chunwei Liu',
      orcid: '0000-0003-1481-2678',
      openreview: '~Chunwei_Liu1',
      matchedBy: 'EXPLICIT_ID',
      author: { slug: 'chunwei-liu' },
    },
  ]);
  // Gijs Wijnholds: id= on two papers of 2025.naloma.
  expect(ids(await page('gijs-wijnholds'))).toEqual(['2025.naloma-1.2', '2025.naloma-1.4']);
});

test('a name without id goes to the one verified person whose names share its slug', async () => {
  const p = await page('roman-kyslyi');
  expect(p.verified).toBe(true);
  expect(p.orcid).toBe('0000-0002-8290-9917');
  expect(ids(p)).toEqual(
    ['2026.unlp-1.2', '2026.unlp-1.3', '2026.unlp-1.5', '2026.unlp-1.6', '2026.unlp-1.14', '2026.unlp-1.16', '2026.unlp-1.22'].sort(),
  );
  expect(new Set(own(p).map((a) => a.matchedBy))).toEqual(new Set(['SLUG']));
  // Degree from people.yaml (artem-chernodub, matched by slug on 2026.unlp-1.13).
  const a = await page('artem-chernodub');
  expect(a.degree).toBe('Institute of Mathematical Machines and Systems Problems');
  expect(ids(a)).toEqual(['2026.unlp-1.13']);
});

test('an unverified person: the pooled page of a name slug, and the Anthology’s id and URL forms resolve to it', async () => {
  const p = await page('yoshinobu-kano/unverified');
  expect(p).toMatchObject({
    slug: 'yoshinobu-kano/unverified',
    name: 'Yoshinobu Kano',
    verified: false,
    url: 'https://aclanthology.org/people/yoshinobu-kano/unverified/',
    orcid: null,
  });
  expect(ids(p)).toEqual(['2025.aiwolfdial-1.1', '2025.aiwolfdial-1.3', '2025.aiwolfdial-1.4']);
  expect(p.editedVolumes.map((v) => v.anthologyId)).toEqual(['2025.aiwolfdial-1']);
  for (const form of [
    'unverified/yoshinobu-kano',
    'https://aclanthology.org/people/yoshinobu-kano/unverified/',
    '/people/yoshinobu-kano/unverified',
  ]) {
    expect((await page(form)).slug).toBe('yoshinobu-kano/unverified');
  }
  expect((await page('https://aclanthology.org/people/chunwei-liu/')).slug).toBe('chunwei-liu');
  // The Relay id round-trips the slash.
  const r = await client.query<{ node: { slug: string } }>('query($id: ID!) { node(id: $id) { ... on Author { slug } } }', {
    id: Buffer.from('Author:yoshinobu-kano/unverified').toString('base64'),
  });
  expect(r.data?.node?.slug).toBe('yoshinobu-kano/unverified');
  // No verified person is called Yoshinobu Kano: the name-slug alone is nobody.
  // (null: a NOT_FOUND error until issue 15.3)
  const missing = await client.query('{ author(slug: "yoshinobu-kano") { slug } }');
  expect(missing).toEqual({ data: { author: null } });
});

test('a name shared by several verified people goes to the unverified person; the verified ones are similar', async () => {
  const q = await page('qing-li/unverified');
  expect(q.verified).toBe(false);
  expect(q.editedVolumes.map((v) => v.anthologyId)).toEqual(['2025.llm4medr-1']);
  expect((await page('qing-li')).similarAuthors.map((a) => a.slug).sort()).toEqual(['qing-li-473x', 'qing-li-5003']);
  expect((await page('qing-li-5003')).similarAuthors.map((a) => a.slug).sort()).toEqual(['qing-li', 'qing-li-473x']);
});

test('a disable_name_matching person is reached only by id, and is similar to the others of the slug', async () => {
  const p = await page('zhiyuan-peng-santaclara');
  expect(p).toMatchObject({
    disableNameMatching: true,
    verified: true,
    comment: 'SCU',
    orcid: '0000-0002-9870-4422',
    openreview: '~Zhiyuan_Peng1',
  });
  expect(ids(p)).toEqual(['2025.aisd-main.5']);
  expect(own(p)[0]!.matchedBy).toBe('EXPLICIT_ID');
  expect(p.similarAuthors.map((a) => a.slug)).toEqual(['zhiyuan-peng']);
  // `similar:` lists: a-pranav ↔ pranav-anand (no papers in the slice; the people still exist).
  expect((await page('a-pranav')).similarAuthors.map((a) => a.slug)).toEqual(['pranav-anand']);
  expect((await page('a-pranav')).degree).toBe('University of Hamburg');
});

async function sliceCopy(name: string, file: string, edit: (xml: string) => string): Promise<string> {
  const dir = path.join(tmp, name);
  await mkdir(path.join(dir, 'xml'), { recursive: true });
  await symlink(path.join(SLICE, 'yaml'), path.join(dir, 'yaml'));
  const text = await readFile(path.join(SLICE, 'xml', file), 'utf8');
  const edited = edit(text);
  expect(edited).not.toBe(text);
  await writeFile(path.join(dir, 'xml', file), edited);
  return dir;
}

test('names of one unverified slug pool together; the canonical name is the best by Name.score()', async () => {
  // 2025.aiwolfdial.xml with two of Yoshinobu Kano's four spellings changed: line 54 gets a
  // macron (longer, non-ASCII: scores higher), line 63 a lower-case first name (scores lower).
  const lines = (await readFile(path.join(SLICE, 'xml', '2025.aiwolfdial.xml'), 'utf8')).split('\n');
  const dir = await sliceCopy('pool', '2025.aiwolfdial.xml', () => {
    const out = [...lines];
    out[53] = out[53]!.replace('<first>Yoshinobu</first>', '<first>Yōshinobu</first>');
    out[62] = out[62]!.replace('<first>Yoshinobu</first>', '<first>yoshinobu</first>');
    return out.join('\n');
  });
  const db = await createTestDatabase();
  try {
    await importAclAnthology(db.db, dir, { quiet: true });
    const p = await page('yoshinobu-kano/unverified', createTestClient(db.db));
    expect(p.name).toBe('Yōshinobu Kano');
    expect([...p.variants].sort()).toEqual(['Yoshinobu Kano', 'yoshinobu Kano']);
    expect(ids(p)).toEqual(['2025.aiwolfdial-1.1', '2025.aiwolfdial-1.3', '2025.aiwolfdial-1.4']);
  } finally {
    await db.drop();
  }
}, 120_000);

test('a <variant> of a name (another script) becomes one of the person’s names', async () => {
  // 2025.llm4medr.xml line 34, "Yi Cai" (the verified yi-cai by slug), given a Han-script variant
  // as the ccl collections print them.
  const dir = await sliceCopy('variant', '2025.llm4medr.xml', (xml) =>
    xml.replace(
      '<author><first>Yi</first><last>Cai</last></author>',
      '<author><first>Yi</first><last>Cai</last><variant script="hani"><first>毅</first><last>蔡</last></variant></author>',
    ),
  );
  const db = await createTestDatabase();
  try {
    await importAclAnthology(db.db, dir, { quiet: true });
    const p = await page('yi-cai', createTestClient(db.db));
    expect(p.name).toBe('Yi Cai');
    expect(p.variants).toEqual(['毅 蔡']);
    expect(ids(p)).toEqual(['2025.llm4medr-1.2']);
  } finally {
    await db.drop();
  }
}, 120_000);

describe('errors of the 2026 format stop the import with file, line and rule, and write nothing', () => {
  // 2025.aisd.xml line 34: <author id="chunwei-liu" orcid="0000-0003-1481-2678" …><first>Chunwei</first><last>Liu</last>
  const LINE = 34;
  const cases: [string, (l: string) => string, RegExp][] = [
    [
      'unknown id',
      (l) => l.replace('id="chunwei-liu"', 'id="chunwei-liu-mit"'),
      /id="chunwei-liu-mit" is not defined in yaml\/people\.yaml/,
    ],
    [
      'name not listed for the id',
      (l) => l.replace('<first>Chunwei</first>', '<first>Chun-wei</first>'),
      /"Chun-wei Liu": id="chunwei-liu" is used with a name that yaml\/people\.yaml does not list/,
    ],
    [
      'ORCID mismatch',
      (l) => l.replace('orcid="0000-0003-1481-2678"', 'orcid="0000-0003-1481-2679"'),
      /orcid="0000-0003-1481-2679", but yaml\/people\.yaml has 0000-0003-1481-2678 .*must match/,
    ],
    ['ORCID without id', (l) => l.replace(' id="chunwei-liu"', ''), /orcid="0000-0003-1481-2678" without an id/],
  ];
  test.each(cases)(
    '%s',
    async (name, edit, message) => {
      const dir = await sliceCopy(name.replace(/\W+/g, '-'), '2025.aisd.xml', (xml) => {
        const lines = xml.split('\n');
        lines[LINE - 1] = edit(lines[LINE - 1]!);
        return lines.join('\n');
      });
      const db = await createTestDatabase();
      try {
        const err = await importAclAnthology(db.db, dir, { quiet: true }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ImportError);
        expect((err as ImportError).file).toBe('xml/2025.aisd.xml');
        expect((err as ImportError).line).toBe(LINE);
        expect((err as ImportError).message).toMatch(new RegExp(`^xml/2025\\.aisd\\.xml:${LINE}: <author> `));
        expect((err as ImportError).message).toMatch(message);
        const { rows } = await db.db.pool.query('SELECT (SELECT count(*)::int FROM author) AS a, (SELECT count(*)::int FROM paper) AS p');
        expect(rows[0]).toEqual({ a: 0, p: 0 });
      } finally {
        await db.drop();
      }
    },
    120_000,
  );

  /** The slice with an edited copy of people.yaml. */
  async function withPeopleYaml(name: string, edit: (yaml: string) => string): Promise<string> {
    const dir = path.join(tmp, name);
    await mkdir(path.join(dir, 'yaml'), { recursive: true });
    await cp(path.join(SLICE, 'xml'), path.join(dir, 'xml'), { recursive: true });
    await symlink(path.join(SLICE, 'yaml', 'venues'), path.join(dir, 'yaml', 'venues'));
    await symlink(path.join(SLICE, 'yaml', 'sigs'), path.join(dir, 'yaml', 'sigs'));
    const yaml = await readFile(path.join(SLICE, 'yaml', 'people.yaml'), 'utf8');
    const edited = edit(yaml);
    expect(edited).not.toBe(yaml);
    await writeFile(path.join(dir, 'yaml', 'people.yaml'), edited);
    return dir;
  }

  async function expectImportError(dir: string, message: string): Promise<void> {
    const db = await createTestDatabase();
    try {
      await expect(importAclAnthology(db.db, dir, { quiet: true })).rejects.toThrow(message);
      const { rows } = await db.db.pool.query('SELECT (SELECT count(*)::int FROM author) AS a, (SELECT count(*)::int FROM paper) AS p');
      expect(rows[0]).toEqual({ a: 0, p: 0 });
    } finally {
      await db.drop();
    }
  }

  test('people.yaml: an ORCID given to two people', async () => {
    // a-b-siddique (line 5) has 0000-0002-3587-7289; a-feder-cooper's (line 9) becomes the same.
    const dir = await withPeopleYaml('dup-orcid', (y) => y.replace('orcid: 0000-0002-4892-681X', 'orcid: 0000-0002-3587-7289'));
    await expectImportError(
      dir,
      'yaml/people.yaml:9: person "a-feder-cooper": ORCID 0000-0002-3587-7289 is already assigned to person "a-b-siddique" (ORCIDs are unique)',
    );
  }, 120_000);

  test('people.yaml: a person id listed twice', async () => {
    let line = 0;
    const dir = await withPeopleYaml('dup-id', (y) => {
      line = y.split('\n').length; // the new last line's key
      return `${y.replace(/\n$/, '')}\na-kumaran:\n  names:\n  - {first: A, last: Kumaran}\n`;
    });
    await expectImportError(dir, `yaml/people.yaml:${line}: malformed YAML: duplicated mapping key`);
  }, 120_000);
});
