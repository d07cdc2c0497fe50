// Venue: a conference series or journal, e.g. `emnlp`.
import type { VenueAuthor as VenueAuthorShape } from '../../loaders/browsing.js';
import { countVenueList, loadVenueList } from '../../loaders/root-lists.js';
import { MAX_PAGE_SIZE } from '../../page-size.js';
import { builder } from '../builder.js';
import { badInput } from '../errors.js';
import { checkNamePrefix, MAX_PREFIX_LENGTH, orderOf } from '../list-args.js';
import { checkPageSize, offsetWindow, PRISMA_CURSOR, pageToConnection, totalCountOf } from '../paging.js';
import { Author } from './author.js';
import { Volume } from './volume.js';
import { YearRange } from './years.js';

export const Venue = builder.prismaNode('Venue', {
  description: 'A conference series or journal.',
  // node(id:) for a well-formed id of a record that does not exist: null, not an error.
  nullable: true,
  id: { field: 'slug' },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Public id, e.g. `emnlp`.' }),
    acronym: t.exposeString('acronym'),
    name: t.exposeString('name'),
    isAcl: t.exposeBoolean('isAcl', { description: 'An ACL event.' }),
    isToplevel: t.exposeBoolean('isToplevel'),
    url: t.exposeString('url', { nullable: true }),
  }),
});

// Fields that reach other types (and the batched figures of a venue page).
builder.objectFields(Venue, (t) => ({
  paperCount: t.int({
    description: 'Papers in the venue’s volumes (frontmatter excluded).',
    resolve: async (v, _args, ctx) => (await ctx.loaders.venueStats.load(v.id)).paperCount,
  }),
  volumeCount: t.int({
    description: 'Volumes (proceedings or journal issues) of the venue.',
    resolve: async (v, _args, ctx) => (await ctx.loaders.venueStats.load(v.id)).volumeCount,
  }),
  yearRange: t.field({
    type: YearRange,
    nullable: true,
    description: 'The years of the venue’s first and latest volume; null without volumes.',
    resolve: async (v, _args, ctx) => (await ctx.loaders.venueStats.load(v.id)).yearRange,
  }),
  volumes: t.field({
    type: [Volume],
    description: 'The venue’s volumes, newest year first, then by anthology id.',
    deprecationReason: 'Use `volumesConnection` (paged).',
    args: { year: t.arg.int({ description: 'Only the volumes of this year.' }) },
    resolve: (v, args, ctx) => ctx.loaders.venueVolumes(args.year ?? null).load(v.id),
  }),
  volumesConnection: t.connection(
    {
      type: Volume,
      description: 'The venue’s volumes, newest year first, then by anthology id.',
      args: { year: t.arg.int({ description: 'Only the volumes of this year.' }) },
      resolve: async (v, args, ctx) => {
        const window = offsetWindow(args);
        const page = await ctx.loaders.pages.venueVolumes(args.year ?? null, window).load(v.id);
        return pageToConnection(window, page, (node) => ({ node }));
      },
    },
    { name: 'VenueVolumesConnection', fields: (c) => ({ totalCount: c.int({ resolve: (p) => totalCountOf(p) }) }) },
  ),
  topAuthorsConnection: t.connection(
    {
      type: Author,
      description: 'The people with the most papers in the venue (frontmatter excluded), then by last name, first name, slug.',
      resolve: async (v, args, ctx) => {
        const window = offsetWindow(args);
        const page = await ctx.loaders.pages.venueTopAuthors(window).load(v.id);
        return pageToConnection(window, page, (a) => ({ node: a.author, paperCount: a.paperCount }));
      },
    },
    { name: 'VenueTopAuthorsConnection', fields: (c) => ({ totalCount: c.int({ resolve: (p) => totalCountOf(p) }) }) },
    {
      name: 'VenueTopAuthorEdge',
      fields: (e) => ({
        paperCount: e.int({
          description: 'The person’s distinct papers in the venue.',
          resolve: (edge) => (edge as typeof edge & { paperCount: number }).paperCount,
        }),
      }),
    },
  ),
  topAuthors: t.field({
    type: [VenueAuthor],
    description: 'The people with the most papers in the venue, then by last name, first name.',
    deprecationReason: 'Use `topAuthorsConnection` (paged; the count is on its edges).',
    args: { first: t.arg.int({ defaultValue: 10, required: true }) },
    resolve: (v, args, ctx) => {
      if (args.first < 0 || args.first > MAX_PAGE_SIZE) {
        throw badInput(`"first" must be between 0 and ${MAX_PAGE_SIZE} (got ${args.first}).`, 'first');
      }
      return ctx.loaders.venueTopAuthors(args.first).load(v.id);
    },
  }),
}));

