// splitAuthor and reassignAuthorship on a real conflated page: the two people named
// Lei Li on 2024.emnlp-main.64 (authors 2 and 12) carry different ORCIDs; the one at
// the University of Hong Kong is also the first author of 2024.emnlp-main.358.
import type { AuthorPageChange } from '../../src/corrections/preview.js';
import { curationServer, dataState } from '../helpers/corrections.js';
import { databaseWithCollections } from '../helpers/corpus.js';

const f = curationServer(() => databaseWithCollections(['2024.emnlp']));

const PAYLOAD = /* GraphQL */ `
  correction { number kind curator input before after authorSlugs status }
  dryRun
  preview { slug existsBefore existsAfter paperCountBefore paperCountAfter coauthorsAdded coauthorsRemoved }
  authors { slug paperCount orcid orcids }
  errors { code message field }
`;

const SPLIT = /* GraphQL */ `mutation Split($input: SplitAuthorInput!) { splitAuthor(input: $input) { ${PAYLOAD} } }`;
const REASSIGN = /* GraphQL */ `mutation Reassign($input: ReassignAuthorshipInput!) { reassignAuthorship(input: $input) { ${PAYLOAD} } }`;
const REVERT = /* GraphQL */ `mutation Revert($input: RevertCorrectionInput!) { revertCorrection(input: $input) { ${PAYLOAD} } }`;

interface Payload {
  correction: {
    number: number;
    kind: string;
    curator: string;
    input: unknown;
    before: unknown;
    after: unknown;
    authorSlugs: string[];
    status: string;
  } | null;
  dryRun: boolean;
  preview: AuthorPageChange[];
  authors: { slug: string; paperCount: number; orcid: string | null; orcids: string[] }[];
  errors: { code: string; message: string; field: string[] }[];
}

async function mutate(query: string, input: Record<string, unknown>): Promise<Payload> {
  const response = await f.gql<Record<string, Payload>>(query, { input }, f.token);
  expect(response.errors).toBeUndefined();
  return Object.values(response.data!)[0]!;
}

const HKU = { paper: '2024.emnlp-main.64', position: 2 };
const HKU_358 = { paper: '2024.emnlp-main.358', position: 1 };
const SPLIT_INPUT = {
  author: 'lei-li',
  authorships: [HKU, HKU_358],
  newAuthor: { slug: 'lei-li-hku', name: 'Lei Li', orcid: '0009-0008-6984-5104', comment: 'University of Hong Kong' },
};

test('the page mixes two people: both Lei Li slots of 2024.emnlp-main.64 are on lei-li, with both ORCIDs', async () => {
  const { data } = await f.gql<{
    paper: { authorships: { position: number; name: string; orcid: string | null; author: { slug: string } }[] };
  }>(`{ paper(anthologyId: "2024.emnlp-main.64") { authorships { position name orcid author { slug } } } }`);
  const leiLis = data!.paper.authorships.filter((a) => a.name === 'Lei Li');
  expect(leiLis).toEqual([
    { position: 2, name: 'Lei Li', orcid: '0009-0008-6984-5104', author: { slug: 'lei-li' } },
    { position: 12, name: 'Lei Li', orcid: '0000-0003-3095-9776', author: { slug: 'lei-li' } },
  ]);
  const author = await f.gql<{ author: { orcids: string[] } }>(`{ author(slug: "lei-li") { orcids } }`);
  expect(author.data!.author.orcids).toEqual(expect.arrayContaining(['0009-0008-6984-5104', '0000-0003-3095-9776']));
});

