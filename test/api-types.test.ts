// Types that say what they are (issue 15.5): DateTime and JSON carry @specifiedBy,
// Volume.type is the VolumeType enum, Paper.month and Volume.month the Month enum (the printed text
// stays in monthText). Data: J17.xml (volume 1 is `type="journal"`, `<month>April</month>`;
// J17-1001 is its first paper, with no month of its own, DOI `10.1162/COLI_a_00273`) and
// 2025.wordplay.xml (volume 1 is `type="proceedings"`, `<month>November</month>`). ORCID and
// DOI are scalars: the iD examples are ORCID's own ("Structure of the ORCID Identifier":
// 0000-0002-1825-0097, and 0000-0002-1694-233X for the check character X); Anthony Hughes
// (ORCID 0009-0003-4065-1094) is in the shared name_variants.yaml.
import { readFile } from 'node:fs/promises';
import { type GraphQLScalarType } from 'graphql';
import { schema } from '../src/schema/index.js';
import { databaseWithCollections } from './helpers/corpus.js';
import type { TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';

let t: TestDatabase;
let client: TestClient;
beforeAll(async () => {
  t = await databaseWithCollections(['J17', '2025.wordplay']);
  client = createTestClient(t.db);
});
afterAll(() => t.drop());

test('Volume.type is an enum of the values the XML uses', async () => {
  const r = await client.query(`{ j: volume(anthologyId: "J17-1") { type } w: volume(anthologyId: "2025.wordplay-1") { type } }`);
  expect(r.errors).toBeUndefined();
  expect(r.data).toEqual({ j: { type: 'JOURNAL' }, w: { type: 'PROCEEDINGS' } });
});

test('Paper.month and Volume.month are a Month (the volume’s when the paper prints none); monthText keeps the printed text', async () => {
  const r = await client.query(`{ paper(by: { anthologyId: "J17-1001" }) { month monthText volume { month monthText } } }`);
  expect(r.errors).toBeUndefined();
  expect(r.data).toEqual({ paper: { month: 'APRIL', monthText: 'April', volume: { month: 'APRIL', monthText: 'April' } } });
  const w = await client.query(`{ volume(anthologyId: "2025.wordplay-1") { month monthText } }`);
  expect(w.data).toEqual({ volume: { month: 'NOVEMBER', monthText: 'November' } });
  const values = (schema.getType('Month') as unknown as { getValues(): { name: string; value: unknown }[] }).getValues();
  expect(values.map((v) => [v.name, v.value]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual(
    ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'].map(
      (n, i) => [n, i + 1],
    ),
  );
});

test('DateTime and JSON name their specifications, in the schema and in schema.graphql', async () => {
  const url = (name: string) => (schema.getType(name) as GraphQLScalarType).specifiedByURL;
  expect(url('DateTime')).toBe('https://scalars.graphql.org/andimarek/date-time');
  expect(url('JSON')).toBe('https://www.rfc-editor.org/rfc/rfc8259');
  const file = await readFile(new URL('../schema.graphql', import.meta.url), 'utf8');
  expect(file).toContain('scalar DateTime @specifiedBy(url: "https://scalars.graphql.org/andimarek/date-time")');
  const introspected = await client.query<{ __type: { specifiedByURL: string } }>(`{ __type(name: "DateTime") { specifiedByURL } }`);
  expect(introspected.data!.__type.specifiedByURL).toBe('https://scalars.graphql.org/andimarek/date-time');
});

test('DateTime input follows the spec: an RFC 3339 date-time with an offset, nothing else', () => {
  const dateTime = schema.getType('DateTime') as GraphQLScalarType;
  expect((dateTime.parseValue('2026-12-01T04:35:00Z') as Date).toISOString()).toBe('2026-12-01T04:35:00.000Z');
  expect((dateTime.parseValue('2026-12-01T05:35:00.5+01:00') as Date).toISOString()).toBe('2026-12-01T04:35:00.500Z');
  for (const bad of ['2026-12-01', '2026-12-01T04:35:00', 'December 1, 2026', 1764563700000, '2026-13-45T99:00:00Z']) {
    expect(() => dateTime.parseValue(bad)).toThrow(/RFC 3339/);
  }
  expect(dateTime.serialize(new Date(Date.UTC(2026, 11, 1, 4, 35)))).toBe('2026-12-01T04:35:00.000Z');
});

describe('ORCID and DOI scalars', () => {
  const scalar = (name: string) => schema.getType(name) as GraphQLScalarType;

  test('name their specifications', async () => {
    expect(scalar('ORCID').specifiedByURL).toBe(
      'https://support.orcid.org/hc/en-us/articles/360006897674-Structure-of-the-ORCID-Identifier',
    );
    expect(scalar('DOI').specifiedByURL).toBe('https://www.doi.org/doi_handbook/2_Numbering.html');
    const file = await readFile(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(file).toContain('scalar ORCID @specifiedBy(url: "https://support.orcid.org/');
    expect(file).toContain('scalar DOI @specifiedBy(url: "https://www.doi.org/doi_handbook/2_Numbering.html")');
  });

  test('ORCID input: the bare iD or its URI, check character in either case; the check digit must be right', () => {
    const orcid = scalar('ORCID');
    for (const [given, bare] of [
      ['0000-0002-1825-0097', '0000-0002-1825-0097'],
      ['https://orcid.org/0000-0002-1825-0097', '0000-0002-1825-0097'],
      ['http://orcid.org/0000-0002-1694-233x', '0000-0002-1694-233X'],
    ]) {
      expect(orcid.parseValue(given)).toBe(bare);
    }
    for (const bad of [
      '0000-0002-1825-0098',
      '0000-0002-1694-2330',
      '0000-0002-1825',
      '0000000218250097',
      'https://example.org/0000-0002-1825-0097',
      97,
    ]) {
      expect(() => orcid.parseValue(bad)).toThrow(/is not an ORCID iD/);
    }
  });

  test('ORCID output: the bare iD, also for one on record as its URI; a printed iD with a wrong check digit is shown as printed', () => {
    const orcid = scalar('ORCID');
    // name_variants.yaml: hao-zhang-rochester's `orcid: https://orcid.org/0009-0002-6681-0914`.
    expect(orcid.serialize('https://orcid.org/0009-0002-6681-0914')).toBe('0009-0002-6681-0914');
    // 2024.smm4h.xml prints orcid="0000-0000-0000-0000".
    expect(orcid.serialize('0000-0000-0000-0000')).toBe('0000-0000-0000-0000');
    expect(() => orcid.serialize('not an orcid')).toThrow();
  });

  test('DOI output: the name without a resolver; what the XML prints that is no DOI, as printed', () => {
    const doi = scalar('DOI');
    // J15.xml prints `doi:10.1162/COLI_a_00239`; W17.xml, J18.xml and Y95.xml print Handle URLs and slips in <doi>.
    expect(doi.serialize('doi:10.1162/COLI_a_00239')).toBe('10.1162/COLI_a_00239');
    expect(doi.serialize('https://doi.org/10.25968/opus-3678')).toBe('10.25968/opus-3678');
    expect(doi.serialize('http://hdl.handle.net/2065/11866')).toBe('http://hdl.handle.net/2065/11866');
    expect(doi.serialize('0.26615/978-954-452-046-5_001')).toBe('0.26615/978-954-452-046-5_001');
  });

  test('DOI input: a DOI name or a resolver URL; output drops the resolver', () => {
    const doi = scalar('DOI');
    expect(doi.parseValue('https://doi.org/10.1162/COLI_a_00273')).toBe('10.1162/COLI_a_00273');
    expect(doi.parseValue('http://dx.doi.org/10.1162/coli_a_00273')).toBe('10.1162/coli_a_00273');
    expect(doi.parseValue('doi:10.1162/COLI_a_00239')).toBe('10.1162/COLI_a_00239');
    for (const bad of ['COLI_a_00273', '10.11/x', 'urn:10.1162/COLI_a_00273', '10.1162/', 1162]) {
      expect(() => doi.parseValue(bad)).toThrow(/is not a DOI/);
    }
  });

  test('over HTTP: output is the canonical form, a URL input finds the same record', async () => {
    const r = await client.query(`{
      paper(by: { doi: "https://doi.org/10.1162/coli_a_00273" }) { anthologyId doi }
      author(by: { orcid: "https://orcid.org/0009-0003-4065-1094" }) { slug orcid orcids }
    }`);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      paper: { anthologyId: 'J17-1001', doi: '10.1162/COLI_a_00273' },
      author: { slug: 'anthony-hughes', orcid: '0009-0003-4065-1094', orcids: ['0009-0003-4065-1094'] },
    });
  });

  test('a bad value is BAD_USER_INPUT, as a literal and as a variable (graphql-jit and graphql-js paths), nothing leaks', async () => {
    const production = createTestClient(t.db, { production: true });
    for (const c of [client, production]) {
      const literal = await c.query(`{ author(by: { orcid: "0000-0002-1825-0098" }) { slug } }`);
      // `$o: ORCID!` runs on graphql-jit; a variable holding the @oneOf input runs on graphql-js.
      const jit = await c.query(`query ($o: ORCID!) { author(by: { orcid: $o }) { slug } }`, { o: '0000-0002-1825-0098' });
      const js = await c.query(`query ($by: PaperKeys!) { papersBy(by: $by) { doi } }`, { by: { dois: ['10.1162/COLI_a_00273', 'nope'] } });
      for (const r of [literal, jit, js]) {
        expect(r.data ?? null).toBeNull();
        expect(r.errors).toHaveLength(1);
        expect(r.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT' });
        // graphql-jit words it "Expected type ORCID."; graphql-js keeps the scalar's message.
        expect(r.errors![0]!.message).toMatch(/is not (an ORCID iD|a DOI)|Expected type (ORCID|DOI)\./);
        expect(r.errors![0]!.message).not.toMatch(/\.ts\b|\n\s+at |Error:/);
      }
    }
  });
});
