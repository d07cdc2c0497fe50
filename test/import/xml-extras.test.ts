// What the Anthology's XML carries beyond titles and people, on small real collections of
// ../shared/data/acl-anthology (expected values read from those files, cited per test).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/db/local.js';
import { importAclAnthology } from '../../src/importers/acl-anthology/command.js';
import { parseCollectionXml } from '../../src/importers/acl-anthology/parse-xml.js';
import { corpusOf, databaseWithCollections } from '../helpers/corpus.js';
import type { TestDatabase } from '../helpers/database.js';
import { createTestClient, type TestClient } from '../helpers/graphql.js';

const COLLECTIONS = ['2020.amta', '2021.dialdoc', '2021.mwe', '2023.aacl', '2023.sealp', '2024.figlang', '2025.wordplay', 'J82'];

let t: TestDatabase;
let client: TestClient;
beforeAll(async () => {
  t = await databaseWithCollections(COLLECTIONS);
  client = createTestClient(t.db);
}, 300_000);
afterAll(async () => {
  await t?.drop();
});

async function query<T>(q: string): Promise<T> {
  const r = await client.query<T>(q);
  expect(r.errors).toBeUndefined();
  return r.data!;
}

test('a retraction: its date, note and revisions (2021.dialdoc.xml, paper 10)', async () => {
  const { paper } = await query<{ paper: Record<string, unknown> }>(`{ paper(anthologyId: "2021.dialdoc-1.10") {
    retracted retraction { kind date note } revisions { number date note pdfUrl } pdfUrl } }`);
  expect(paper).toEqual({
    retracted: true,
    retraction: { kind: 'RETRACTED', date: '2022-05-06', note: 'Paper was intended for the non-archival track.' },
    revisions: [
      { number: 1, date: null, note: null, pdfUrl: 'https://aclanthology.org/2021.dialdoc-1.10v1.pdf' },
      { number: 2, date: '2022-05-06', note: 'Retracted.', pdfUrl: 'https://aclanthology.org/2021.dialdoc-1.10v2.pdf' },
    ],
    pdfUrl: 'https://aclanthology.org/2021.dialdoc-1.10.pdf',
  });
});

test('a removal (2020.amta.xml, research volume, paper 1: no <url>)', async () => {
  const { paper } = await query<{ paper: Record<string, unknown> }>(`{ paper(anthologyId: "2020.amta-research.1") {
    retracted retraction { kind date note } pdfUrl } }`);
  expect(paper).toEqual({
    retracted: true,
    retraction: {
      kind: 'REMOVED',
      date: '2021-10-05',
      note: 'This paper has been removed by the Association for Machine Translation in the Americas (AMTA) due to duplication of previous scholarly work, known to the first author, without attribution.',
    },
    pdfUrl: null,
  });
});

test('retracted papers are flagged in lists and can be filtered in or out', async () => {
  const data = await query<{
    yes: { totalCount: number; edges: { node: { anthologyId: string; retracted: boolean } }[] };
    no: { totalCount: number };
    all: { totalCount: number };
  }>(
    `{ yes: papers(filter: { retracted: true }, orderBy: ANTHOLOGY_ID) { totalCount edges { node { anthologyId retracted } } }
       no: papers(filter: { retracted: false }) { totalCount }
       all: papers { totalCount } }`,
  );
  // One <retracted> (2021.dialdoc) and one <removed> (2020.amta) in these files.
  expect(data.yes.edges.map((e) => e.node)).toEqual([
    { anthologyId: '2020.amta-research.1', retracted: true },
    { anthologyId: '2021.dialdoc-1.10', retracted: true },
  ]);
  expect(data.yes.totalCount).toBe(2);
  // <paper> elements: 58 + 16 + 8 + 8 + 16 + 31 in 2020.amta, 2021.dialdoc, 2021.mwe, 2023.sealp, 2024.figlang, J82.
  expect(data.all.totalCount).toBe(137);
  expect(data.no.totalCount).toBe(135);
});

test('an erratum (2024.figlang.xml, paper 4)', async () => {
  const { paper } = await query<{ paper: Record<string, unknown> }>(
    '{ paper(anthologyId: "2024.figlang-1.4") { retracted retraction { kind } errata { number date pdfUrl } } }',
  );
  expect(paper).toEqual({
    retracted: false,
    retraction: null,
    errata: [{ number: 1, date: '2025-08-28', pdfUrl: 'https://aclanthology.org/2024.figlang-1.4e1.pdf' }],
  });
});