test('dryRun previews the split and writes nothing', async () => {
  const before = await dataState(f.t.db);
  const payload = await mutate(SPLIT, { ...SPLIT_INPUT, dryRun: true });
  expect(payload.errors).toEqual([]);
  expect(payload.dryRun).toBe(true);
  expect(payload.correction).toBeNull();
  const [leiLi, hku] = payload.preview;
  // The CMU Lei Li keeps 2024.emnlp-main.64, now written with the other Lei Li.
  expect(leiLi).toMatchObject({ slug: 'lei-li', existsBefore: true, existsAfter: true, coauthorsAdded: ['lei-li-hku'] });
  expect(leiLi!.paperCountAfter).toBe(leiLi!.paperCountBefore - 1);
  expect(leiLi!.coauthorsRemoved).toEqual(expect.arrayContaining(['zhihui-xie', 'lingpeng-kong']));
  expect(leiLi!.coauthorsRemoved).not.toContain('qingxiu-dong');
  expect(hku).toEqual({
    slug: 'lei-li-hku',
    existsBefore: false,
    existsAfter: true,
    paperCountBefore: 0,
    paperCountAfter: 2,
    coauthorsAdded: expect.arrayContaining(['qingxiu-dong', 'lei-li', 'zhifang-sui', 'zhihui-xie', 'lingpeng-kong']),
    coauthorsRemoved: [],
  });
  expect(hku!.coauthorsAdded).toHaveLength(12 + 9);
  expect(await dataState(f.t.db)).toEqual(before);
  expect((await f.t.db.pool.query('SELECT 1 FROM correction')).rowCount).toBe(0);
});

test('each bad split input is a typed error naming the field, and writes nothing', async () => {
  const before = await dataState(f.t.db);
  const cases: [Record<string, unknown>, string, string[], RegExp][] = [
    [{ ...SPLIT_INPUT, author: 'no-such-person' }, 'NOT_FOUND', ['author'], /No author with slug "no-such-person"/],
    [
      { ...SPLIT_INPUT, newAuthor: { ...SPLIT_INPUT.newAuthor, slug: 'qingxiu-dong' } },
      'SLUG_TAKEN',
      ['newAuthor', 'slug'],
      /already taken/,
    ],
    [
      { ...SPLIT_INPUT, newAuthor: { ...SPLIT_INPUT.newAuthor, slug: 'Lei Li' } },
      'INVALID_INPUT',
      ['newAuthor', 'slug'],
      /not a valid slug/,
    ],
    [
      { ...SPLIT_INPUT, newAuthor: { ...SPLIT_INPUT.newAuthor, orcid: '0009-0008-6984-510' } },
      'INVALID_INPUT',
      ['newAuthor', 'orcid'],
      /not an ORCID iD/,
    ],
    [
      { ...SPLIT_INPUT, newAuthor: { ...SPLIT_INPUT.newAuthor, orcid: '0009-0008-6984-5105' } },
      'INVALID_INPUT',
      ['newAuthor', 'orcid'],
      /check digit should be 4/,
    ],
    [{ ...SPLIT_INPUT, authorships: [] }, 'INVALID_INPUT', ['authorships'], /at least one/],
    [
      { ...SPLIT_INPUT, authorships: [{ paper: '2024.emnlp-main.64', position: 1 }] },
      'INVALID_INPUT',
      ['authorships', '0'],
      /\(Qingxiu Dong\) is on qingxiu-dong, not on lei-li/,
    ],
    [{ ...SPLIT_INPUT, authorships: [HKU, HKU] }, 'INVALID_INPUT', ['authorships', '1'], /listed twice/],
    [
      { ...SPLIT_INPUT, authorships: [{ paper: '2024.emnlp-main.64', position: 40 }] },
      'NOT_FOUND',
      ['authorships', '0'],
      /no author 40 of 2024.emnlp-main.64/,
    ],
    [{ ...SPLIT_INPUT, authorships: [{ paper: 'nope', position: 1 }] }, 'NOT_FOUND', ['authorships', '0'], /no author 1 of nope/],
    [
      { ...SPLIT_INPUT, authorships: [{ paper: '2024.emnlp-main.64', volume: '2024.emnlp-main', position: 1 }] },
      'INVALID_INPUT',
      ['authorships', '0'],
      /not both/,
    ],
    [
      { ...SPLIT_INPUT, authorships: [{ paper: '2024.emnlp-main.64', position: 0 }] },
      'INVALID_INPUT',
      ['authorships', '0', 'position'],
      /start at 1/,
    ],
  ];
  for (const [input, code, field, message] of cases) {
    const payload = await mutate(SPLIT, input);
    expect({ input, code: payload.errors[0]?.code, field: payload.errors[0]?.field }).toEqual({ input, code, field });
    expect(payload.errors[0]!.message).toMatch(message);
    expect(payload.correction).toBeNull();
  }
  expect(await dataState(f.t.db)).toEqual(before);
});

