// Paper: one paper (or a volume's frontmatter) with its ordered authors and volume.
import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionNode } from 'graphql';
import type { Paper as PaperRow } from '../../generated/prisma/client.js';
import { countPaperList, loadPaperList } from '../../loaders/paper-list.js';
import { builder } from '../builder.js';
import { badInput, notFound } from '../errors.js';
import { checkPageSize, PRISMA_CURSOR } from '../paging.js';
import { Authorship } from './authorship.js';
import { Volume } from './volume.js';

const ANTHOLOGY = 'https://aclanthology.org';

export const Paper = builder.prismaNode('Paper', {
  description: 'A paper in a proceedings volume or journal issue.',
  // node(id:) for a well-formed id of a record that does not exist: null, not an error.
  nullable: true,
  id: { field: 'anthologyId' },
  fields: (t) => ({
    anthologyId: t.exposeString('anthologyId', { description: 'Public id, e.g. `2022.acl-long.42` or `P18-1001`.' }),
    title: t.exposeString('title', { description: 'Plain-text title.' }),
    titleMarkup: t.exposeString('titleMarkup', { description: 'The title as marked up in the Anthology XML.' }),
    abstract: t.exposeString('abstract', { nullable: true, description: 'Plain-text abstract.' }),
    abstractMarkup: t.exposeString('abstractMarkup', { nullable: true }),
    year: t.exposeInt('year'),
    month: t.exposeString('month', { nullable: true }),
    pages: t.exposeString('pages', { nullable: true }),
    doi: t.exposeString('doi', { nullable: true }),
    bibkey: t.exposeString('bibkey', { nullable: true }),
    language: t.exposeString('language', { nullable: true }),
    awards: t.exposeStringList('awards'),
    isFrontmatter: t.exposeBoolean('isFrontmatter'),
    url: t.string({
      nullable: true,
      description: 'The paper’s landing page (the Anthology page, or the external URL on record).',
      resolve: (p) => (p.url == null ? null : isAbsolute(p.url) ? p.url : `${ANTHOLOGY}/${p.anthologyId}/`),
    }),
    pdfUrl: t.string({
      nullable: true,
      resolve: (p) => (p.url == null ? null : isAbsolute(p.url) ? p.url : `${ANTHOLOGY}/${p.url}.pdf`),
    }),
  }),
});

builder.objectFields(Paper, (t) => ({
    volume: t.field({
      type: Volume,
      description: 'The proceedings volume or journal issue the paper appeared in.',
      resolve: async (p, _args, ctx) => {
        const volume = await ctx.loaders.volumeById.load(p.volumeId);
        if (volume == null) throw new Error(`volume ${p.volumeId} is missing`);
        return volume;
      },
    }),
    authorships: t.field({
      type: [Authorship],
      description: 'The paper’s authors in printed order.',
      resolve: (p, _args, ctx) => ctx.loaders.paperAuthorships.load(p.id),
    }),
}));

const isAbsolute = (url: string) => /^[a-z]+:\/\//i.test(url);

