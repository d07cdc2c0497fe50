// A second, tiny Apollo Federation v2 subgraph for the federation tests: it extends
// our Paper entity (keyed by anthology id) with a citation count from a fixed map,
// and returns a Paper of ours from its own root field.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createYoga } from 'graphql-yoga';
import { parse } from 'graphql';

export const CITATIONS: Record<string, number> = {
  '2024.findings-naacl.132': 42,
  '2025.emnlp-main.mobizo': 7,
  '2025.findings-acl.kvpr': 3,
};

export const CITATIONS_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  type Paper @key(fields: "anthologyId") {
    anthologyId: String!
    "Citations counted by this service; null if it does not know the paper."
    externalCitationCount: Int
  }

  type Query {
    "The paper with the most citations counted by this service."
    mostCited: Paper
  }
`);

type PaperRef = { anthologyId: string };

export const citationsSchema = buildSubgraphSchema({
  typeDefs: CITATIONS_SDL,
  resolvers: {
    Query: {
      mostCited: (): PaperRef => {
        const [anthologyId] = Object.entries(CITATIONS).sort((a, b) => b[1] - a[1])[0]!;
        return { anthologyId };
      },
    },
    Paper: {
      __resolveReference: (ref: PaperRef): PaperRef => ({ anthologyId: ref.anthologyId }),
      externalCitationCount: (paper: PaperRef) => CITATIONS[paper.anthologyId] ?? null,
    },
  },
});

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves a fetch-style handler (a yoga or a gateway) on a free local port. */
export async function serve(handler: Parameters<typeof createServer>[1]): Promise<Served> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function serveCitations(): Promise<Served> {
  return serve(createYoga({ schema: citationsSchema, logging: false, graphqlEndpoint: '/graphql' }));
}