test('splitAuthor moves the slot to a new person, links them as similar names, sorts out the ORCIDs; revert undoes it exactly', async () => {
  const before = await dataState(f.t.db);
  const payload = await mutate(SPLIT, SPLIT_INPUT);
  expect(payload.errors).toEqual([]);
  expect(payload.correction).toMatchObject({
    kind: 'SPLIT_AUTHOR',
    curator: 'alice',
    authorSlugs: ['lei-li', 'lei-li-hku'],
    status: 'IN_FORCE',
  });
  const hku = payload.authors.find((a) => a.slug === 'lei-li-hku')!;
  expect(hku).toEqual({ slug: 'lei-li-hku', paperCount: 2, orcid: '0009-0008-6984-5104', orcids: ['0009-0008-6984-5104'] });
  expect(payload.authors.find((a) => a.slug === 'lei-li')!.orcids).not.toContain('0009-0008-6984-5104');

  const page = await f.gql<{
    author: {
      name: string;
      comment: string;
      similarAuthors: { slug: string }[];
      papers: {
        edges: { node: { anthologyId: string; authorships: { position: number; matchedBy: string; author: { slug: string } }[] } }[];
      };
    };
  }>(
    `{ author(slug: "lei-li-hku") { name comment similarAuthors { slug }
       papers(first: 5) { edges { node { anthologyId authorships { position matchedBy author { slug } } } } } } }`,
  );
  const author = page.data!.author;
  expect(author).toMatchObject({ name: 'Lei Li', comment: 'University of Hong Kong', similarAuthors: [{ slug: 'lei-li' }] });
  expect(author.papers.edges.map((e) => e.node.anthologyId)).toEqual(['2024.emnlp-main.64', '2024.emnlp-main.358']);
  const slots = author.papers.edges[0]!.node.authorships;
  expect(slots[1]).toEqual({ position: 2, matchedBy: 'CORRECTION', author: { slug: 'lei-li-hku' } });
  expect(slots[11]).toMatchObject({ position: 12, author: { slug: 'lei-li' } });

  const merge = await f.gql<{ mergeAuthors: { errors: { code: string; message: string }[] } }>(
    `mutation { mergeAuthors(input: { keep: "lei-li", remove: "lei-li-hku" }) { errors { code message } } }`,
    {},
    f.token,
  );
  expect(merge.data!.mergeAuthors.errors[0]).toEqual({
    code: 'INVALID_INPUT',
    message: `lei-li-hku was created by a split (correction ${payload.correction!.number}): revert that instead.`,
  });

  const reverted = await mutate(REVERT, { correction: String(payload.correction!.number) });
  expect(reverted.errors).toEqual([]);
  expect(reverted.correction).toMatchObject({ kind: 'REVERT', authorSlugs: ['lei-li', 'lei-li-hku'] });
  expect(await dataState(f.t.db)).toEqual(before);
  const status = await f.gql<{ correction: { status: string; revertedBy: { number: number } } }>(
    `{ correction(number: ${payload.correction!.number}) { status revertedBy { number } } }`,
  );
  expect(status.data!.correction).toEqual({ status: 'REVERTED', revertedBy: { number: reverted.correction!.number } });

  const again = await mutate(REVERT, { correction: String(payload.correction!.number) });
  expect(again.errors[0]).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already reverted/) });
  const ofRevert = await mutate(REVERT, { correction: String(reverted.correction!.number) });
  expect(ofRevert.errors[0]).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/is a revert/) });
});

