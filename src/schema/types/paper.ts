// Paper: one paper (or a volume's frontmatter) with its ordered authors and volume.
import { monthNumber } from '../../citations/record.js';
import { findPaper, loadPapersBy, MAX_BATCH_KEYS } from '../../loaders/lookups.js';
import { builder } from '../builder.js';
import { paperKeyOf, paperKeysOf } from '../lookup-keys.js';
import { orderOf } from '../list-args.js';
import { checkPageSize, PRISMA_CURSOR } from '../paging.js';
import { authorshipsBrief, papersWithoutAbstract, papersWithoutMarkup, selectedFields } from '../selection.js';
import { Authorship } from './authorship.js';
import { DataSource } from './data-source.js';
import { Volume } from './volume.js';
import { Month } from './years.js';

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
    month: t.field({
      type: Month,
      nullable: true,
      description:
        'The month of publication (the paper’s, else its volume’s), read as the Anthology’s BibTeX reads it (the first month named); null when none can be read.',
      resolve: async (p, _args, ctx) => monthNumber(await printedMonth(p, ctx)),
    }),
    monthText: t.string({
      nullable: true,
      description: 'The month as the XML prints it (the paper’s, else its volume’s), e.g. `June`, `6` or `October 31-November 4`.',
      resolve: (p, _args, ctx) => printedMonth(p, ctx),
    }),
    pages: t.exposeString('pages', { nullable: true }),
    doi: t.expose('doi', { type: 'DOI', nullable: true }),
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
    // Brief (half the fields to read) when the selection prints only what a brief one holds.
    resolve: (p, _args, ctx, info) =>
      (authorshipsBrief(info) ? ctx.loaders.paperAuthorshipsBrief : ctx.loaders.paperAuthorships).load(p.id),
  }),
}));

/** The month printed for a paper, else for its volume (as the citation record takes it: src/citations/record.ts). */
async function printedMonth(
  p: { month: string | null; volumeId: number },
  ctx: { loaders: { volumeById: { load(id: number): Promise<{ month: string | null } | null> } } },
) {
  return p.month ?? (await ctx.loaders.volumeById.load(p.volumeId))?.month ?? null;
}

const isAbsolute = (url: string) => /^[a-z]+:\/\//i.test(url);

builder.queryFields((t) => ({
  paper: t.field({
    type: Paper,
    nullable: true,
    description:
      'A paper by anthology id, by DOI (a DOI name or a doi.org URL, in any case) or by dblp record key; null when no paper has it.',
    args: {
      by: t.arg({ type: PaperBy }),
      anthologyId: t.arg.string({ deprecationReason: 'Use `by: { anthologyId: … }`.' }),
      doi: t.arg.string({ deprecationReason: 'Use `by: { doi: … }`.' }),
    },
    resolve: (_root, args, ctx) => findPaper(ctx.db.pool, paperKeyOf(args.by, args)),
  }),
  papersBy: t.field({
    type: [Paper],
    nullable: { list: false, items: true },
    description: `Papers by anthology id or by DOI (at most ${MAX_BATCH_KEYS} keys), in the order asked: null where no paper has the key. The same rules as \`paper(by:)\`, in one statement.`,
    args: { by: t.arg({ type: PaperKeys, required: true }) },
    resolve: (_root, args, ctx) => loadPapersBy(ctx.db.pool, paperKeysOf(args.by)),
  }),
  papers: t.prismaConnection(
    {
      type: 'Paper',
      cursor: 'anthologyId',
      description: 'Papers (frontmatter excluded); by default newest year first, then by anthology id in natural order.',
      args: {
        filter: t.arg({ type: PaperFilter }),
        orderBy: t.arg({
          type: [PaperOrder],
          defaultValue: [...NEWEST_FIRST],
          description: 'Keys of the order, first key first (a single value is a list of one).',
        }),
      },
      // One statement (src/loaders/paper-list.ts): the page, the total and, when asked,
      // the papers' authorships and volumes (primed into the combined loader).
      resolve: (query, _root, args, ctx, info) => {
        checkPageSize(args, PRISMA_CURSOR);
        const q = query as { take: number; skip?: number; cursor?: { anthologyId?: string } };
        const node = selectedFields(info, ['edges', 'node']);
        return ctx.loaders.paperList.page(args, {
          filter: args.filter,
          order: orderOf(args.orderBy, NEWEST_FIRST),
          take: q.take,
          skip: q.skip ?? 0,
          cursor: q.cursor?.anthologyId ?? null,
          total: selectedFields(info).has('totalCount'),
          authorships: node.has('authorships'),
          briefAuthorships: authorshipsBrief(info, ['edges', 'node', 'authorships']),
          volumes: node.has('volume'),
          withoutMarkup: papersWithoutMarkup(info, ['edges', 'node']),
          withoutAbstract: papersWithoutAbstract(info, ['edges', 'node']),
        });
      },
      totalCount: (_parent, args, ctx) => ctx.loaders.paperList.total(args, args.filter),
    },
    { name: 'PapersConnection' },
  ),
}));

