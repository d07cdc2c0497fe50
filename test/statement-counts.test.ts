// N+1 guard: a page of authors, each with their papers (authors, volume, venues),
// co-authors and venues, runs the same small number of SQL statements whether the
// page holds 5 authors or 50. Data: two real collections of the ACL Anthology.
import { AUTHOR_PAGE_QUERY } from '../src/examples/author-page.js';
import { databaseWithCollections } from './helpers/corpus.js';
import type { TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';

const PAGE_QUERY = /* GraphQL */ `
  query AuthorsPage($first: Int!) {
    authors(first: $first) {
      edges {
        node {
          slug name orcid affiliation variants paperCount
          similarAuthors { slug name }
          papers(first: 100) {
            totalCount
            edges { node { anthologyId title year
              volume { title venues { slug acronym } }
              authorships { position name affiliation author { slug name } } } }
          }
          coauthors(first: 100) { totalCount edges { sharedPaperCount node { slug name } } }
          venues { paperCount venue { slug } }
        }
      }
    }
  }
`;

let t: TestDatabase;
let client: TestClient;
beforeAll(async () => {
  t = await databaseWithCollections(['R17', 'I17']);
  client = createTestClient(t.db);
});
afterAll(() => t.drop());

async function statementsFor(first: number) {
  const { result, statements } = await client.countStatements(() =>
    client.query<{ authors: { edges: { node: { papers: { totalCount: number }; coauthors: { totalCount: number } } }[] } }>(PAGE_QUERY, {
      first,
    }),
  );
  expect(result.errors).toBeUndefined();
  const authors = result.data!.authors.edges.map((e) => e.node);
  expect(authors).toHaveLength(first);
  // The page has real data behind the nested fields (a few people only edited volumes).
  const papers = authors.reduce((n, a) => n + a.papers.totalCount, 0);
  const coauthors = authors.reduce((n, a) => n + a.coauthors.totalCount, 0);
  expect(papers).toBeGreaterThanOrEqual(first);
  expect(coauthors).toBeGreaterThanOrEqual(first);
  return statements;
}

test('a page of 50 authors costs the same statements as a page of 5', async () => {
  const five = await statementsFor(5);
  const fifty = await statementsFor(50);
  expect(fifty.length).toBe(five.length);
  // authors + count, papers, their authorships, authors, volumes, venues, co-authors,
  // author venues, variants, similar people, summaries: one statement each at most.
  expect(fifty.length).toBeLessThanOrEqual(12);
});

test('the seed-page query for one author is a handful of statements', async () => {
  const { statements } = await client.countStatements(() =>
    client.query(
      `{ author(slug: "lei-gao") { papers(first: 100) { edges { node { title authorships { author { slug } } volume { venues { slug } } } } } coauthors(first: 100) { edges { node { slug } } } venues { paperCount } } }`,
    ),
  );
  expect(statements.length).toBeLessThanOrEqual(3);
});

// The author page (src/examples/author-page.ts), whole: the person, then everything about
// them (summary, variants, similar people, papers page, co-authors page, venues), then the
// papers' authors and volumes with the similar people's figures. Three statements, for the
// smallest and the most prolific person of the data alike.
test('the AuthorPage query is at most three statements whatever the author', async () => {
  const { rows } = await t.db.pool.query<{ slug: string; papers: number }>(
    `SELECT a.slug, count(*)::int AS papers FROM author a JOIN authorship au ON au.author_id = a.id AND au.role = 'AUTHOR'
     GROUP BY a.id ORDER BY count(*) DESC, a.slug`,
  );
  const largest = rows[0]!;
  const smallest = rows.at(-1)!;
  expect(largest.papers).toBeGreaterThan(smallest.papers);
  for (const { slug } of [largest, smallest]) {
    const { result, statements } = await client.countStatements(() =>
      client.query<{ author: { slug: string } }>(AUTHOR_PAGE_QUERY, { slug }),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.author.slug).toBe(slug);
    expect(statements.length).toBeLessThanOrEqual(3);
  }
});

// Citations read a paper's authors, volume and editors through the request's loaders
// (ctx.loaders), the very ones the `authorships` and `volume` fields read: asking for the
// BibTeX as well costs one statement more at most (the volumes' editors, which nothing
// else on the page asks for), and every authorship row is read once.
test('bibtex with authorships and volume reads each row once', async () => {
  const LIST = (fields: string) =>
    `{ papers(first: 40, filter: { volume: "R17-1" }) { edges { node { anthologyId authorships { name author { slug } } volume { title } ${fields} } } } }`;
  const plain = await client.countStatements(() => client.query(LIST('')));
  const cited = await client.countStatements(() => client.query<{ papers: { edges: { node: { bibtex: string } }[] } }>(LIST('bibtex')));
  expect(plain.result.errors).toBeUndefined();
  expect(cited.result.errors).toBeUndefined();
  // Every entry names its editors (R17-1's editors, from xml/R17.xml) and its authors.
  const entries = cited.result.data!.papers.edges.map((e) => e.node.bibtex);
  expect(entries).toHaveLength(40);
  for (const entry of entries) expect(entry).toMatch(/editor = "Mitkov, Ruslan {2}and\n {6}Angelova, Galia"/);
  expect(cited.statements.length).toBeLessThanOrEqual(plain.statements.length + 1);
  expect(cited.statements.filter(readsAuthorshipsByPaper)).toHaveLength(plain.statements.filter(readsAuthorshipsByPaper).length);

  // One paper by id, and one person's BibTeX file beside their papers' authors.
  const one = await client.countStatements(() =>
    client.query(`{ paper(anthologyId: "R17-1036") { bibtex authorships { name } volume { title editors { name } } } }`),
  );
  expect(one.result.errors).toBeUndefined();
  expect(one.statements.length).toBeLessThanOrEqual(2);
  const person = await client.countStatements(() =>
    client.query(`{ author(slug: "lei-gao") { bibtex papers(first: 100) { edges { node { authorships { name } } } } } }`),
  );
  expect(person.result.errors).toBeUndefined();
  expect(person.statements.length).toBeLessThanOrEqual(3);
});

/** A statement that reads authorship rows by paper (a paper's authors). */
const readsAuthorshipsByPaper = (sql: string) => /a\.paper_id = ANY/.test(sql);

// The loaders' named statements are written for generic plans (src/db/pool.ts): left to
// choose, PostgreSQL re-plans them on every execution, which cost more than running them.
test('named statements are planned once per connection (generic plans)', async () => {
  const connection = await t.db.pool.connect();
  try {
    const { rows: mode } = await connection.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode');
    expect(mode[0]!.plan_cache_mode).toBe('force_generic_plan');
    for (let id = 1; id <= 6; id++) {
      await connection.query({ name: 'sg_test_generic', text: 'SELECT id FROM author WHERE id = ANY($1::int[])', values: [[id]] });
    }
    const { rows } = await connection.query<{ generic_plans: string; custom_plans: string }>(
      "SELECT generic_plans::text, custom_plans::text FROM pg_prepared_statements WHERE name = 'sg_test_generic'",
    );
    expect(rows).toEqual([{ generic_plans: '6', custom_plans: '0' }]);
  } finally {
    connection.release();
  }
});

// The browsing connections (issue 15.4): a page of venues, each with a page of its volumes
// (each with a page of its papers and their authors, and its editors) and of its most
// frequent authors, and those editors' edited volumes: one statement per list, whatever the
// number of venues, volumes or people.
test('a page of venues with their volumes, papers and top authors connections: the same statements for 1 venue as for all', async () => {
  const query = `query($first: Int!) { venues(first: $first, filter: { yearActive: 2017 }) { edges { node { slug
    volumesConnection(first: 10) { totalCount edges { node { anthologyId
      editors { author { slug editedVolumesConnection(first: 5) { totalCount edges { node { anthologyId } } } } }
      papersConnection(first: 20, filter: { hasAbstract: true }) { totalCount edges { node { anthologyId authorships { author { slug } } } } } } } }
    topAuthorsConnection(first: 5) { totalCount edges { paperCount node { slug } } } } } } }`;
  type Venues = { venues: { edges: { node: { volumesConnection: { totalCount: number } } }[] } };
  const run = async (first: number) => {
    const { result, statements } = await client.countStatements(() => client.query<Venues>(query, { first }));
    expect(result.errors).toBeUndefined();
    return { statements, volumes: result.data!.venues.edges.reduce((n, e) => n + e.node.volumesConnection.totalCount, 0) };
  };
  const few = await run(1);
  const many = await run(100);
  // R17 and I17: 7 volumes in all (ijcnlp 5, ranlp 2).
  expect(few.volumes).toBe(5);
  expect(many.volumes).toBe(7);
  expect(many.statements.length).toBe(few.statements.length);
  // venues (+ count), volumes, papers, authorships (combined), editors, edited volumes, top authors.
  expect(many.statements.length).toBeLessThanOrEqual(8);
});
