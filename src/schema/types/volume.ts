// Volume: a proceedings volume or journal issue, with its venues and editors.
import { monthNumber } from '../../citations/record.js';
import type { VolumeWithVenues } from '../../loaders/index.js';
import { builder } from '../builder.js';
import { Authorship } from './authorship.js';
import { offsetWindow, pageToConnection, totalCountOf } from '../paging.js';
import { Paper, PaperFilter } from './paper.js';
import { Venue } from './venue.js';
import { Month } from './years.js';

/** The values of the XML's `<volume type="…">` (absent: proceedings), as the corpus has them. */
type VolumeTypeValue = 'proceedings' | 'journal';

const VolumeType = builder.enumType('VolumeType', {
  description: 'What a volume is (the XML’s `<volume type>`).',
  values: {
    PROCEEDINGS: { value: 'proceedings', description: 'Conference or workshop proceedings.' },
    JOURNAL: { value: 'journal', description: 'A journal issue.' },
  } as const,
});

export const Volume = builder.prismaNode('Volume', {
  description: 'A proceedings volume or a journal issue, e.g. `2024.naacl-long`.',
  // node(id:) for a well-formed id of a record that does not exist: null, not an error.
  nullable: true,
  id: { field: 'anthologyId' },
  fields: (t) => ({
    anthologyId: t.exposeString('anthologyId'),
    title: t.exposeString('title', {
      description: 'E.g. "Proceedings of the 2025 Conference on Empirical Methods in Natural Language Processing".',
    }),
    titleMarkup: t.exposeString('titleMarkup'),
    shortTitle: t.exposeString('shortTitle', { nullable: true }),
    type: t.field({ type: VolumeType, resolve: (v) => v.type as VolumeTypeValue }),
    year: t.exposeInt('year'),
    month: t.field({
      type: Month,
      nullable: true,
      description: 'The month of publication, read as the Anthology’s BibTeX reads it (the first month named); null when none can be read.',
      resolve: (v) => monthNumber(v.month),
    }),
    monthText: t.exposeString('month', {
      nullable: true,
      description: 'The month as the XML prints it, e.g. `June`, `6` or `October 31-November 4`.',
    }),
    publisher: t.exposeString('publisher', { nullable: true }),
    address: t.exposeString('address', { nullable: true }),
    doi: t.expose('doi', { type: 'DOI', nullable: true }),
    isbn: t.exposeString('isbn', { nullable: true }),
    journalVolume: t.exposeString('journalVolume', {
      nullable: true,
      description: 'A journal issue’s volume number (`<journal-volume>`).',
    }),
    journalIssue: t.exposeString('journalIssue', { nullable: true, description: 'A journal issue’s number (`<journal-issue>`).' }),
    journalTitle: t.exposeString('journalTitle', {
      nullable: true,
      description: 'The journal’s title where the XML gives one (`<journal-title>`).',
    }),
  }),
});

builder.objectFields(Volume, (t) => ({
  venues: t.field({
    type: [Venue],
    description: 'The venues this volume belongs to (a volume can belong to several).',
    // Volumes of the combined loader carry their venues; others load them.
    resolve: (v, _args, ctx) => (v as VolumeWithVenues)._venues ?? ctx.loaders.volumeVenues.load(v.id),
  }),
  papers: t.field({
    type: [Paper],
    description: 'The volume’s papers in order (natural anthology id order).',
    deprecationReason: 'Use `papersConnection` (paged, with `filter`).',
    args: {
      includeFrontmatter: t.arg.boolean({
        defaultValue: false,
        required: true,
        description: 'Also list the frontmatter (front matter "paper" 0).',
      }),
    },
    resolve: (v, args, ctx) => ctx.loaders.volumePapers(args.includeFrontmatter).load(v.id),
  }),
  papersConnection: t.connection(
    {
      type: Paper,
      description: 'The volume’s papers in natural anthology id order, narrowed by `filter`.',
      args: {
        filter: t.arg({ type: PaperFilter }),
        includeFrontmatter: t.arg.boolean({
          defaultValue: false,
          required: true,
          description: 'Also list the frontmatter (front matter "paper" 0).',
        }),
      },
      resolve: async (v, args, ctx) => {
        const window = offsetWindow(args);
        const page = await ctx.loaders.pages.volumePapers(args.includeFrontmatter, args.filter, window).load(v.id);
        return pageToConnection(window, page, (node) => ({ node }));
      },
    },
    { name: 'VolumePapersConnection', fields: (c) => ({ totalCount: c.int({ resolve: (p) => totalCountOf(p) }) }) },
  ),
  editors: t.field({
    type: [Authorship],
    description: 'The volume’s editors in printed order.',
    resolve: (v, _args, ctx) => ctx.loaders.volumeEditors.load(v.id),
  }),
}));

builder.queryFields((t) => ({
  volume: t.prismaField({
    type: 'Volume',
    nullable: true,
    args: { anthologyId: t.arg.string({ required: true }) },
    description: 'A volume by anthology id, e.g. `2024.naacl-long`; null when no volume has it.',
    resolve: (query, _root, args, ctx) => ctx.db.prisma.volume.findUnique({ ...query, where: { anthologyId: args.anthologyId } }),
  }),
}));
