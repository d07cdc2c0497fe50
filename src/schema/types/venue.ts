// Venue: a conference series or journal, e.g. `emnlp`.
import { builder } from '../builder.js';
import { notFound } from '../errors.js';
import { checkPageSize } from '../paging.js';

export const Venue = builder.prismaNode('Venue', {
  description: 'A conference series or journal.',
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

builder.queryFields((t) => ({
  venue: t.prismaField({
    type: 'Venue',
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const venue = await ctx.db.prisma.venue.findUnique({ ...query, where: { slug: args.slug } });
      if (!venue) throw notFound('venue', 'slug', args.slug);
      return venue;
    },
  }),
  venues: t.prismaConnection(
    {
      type: 'Venue',
      cursor: 'slug',
      description: 'Every venue, by slug.',
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        return ctx.db.prisma.venue.findMany({ ...query, orderBy: { slug: 'asc' } });
      },
      totalCount: (_parent, _args, ctx) => ctx.db.prisma.venue.count(),
    },
    { name: 'VenuesConnection' },
  ),
}));
