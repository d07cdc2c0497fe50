// Authorship: one name slot on a paper (author) or volume (editor).
import { AuthorshipRole as AuthorshipRoles, type MatchedBy as MatchedByValue } from '../../generated/prisma/enums.js';
import type { AuthorshipWithAuthor } from '../../loaders/index.js';
import { builder } from '../builder.js';
import { Author, fullName } from './author.js';

const AuthorshipRole = builder.enumType('AuthorshipRole', { values: Object.values(AuthorshipRoles) });

const MatchedBy = builder.enumType('MatchedBy', {
  description: 'Why this name slot belongs to its person (the Anthology’s resolution rules).',
  values: {
    EXPLICIT_ID: { description: 'The XML names the person by id (`<author id="…">`).' },
    YAML_NAME: { description: 'The printed name is a name of exactly one person in name_variants.yaml (old format).' },
    SLUG: {
      description:
        'By the slug of the printed name: old format, no record; 2026 format, the one verified person with a name of that slug, else the unverified person of the slug.',
    },
    CORRECTION: { description: 'A curator assigned it.' },
    // Exactly Prisma's values (schema.prisma): a value added there fails the typecheck here.
  } as const satisfies Record<MatchedByValue, { description: string }>,
});

export const Authorship = builder.prismaObject('Authorship', {
  description: 'A name as printed on a paper (or volume), and the person it resolves to.',
  fields: (t) => ({
    position: t.int({ description: '1 for the first author.', resolve: (a) => a.position + 1 }),
    role: t.field({ type: AuthorshipRole, resolve: (a) => a.role }),
    name: t.string({ description: 'The name as printed.', resolve: (a) => fullName(a.firstName, a.lastName) }),
    firstName: t.exposeString('firstName'),
    lastName: t.exposeString('lastName'),
    affiliation: t.exposeString('affiliation', { nullable: true, description: 'The affiliation as printed.' }),
    orcid: t.expose('orcid', { type: 'ORCID', nullable: true, description: 'The ORCID printed with the name.' }),
    openreview: t.exposeString('openreview', { nullable: true, description: 'The OpenReview profile id printed with the name.' }),
    matchedBy: t.field({ type: MatchedBy, resolve: (a) => a.matchedBy }),
  }),
});

builder.objectFields(Authorship, (t) => ({
  author: t.field({
    type: Author,
    // Authorships of the combined loader carry their person; others load it.
    resolve: async (a, _args, ctx) => {
      const author = (a as AuthorshipWithAuthor)._author ?? (await ctx.loaders.authorById.load(a.authorId));
      if (author == null) throw new Error(`author ${a.authorId} is missing`);
      return author;
    },
  }),
}));