const PaperBy = builder.inputType('PaperBy', {
  isOneOf: true,
  description: 'One key of a paper: exactly one of these.',
  fields: (t) => ({
    anthologyId: t.string({ description: 'The Anthology id, e.g. `2022.acl-long.42` or `P18-1001`.' }),
    doi: t.field({
      type: 'DOI',
      description: 'A DOI name or doi.org URL, in any case (DOI names are case-insensitive): the first paper with it.',
    }),
    dblpKey: t.string({ description: 'A dblp record key, e.g. `conf/inlg/DusekK20`: the paper that record describes.' }),
    openalexId: t.string({
      description: 'An OpenAlex work id, `W2100301546` or `https://openalex.org/W2100301546`: the paper that work is.',
    }),
  }),
});

const PaperKeys = builder.inputType('PaperKeys', {
  isOneOf: true,
  description: `Keys of papers, all of one kind: exactly one of these lists (at most ${MAX_BATCH_KEYS} keys).`,
  fields: (t) => ({
    anthologyIds: t.stringList({ description: 'Anthology ids, as `PaperBy.anthologyId` takes them.' }),
    dois: t.field({ type: ['DOI'], description: 'DOIs, as `PaperBy.doi` takes them.' }),
  }),
});

export const PaperOrder = builder.enumType('PaperOrder', {
  description:
    'One key of a paper list’s order (`orderBy` takes a list: the first key first). Ties are always broken by the anthology id in natural order.',
  values: {
    YEAR_DESC: { description: 'Newest year first.' },
    YEAR_ASC: { description: 'Oldest year first.' },
    ANTHOLOGY_ID_ASC: { description: 'By anthology id in natural order (`P18-1009` before `P18-1010`).' },
    ANTHOLOGY_ID_DESC: { description: 'By anthology id in reverse natural order.' },
    NEWEST_FIRST: { value: 'YEAR_DESC', description: 'Newest year first.', deprecationReason: 'Use `YEAR_DESC`.' },
    OLDEST_FIRST: { value: 'YEAR_ASC', description: 'Oldest year first.', deprecationReason: 'Use `YEAR_ASC`.' },
    ANTHOLOGY_ID: { value: 'ANTHOLOGY_ID_ASC', description: 'By anthology id.', deprecationReason: 'Use `ANTHOLOGY_ID_ASC`.' },
  } as const,
});

/** A paper list's order when none is asked: newest year first (then natural id order). */
export const NEWEST_FIRST = ['YEAR_DESC'] as const;

export const PaperFilter = builder.inputType('PaperFilter', {
  description: 'Narrows a list of papers; every given condition must hold.',
  fields: (t) => ({
    year: t.int(),
    yearFrom: t.int({ description: 'From this year on (inclusive).' }),
    yearTo: t.int({ description: 'Up to this year (inclusive).' }),
    venue: t.string({ description: 'Only papers in volumes of this venue (slug).' }),
    volume: t.string({ description: 'Only papers of this volume (anthology id).' }),
    hasAbstract: t.boolean({ description: 'Only papers with (true) or without (false) an abstract.' }),
    retracted: t.boolean({ description: 'Only retracted or removed papers (true), or only the others (false).' }),
    sources: t.field({
      type: [DataSource],
      description: 'Only papers one of these sources describes (an empty list: none).',
    }),
  }),
});
