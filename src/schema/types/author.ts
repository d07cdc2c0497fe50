// Author: a person, with everything their page shows, and the root lookups.
import { findAuthor } from '../../loaders/authors.js';
import { loadAuthorsBy, MAX_BATCH_KEYS } from '../../loaders/lookups.js';
import { paperSortKeys } from '../../loaders/paper-list.js';
import { countAuthorList, loadAuthorList } from '../../loaders/root-lists.js';
import { builder } from '../builder.js';
import { checkNamePrefix, MAX_PREFIX_LENGTH, orderOf, paperFilterOf } from '../list-args.js';
import { authorKeyOf, authorKeysOf } from '../lookup-keys.js';
import { checkPageSize, offsetWindow, PRISMA_CURSOR, pageToConnection, totalCountOf } from '../paging.js';
import { papersWithoutMarkup } from '../selection.js';
import { DataSource } from './data-source.js';
import { NEWEST_FIRST, Paper, PaperFilter, PaperOrder } from './paper.js';
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
    orcid: t.expose('orcid', { type: 'ORCID', nullable: true }),
    orcids: t.expose('orcids', {
      type: ['ORCID'],
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
      description: 'Other spellings of the name seen on papers or on record (those a curator hid left out).',
      resolve: (a, _args, ctx) => ctx.loaders.authorVariants.load(a.id),
    }),
    hiddenVariants: t.field({
      type: ['String'],
      nullable: true,
      authScopes: { readAudit: true },
      unauthorizedResolver: () => null,
      description: 'Spellings a curator hid (`hideNameVariant`): null unless the request sends a token with the read-audit scope.',
      resolve: (a, _args, ctx) => ctx.loaders.authorHiddenVariants.load(a.id),
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
      description: 'Papers authored; by default newest year first, then by anthology id in natural order.',
      args: {
        filter: t.arg({ type: PaperFilter }),
        orderBy: t.arg({
          type: [PaperOrder],
          defaultValue: [...NEWEST_FIRST],
          description: 'Keys of the order, first key first (a single value is a list of one).',
        }),
        year: t.arg.int({ deprecationReason: 'Use `filter: { year: … }`.' }),
        yearFrom: t.arg.int({ deprecationReason: 'Use `filter: { yearFrom: … }`.' }),
        yearTo: t.arg.int({ deprecationReason: 'Use `filter: { yearTo: … }`.' }),
        venue: t.arg.string({ description: 'Only papers in this venue (slug).', deprecationReason: 'Use `filter: { venue: … }`.' }),
      },
      resolve: async (author, args, ctx, info) => {
        const window = offsetWindow(args);
        const filter = paperFilterOf(args.filter, { year: args.year, yearFrom: args.yearFrom, yearTo: args.yearTo, venue: args.venue });
        const withoutMarkup = papersWithoutMarkup(info, ['edges', 'node']);
        const order = paperSortKeys(orderOf(args.orderBy, NEWEST_FIRST));
        const page = await ctx.loaders
          .authorPapers(filter, withoutMarkup, order)
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
    deprecationReason: 'Use `editedVolumesConnection` (paged).',
    resolve: (a, _args, ctx) => ctx.loaders.editedVolumes.load(a.id),
  }),
  editedVolumesConnection: t.connection(
    {
      type: Volume,
      description: 'Volumes the person edited, newest year first, then by anthology id.',
      resolve: async (a, args, ctx) => {
        const window = offsetWindow(args);
        const page = await ctx.loaders.pages.editedVolumes(window).load(a.id);
        return pageToConnection(window, page, (node) => ({ node }));
      },
    },
    { name: 'EditedVolumesConnection', fields: (c) => ({ totalCount: c.int({ resolve: (p) => totalCountOf(p) }) }) },
  ),
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
      description:
        'Every person with at least one paper or edited volume, narrowed by `filter`; by default by last name, first name. Ties are broken by slug.',
      args: {
        filter: t.arg({ type: AuthorFilter }),
        orderBy: t.arg({
          type: [AuthorOrder],
          defaultValue: [...BY_NAME],
          description: 'Keys of the order, first key first (a single value is a list of one).',
        }),
      },
      // One statement (src/loaders/root-lists.ts); the total, when asked, one more.
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args, PRISMA_CURSOR);
        checkNamePrefix(args.filter?.namePrefix);
        const q = query as { take: number; skip?: number; cursor?: { slug?: string } };
        return loadAuthorList(ctx.db.pool, args.filter, orderOf(args.orderBy, BY_NAME), {
          take: q.take,
          skip: q.skip ?? 0,
          cursor: q.cursor?.slug ?? null,
        });
      },
      // (A selection of totalCount alone never reaches \`resolve\`: the prefix is checked here too.)
      totalCount: (_parent, args, ctx) => {
        checkNamePrefix(args.filter?.namePrefix);
        return countAuthorList(ctx.db.pool, args.filter);
      },
    },
    { name: 'AuthorsConnection' },
  ),
}));

const AuthorFilter = builder.inputType('AuthorFilter', {
  description: 'Narrows a list of people; every given condition must hold.',
  fields: (t) => ({
    namePrefix: t.string({
      description: `The last name, or the whole name "First Last", starts with this (any case; at most ${MAX_PREFIX_LENGTH} characters).`,
    }),
    hasOrcid: t.boolean({ description: 'Only people with (true) or without (false) an ORCID on record.' }),
    verified: t.boolean({ description: 'Only verified people (people.yaml), or only the others.' }),
    venue: t.string({ description: 'Only people who authored a paper in this venue (slug); with `yearActive`, in that year.' }),
    yearActive: t.int({ description: 'Only people who authored a paper in this year; with `venue`, in that venue.' }),
    sources: t.field({
      type: [DataSource],
      description: 'Only people one of these sources names (an empty list: none).',
    }),
  }),
});

const AuthorOrder = builder.enumType('AuthorOrder', {
  description: 'One key of a list of people’s order (`orderBy` takes a list: the first key first). Ties are always broken by slug.',
  values: {
    NAME_ASC: { description: 'By last name, then first name.' },
    NAME_DESC: { description: 'By last name, then first name, descending.' },
    PAPER_COUNT_DESC: { description: 'Most papers authored first (frontmatter excluded, as `paperCount`).' },
    PAPER_COUNT_ASC: { description: 'Fewest papers authored first.' },
  } as const,
});

const BY_NAME = ['NAME_ASC'] as const;

const AuthorBy = builder.inputType('AuthorBy', {
  isOneOf: true,
  description: 'One key of a person: exactly one of these.',
  fields: (t) => ({
    slug: t.string({ description: 'The person’s slug (or a page URL of theirs, or a slug merged into them).' }),
    orcid: t.field({ type: 'ORCID', description: 'An ORCID iD (or its orcid.org URI): the first person on record with it.' }),
    dblpPid: t.string({
      description: 'A dblp person id: `homepages/12/3456`, `12/3456` or `https://dblp.org/pid/12/3456`; the person DBLP’s record is.',
    }),
    openalexId: t.string({
      description: 'An OpenAlex author id, `A5035075703` or `https://openalex.org/A5035075703`: the person that author is.',
    }),
  }),
});

const AuthorKeys = builder.inputType('AuthorKeys', {
  isOneOf: true,
  description: `Keys of people, all of one kind: exactly one of these lists (at most ${MAX_BATCH_KEYS} keys).`,
  fields: (t) => ({
    slugs: t.stringList({ description: 'Slugs, as `AuthorBy.slug` takes them.' }),
    orcids: t.field({ type: ['ORCID'], description: 'ORCID iDs, as `AuthorBy.orcid` takes them.' }),
  }),
});
