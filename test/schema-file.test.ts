// schema.graphql is the subgraph schema printed from the code (with its federation
// directives); this fails when the committed file is stale.
import { readFile } from 'node:fs/promises';
import { printSchemaFile } from '../src/schema/index.js';

test('schema.graphql matches the schema built from the code (run `npm run schema:print`)', async () => {
  const committed = await readFile(new URL('../schema.graphql', import.meta.url), 'utf8');
  expect(committed).toBe(printSchemaFile());
});
