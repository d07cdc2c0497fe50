// Search: one box for people, papers and venues (relevance-ordered, merged on a
// 0..1 score per kind; see src/loaders/search.ts), and type-ahead suggestions.
import {
  HIGHLIGHT_START,
  HIGHLIGHT_STOP,
  search,
  suggest,
  type SearchHit as Hit,
  type SearchKind as Kind,
  type Suggestion as SuggestionValue,
} from '../../loaders/search.js';
import { escapeHtml } from '../../text/markup.js';
import { builder } from '../builder.js';
import { badInput } from '../errors.js';
import { paperFilterOf } from '../list-args.js';
import { offsetWindow, pageToConnection, totalCountOf } from '../paging.js';
import { Author } from './author.js';
import { DataSource } from './data-source.js';
import { Paper, PaperFilter } from './paper.js';
import { Venue } from './venue.js';

const KINDS = ['AUTHOR', 'PAPER', 'VENUE'] as const;

const SearchKind = builder.enumType('SearchKind', {
  description: 'What a search hit or suggestion is.',
  values: KINDS,
});

/** Which GraphQL type each hit's node is: set when hits are made, read by the union. */
const kindOf = new WeakMap<object, Kind>();
const TYPE_OF: Record<Kind, string> = { AUTHOR: 'Author', PAPER: 'Paper', VENUE: 'Venue' };

function tagged<T extends { kind: Kind; node: object }>(hit: T): T {
  kindOf.set(hit.node, hit.kind);
  return hit;
}

const SearchHit = builder.unionType('SearchHit', {
  description: 'A person, paper or venue found by `search` or `suggest`.',
  types: [Author, Paper, Venue],
  resolveType: (node) => {
    const kind = kindOf.get(node);
    if (!kind) throw new Error('SearchHit: a node without a kind');
    return TYPE_OF[kind];
  },
});

/** What the search connection carries besides its page: whether its total is exact, and how to get the exact one. */
interface SearchTotals {
  totalCountExact: boolean;
  exactCount: () => Promise<number>;
}

const MAX_QUERY_LENGTH = 200;

function cleanQuery(value: string, argument: string): string {
  const text = value.trim();
  if (text === '') throw badInput(`"${argument}" must not be empty.`, argument);
  if (text.length > MAX_QUERY_LENGTH) {
    throw badInput(`"${argument}" is longer than ${MAX_QUERY_LENGTH} characters.`, argument);
  }
  return text;
}

/** Replaces the loader's highlight marks with the caller's markers. */
function highlight(snippet: string, start: string, stop: string): string {
  return snippet.split(HIGHLIGHT_START).join(start).split(HIGHLIGHT_STOP).join(stop);
}

const MAX_SUGGESTIONS = 50;

const Suggestion = builder.objectRef<SuggestionValue>('Suggestion').implement({
  description: 'One type-ahead suggestion.',
  fields: (t) => ({
    kind: t.field({ type: SearchKind, resolve: (s) => s.kind }),
    label: t.exposeString('label', { description: 'What to show: a name, "ACRONYM — Name", or a title.' }),
    slug: t.string({
      nullable: true,
      description: 'The person’s or venue’s slug.',
      resolve: (s) => (s.kind === 'PAPER' ? null : s.key),
    }),
    anthologyId: t.string({
      nullable: true,
      description: 'The paper’s anthology id.',
      resolve: (s) => (s.kind === 'PAPER' ? s.key : null),
    }),
    node: t.field({ type: SearchHit, resolve: (s) => s.node }),
  }),
});

