// A second, Relay-style Apollo Federation v2 subgraph for the federation tests, as another
// team would write one: its own `Node` interface, `PageInfo`, `node`/`nodes` root fields and
// connection, a `Dataset implements Node` entity, the `YearCount` value type, and datasets
// added to our Paper entity (keyed by anthology id). The types both subgraphs define are
// @shareable; their fields agree with ours exactly (composition requires it).
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createYoga } from 'graphql-yoga';
import { parse } from 'graphql';
import { serve, type Served } from './citations-subgraph.js';

export const DATASETS_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])

  interface Node {
    id: ID!
  }

  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type YearCount @shareable {
    year: Int!
    count: Int!
  }

  type Dataset implements Node @key(fields: "id") {
    id: ID!
    name: String!
    "Papers using the dataset per year."
    papersByYear: [YearCount!]!
  }

  type DatasetsConnection {
    pageInfo: PageInfo!
    edges: [DatasetsConnectionEdge!]!
  }

  type DatasetsConnectionEdge {
    node: Dataset!
    cursor: String!
  }

  type Paper @key(fields: "anthologyId") {
    anthologyId: String!
    "Datasets the paper uses, as this service records them."
    datasets(first: Int, after: String): DatasetsConnection!
  }

  type Query {
    node(id: ID!): Node @shareable
    nodes(ids: [ID!]!): [Node]! @shareable
    datasets(first: Int, after: String): DatasetsConnection!
  }
`);

interface Dataset {
  id: string;
  name: string;
  papersByYear: { year: number; count: number }[];
}

const datasetId = (name: string) => Buffer.from(`Dataset:${name}`).toString('base64');

export const DATASETS: Dataset[] = [
  { id: datasetId('ethos'), name: 'ETHOS', papersByYear: [{ year: 2024, count: 1 }] },
  { id: datasetId('mobile-bench'), name: 'MobileBench', papersByYear: [{ year: 2025, count: 2 }] },
];

/** Which datasets each paper uses (by anthology id). */
const USES: Record<string, string[]> = {
  '2024.findings-naacl.132': [DATASETS[0]!.id],
  '2025.emnlp-main.mobizo': [DATASETS[1]!.id],
};

const connection = (datasets: Dataset[]) => ({
  pageInfo: {
    hasNextPage: false,
    hasPreviousPage: false,
    startCursor: datasets.length ? datasets[0]!.id : null,
    endCursor: datasets.length ? datasets.at(-1)!.id : null,
  },
  edges: datasets.map((node) => ({ node, cursor: node.id })),
});

const byId = (id: string) => DATASETS.find((d) => d.id === id) ?? null;

const datasetsSchema = buildSubgraphSchema({
  typeDefs: DATASETS_SDL,
  resolvers: {
    Query: {
      node: (_: unknown, { id }: { id: string }) => byId(id),
      nodes: (_: unknown, { ids }: { ids: string[] }) => ids.map(byId),
      datasets: () => connection(DATASETS),
    },
    Node: { __resolveType: () => 'Dataset' },
    Dataset: { __resolveReference: (ref: { id: string }) => byId(ref.id) },
    Paper: {
      __resolveReference: (ref: { anthologyId: string }) => ref,
      datasets: (paper: { anthologyId: string }) => connection((USES[paper.anthologyId] ?? []).map((id) => byId(id)!)),
    },
  },
});

export function serveDatasets(): Promise<Served> {
  return serve(createYoga({ schema: datasetsSchema, logging: false, graphqlEndpoint: '/graphql' }));
}