builder.queryFields((t) => ({
  paper: t.prismaField({
    type: 'Paper',
    nullable: true,
    description: 'A paper by anthology id or by DOI (exactly one of the two).',
    args: { anthologyId: t.arg.string(), doi: t.arg.string() },
    resolve: async (query, _root, args, ctx) => {
      if ((args.anthologyId == null) === (args.doi == null)) {
        throw badInput('Give exactly one of "anthologyId" or "doi".');
      }
      if (args.anthologyId != null) {
        const paper = await ctx.db.prisma.paper.findUnique({ ...query, where: { anthologyId: args.anthologyId } });
        if (!paper) throw notFound('paper', 'anthologyId', args.anthologyId);
        return paper;
      }
      const doi = args.doi!.replace(/^https?:\/\/(dx\.)?doi\.org\//i, '');
      if (!/^10\.\d{4,}\/\S+$/.test(doi)) throw badInput(`"${args.doi}" is not a DOI (expected 10.xxxx/…).`, 'doi');
      const paper = await ctx.db.prisma.paper.findFirst({
        ...query,
        where: { doi },
        orderBy: { id: 'asc' },
      });
      if (!paper) throw notFound('paper', 'doi', doi);
      return paper;
    },
  }),
  papers: t.prismaConnection(
    {
      type: 'Paper',
      cursor: 'anthologyId',
      description: 'Papers (frontmatter excluded); by default newest year first, then by anthology id in natural order.',
      args: {
        filter: t.arg({ type: PaperFilter }),
        orderBy: t.arg({ type: PaperOrder, defaultValue: 'NEWEST_FIRST', required: true }),
      },
      // One statement (src/loaders/paper-list.ts): the page, the total and, when asked,
      // the papers' authorships and volumes (primed into the combined loader).
      resolve: async (query, _root, args, ctx, info) => {
        checkPageSize(args, PRISMA_CURSOR);
        const q = query as { take: number; skip?: number; cursor?: { anthologyId?: string } };
        const top = selectedFields(info, []);
        const node = selectedFields(info, ['edges', 'node']);
        const pending = loadPaperList(ctx.db.pool, {
          filter: args.filter,
          order: args.orderBy,
          take: q.take,
          skip: q.skip ?? 0,
          cursor: q.cursor?.anthologyId ?? null,
          total: top.has('totalCount'),
          authorships: node.has('authorships'),
          volumes: node.has('volume'),
          light: [...node].every((name) => LIGHT_PAPER_FIELDS.has(name)),
        });
        // (A failure is the page's error; totalCount then counts on its own.)
        totals.set(args, pending.then((r) => r.total, () => null));
        const result = await pending;
        if (result.authorships) {
          // Papers without authors have no row: they are primed with none (not loaded again).
          const found = new Map(result.authorships);
          for (const item of result.items) {
            const id = item.id as number;
            ctx.loaders.combined.prime({ part: 'paperAuthorships', id }, found.get(id) ?? []);
          }
        }
        for (const [id, volume] of result.volumes ?? []) ctx.loaders.combined.prime({ part: 'volume', id }, volume);
        return result.items as unknown as PaperRow[];
      },
      totalCount: async (_parent, args, ctx) =>
        (await totals.get(args)) ?? countPaperList(ctx.db.pool, args.filter),
    },
    { name: 'PapersConnection' },
  ),
}));

/** The total read with a page (by the page's arguments, the object both callbacks get). */
const totals = new WeakMap<object, Promise<number | null>>();

/** Fields a paper list may select under `edges.node` and still be read without markup. */
const LIGHT_PAPER_FIELDS = new Set([
  '__typename', 'id', 'anthologyId', 'title', 'abstract', 'year', 'month', 'pages', 'doi', 'bibkey',
  'language', 'awards', 'isFrontmatter', 'url', 'pdfUrl', 'volume', 'authorships',
  'retracted', 'retraction', 'errata', 'revisions', 'attachments', 'videos', 'note', 'events',
]);

/** Names of the fields selected at `path` below the current field (through fragments). */
function selectedFields(info: GraphQLResolveInfo, path: string[]): Set<string> {
  const fieldsOf = (selections: readonly SelectionNode[]): FieldNode[] =>
    selections.flatMap((s): FieldNode[] => {
      if (s.kind === Kind.FIELD) return [s];
      if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(s.selectionSet.selections);
      const fragment = info.fragments[s.name.value];
      return fragment ? fieldsOf(fragment.selectionSet.selections) : [];
    });
  let level: readonly SelectionNode[] = info.fieldNodes.flatMap((n) => n.selectionSet?.selections ?? []);
  for (const name of path) {
    level = fieldsOf(level)
      .filter((f) => f.name.value === name)
      .flatMap((f) => f.selectionSet?.selections ?? []);
  }
  return new Set(fieldsOf(level).map((f) => f.name.value));
}

const PaperOrder = builder.enumType('PaperOrder', {
  values: {
    NEWEST_FIRST: { description: 'Newest year first, then by anthology id in natural order.' },
    OLDEST_FIRST: { description: 'Oldest year first, then by anthology id in natural order.' },
    ANTHOLOGY_ID: { description: 'By anthology id in natural order.' },
  } as const,
});

const PaperFilter = builder.inputType('PaperFilter', {
  description: 'Narrows a list of papers; every given condition must hold.',
  fields: (t) => ({
    year: t.int(),
    yearFrom: t.int({ description: 'From this year on (inclusive).' }),
    yearTo: t.int({ description: 'Up to this year (inclusive).' }),
    venue: t.string({ description: 'Only papers in volumes of this venue (slug).' }),
    volume: t.string({ description: 'Only papers of this volume (anthology id).' }),
    hasAbstract: t.boolean({ description: 'Only papers with (true) or without (false) an abstract.' }),
    retracted: t.boolean({ description: 'Only retracted or removed papers (true), or only the others (false).' }),
  }),
});