test('attachments and videos (2021.mwe.xml, paper 8)', async () => {
  const { paper } = await query<{ paper: Record<string, unknown> }>(
    '{ paper(anthologyId: "2021.mwe-1.8") { attachments { type fileName url } videos { url permission } errata { number } } }',
  );
  expect(paper).toEqual({
    attachments: [
      {
        type: 'OptionalSupplementaryMaterial',
        fileName: '2021.mwe-1.8.OptionalSupplementaryMaterial.pdf',
        url: 'https://aclanthology.org/attachments/2021.mwe-1.8.OptionalSupplementaryMaterial.pdf',
      },
    ],
    // <video href="2021.mwe-1.8.mp4"/>: a file name, at the library's video_location_template ({prefix}/{}).
    videos: [{ url: 'https://aclanthology.org/2021.mwe-1.8.mp4', permission: true }],
    errata: [],
  });
});

test('a volume’s publisher, address, month, ISBN, PDF and page (2025.wordplay.xml)', async () => {
  const { volume } = await query<{ volume: Record<string, unknown> }>(`{ volume(anthologyId: "2025.wordplay-1") {
    publisher address month monthText year isbn doi ingestDate url pdfUrl } }`);
  expect(volume).toEqual({
    publisher: 'Empirical Methods in Natural Language Processing (EMNLP)',
    address: 'Suzhou, China (Hybrid)',
    month: 'NOVEMBER',
    monthText: 'November',
    year: 2025,
    isbn: '979-8-89176-358-6',
    doi: '10.18653/v1/2025.wordplay-1',
    ingestDate: '2025-10-28',
    url: 'https://aclanthology.org/volumes/2025.wordplay-1/',
    pdfUrl: 'https://aclanthology.org/2025.wordplay-1.pdf',
  });
});

test('a journal issue: volume, issue and title (J82.xml, volume 1)', async () => {
  const { volume } = await query<{ volume: Record<string, unknown> }>(
    '{ volume(anthologyId: "J82-1") { type journalVolume journalIssue journalTitle papers { issue journal } } }',
  );
  expect(volume).toMatchObject({
    type: 'JOURNAL',
    journalVolume: '8',
    journalIssue: '1',
    journalTitle: 'American Journal of Computational Linguistics',
  });
  expect(new Set((volume.papers as unknown[]).map((p) => JSON.stringify(p)))).toEqual(
    new Set([JSON.stringify({ issue: null, journal: null })]),
  );
});

test('a paper’s own <journal> and <issue> (W16.xml, paper W16-3401)', () => {
  const file = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology/xml/W16.xml');
  const c = parseCollectionXml(readFileSync(file, 'utf8'), 'W16.xml');
  const p = c.volumes.find((v) => v.id === '34')!.papers.find((x) => x.number === '1')!;
  expect([p.journal, p.issue]).toEqual(['Baltic Journal of Modern Computing', '2']);
});

test('an explicit event: its meta, links and colocated volumes (2023.aacl.xml)', async () => {
  const { event } = await query<{ event: Record<string, unknown> }>(
    '{ event(id: "aacl-2023") { slug title location dates explicit url links { type url } talks { title } volumes { anthologyId } } }',
  );
  expect(event).toEqual({
    slug: 'aacl-2023',
    title:
      'The 13th International Joint Conference on Natural Language Processing and The 3rd Conference of the Asia-Pacific Chapter of the Association for Computational Linguisticss',
    location: 'Nusa Dua, Bali',
    dates: 'November 2023',
    explicit: true,
    url: 'https://aclanthology.org/events/aacl-2023/',
    links: [{ type: 'website', url: 'http://www.ijcnlp-aacl2023.org/' }],
    talks: [],
    // Of the nine <volume-id>s, only 2023.sealp-1 is among these files.
    volumes: [{ anthologyId: '2023.sealp-1' }],
  });
});

