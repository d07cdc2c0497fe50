// Apollo Federation: our schema is a v2 subgraph. It composes with two other subgraphs
// (test/support/citations-subgraph.ts, and the Relay-style test/support/datasets-subgraph.ts
// with its own PageInfo, Node, node/nodes and YearCount), a real gateway (Hive Gateway
// runtime) answers queries across them over real local ports, and `_entities` is batched:
// one SQL statement per entity type and key kind whatever the number of representations.
// ORCID and DOI are keys that resolve only where unique (the Anthology prints the DOI
// 10.18653/v1/W18-6481 on both W18-6481 and W18-6482, W18.xml): test/federation-keys.test.ts.
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { loadDemoData } from '../src/demo/demo-data.js';
import { createScholargraphYoga } from '../src/yoga.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';
import { CITATIONS_SDL, serve, serveCitations, type Served } from './support/citations-subgraph.js';
import { DATASETS, DATASETS_SDL, serveDatasets } from './support/datasets-subgraph.js';

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

function compose(urls: { scholargraph?: string; citations?: string; datasets?: string } = {}, ourSdl = sdl) {
  const result = composeServices([
    { name: 'scholargraph', typeDefs: parse(ourSdl), url: urls.scholargraph },
    { name: 'citations', typeDefs: CITATIONS_SDL, url: urls.citations },
    { name: 'datasets', typeDefs: DATASETS_SDL, url: urls.datasets },
  ]);
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result;
}

describe('subgraph SDL', () => {
  test('declares the federation link and the keys of every entity: unique fields, and DOI and ORCID where unique', () => {
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])');
    for (const [type, keys] of Object.entries({
      Author: ['id', 'slug', 'orcid', 'dblpPid', 'openalexId'],
      Paper: ['id', 'anthologyId', 'doi', 'openalexId', 'dblpKey'],
      Venue: ['id', 'slug'],
      Volume: ['id', 'anthologyId'],
    })) {
      const block = sdl.slice(sdl.indexOf(`type ${type} implements Node`)).split('{')[0]!;
      expect(block.match(/@key\(fields: "(\w+)"\)/g)).toEqual(keys.map((k) => `@key(fields: "${k}")`));
    }
  });

  test('value types other Relay subgraphs define too are @shareable', () => {
    for (const type of ['PageInfo', 'YearCount', 'YearRange']) expect(sdl).toMatch(new RegExp(`\\ntype ${type}\\s+@shareable\\s*\\{`));
    expect(sdl).toContain('node(id: ID!): Node @shareable');
    expect(sdl).toContain('nodes(ids: [ID!]!): [Node]! @shareable');
  });

  test('composes with the citations and the Relay-style datasets subgraphs without errors', () => {
    const result = compose();
    expect(result.errors).toBeUndefined();
    expect(result.publicSdl).toMatch(/type Paper[^{]*\{[^}]*externalCitationCount: Int/);
    expect(result.publicSdl).toMatch(/type Paper[^{]*\{[^}]*datasets\(first: Int, after: String\): DatasetsConnection!/);
    expect(result.publicSdl).toMatch(/mostCited: Paper/);
    expect(result.publicSdl).toMatch(/type Dataset implements Node/);
    expect(result.publicSdl.match(/\ntype PageInfo\b/g)).toHaveLength(1);
    expect(result.supergraphSdl).toContain('@join__graph(name: "citations"');
    expect(result.supergraphSdl).toContain('@join__graph(name: "datasets"');
  });

  test('without @shareable the same subgraphs do not compose (the directive is what makes it work)', () => {
    expect(() => compose({}, sdl.replace(', "@shareable"', '').replace(/\s*@shareable\b/g, ''))).toThrow(/PageInfo|YearCount|node/);
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

  test('one statement per entity type and key kind, whatever the number of representations', async () => {
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
    // The DOI (a key where unique: test/federation-keys.test.ts) is one more; the ORCID, whose
    // check digit is wrong, names nobody and costs nothing.
    expect(statements.filter((s) => /\bJOIN paper x\b/.test(s))).toHaveLength(1);
    expect(statements).toHaveLength(3);
  });
});

describe('gateway over both subgraphs', () => {
  let gatewayUrl: string;

  beforeAll(async () => {
    const scholargraph = await serve(createScholargraphYoga({ db: t.db, logging: false }));
    servers.push(scholargraph);
    const citations = await serveCitations();
    servers.push(citations);
    const datasets = await serveDatasets();
    servers.push(datasets);
    const { supergraphSdl } = compose({ scholargraph: scholargraph.url, citations: citations.url, datasets: datasets.url });
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

  test('author page → papers → externalCitationCount (from the citations subgraph)', async () => {
    const response = await gatewayQuery<{
      author: { name: string; papers: { edges: { node: { anthologyId: string; year: number; externalCitationCount: number | null } }[] } };
    }>(
      `query ($slug: String!) {
        author(slug: $slug) {
          name
          papers { edges { node { anthologyId year externalCitationCount } } }
        }
      }`,
      { slug: 'lei-gao-usc' },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.author.name).toBe('Lei Gao');
    expect(response.data!.author.papers.edges.map((e) => e.node)).toEqual([
      { anthologyId: '2025.emnlp-main.mobizo', year: 2025, externalCitationCount: 7 },
      { anthologyId: '2025.findings-acl.kvpr', year: 2025, externalCitationCount: 3 },
      { anthologyId: '2024.findings-naacl.132', year: 2024, externalCitationCount: 42 },
    ]);
  });

  test('citations → Paper entity resolved by our subgraph (anthologyId key)', async () => {
    const response = await gatewayQuery<{
      mostCited: { anthologyId: string; externalCitationCount: number; title: string; authorships: { author: { slug: string } }[] };
    }>(`{ mostCited { anthologyId externalCitationCount title authorships { author { slug } } } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data!.mostCited).toMatchObject({ anthologyId: '2024.findings-naacl.132', externalCitationCount: 42 });
    expect(response.data!.mostCited.title).toMatch(/^Ethos/);
    expect(response.data!.mostCited.authorships[0]!.author.slug).toBe('lei-gao-usc');
  });

  test('paper → datasets (a connection with the other subgraph’s PageInfo) → YearCount, across three subgraphs', async () => {
    const response = await gatewayQuery<{
      paper: { title: string; externalCitationCount: number; datasets: { pageInfo: { hasNextPage: boolean }; edges: { node: unknown }[] } };
    }>(
      `{ paper(by: { anthologyId: "2024.findings-naacl.132" }) {
          title externalCitationCount
          datasets { pageInfo { hasNextPage } edges { node { id name papersByYear { year count } } } }
      } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.paper.title).toMatch(/^Ethos/);
    expect(response.data!.paper.externalCitationCount).toBe(42);
    expect(response.data!.paper.datasets).toEqual({ pageInfo: { hasNextPage: false }, edges: [{ node: DATASETS[0] }] });
  });

  test('node(id:) through the gateway: our ids resolve to our types', async () => {
    const response = await gatewayQuery<{ node: unknown }>(`query ($id: ID!) { node(id: $id) { id ... on Author { slug } } }`, {
      id: globalId('Author', 'lei-gao-usc'),
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!.node).toEqual({ id: globalId('Author', 'lei-gao-usc'), slug: 'lei-gao-usc' });
  });
});
