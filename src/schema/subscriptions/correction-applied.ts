// correctionApplied: open author pages learn that a correction changed them
// (Server-Sent Events through Yoga). Only committed corrections are announced, by
// whichever server process made them (see src/corrections/events.ts).
import { filter, pipe } from 'graphql-yoga';
import { type CorrectionAppliedEvent, correctionsApplied } from '../../corrections/events.js';
import { whileAuthorized } from '../auth.js';
import { builder } from '../builder.js';
import { UserError } from '../errors.js';
import { Correction } from '../types/correction.js';

const CorrectionApplied = builder.objectRef<CorrectionAppliedEvent>('CorrectionApplied').implement({
  fields: (t) => ({
    authorSlugs: t.exposeStringList('authors', { description: 'The people whose pages changed.' }),
    correction: t.prismaField({
      type: Correction,
      resolve: async (query, event, _args, ctx) =>
        ctx.db.prisma.correction.findUniqueOrThrow({ ...query, where: { id: event.correctionId } }),
    }),
  }),
});

builder.subscriptionField('correctionApplied', (t) =>
  t.field({
    type: CorrectionApplied,
    description:
      'Each correction as it is committed; `author` keeps those concerning that person. A subscription opened with a token ends (`FORBIDDEN`) at the first event after the token is revoked or expires.',
    args: { author: t.arg.string({ description: 'A person’s slug.' }) },
    subscribe: (_root, args, ctx) =>
      whileAuthorized(
        ctx.viewer,
        pipe(
          correctionsApplied(ctx.db.notifications),
          filter((event: CorrectionAppliedEvent) => args.author == null || event.authors.includes(args.author)),
        ),
      ),
    resolve: (event) => {
      if (event instanceof UserError) throw event;
      return event;
    },
  }),
);
