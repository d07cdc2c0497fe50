// Types that say what they are (issue 15.5): DateTime and JSON carry @specifiedBy,
// Volume.type is the VolumeType enum, Paper.month and Volume.month the Month enum (the printed text
// stays in monthText). Data: J17.xml (volume 1 is `type="journal"`, `<month>April</month>`;
// J17-1001 is its first paper, with no month of its own) and 2025.wordplay.xml (volume 1 is
// `type="proceedings"`, `<month>November</month>`).
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
