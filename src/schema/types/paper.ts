// Paper: one paper (or a volume's frontmatter) with its ordered authors and volume.
import { loadPaperAuthorships } from '../../loaders/papers.js';
import { loadVolumesById } from '../../loaders/volumes.js';
import { builder } from '../builder.js';
import { badInput, notFound } from '../errors.js';
import { checkPageSize } from '../paging.js';
import { Authorship } from './authorship.js';
import { Volume } from './volume.js';

const ANTHOLOGY = 'https://aclanthology.org';

export const Paper = builder.prismaNode('Paper', {
  description: 'A paper in a proceedings volume or journal issue.',
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
    volume: t.loadable({
      type: Volume,
      description: 'The proceedings volume or journal issue the paper appeared in.',
      load: (ids: number[], ctx) => loadVolumesById(ctx.db.pool, ids).then(requireAll('volume', ids)),
      resolve: (p) => p.volumeId,
    }),
    authorships: t.loadableList({
      type: Authorship,
      description: 'The paper’s authors in printed order.',
      load: (ids: number[], ctx) => loadPaperAuthorships(ctx.db.pool, ids),
      resolve: (p) => p.id,
    }),
}));

const isAbsolute = (url: string) => /^[a-z]+:\/\//i.test(url);

/** For loaders of required relations: a missing row is a broken invariant, not a null. */
export function requireAll<T>(what: string, ids: readonly number[]) {
  return (found: (T | null)[]): T[] =>
    found.map((row, i) => {
      if (row == null) throw new Error(`${what} ${ids[i]} is missing`);
      return row;
    });
}

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
      description: 'Papers (frontmatter excluded), newest year first, then by anthology id in natural order.',
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        return ctx.db.prisma.paper.findMany({
          ...query,
          where: { isFrontmatter: false },
          orderBy: [{ year: 'desc' }, { sortKey: 'asc' }],
        });
      },
      totalCount: (_parent, _args, ctx) => ctx.db.prisma.paper.count({ where: { isFrontmatter: false } }),
    },
    { name: 'PapersConnection' },
  ),
}));