builder.queryFields((t) => ({
  search: t.connection(
    {
      type: SearchHit,
      description:
        'People (by name: fuzzy, accent-insensitive), papers (full text over title and abstract: an exact title ' +
        'first, then papers with every word in the title, then the others) and venues ' +
        '(acronym or name), best first. Each kind scores 0..1 (an exact name, acronym or title scores 1), ' +
        'so the kinds merge into one list; ties go to people, then venues, then papers. The `filter` ' +
        'narrows papers only (pass `kinds: [PAPER]` for papers alone).',
      args: {
        query: t.arg.string({ required: true }),
        kinds: t.arg({ type: [SearchKind], description: 'Kinds to search; all when omitted.' }),
        filter: t.arg({ type: PaperFilter, description: 'Narrows the papers (people and venues are not narrowed).' }),
        sources: t.arg({
          type: [DataSource],
          description:
            'Only people and papers one of these sources describes (an empty list: none); venues are not narrowed. With `filter: { sources }`, papers must meet both.',
        }),
        year: t.arg.int({ description: 'Only papers of this year.', deprecationReason: 'Use `filter: { year: … }`.' }),
        yearFrom: t.arg.int({ description: 'Only papers of this year or later.', deprecationReason: 'Use `filter: { yearFrom: … }`.' }),
        yearTo: t.arg.int({ description: 'Only papers of this year or earlier.', deprecationReason: 'Use `filter: { yearTo: … }`.' }),
        venue: t.arg.string({ description: 'Only papers in this venue (slug).', deprecationReason: 'Use `filter: { venue: … }`.' }),
      },
      resolve: async (_root, args, ctx) => {
        const query = cleanQuery(args.query, 'query');
        const window = offsetWindow(args);
        const kinds = args.kinds && args.kinds.length > 0 ? args.kinds : KINDS;
        const page = await search(
          ctx.db.pool,
          query,
          kinds,
          paperFilterOf(args.filter, { year: args.year, yearFrom: args.yearFrom, yearTo: args.yearTo, venue: args.venue }),
          window.offset,
          window.limit,
          args.sources,
        );
        const connection = pageToConnection(window, page, (hit: Hit) => {
          tagged(hit);
          return { node: hit.node, score: hit.score, snippet: hit.kind === 'PAPER' ? hit.snippet : null };
        });
        return Object.assign(connection, { totalCountExact: page.totalCountExact, exactCount: page.exactCount });
      },
    },
    {
      name: 'SearchConnection',
      fields: (c) => ({
        totalCount: c.int({
          description:
            'Hits of every kind asked. People and venues are counted exactly; papers too when the title ' +
            'matches do not fill the page asked (or a year or venue filter is given), otherwise their number ' +
            'is PostgreSQL’s estimate ("about …", never below the title matches counted): see ' +
            '`totalCountExact`. Pass `exact: true` for the exact number (it counts every match: slower ' +
            'for frequent words).',
          args: { exact: c.arg.boolean({ defaultValue: false, description: 'Count every paper match exactly.' }) },
          resolve: (p, args) => {
            const { exactCount, totalCountExact } = p as typeof p & SearchTotals;
            return args.exact && !totalCountExact ? exactCount() : totalCountOf(p);
          },
        }),
        totalCountExact: c.boolean({
          description: 'Whether `totalCount` (without `exact: true`) is exact; false: it is an estimate.',
          resolve: (p) => (p as typeof p & SearchTotals).totalCountExact,
        }),
      }),
    },
    {
      name: 'SearchEdge',
      fields: (e) => ({
        score: e.float({
          description: 'Relevance, 0..1 (1: an exact name, acronym or title).',
          resolve: (edge) => (edge as typeof edge & { score: number }).score,
        }),
        snippet: e.string({
          nullable: true,
          description:
            'For papers: the title and the best passages of the abstract (plain text, not HTML-escaped: to insert it as HTML, use snippetHtml), matched words between the markers.',
          args: {
            start: e.arg.string({ defaultValue: '<b>', description: 'Marker before a matched word.' }),
            stop: e.arg.string({ defaultValue: '</b>', description: 'Marker after a matched word.' }),
          },
          resolve: (edge, args) => {
            const snippet = (edge as typeof edge & { snippet: string | null }).snippet;
            return snippet == null ? null : highlight(snippet, args.start ?? '<b>', args.stop ?? '</b>');
          },
        }),
        snippetHtml: e.string({
          nullable: true,
          description:
            'The snippet as HTML, safe to insert into a page: the text HTML-escaped, matched words in <mark>…</mark>, no other markup.',
          resolve: (edge) => {
            const snippet = (edge as typeof edge & { snippet: string | null }).snippet;
            return snippet == null ? null : highlight(escapeHtml(snippet), '<mark>', '</mark>');
          },
        }),
      }),
    },
  ),
  suggest: t.field({
    type: [Suggestion],
    description:
      'Type-ahead: people, venues and paper titles that start with (a word starting with) `prefix`, ' +
      'whole-label prefixes first. One indexed statement: cheap enough for every keystroke.',
    args: {
      prefix: t.arg.string({ required: true }),
      first: t.arg.int({ defaultValue: 8 }),
    },
    resolve: async (_root, args, ctx) => {
      const prefix = cleanQuery(args.prefix, 'prefix');
      const first = args.first ?? 8;
      if (first < 0) throw badInput(`"first" must not be negative (got ${first}).`, 'first');
      if (first > MAX_SUGGESTIONS) throw badInput(`"first" is ${first}, above the maximum of ${MAX_SUGGESTIONS}.`, 'first');
      return (await suggest(ctx.db.pool, prefix, first)).map(tagged);
    },
  }),
}));
