// Root lookups by public key (issue 15, parts 1–3): `author(by:)` and `paper(by:)` take
// @oneOf inputs (the old arguments still work, deprecated); `authorsBy` and `papersBy`
// answer a batch in the order asked, null where nothing matches, in one statement per
// kind, priced like as many single lookups; a key that matches nothing is null, not an
// error. Data: the real collection J17 (Computational Linguistics 2017, whose DOIs the
// Anthology prints in upper and lower case: `10.1162/COLI_a_00273` for J17-1001, by
// Claire Gardent and Laura Perez-Beltrachini) and the shared name_variants.yaml
// (Anthony Hughes, `anthony-hughes`, ORCID 0009-0003-4065-1094); a merge made through
// the real mutation gives a merged slug.
import { parse } from 'graphql';
import { DEFAULT_MAX_IDS, queryCost } from '../src/http/limits.js';
import { schema } from '../src/schema/index.js';
import { curationServer } from './helpers/corrections.js';
import { databaseWithCollections } from './helpers/corpus.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';

const f = curationServer(() => databaseWithCollections(['J17']));
let client: TestClient;
let unlimited: TestClient;
beforeAll(async () => {
  client = createTestClient(f.t.db);
  unlimited = createTestClient(f.t.db, { limits: { maxDepth: 0, maxCost: 0, maxAliases: 0, maxDirectives: 0, maxIds: 0 } });
  // Laura Perez-Beltrachini's slug is merged into Claire Gardent's (a curator's correction).
  const merged = await f.gql<{ mergeAuthors: { errors: unknown[] } }>(
    `mutation { mergeAuthors(input: { keep: "claire-gardent", remove: "laura-perez-beltrachini" }) { errors { code message } } }`,
    {},
    f.token,
  );
  expect(merged.data?.mergeAuthors.errors).toEqual([]);
});

const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

