// Apollo Federation: our schema is a v2 subgraph. It composes with a second subgraph
// (test/support/citations-subgraph.ts), a real gateway (Hive Gateway runtime) answers
// a query across both over real local ports, and `_entities` is batched: one SQL
// statement per entity type whatever the number of representations.
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { loadDemoData } from '../src/demo/demo-data.js';
import { createScholargraphYoga } from '../src/yoga.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';
import { CITATIONS_SDL, serve, serveCitations, type Served } from './support/citations-subgraph.js';

let t: TestDatabase;
let client: TestClient;
let sdl: string;
const servers: Served[] = [];
const disposables: { [Symbol.asyncDispose](): PromiseLike<void> }[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db);
  client = createTestClient(t.db);
  const response = await client.query<{ _service: { sdl: string } }>('{ _service { sdl } }');
  expect(response.errors).toBeUndefined();
  sdl = response.data!._service.sdl;
});
afterAll(async () => {
  for (const d of disposables) await d[Symbol.asyncDispose]();
  for (const s of servers) await s.close();
  await t.drop();
});

const globalId = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64');

function compose(urls: { scholargraph?: string; citations?: string } = {}) {
  const result = composeServices([
    { name: 'scholargraph', typeDefs: parse(sdl), url: urls.scholargraph },
    { name: 'citations', typeDefs: CITATIONS_SDL, url: urls.citations },
  ]);
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result;
}

describe('subgraph SDL', () => {
  test('declares the federation link and the keys of every entity', () => {
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])');
    for (const [type, keys] of Object.entries({
      Author: ['id', 'slug', 'orcid'],
      Paper: ['id', 'anthologyId', 'doi'],
      Venue: ['id', 'slug'],
      Volume: ['id', 'anthologyId'],
    })) {
      const block = sdl.slice(sdl.indexOf(`type ${type} implements Node`)).split('{')[0]!;
      expect(block.match(/@key\(fields: "(\w+)"\)/g)).toEqual(keys.map((k) => `@key(fields: "${k}")`));
    }
  });

  test('composes with the citations subgraph without errors', () => {
    const result = compose();
    expect(result.errors).toBeUndefined();
    expect(result.publicSdl).toMatch(/type Paper[^{]*\{[^}]*citationCount: Int/);
    expect(result.publicSdl).toMatch(/mostCited: Paper/);
    expect(result.supergraphSdl).toContain('@join__graph(name: "citations"');
  });
});

