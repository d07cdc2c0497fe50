// Every example operation GraphiQL opens with runs without errors on the demo data.
import { loadDemoData } from '../src/demo/demo-data.js';
import { GRAPHIQL_TABS } from '../src/examples/graphiql-tabs.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createTestClient } from './helpers/graphql.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db);
});
afterAll(() => t.drop());

test.each(GRAPHIQL_TABS.map((tab) => [/(query \w+)/.exec(tab.query)![1]!, tab]))('%s', async (_name, tab) => {
  const client = createTestClient(t.db);
  const r = await client.query(tab.query, tab.variables ? (JSON.parse(tab.variables) as Record<string, unknown>) : {});
  expect(r.errors).toBeUndefined();
  expect(Object.values(r.data ?? {}).every((v) => v !== null)).toBe(true);
});
