// Author: a person, with everything their page shows, and the root lookups.
import { findAuthor } from '../../loaders/authors.js';
import { loadAuthorsBy, MAX_BATCH_KEYS } from '../../loaders/lookups.js';
import { builder } from '../builder.js';
import { authorKeyOf, authorKeysOf } from '../lookup-keys.js';
import { checkPageSize, offsetWindow, PRISMA_CURSOR, pageToConnection, totalCountOf } from '../paging.js';
import { papersWithoutMarkup } from '../selection.js';
import { Paper } from './paper.js';
import { Venue } from './venue.js';
import { Volume } from './volume.js';
import { YearCount, YearRange } from './years.js';

export const Author = builder.prismaNode('Author', {
  description: 'A person who authored papers or edited volumes.',
  // node(id:) for a well-formed id of a record that does not exist: null, not an error.
  nullable: true,
  id: { field: 'slug' },
  fields: (t) => ({
    slug: t.exposeString('slug', {
      description:
        'Stable public id of the person: the Anthology’s person id, e.g. `lei-gao-usc`; for an unverified person of the 2026 format `{name-slug}/unverified`.',
    }),
    verified: t.exposeBoolean('verified', {
      description: 'A verified person (an entry of the Anthology’s people.yaml, since 2026). Always false for data of the old format.',
    }),
    url: t.exposeString('url', { nullable: true, description: 'The person’s page on aclanthology.org.' }),
    degree: t.exposeString('degree', { nullable: true, description: 'Where the person earned their highest degree, as on record.' }),
    disableNameMatching: t.exposeBoolean('disableNameMatching', {
      description: 'Only papers naming this person by id are theirs: printed names never match them by slug (people.yaml).',
    }),
    openreview: t.exposeString('openreview', {
      nullable: true,
      description: 'The person’s OpenReview profile id, as printed with their name on a paper (e.g. `~Jane_Doe1`).',
    }),
    name: t.string({
      description: 'Canonical name, "First Last".',
      resolve: (a) => fullName(a.firstName, a.lastName),
    }),
    firstName: t.exposeString('firstName'),
    lastName: t.exposeString('lastName'),
    orcid: t.exposeString('orcid', { nullable: true }),
    orcids: t.exposeStringList('orcids', {
      description: 'Every ORCID seen for this person; more than one means the sources disagree.',
    }),
    orcidConflict: t.boolean({ resolve: (a) => a.orcids.length > 1 }),
    comment: t.exposeString('comment', {
      nullable: true,
      description: 'Disambiguating note, e.g. "USC" or "May refer to several people".',
    }),
    institution: t.exposeString('institution', { nullable: true }),
    affiliation: t.string({
      nullable: true,
      description: 'The affiliation printed on the most recent paper that prints one; else the institution or comment on record.',
      resolve: async (a, _args, ctx) => (await ctx.loaders.authorSummary.load(a.id)).latestAffiliation ?? a.institution ?? a.comment,
    }),
    variants: t.field({
      type: ['String'],
      description: 'Other spellings of the name seen on papers or on record.',
      resolve: (a, _args, ctx) => ctx.loaders.authorVariants.load(a.id),
    }),
  }),
});

// Fields that reach other types are added once every type exists (no cycles in inference).
builder.objectFields(Author, (t) => ({
  similarAuthors: t.field({
    type: [Author],
    description: 'Other people with similar names.',
    resolve: (a, _args, ctx) => ctx.loaders.similarAuthors.load(a.id),
  }),
  paperCount: t.int({
    description: 'Papers authored (frontmatter excluded).',
    resolve: async (a, _args, ctx) => (await ctx.loaders.authorSummary.load(a.id)).paperCount,
  }),
  papers: t.connection(
    {
      type: Paper,
      description: 'Papers authored, newest year first, then by anthology id in natural order.',
      args: {
        year: t.arg.int(),
        yearFrom: t.arg.int(),
        yearTo: t.arg.int(),
        venue: t.arg.string({ description: 'Only papers in this venue (slug).' }),
      },
      resolve: async (author, args, ctx, info) => {
        const window = offsetWindow(args);
        const withoutMarkup = papersWithoutMarkup(info, ['edges', 'node']);
        const page = await ctx.loaders
          .authorPapers({ year: args.year, yearFrom: args.yearFrom, yearTo: args.yearTo, venue: args.venue }, withoutMarkup)
          .load({ parentId: author.id, offset: window.offset, limit: window.limit });
        return pageToConnection(window, page, (paper) => ({ node: paper }));
      },
    },
    { name: 'AuthorPapersConnection', fields: (c) => ({ totalCount: c.int({ resolve: (p) => totalCountOf(p) }) }) },
  ),
  coauthors: t.connection(
    {
      type: Author,
      description: 'People who share at least one authored paper: most shared papers first, then by last name, first name.',
      resolve: async (author, args, ctx) => {
        const window = offsetWindow(args);
        const page = await ctx.loaders.coauthors.load({
          parentId: author.id,
          offset: window.offset,
          limit: window.limit,
        });
        return pageToConnection(window, page, (c) => ({ node: c.author, sharedPaperCount: c.sharedPaperCount }));
      },
    },
    { name: 'CoauthorsConnection', fields: (c) => ({ totalCount: c.int({ resolve: (p) => totalCountOf(p) }) }) },
    {
      name: 'CoauthorEdge',
      fields: (e) => ({
        sharedPaperCount: e.int({
          description: 'Distinct papers the two wrote together.',
          resolve: (edge) => (edge as typeof edge & { sharedPaperCount: number }).sharedPaperCount,
        }),
      }),
    },
  ),
  editedVolumes: t.field({
    type: [Volume],
    description: 'Volumes the person edited, newest year first, then by anthology id.',
    resolve: (a, _args, ctx) => ctx.loaders.editedVolumes.load(a.id),
  }),
  papersByYear: t.field({
    type: [YearCount],
    description: 'Papers authored per year (frontmatter excluded), newest year first; years without papers are left out.',
    resolve: (a, _args, ctx) => ctx.loaders.papersByYear.load(a.id),
  }),
  yearsActive: t.field({
    type: YearRange,
    nullable: true,
    description: 'The years of the first and the latest paper authored; null without papers.',
    resolve: async (a, _args, ctx) => {
      const { firstYear, lastYear } = await ctx.loaders.authorSummary.load(a.id);
      return firstYear == null || lastYear == null ? null : { first: firstYear, last: lastYear };
    },
  }),
  venues: t.field({
    type: [AuthorVenue],
    description: 'Venues of the person’s papers, most papers first, then by slug.',
    resolve: (a, _args, ctx) => ctx.loaders.authorVenues.load(a.id),
  }),
}));