const VenueAuthor = builder.objectRef<VenueAuthorShape>('VenueAuthor').implement({
  description: 'A person and how many of their papers appeared in one venue.',
  fields: (t) => ({
    paperCount: t.exposeInt('paperCount'),
    author: t.field({ type: Author, resolve: (v) => v.author }),
  }),
});

builder.queryFields((t) => ({
  venue: t.prismaField({
    type: 'Venue',
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    description: 'A venue by slug, e.g. `acl`; null when no venue has it.',
    resolve: (query, _root, args, ctx) => ctx.db.prisma.venue.findUnique({ ...query, where: { slug: args.slug } }),
  }),
  venues: t.prismaConnection(
    {
      type: 'Venue',
      cursor: 'slug',
      description: 'Every venue, narrowed by `filter`; by default by slug.',
      args: {
        filter: t.arg({ type: VenueFilter }),
        orderBy: t.arg({
          type: [VenueOrder],
          defaultValue: [...BY_SLUG],
          description: 'Keys of the order, first key first (a single value is a list of one).',
        }),
      },
      // One statement (src/loaders/root-lists.ts); the total, when asked, one more.
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args, PRISMA_CURSOR);
        checkNamePrefix(args.filter?.namePrefix);
        const q = query as { take: number; skip?: number; cursor?: { slug?: string } };
        return loadVenueList(ctx.db.pool, args.filter, orderOf(args.orderBy, BY_SLUG), {
          take: q.take,
          skip: q.skip ?? 0,
          cursor: q.cursor?.slug ?? null,
        });
      },
      // (A selection of totalCount alone never reaches \`resolve\`: the prefix is checked here too.)
      totalCount: (_parent, args, ctx) => {
        checkNamePrefix(args.filter?.namePrefix);
        return countVenueList(ctx.db.pool, args.filter);
      },
    },
    { name: 'VenuesConnection' },
  ),
}));

const VenueFilter = builder.inputType('VenueFilter', {
  description: 'Narrows a list of venues; every given condition must hold.',
  fields: (t) => ({
    namePrefix: t.string({ description: `The acronym or the name starts with this (any case; at most ${MAX_PREFIX_LENGTH} characters).` }),
    yearActive: t.int({ description: 'Only venues with a volume of this year.' }),
  }),
});

const VenueOrder = builder.enumType('VenueOrder', {
  description: 'One key of a list of venues’ order (`orderBy` takes a list: the first key first). Ties are always broken by slug.',
  values: {
    SLUG_ASC: { description: 'By slug.' },
    SLUG_DESC: { description: 'By slug, descending.' },
    NAME_ASC: { description: 'By name.' },
    NAME_DESC: { description: 'By name, descending.' },
    ACRONYM_ASC: { description: 'By acronym.' },
    ACRONYM_DESC: { description: 'By acronym, descending.' },
    PAPER_COUNT_DESC: { description: 'Most papers first (frontmatter excluded, as `paperCount`).' },
    PAPER_COUNT_ASC: { description: 'Fewest papers first.' },
  } as const,
});

const BY_SLUG = ['SLUG_ASC'] as const;
