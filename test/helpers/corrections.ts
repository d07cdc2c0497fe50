// For the correction tests: a server with a curator token, GraphQL over real HTTP with
// or without it, and a snapshot of everything a correction may touch (by public keys, so two
// snapshots compare even when internal ids of re-created rows differ).
import type { Database } from '../../src/db/database.js';
import { importAclAnthology } from '../../src/importers/acl-anthology/command.js';
import { createToken, SCOPES, type TokenOptions } from '../../src/corrections/tokens.js';
import { corpusOf } from './corpus.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import type { GraphQLResponse } from './graphql.js';
import { listen, type RunningServer } from './http-server.js';

/** A curator token with every scope (the scope tests make narrower ones). */
export async function newToken(db: Database, name: string, options: TokenOptions = { scopes: SCOPES }): Promise<string> {
  return (await createToken(db.pool, name, options)).token;
}

export function graphqlOver(server: RunningServer) {
  return async function request<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<GraphQLResponse<T> & { status: number }> {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(token === undefined ? {} : { authorization: token.includes(' ') ? token : `Bearer ${token}` }),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as GraphQLResponse<T>) };
  };
}

/** People, their names, similar links, aliases and every name slot, by public keys. */
export async function dataState(
  db: Database,
): Promise<{ authors: unknown[]; names: unknown[]; similar: unknown[]; aliases: unknown[]; slots: unknown[] }> {
  const q = async (sql: string) => (await db.pool.query(sql)).rows;
  return {
    authors: await q(`SELECT slug, first_name, last_name, orcid, orcids, comment, institution, degree, curated FROM author ORDER BY slug`),
    names: await q(
      `SELECT a.slug, n.first_name, n.last_name, n.canonical, n.position FROM author_name n JOIN author a ON a.id = n.author_id
       ORDER BY a.slug, n.position, n.first_name, n.last_name`,
    ),
    similar: await q(
      `SELECT a.slug AS a, b.slug AS b FROM similar_author s JOIN author a ON a.id = s.author_id JOIN author b ON b.id = s.similar_id
       ORDER BY 1, 2`,
    ),
    aliases: await q(`SELECT al.slug, a.slug AS author FROM author_alias al JOIN author a ON a.id = al.author_id ORDER BY 1`),
    slots: await q(`SELECT t.id, a.slug, t.matched_by FROM authorship t JOIN author a ON a.id = t.author_id ORDER BY t.id`),
  };
}

export interface CurationServer {
  t: TestDatabase;
  server: RunningServer;
  gql: ReturnType<typeof graphqlOver>;
  /** A curator token named "alice". */
  token: string;
}

/** Registers beforeAll/afterAll: a database from `makeDatabase`, a real server over it, and a curator token. */
export function curationServer(makeDatabase: () => Promise<TestDatabase>): CurationServer {
  const fixture = {} as CurationServer;
  beforeAll(async () => {
    fixture.t = await makeDatabase();
    fixture.server = await listen(fixture.t.db, { production: true });
    fixture.gql = graphqlOver(fixture.server);
    fixture.token = await newToken(fixture.t.db, 'alice');
  });
  afterAll(async () => {
    await fixture.server?.close();
    await fixture.t?.drop();
  });
  return fixture;
}

/** Imports these collections of the shared corpus (test/helpers/corpus.ts); returns the import's log lines. */
export async function importCollections(
  database: TestDatabase,
  collections: string[],
  options: { full?: boolean } = {},
): Promise<string[]> {
  const corpus = await corpusOf(collections);
  const lines: string[] = [];
  try {
    await importAclAnthology(database.db, corpus.dir, { ...options, quiet: true, log: (line) => lines.push(line) });
  } finally {
    await corpus.remove();
  }
  return lines;
}

/** curationServer over a new database holding these collections. */
export const curationServerWith = (collections: string[]): CurationServer =>
  curationServer(async () => {
    const database = await createTestDatabase();
    await importCollections(database, collections);
    return database;
  });

/** `correct(mutation, input)`: sends the mutation as the fixture's curator, expects it applied, returns its number. */
export function corrector(f: CurationServer) {
  return async function correct(mutation: string, input: Record<string, unknown>): Promise<number> {
    const name = mutation.charAt(0).toUpperCase() + mutation.slice(1);
    const { data, errors } = await f.gql<Record<string, { correction: { number: number }; errors: unknown[] }>>(
      `mutation ($input: ${name}Input!) { ${mutation}(input: $input) { correction { number } errors { code message } } }`,
      { input },
      f.token,
    );
    expect(errors).toBeUndefined();
    expect(data![mutation]!.errors).toEqual([]);
    return data![mutation]!.correction.number;
  };
}
