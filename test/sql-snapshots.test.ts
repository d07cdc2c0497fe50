// SQL snapshots of the hot statements: the author page's and the paper list's. Their
// speed depends on details a statement count cannot see (a join turned into a scan,
// a CTE no longer materialized, a cast gone and with it the generic plan), so the
// exact text of every statement a query runs is kept in test/sql-snapshots/<name>.sql
// and compared here. A change there is a change to review, like a plan.
//
// Rewriting the files: UPDATE_SNAPSHOTS=1 npm test -- test/sql-snapshots.test.ts
// (then read the diff). A missing file is written on first run; with CI set (as .ci/run
// sets it) nothing is ever written: a missing or different file fails. As in
// graphile/crystal's postgraphile/__tests__/helpers.ts (`snapshot`, `shouldUpdateSnapshot`).
//
// Data: the demo data set (src/demo/demo-data.ts); the statements' text does not
// depend on the data beyond which parts a query reaches.
import { readFile, writeFile } from 'node:fs/promises';
import { loadDemoData } from '../src/demo/demo-data.js';
import { AUTHOR_PAGE_QUERY, AUTHOR_PAGE_VARIABLES } from '../src/examples/author-page.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';

const UPDATE = ((value) => {
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new Error(`UPDATE_SNAPSHOTS must be 1 or 0, not "${value}"`);
})(process.env.UPDATE_SNAPSHOTS);
const IN_CI = Boolean(process.env.CI);

let t: TestDatabase;
let client: TestClient;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db);
  client = createTestClient(t.db);
});
afterAll(() => t.drop());

/** The statements `query` runs, one after another, as the snapshot file holds them. */
async function statementsOf(query: string, variables?: Record<string, unknown>): Promise<string> {
  const { result, statements } = await client.countStatements(() => client.query(query, variables));
  expect(result.errors).toBeUndefined();
  // Trailing blanks dropped: they mean nothing to PostgreSQL, and editors strip them.
  const text = (sql: string) => sql.trim().replace(/[ \t]+$/gm, '');
  return statements.map((sql, i) => `-- statement ${i + 1} of ${statements.length}\n${text(sql)}\n`).join('\n');
}

async function expectSnapshot(name: string, actual: string): Promise<void> {
  const file = new URL(`./sql-snapshots/${name}.sql`, import.meta.url);
  const expected = await readFile(file, 'utf8').catch(() => null);
  if (!IN_CI && (UPDATE || expected == null)) {
    if (expected !== actual) {
      await writeFile(file, actual);
      console.warn(`Updated SQL snapshot test/sql-snapshots/${name}.sql`);
    }
    return;
  }
  if (expected == null) throw new Error(`test/sql-snapshots/${name}.sql is missing (run with UPDATE_SNAPSHOTS=1 outside CI)`);
  expect(actual).toBe(expected);
}

test('the author page (src/examples/author-page.ts)', async () => {
  await expectSnapshot('author-page', await statementsOf(AUTHOR_PAGE_QUERY, AUTHOR_PAGE_VARIABLES));
});

test("a person's papers, filtered, with their markup", async () => {
  const query = `query($slug: String!) { author(slug: $slug) {
    papers(first: 2, yearFrom: 2024, yearTo: 2025, venue: "findings") { totalCount edges { node { anthologyId titleMarkup } } }
  } }`;
  await expectSnapshot('author-papers-filtered', await statementsOf(query, AUTHOR_PAGE_VARIABLES));
});

test('the paper list with authors, volumes and the total', async () => {
  const query = `{ papers(first: 20) { totalCount edges { node {
    anthologyId title year volume { title venues { slug } } authorships { position name author { slug } }
  } } pageInfo { hasNextPage endCursor } } }`;
  await expectSnapshot('paper-list', await statementsOf(query));
});

test('the paper list filtered, after a cursor, oldest first, with markup', async () => {
  const page = (after: string | null) => `{ papers(first: 1, after: ${JSON.stringify(after)}, orderBy: OLDEST_FIRST,
    filter: { yearFrom: 2024, yearTo: 2025, venue: "findings", hasAbstract: true }) {
    edges { node { anthologyId titleMarkup } } pageInfo { hasNextPage endCursor } } }`;
  const first = await client.query<{ papers: { pageInfo: { endCursor: string } } }>(page(null));
  expect(first.errors).toBeUndefined();
  await expectSnapshot('paper-list-filtered', await statementsOf(page(first.data!.papers.pageInfo.endCursor)));
});

test('the paper list total alone', async () => {
  await expectSnapshot('paper-list-total', await statementsOf(`{ papers(filter: { volume: "2024.findings-naacl" }) { totalCount } }`));
});

// Issue 15.4: the browsing connections (one statement per list for every parent) and the
// root lists with a filter and an order.
test('venues with their volumes, papers and top authors connections', async () => {
  const query = `{ venues(first: 5) { edges { node { slug
    volumesConnection(first: 3) { totalCount edges { node { anthologyId
      papersConnection(first: 5, filter: { hasAbstract: true }) { totalCount edges { node { anthologyId } } } } } }
    topAuthorsConnection(first: 3) { totalCount edges { paperCount node { slug } } } } } } }`;
  await expectSnapshot('venue-connections', await statementsOf(query));
});

test('the people list filtered, most papers first, with the total', async () => {
  const query = `{ authors(first: 5, filter: { namePrefix: "a", hasOrcid: true, yearActive: 2024 }, orderBy: [PAPER_COUNT_DESC]) {
    totalCount edges { node { slug } } } }`;
  await expectSnapshot('authors-filtered', await statementsOf(query));
});

test('people search (issue 17: names with every query word, else the fuzzy match)', async () => {
  const query = `{ search(query: "Lei Gao", kinds: [AUTHOR], first: 10) { totalCount edges { score node { ... on Author { slug } } } } }`;
  await expectSnapshot('people-search', await statementsOf(query));
});

test('suggest (issue 17: people from the prefix index of the key’s length)', async () => {
  await expectSnapshot('suggest', await statementsOf(`{ suggest(prefix: "gao", first: 8) { kind label slug anthologyId } }`));
});

// Issue 16 part 6: the source filter, a condition inside the people and paper statements.
test('search narrowed by sources (people and papers)', async () => {
  const query = `{ search(query: "Lei Gao", sources: [ACL_ANTHOLOGY, OPENALEX], first: 5) { totalCount edges { score } } }`;
  await expectSnapshot('search-sources', await statementsOf(query));
});
