// Venue: a conference series or journal, e.g. `emnlp`.
import type { VenueAuthor as VenueAuthorShape } from '../../loaders/browsing.js';
import { MAX_PAGE_SIZE } from '../../page-size.js';
import { builder } from '../builder.js';
import { badInput } from '../errors.js';
import { checkPageSize, PRISMA_CURSOR } from '../paging.js';
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
    args: { year: t.arg.int({ description: 'Only the volumes of this year.' }) },
    resolve: (v, args, ctx) => ctx.loaders.venueVolumes(args.year ?? null).load(v.id),
  }),
  topAuthors: t.field({
    type: [VenueAuthor],
    description: 'The people with the most papers in the venue, then by last name, first name.',
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
      description: 'Every venue, by slug.',
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args, PRISMA_CURSOR);
        return ctx.db.prisma.venue.findMany({ ...query, orderBy: { slug: 'asc' } });
      },
      totalCount: (_parent, _args, ctx) => ctx.db.prisma.venue.count(),
    },
    { name: 'VenuesConnection' },
  ),
}));