describe('@oneOf lookups', () => {
  test('author(by:) finds a person by slug, by page URL, by merged slug and by ORCID', async () => {
    const r = await client.query(`{
      bySlug: author(by: { slug: "claire-gardent" }) { slug }
      byUrl: author(by: { slug: "https://aclanthology.org/people/c/claire-gardent/" }) { slug }
      byMerged: author(by: { slug: "laura-perez-beltrachini" }) { slug }
      byOrcid: author(by: { orcid: "0009-0003-4065-1094" }) { slug }
    }`);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      bySlug: { slug: 'claire-gardent' },
      byUrl: { slug: 'claire-gardent' },
      byMerged: { slug: 'claire-gardent' },
      byOrcid: { slug: 'anthony-hughes' },
    });
  });

  test('paper(by:) finds a paper by anthology id and by DOI in any case or as a doi.org URL', async () => {
    const r = await client.query(`{
      byId: paper(by: { anthologyId: "J17-1001" }) { anthologyId doi }
      asPrinted: paper(by: { doi: "10.1162/COLI_a_00273" }) { anthologyId }
      lower: paper(by: { doi: "10.1162/coli_a_00273" }) { anthologyId }
      url: paper(by: { doi: "https://doi.org/10.1162/COLI_A_00273" }) { anthologyId }
    }`);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      byId: { anthologyId: 'J17-1001', doi: '10.1162/COLI_a_00273' },
      asPrinted: { anthologyId: 'J17-1001' },
      lower: { anthologyId: 'J17-1001' },
      url: { anthologyId: 'J17-1001' },
    });
  });

  test('the deprecated arguments still work, and are marked deprecated', async () => {
    const r = await client.query(`{
      a: author(slug: "claire-gardent") { slug }
      b: author(orcid: "0009-0003-4065-1094") { slug }
      p: paper(anthologyId: "J17-1001") { anthologyId }
      d: paper(doi: "10.1162/coli_a_00273") { anthologyId }
    }`);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      a: { slug: 'claire-gardent' },
      b: { slug: 'anthony-hughes' },
      p: { anthologyId: 'J17-1001' },
      d: { anthologyId: 'J17-1001' },
    });
    const args = (field: string) => schema.getQueryType()!.getFields()[field]!.args;
    for (const [field, names] of [
      ['author', ['slug', 'orcid']],
      ['paper', ['anthologyId', 'doi']],
    ] as const) {
      for (const name of names) expect(args(field).find((a) => a.name === name)?.deprecationReason).toMatch(/by:/);
    }
  });

  test('every "exactly one of" input is @oneOf', () => {
    for (const name of ['AuthorBy', 'PaperBy', 'AuthorKeys', 'PaperKeys', 'CorrectionRef', 'SlotHolderInput']) {
      expect({ name, isOneOf: (schema.getType(name) as { isOneOf?: boolean } | undefined)?.isOneOf }).toEqual({ name, isOneOf: true });
    }
  });

  test('two keys, no key or a null key in a literal: refused by validation (GRAPHQL_VALIDATION_FAILED)', async () => {
    for (const by of ['{ slug: "claire-gardent", orcid: "0009-0003-4065-1094" }', '{}', '{ slug: null }']) {
      const r = await client.query(`{ author(by: ${by}) { slug } }`);
      expect({ by, code: code(r), data: r.data ?? null }).toEqual({ by, code: 'GRAPHQL_VALIDATION_FAILED', data: null });
      expect(r.errors![0]!.message).toMatch(/OneOf|must be non-null/);
    }
  });

  test('two keys or none in a variable: refused before execution (BAD_USER_INPUT)', async () => {
    for (const by of [{ slug: 'claire-gardent', orcid: '0009-0003-4065-1094' }, {}, { slug: null }]) {
      const r = await client.query(`query ($by: AuthorBy) { author(by: $by) { slug } }`, { by });
      expect({ by, code: code(r), data: r.data ?? null }).toEqual({ by, code: 'BAD_USER_INPUT', data: null });
      // graphql-js's variable coercion (so on graphql-jit's path too: see src/http/jit.ts).
      expect(r.errors![0]!.message).toMatch(/^Variable "\$by" got invalid value/);
    }
    const papers = await client.query(`query ($by: PaperKeys!) { papersBy(by: $by) { anthologyId } }`, {
      by: { anthologyIds: ['J17-1001'], dois: ['10.1162/COLI_a_00273'] },
    });
    expect(code(papers)).toBe('BAD_USER_INPUT');
  });

  test('`by` together with a deprecated argument, or no key at all: BAD_USER_INPUT', async () => {
    for (const args of ['by: { slug: "claire-gardent" }, slug: "claire-gardent"', '']) {
      const r = await client.query(`{ author${args ? `(${args})` : ''} { slug } }`);
      expect({ args, code: code(r), author: r.data?.author ?? null }).toEqual({ args, code: 'BAD_USER_INPUT', author: null });
    }
  });

  test('a malformed ORCID or DOI is bad input (the ORCID and DOI scalars; the deprecated arguments name themselves)', async () => {
    const orcid = await client.query(`{ author(by: { orcid: "0009-0003-4065" }) { slug } }`);
    expect(orcid.errors![0]!).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/"0009-0003-4065" is not an ORCID iD/),
    });
    const doi = await client.query(`{ paper(by: { doi: "COLI_a_00273" }) { anthologyId } }`);
    expect(doi.errors![0]!).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/"COLI_a_00273" is not a DOI/),
    });
    const legacy = await client.query(`{ author(orcid: "0009-0003-4065") { slug } }`);
    expect(legacy.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'orcid' });
  });
});