test('an event’s talks: plain-text titles, speakers, video (2024.eacl.xml, <event id="eacl-2024">)', () => {
  const file = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology/xml/2024.eacl.xml');
  const event = parseCollectionXml(readFileSync(file, 'utf8'), '2024.eacl.xml').event!;
  expect(event.id).toBe('eacl-2024');
  expect(event.links).toEqual([
    { type: 'website', url: 'https://2024.eacl.org' },
    { type: 'handbook', url: '2024.eacl.handbook.pdf' },
  ]);
  expect(event.talks).toHaveLength(7);
  expect(event.talks[0]).toEqual({
    title: 'Karen Spärck Jones Award Lecture: Human vs. Generative AI in Content Creation Competition: Symbiosis or Conflict?',
    speakers: [{ first: 'Hongning', last: 'Wang' }],
    links: [{ type: 'video', url: '2024.eacl.invited.mp4' }],
  });
  expect(event.talks[3]).toEqual({
    title: 'Opening Session',
    speakers: [
      { first: 'Michael', last: 'Strube' },
      { first: 'Matthew', last: 'Purver' },
      { first: 'Claudia', last: 'Borg' },
      { first: 'Haiming', last: 'Liu' },
    ],
    links: [{ type: 'video', url: '2024.eacl.opening-session.mp4' }],
  });
});

test('inferred events {venue}-{year}, and a volume’s events (2023.sealp.xml: venues sealp and ws)', async () => {
  const { volume, event } = await query<{ volume: { events: { slug: string; explicit: boolean }[] }; event: Record<string, unknown> }>(
    `{ volume(anthologyId: "2023.sealp-1") { events { slug explicit } }
       event(id: "sealp-2023") { title explicit location volumes { anthologyId } } }`,
  );
  const { paper } = await query<{ paper: { events: { slug: string }[] } }>('{ paper(anthologyId: "2023.sealp-1.1") { events { slug } } }');
  expect(paper.events.map((e) => e.slug)).toEqual(['aacl-2023', 'sealp-2023', 'ws-2023']);
  expect(volume.events).toEqual([
    { slug: 'aacl-2023', explicit: true },
    { slug: 'sealp-2023', explicit: false },
    { slug: 'ws-2023', explicit: false },
  ]);
  // yaml/venues/sealp.yaml: name "Workshop in South East Asian Language Processing".
  expect(event).toEqual({
    title: 'Workshop in South East Asian Language Processing (2023)',
    explicit: false,
    location: null,
    volumes: [{ anthologyId: '2023.sealp-1' }],
  });
  const { venue } = await query<{ venue: { events: { slug: string }[] } }>('{ venue(slug: "sealp") { events { slug } } }');
  expect(venue.events.map((e) => e.slug).sort()).toEqual(['aacl-2023', 'sealp-2023', 'ws-2023']);
});

// A NOT_FOUND error until issue 15.3: missing is null now.
test('an unknown event or SIG is null', async () => {
  expect(await client.query('{ event(id: "nope-1999") { slug } }')).toEqual({ data: { event: null } });
  expect(await client.query('{ sig(slug: "nope") { slug } }')).toEqual({ data: { sig: null } });
});

test('SIGs: yaml/sigs/siglex.yaml lists 2021.mwe-1', async () => {
  const { sig, volume } = await query<{ sig: Record<string, unknown>; volume: { sigs: { slug: string }[] } }>(
    `{ sig(slug: "siglex") { slug acronym name volumes { anthologyId } }
       volume(anthologyId: "2021.mwe-1") { sigs { slug } } }`,
  );
  expect(sig).toEqual({
    slug: 'siglex',
    acronym: 'SIGLEX',
    name: 'Special Interest Group on the Lexicon (SIGLEX)',
    volumes: [{ anthologyId: '2021.mwe-1' }],
  });
  expect(volume.sigs).toEqual([{ slug: 'siglex' }]);
  const { sigs } = await query<{ sigs: { slug: string }[] }>('{ sigs { slug } }');
  expect(sigs.map((s) => s.slug)).toContain('sigdat');
});

test('the current format: <pdf> names the file by the id, <sig> in <meta> (2026 slice, 2025.aiwolfdial.xml)', () => {
  const file = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology-2026/xml/2025.aiwolfdial.xml');
  const c = parseCollectionXml(readFileSync(file, 'utf8'), '2025.aiwolfdial.xml');
  const v = c.volumes[0]!;
  // <meta> … <pdf hash="98655554"/> <sig>siggen</sig>
  expect(v.sigs.map((s) => s.slug)).toEqual(['siggen']);
  expect(v.pdf).toBe(true);
  expect(v.papers.every((p) => p.pdf && p.url === undefined)).toBe(true);
});

