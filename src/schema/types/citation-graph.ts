// Citations in the graph (OpenAlex's referenced_works, docs/import.md "Import OpenAlex"):
// a paper's references and the papers citing it, their counts, a person's citation count
// and h-index. Each field calls one loader (src/loaders/citation-graph.ts).
import { builder } from '../builder.js';
import { offsetWindow, pageToConnection, totalCountOf } from '../paging.js';
import { Author } from './author.js';
import { Paper } from './paper.js';

builder.objectFields(Paper, (t) => ({
  references: t.connection(
    {
      type: Paper,
      description:
        'The papers in the graph this paper cites (its OpenAlex work’s `referenced_works` that are imported), newest first (year, then anthology id).',
      resolve: async (p, args, ctx) => {
        const window = offsetWindow(args);
        const page = await ctx.loaders.pages.references(window).load(p.id);
        return pageToConnection(window, page, (node) => ({ node }));
      },
    },
    { name: 'PaperReferencesConnection', fields: (c) => ({ totalCount: c.int({ resolve: (p) => totalCountOf(p) }) }) },
  ),
  unresolvedReferences: t.stringList({
    description:
      'OpenAlex ids of works this paper cites that are not in the graph (yet), in the work’s order; each moves to `references` when its work is imported.',
    resolve: async (p, _args, ctx) => (await ctx.loaders.paperCitations.load(p.id)).unresolved,
  }),
  citedBy: t.connection(
    {
      type: Paper,
      description: 'The papers in the graph citing this paper, newest first (year, then anthology id).',
      resolve: async (p, args, ctx) => {
        const window = offsetWindow(args);
        const page = await ctx.loaders.pages.citedBy(window).load(p.id);
        return pageToConnection(window, page, (node) => ({ node }));
      },
    },
    { name: 'PaperCitedByConnection', fields: (c) => ({ totalCount: c.int({ resolve: (p) => totalCountOf(p) }) }) },
  ),
  citationCount: t.int({
    description: 'Papers in the graph citing this one (in-graph: `citedBy.totalCount`).',
    resolve: async (p, _args, ctx) => (await ctx.loaders.paperCitations.load(p.id)).inGraph,
  }),
  openalexCitationCount: t.int({
    nullable: true,
    description:
      'OpenAlex’s own count of works citing this one (`cited_by_count`, as of the imported record); null when OpenAlex has no record of it.',
    resolve: async (p, _args, ctx) => (await ctx.loaders.paperCitations.load(p.id)).openalex,
  }),
}));

builder.objectFields(Author, (t) => ({
  citationCount: t.int({
    description: 'In-graph citations of the person’s authored papers: for each paper, the papers in the graph citing it.',
    resolve: async (a, _args, ctx) => (await ctx.loaders.authorCitations.load(a.id)).citationCount,
  }),
  hIndex: t.int({
    description: 'The largest h such that h of the person’s authored papers each have at least h in-graph citations.',
    resolve: async (a, _args, ctx) => (await ctx.loaders.authorCitations.load(a.id)).hIndex,
  }),
}));