describe('missing is null', () => {
  test('every nullable root lookup answers null for an unknown key, without an error', async () => {
    const r = await client.query(`{
      author(by: { slug: "no-such-person" }) { slug }
      orcid: author(by: { orcid: "0000-0002-1825-0097" }) { slug }
      paper(by: { anthologyId: "J17-9999" }) { anthologyId }
      doi: paper(by: { doi: "10.1162/COLI_a_99999" }) { anthologyId }
      venue(slug: "no-such-venue") { slug }
      volume(anthologyId: "J17-9") { anthologyId }
      event(id: "no-such-event") { slug }
      sig(slug: "no-such-sig") { slug }
      correction(number: 999999) { number }
    }`);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      author: null,
      orcid: null,
      paper: null,
      doi: null,
      venue: null,
      volume: null,
      event: null,
      sig: null,
      correction: null,
    });
  });
});

describe('batch lookups', () => {
  const AUTHORS = `query ($by: AuthorKeys!) { authorsBy(by: $by) { slug } }`;
  const PAPERS = `query ($by: PaperKeys!) { papersBy(by: $by) { anthologyId } }`;

  test('authorsBy answers in the order asked, null where nobody matches, repeats included', async () => {
    const slugs = ['laura-perez-beltrachini', 'nobody-here', 'claire-gardent', 'rocco-tripodi', 'claire-gardent'];
    const r = await client.query(AUTHORS, { by: { slugs } });
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      authorsBy: [{ slug: 'claire-gardent' }, null, { slug: 'claire-gardent' }, { slug: 'rocco-tripodi' }, { slug: 'claire-gardent' }],
    });
    const orcids = await client.query(AUTHORS, { by: { orcids: ['0000-0002-1825-0097', '0009-0003-4065-1094'] } });
    expect(orcids.data).toEqual({ authorsBy: [null, { slug: 'anthony-hughes' }] });
  });

  test('papersBy answers in the order asked; DOIs match in any ASCII case', async () => {
    const ids = await client.query(PAPERS, { by: { anthologyIds: ['J17-1002', 'J17-0000', 'J17-1001'] } });
    expect(ids.data).toEqual({ papersBy: [{ anthologyId: 'J17-1002' }, null, { anthologyId: 'J17-1001' }] });
    const dois = await client.query(PAPERS, {
      by: { dois: ['10.1162/coli_a_00273', '10.1162/COLI_a_99999', 'https://doi.org/10.1162/COLI_A_00284'] },
    });
    expect(dois.data).toEqual({ papersBy: [{ anthologyId: 'J17-1001' }, null, { anthologyId: 'J17-2001' }] });
  });

  test('batch and single lookups agree, key by key (merged slug and DOIs of another case included)', async () => {
    const slugs = ['claire-gardent', 'laura-perez-beltrachini', 'https://aclanthology.org/people/rocco-tripodi/', 'nobody-here'];
    const orcids = ['0009-0003-4065-1094', '0000-0001-5717-4210', '0000-0002-1825-0097'];
    const dois = ['10.1162/COLI_a_00273', '10.1162/coli_a_00273', '10.1162/COLI_A_00284', '10.1162/COLI_a_99999'];
    const anthologyIds = ['J17-1001', 'J17-2001', 'J17-0000'];
    const batch = await client.query<{ s: unknown[]; o: unknown[]; d: unknown[]; i: unknown[] }>(
      `query ($slugs: [String!], $orcids: [ORCID!], $dois: [DOI!], $ids: [String!]) {
        s: authorsBy(by: { slugs: $slugs }) { slug }
        o: authorsBy(by: { orcids: $orcids }) { slug }
        d: papersBy(by: { dois: $dois }) { anthologyId }
        i: papersBy(by: { anthologyIds: $ids }) { anthologyId }
      }`,
      { slugs, orcids, dois, ids: anthologyIds },
    );
    expect(batch.errors).toBeUndefined();
    const single = async (field: string, key: string, type: string, value: string, select: string) =>
      (await client.query<Record<string, unknown>>(`query ($v: ${type}!) { x: ${field}(by: { ${key}: $v }) { ${select} } }`, { v: value }))
        .data!.x;
    const expected = {
      s: await Promise.all(slugs.map((v) => single('author', 'slug', 'String', v, 'slug'))),
      o: await Promise.all(orcids.map((v) => single('author', 'orcid', 'ORCID', v, 'slug'))),
      d: await Promise.all(dois.map((v) => single('paper', 'doi', 'DOI', v, 'anthologyId'))),
      i: await Promise.all(anthologyIds.map((v) => single('paper', 'anthologyId', 'String', v, 'anthologyId'))),
    };
    expect(batch.data).toEqual(expected);
    // Not vacuous: each kind found something and missed something.
    for (const list of Object.values(expected)) {
      expect(list).toContainEqual(null);
      expect(list.some((x) => x !== null)).toBe(true);
    }
  });

  test('one SQL statement per batch, whatever its length', async () => {
    for (const [query, by] of [
      [AUTHORS, { slugs: ['claire-gardent', 'laura-perez-beltrachini', 'rocco-tripodi', 'nobody-here'] }],
      [AUTHORS, { orcids: ['0009-0003-4065-1094', '0000-0001-5717-4210'] }],
      [PAPERS, { anthologyIds: ['J17-1001', 'J17-1002', 'J17-2001', 'J17-0000'] }],
      [PAPERS, { dois: ['10.1162/coli_a_00273', '10.1162/COLI_A_00284', '10.1162/COLI_a_99999'] }],
    ] as const) {
      const { result, statements } = await client.countStatements(() => client.query(query, { by }));
      expect(result.errors).toBeUndefined();
      expect({ by, statements: statements.length }).toEqual({ by, statements: 1 });
    }
  });

  test(`more than ${DEFAULT_MAX_IDS} keys: TOO_MANY_IDS from the limits, BAD_USER_INPUT with the limits off`, async () => {
    const slugs = Array.from({ length: 101 }, (_, i) => `person-${i}`);
    const limited = await client.query(AUTHORS, { by: { slugs } });
    expect(limited.errors![0]!.extensions).toMatchObject({ code: 'TOO_MANY_IDS', ids: 101, limit: DEFAULT_MAX_IDS });
    const literal = await client.query(`{ papersBy(by: { anthologyIds: [${slugs.map((s) => `"${s}"`).join(', ')}] }) { anthologyId } }`);
    expect(code(literal)).toBe('TOO_MANY_IDS');
    const direct = await unlimited.query(AUTHORS, { by: { slugs } });
    expect(direct.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'by.slugs', limit: 100 });
    expect(direct.data ?? null).toBeNull();
    const hundred = await client.query(AUTHORS, { by: { slugs: slugs.slice(0, 100) } });
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data).toEqual({ authorsBy: Array(100).fill(null) });
  });

  test('a malformed key anywhere in a batch refuses the batch, naming the key', async () => {
    const r = await client.query(AUTHORS, { by: { orcids: ['0009-0003-4065-1094', 'not-an-orcid'] } });
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(r.errors![0]!.message).toMatch(/"by\.orcids\[1\]"; "not-an-orcid" is not an ORCID iD/);
    expect(r.data ?? null).toBeNull();
  });

  test('a batch of n keys costs what n single lookups cost', () => {
    const select = '{ slug papers(first: 10) { edges { node { title } } } }';
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const cost = (text: string, variables: Record<string, unknown> = {}) => {
      const document = parse(text);
      return queryCost(schema, document, document.definitions[0] as never, variables);
    };
    const singles = cost(`{ ${keys.map((k) => `${k}: author(by: { slug: "${k}" }) ${select}`).join(' ')} }`);
    expect(cost(`{ authorsBy(by: { slugs: [${keys.map((k) => `"${k}"`).join(', ')}] }) ${select} }`)).toBe(singles);
    expect(cost(`query ($by: AuthorKeys!) { authorsBy(by: $by) ${select} }`, { by: { slugs: keys } })).toBe(singles);
  });
});