test('no N+1: the same SQL statements for 2 and for 100 papers with their events, SIGs and extras', async () => {
  const q = `query($first: Int!, $filter: PaperFilter) { papers(first: $first, filter: $filter, orderBy: ANTHOLOGY_ID) { edges { node { anthologyId retracted
    retraction { kind } errata { number } revisions { number } attachments { url } videos { url } events { slug }
    volume { anthologyId sigs { slug volumes { anthologyId } } events { slug links { url } volumes { anthologyId events { slug } } } } } } } }`;
  const run = async (first: number, filter?: object) => {
    const { result, statements } = await client.countStatements(() => client.query(q, { first, filter }));
    expect(result.errors).toBeUndefined();
    return { size: JSON.stringify(result.data).length, statements: statements.length };
  };
  // The small answer reaches every nested list too: 2021.mwe-1 is a SIG's volume (siglex).
  const small = await run(2, { volume: '2021.mwe-1' });
  const large = await run(100);
  expect(large.size).toBeGreaterThan(small.size * 3);
  expect(large.statements).toBe(small.statements);
});

test('no N+1: SIGs and venues with their volumes and events, 1 vs 100 venues', async () => {
  const q = `query($first: Int!, $after: String) { sigs { slug volumes { anthologyId events { slug } } }
    venues(first: $first, after: $after) { edges { node { slug events { slug volumes { anthologyId sigs { slug } } } } } } }`;
  // Start at "amta" (2020.amta's venue), so that the one-venue page reaches every nested list.
  const { rows } = await t.db.pool.query<{ slug: string }>('SELECT slug FROM venue ORDER BY slug');
  const after = Buffer.from(`GPC:S:${rows[rows.findIndex((r) => r.slug === 'amta') - 1]!.slug}`).toString('base64');
  const run = async (first: number) => {
    const { result, statements } = await client.countStatements(() =>
      client.query<{ venues: { edges: { node: { events: unknown[] } }[] } }>(q, { first, after }),
    );
    expect(result.errors).toBeUndefined();
    return { venues: result.data!.venues.edges.filter((e) => e.node.events.length).length, statements: statements.length };
  };
  const one = await run(1);
  const many = await run(100);
  expect(one.venues).toBe(1);
  expect(many.venues).toBeGreaterThan(1);
  expect(many.statements).toBe(one.statements);
});

test('re-importing (the merge path) keeps events, SIGs and extras exactly', async () => {
  const snapshot = async () => {
    const { rows } = await t.db.pool.query(`SELECT
      (SELECT json_agg(json_build_array(slug, title, location, dates, explicit, links) ORDER BY slug) FROM event) AS events,
      (SELECT json_agg(json_build_array(e.slug, v.anthology_id, ev.inferred) ORDER BY e.slug, v.anthology_id)
         FROM event_volume ev JOIN event e ON e.id = ev.event_id JOIN volume v ON v.id = ev.volume_id) AS event_volumes,
      (SELECT json_agg(json_build_array(anthology_id, deletion_type, deletion_date, deletion_note, extra) ORDER BY anthology_id)
         FROM paper WHERE deletion_type IS NOT NULL OR extra IS NOT NULL) AS papers,
      (SELECT count(*)::int FROM volume_sig) AS volume_sigs`);
    return rows[0];
  };
  const before = await snapshot();
  expect(before.events.length).toBeGreaterThan(5);
  const corpus = await corpusOf(COLLECTIONS);
  try {
    await importAclAnthology(t.db, corpus.dir, { quiet: true });
  } finally {
    await corpus.remove();
  }
  expect(await snapshot()).toEqual(before);
  // And from a smaller corpus: what is gone goes (events, their links, papers' extras).
  const smaller = await corpusOf(['2021.mwe']);
  try {
    await importAclAnthology(t.db, smaller.dir, { quiet: true });
  } finally {
    await smaller.remove();
  }
  const after = await snapshot();
  expect(after.events.map((e: unknown[]) => e[0])).toEqual(['mwe-2021']);
  expect(after.event_volumes).toEqual([['mwe-2021', '2021.mwe-1', true]]);
  expect(after.volume_sigs).toBe(1);
  expect(after.papers.map((p: unknown[]) => p[0])).toEqual(['2021.mwe-1.6', '2021.mwe-1.8']);
}, 300_000);