const AuthorVenue = builder
  .objectRef<{ paperCount: number; venue: import('../../generated/prisma/client.js').Venue }>('AuthorVenue')
  .implement({
    description: 'A venue and how many of one person’s papers appeared there.',
    fields: (t) => ({
      paperCount: t.exposeInt('paperCount'),
      venue: t.field({ type: Venue, resolve: (v) => v.venue }),
    }),
  });

export function fullName(first: string, last: string): string {
  return `${first} ${last}`.trim();
}

builder.queryFields((t) => ({
  author: t.prismaField({
    type: Author,
    nullable: true,
    description:
      'A person by slug, by ORCID or by dblp person id; null when nobody has it. The slug may also be given as the Anthology gives it: a page URL of either era (`https://aclanthology.org/people/jane-doe/unverified/`, `…/people/j/jane-doe/`) or the library’s `unverified/{name-slug}`; a slug merged into another person finds that person.',
    args: {
      by: t.arg({ type: AuthorBy }),
      slug: t.arg.string({ deprecationReason: 'Use `by: { slug: … }`.' }),
      orcid: t.arg.string({ deprecationReason: 'Use `by: { orcid: … }`.' }),
    },
    resolve: (query, _root, args, ctx) => findAuthor(ctx.db, query, authorKeyOf(args.by, args)),
  }),
  authorsBy: t.field({
    type: [Author],
    nullable: { list: false, items: true },
    description: `People by slug or by ORCID (at most ${MAX_BATCH_KEYS} keys), in the order asked: null where nobody has the key. The same rules as \`author(by:)\`, in one statement.`,
    args: { by: t.arg({ type: AuthorKeys, required: true }) },
    resolve: (_root, args, ctx) => loadAuthorsBy(ctx.db.pool, authorKeysOf(args.by)),
  }),
  authors: t.prismaConnection(
    {
      type: Author,
      cursor: 'slug',
      description: 'Every person with at least one paper or edited volume, by last name, first name.',
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args, PRISMA_CURSOR);
        return ctx.db.prisma.author.findMany({
          ...query,
          where: WITH_AUTHORSHIPS,
          orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { slug: 'asc' }],
        });
      },
      totalCount: (_parent, _args, ctx) => ctx.db.prisma.author.count({ where: WITH_AUTHORSHIPS }),
    },
    { name: 'AuthorsConnection' },
  ),
}));

const AuthorBy = builder.inputType('AuthorBy', {
  isOneOf: true,
  description: 'One key of a person: exactly one of these.',
  fields: (t) => ({
    slug: t.string({ description: 'The person’s slug (or a page URL of theirs, or a slug merged into them).' }),
    orcid: t.string({ description: 'An ORCID iD, `0000-0000-0000-000X`: the first person on record with it.' }),
    dblpPid: t.string({
      description: 'A dblp person id: `homepages/12/3456`, `12/3456` or `https://dblp.org/pid/12/3456`; the person DBLP’s record is.',
    }),
  }),
});

const AuthorKeys = builder.inputType('AuthorKeys', {
  isOneOf: true,
  description: `Keys of people, all of one kind: exactly one of these lists (at most ${MAX_BATCH_KEYS} keys).`,
  fields: (t) => ({
    slugs: t.stringList({ description: 'Slugs, as `AuthorBy.slug` takes them.' }),
    orcids: t.stringList({ description: 'ORCID iDs, as `AuthorBy.orcid` takes them.' }),
  }),
});

/** People on record without any paper or volume (name_variants.yaml lists some) have no page. */
const WITH_AUTHORSHIPS = { authorships: { some: {} } };