test('reassignAuthorship moves one slot; validation; revert refuses once the slot moved on, then undoes exactly', async () => {
  const before = await dataState(f.t.db);
  const bad: [Record<string, unknown>, string, string[]][] = [
    [{ authorship: HKU, toAuthor: 'nobody-at-all' }, 'NOT_FOUND', ['toAuthor']],
    [{ authorship: HKU, toAuthor: 'lei-li' }, 'NO_CHANGE', ['toAuthor']],
    [{ authorship: { volume: '2024.emnlp-main', position: 99 }, toAuthor: 'lei-li' }, 'NOT_FOUND', ['authorship']],
  ];
  for (const [input, code, field] of bad) {
    const payload = await mutate(REASSIGN, input);
    expect({ code: payload.errors[0]?.code, field: payload.errors[0]?.field }).toEqual({ code, field });
  }
  expect(await dataState(f.t.db)).toEqual(before);

  const moved = await mutate(REASSIGN, { authorship: HKU, toAuthor: 'zhifang-sui' });
  expect(moved.errors).toEqual([]);
  expect(moved.correction!.before).toMatchObject({ author: 'lei-li', name: 'Lei Li', matchedBy: 'SLUG' });
  expect(moved.preview.find((p) => p.slug === 'zhifang-sui')).toMatchObject({ paperCountAfter: expect.any(Number) });
  const second = await mutate(REASSIGN, { authorship: HKU, toAuthor: 'qingxiu-dong' });
  expect(second.errors).toEqual([]);

  const refused = await mutate(REVERT, { correction: String(moved.correction!.number) });
  expect(refused.errors[0]).toMatchObject({
    code: 'CONFLICT',
    message: 'author 2 of 2024.emnlp-main.64 is no longer on zhifang-sui; it was changed since.',
  });
  expect((await mutate(REVERT, { correction: String(second.correction!.number) })).errors).toEqual([]);
  expect((await mutate(REVERT, { correction: String(moved.correction!.number) })).errors).toEqual([]);
  expect(await dataState(f.t.db)).toEqual(before);
});

test('revertCorrection takes the Relay id as well, and names a bad one', async () => {
  const payload = await mutate(REVERT, { correction: 'not-an-id' });
  expect(payload.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['correction'] });
  const missing = await mutate(REVERT, { correction: '999999' });
  expect(missing.errors[0]).toMatchObject({ code: 'NOT_FOUND', message: 'No correction 999999.' });
});

// Issue 15.1: the slot's paper or volume and the correction to revert are @oneOf inputs
// (`of: { paper | volume }`, `target: { id | number }`); the old fields still work (above).
test('the @oneOf shapes: `of` names the slot, `target` the correction; mixing old and new is refused', async () => {
  const before = await dataState(f.t.db);
  const moved = await mutate(REASSIGN, { authorship: { of: { paper: HKU.paper }, position: HKU.position }, toAuthor: 'zhifang-sui' });
  expect(moved.errors).toEqual([]);
  expect(moved.correction!.input).toEqual({
    authorship: { paper: HKU.paper, volume: null, position: HKU.position },
    toAuthor: 'zhifang-sui',
  });
  expect(moved.correction!.before).toMatchObject({ author: 'lei-li', name: 'Lei Li' });
  const { data } = await f.gql<{ correction: { id: string } }>(`query ($n: Int!) { correction(number: $n) { id } }`, {
    n: moved.correction!.number,
  });
  expect((await mutate(REVERT, { target: { id: data!.correction.id }, dryRun: true })).errors).toEqual([]);
  expect((await mutate(REVERT, { target: { number: moved.correction!.number } })).errors).toEqual([]);
  expect(await dataState(f.t.db)).toEqual(before);

  const mixed = await mutate(REASSIGN, {
    authorship: { of: { paper: HKU.paper }, paper: HKU.paper, position: 2 },
    toAuthor: 'zhifang-sui',
  });
  expect(mixed.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['authorship'] });
  const both = await mutate(REVERT, { target: { number: moved.correction!.number }, correction: String(moved.correction!.number) });
  expect(both.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['target'] });
  const neither = await mutate(REVERT, {});
  expect(neither.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['target'] });
  expect(await dataState(f.t.db)).toEqual(before);

  // Two keys in a @oneOf input: graphql-js refuses the variables before anything runs.
  for (const [query, input] of [
    [REASSIGN, { authorship: { of: { paper: HKU.paper, volume: '2024.emnlp-main' }, position: 2 }, toAuthor: 'zhifang-sui' }],
    [REVERT, { target: { id: 'x', number: 1 } }],
  ] as const) {
    const response = await f.gql(query, { input }, f.token);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.data ?? null).toBeNull();
  }
  expect(await dataState(f.t.db)).toEqual(before);
});