describe('_entities', () => {
  test('resolves every key kind, unknown keys to null', async () => {
    const response = await client.query<{ _entities: (Record<string, unknown> | null)[] }>(
      `query ($reps: [_Any!]!) {
        _entities(representations: $reps) {
          __typename
          ... on Author { slug name }
          ... on Paper { anthologyId year }
          ... on Venue { slug }
          ... on Volume { anthologyId }
        }
      }`,
      {
        reps: [
          { __typename: 'Author', slug: 'lei-gao-usc' },
          { __typename: 'Author', id: globalId('Author', 'yue-niu') },
          { __typename: 'Author', id: globalId('Paper', 'yue-niu') },
          { __typename: 'Author', slug: 'nobody' },
          { __typename: 'Paper', anthologyId: '2024.findings-naacl.132' },
          { __typename: 'Paper', id: globalId('Paper', '2025.findings-acl.kvpr') },
          { __typename: 'Volume', id: globalId('Volume', '2025.emnlp-main') },
          { __typename: 'Volume', anthologyId: '2024.findings-naacl' },
        ],
      },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toEqual([
      { __typename: 'Author', slug: 'lei-gao-usc', name: 'Lei Gao' },
      { __typename: 'Author', slug: 'yue-niu', name: 'Yue Niu' },
      null,
      null,
      { __typename: 'Paper', anthologyId: '2024.findings-naacl.132', year: 2024 },
      { __typename: 'Paper', anthologyId: '2025.findings-acl.kvpr', year: 2025 },
      { __typename: 'Volume', anthologyId: '2025.emnlp-main' },
      { __typename: 'Volume', anthologyId: '2024.findings-naacl' },
    ]);
  });

  test('one statement per entity type, whatever the number of representations and key kinds', async () => {
    const reps = [
      ...['lei-gao-usc', 'yue-niu', 'murali-annavaram'].map((slug) => ({ __typename: 'Author', slug })),
      ...['lei-gao', 'tingting-tang'].map((slug) => ({ __typename: 'Author', id: globalId('Author', slug) })),
      { __typename: 'Author', orcid: '0000-0000-0000-0000' },
      { __typename: 'Paper', anthologyId: '2024.findings-naacl.132' },
      { __typename: 'Paper', id: globalId('Paper', '2025.emnlp-main.mobizo') },
      { __typename: 'Paper', doi: '10.0000/none' },
    ];
    const { result, statements } = await client.countStatements(() =>
      client.query<{ _entities: ({ slug?: string; anthologyId?: string } | null)[] }>(
        `query ($reps: [_Any!]!) {
          _entities(representations: $reps) { ... on Author { slug } ... on Paper { anthologyId } }
        }`,
        { reps },
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { slug: 'lei-gao-usc' },
      { slug: 'yue-niu' },
      { slug: 'murali-annavaram' },
      { slug: 'lei-gao' },
      { slug: 'tingting-tang' },
      null,
      { anthologyId: '2024.findings-naacl.132' },
      { anthologyId: '2025.emnlp-main.mobizo' },
      null,
    ]);
    expect(statements.filter((s) => /\bFROM author a\b/.test(s))).toHaveLength(1);
    expect(statements.filter((s) => /\bFROM paper p\b/.test(s))).toHaveLength(1);
    expect(statements).toHaveLength(2);
  });
});

describe('gateway over both subgraphs', () => {
  let gatewayUrl: string;

  beforeAll(async () => {
    const scholargraph = await serve(createScholargraphYoga({ db: t.db, logging: false }));
    servers.push(scholargraph);
    const citations = await serveCitations();
    servers.push(citations);
    const { supergraphSdl } = compose({ scholargraph: scholargraph.url, citations: citations.url });
    const gateway = createGatewayRuntime({
      supergraph: supergraphSdl,
      logging: false,
    });
    disposables.push(gateway);
    const served = await serve(gateway);
    servers.unshift(served);
    gatewayUrl = served.url;
  });

  async function gatewayQuery<T>(query: string, variables?: Record<string, unknown>) {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { data?: T; errors?: { message: string }[] };
  }

  test('author page → papers → citationCount (from the citations subgraph)', async () => {
    const response = await gatewayQuery<{
      author: { name: string; papers: { edges: { node: { anthologyId: string; year: number; citationCount: number | null } }[] } };
    }>(
      `query ($slug: String!) {
        author(slug: $slug) {
          name
          papers { edges { node { anthologyId year citationCount } } }
        }
      }`,
      { slug: 'lei-gao-usc' },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.author.name).toBe('Lei Gao');
    expect(response.data!.author.papers.edges.map((e) => e.node)).toEqual([
      { anthologyId: '2025.emnlp-main.mobizo', year: 2025, citationCount: 7 },
      { anthologyId: '2025.findings-acl.kvpr', year: 2025, citationCount: 3 },
      { anthologyId: '2024.findings-naacl.132', year: 2024, citationCount: 42 },
    ]);
  });

  test('citations → Paper entity resolved by our subgraph (anthologyId key)', async () => {
    const response = await gatewayQuery<{
      mostCited: { anthologyId: string; citationCount: number; title: string; authorships: { author: { slug: string } }[] };
    }>(`{ mostCited { anthologyId citationCount title authorships { author { slug } } } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data!.mostCited).toMatchObject({ anthologyId: '2024.findings-naacl.132', citationCount: 42 });
    expect(response.data!.mostCited.title).toMatch(/^Ethos/);
    expect(response.data!.mostCited.authorships[0]!.author.slug).toBe('lei-gao-usc');
  });
});
