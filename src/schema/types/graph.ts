// The co-authorship graph: shortest collaboration paths between two people and a
// person's ego network. Missing is data, not an error: collaborationPath is null for an
// unknown slug, and `found: false` when the two people are not connected within
// `maxLength` hops. Errors are typed by `extensions.code`:
// - BAD_USER_INPUT: an argument out of range (names the limit);
// - SEARCH_LIMIT_EXCEEDED: the search visited more than MAX_VISITED people first.
import { GraphQLError } from 'graphql';
import {
  collaborationPath,
  egoNetwork,
  MAX_NETWORK_NODES,
  MAX_PATH_LENGTH,
  MAX_VISITED,
  type NetworkEdgeRow,
  type NetworkNodeRow,
  type PathHop,
} from '../../loaders/graph.js';
import { builder } from '../builder.js';
import { badInput } from '../errors.js';
import { Author } from './author.js';
import { Paper } from './paper.js';

const CollaborationHop = builder.objectRef<PathHop>('CollaborationHop').implement({
  description: 'One step of a collaboration path: two people and a paper they authored together.',
  fields: (t) => ({
    from: t.field({ type: Author, resolve: (h) => h.from }),
    to: t.field({ type: Author, resolve: (h) => h.to }),
    paper: t.field({ type: Paper, description: 'A paper both authored (the newest one).', resolve: (h) => h.paper }),
  }),
});

const CollaborationPath = builder.objectRef<{ hops: PathHop[] | null; maxLength: number }>('CollaborationPath').implement({
  description: 'A shortest chain of co-authorships between two people, or the answer that none is within the hop limit.',
  fields: (t) => ({
    found: t.boolean({
      description: 'False when the two people are not connected within `maxLength` hops (then `length` is null and `hops` empty).',
      resolve: (p) => p.hops !== null,
    }),
    maxLength: t.exposeInt('maxLength', { description: 'The hop limit searched within.' }),
    length: t.int({
      nullable: true,
      description: 'Number of hops; 0 when both ends are the same person; null when no path was found.',
      resolve: (p) => p.hops?.length ?? null,
    }),
    hops: t.field({ type: [CollaborationHop], resolve: (p) => p.hops ?? [] }),
  }),
});

const NetworkNode = builder.objectRef<NetworkNodeRow>('NetworkNode').implement({
  description: 'A person in an ego network.',
  fields: (t) => ({
    author: t.field({ type: Author, resolve: (n) => n.author }),
    distance: t.exposeInt('distance', { description: '0 for the person at the centre, 1 for co-authors, 2 for theirs.' }),
  }),
});

const NetworkEdge = builder.objectRef<NetworkEdgeRow>('NetworkEdge').implement({
  description: 'Two people of an ego network who authored papers together.',
  fields: (t) => ({
    source: t.exposeString('source', { description: 'Slug of one person.' }),
    target: t.exposeString('target', { description: 'Slug of the other.' }),
    weight: t.exposeInt('weight', { description: 'Distinct papers they authored together.' }),
  }),
});

const AuthorNetwork = builder
  .objectRef<{ nodes: NetworkNodeRow[]; edges: NetworkEdgeRow[]; truncated: boolean }>('AuthorNetwork')
  .implement({
    description: 'A person’s co-authorship neighbourhood.',
    fields: (t) => ({
      nodes: t.field({ type: [NetworkNode], resolve: (n) => n.nodes }),
      edges: t.field({ type: [NetworkEdge], resolve: (n) => n.edges }),
      truncated: t.exposeBoolean('truncated', { description: 'True when more people qualified than maxNodes.' }),
    }),
  });

builder.objectFields(Author, (t) => ({
  network: t.field({
    type: AuthorNetwork,
    description:
      'The person, their co-authors (depth 1) and co-authors’ co-authors (depth 2), linked by shared papers. ' +
      'Nodes rank by distance, then shared papers, then name; the first maxNodes are kept. Edges join kept nodes.',
    args: {
      depth: t.arg.int({ defaultValue: 1, description: '1 or 2.' }),
      minSharedPapers: t.arg.int({ defaultValue: 1, description: 'Links need at least this many shared papers.' }),
      maxNodes: t.arg.int({ defaultValue: 200, description: `At most ${MAX_NETWORK_NODES}, the person included.` }),
    },
    resolve: (author, args, ctx) => {
      const depth = args.depth ?? 1;
      const minShared = args.minSharedPapers ?? 1;
      const maxNodes = args.maxNodes ?? 200;
      if (depth !== 1 && depth !== 2) throw badInput('"depth" must be 1 or 2.', 'depth');
      if (minShared < 1) throw badInput('"minSharedPapers" must be at least 1.', 'minSharedPapers');
      if (maxNodes < 1 || maxNodes > MAX_NETWORK_NODES) {
        throw badInput(`"maxNodes" must be between 1 and ${MAX_NETWORK_NODES}.`, 'maxNodes');
      }
      return egoNetwork(ctx.db.pool, author.id, depth, minShared, maxNodes);
    },
  }),
}));

builder.queryFields((t) => ({
  collaborationPath: t.field({
    type: CollaborationPath,
    nullable: true,
    description:
      `A shortest co-authorship path between two people (slugs), at most maxLength (≤ ${MAX_PATH_LENGTH}) hops: ` +
      '`found: false` when there is none within maxLength, null when a slug names nobody. ' +
      'Fails with SEARCH_LIMIT_EXCEEDED past the visited-people limit.',
    args: {
      from: t.arg.string({ required: true }),
      to: t.arg.string({ required: true }),
      maxLength: t.arg.int({ defaultValue: 6 }),
    },
    resolve: async (_root, args, ctx) => {
      const maxLength = args.maxLength ?? 6;
      if (maxLength < 0 || maxLength > MAX_PATH_LENGTH) {
        throw badInput(`"maxLength" must be between 0 and ${MAX_PATH_LENGTH}.`, 'maxLength');
      }
      const result = await collaborationPath(ctx.db.pool, args.from, args.to, maxLength);
      if (result.kind === 'unknown') return null;
      if (result.kind === 'none') return { hops: null, maxLength };
      if (result.kind === 'too-large') {
        throw new GraphQLError(
          `The path search gave up after visiting ${result.visited} people (limit ${MAX_VISITED}); try a smaller maxLength.`,
          { extensions: { code: 'SEARCH_LIMIT_EXCEEDED', limit: MAX_VISITED } },
        );
      }
      return { hops: result.hops, maxLength };
    },
  }),
}));
