// Correction: one entry of the curation audit trail, the `corrections` query, and
// each author's corrections.
import type { CorrectionKind as CorrectionKindValue, ReplayOutcome as ReplayOutcomeValue } from '../../generated/prisma/enums.js';
import { builder } from '../builder.js';
import { checkPageSize, offsetWindow, PRISMA_CURSOR, pageToConnection, totalCountOf } from '../paging.js';
import { Author } from './author.js';

export const CorrectionKind = builder.enumType('CorrectionKind', {
  values: {
    REASSIGN_AUTHORSHIP: { description: 'One name slot moved to another person.' },
    SPLIT_AUTHOR: { description: 'Some papers moved to a new person.' },
    MERGE_AUTHORS: { description: 'One person absorbed another.' },
    UPDATE_AUTHOR: { description: 'ORCID, comment, institution or canonical name changed.' },
    ADD_NAME_VARIANT: { description: 'Another spelling of a name.' },
    HIDE_NAME_VARIANT: { description: 'A spelling of a name hidden from every public surface.' },
    REVERT: { description: 'Undid an earlier correction.' },
    // Exactly Prisma's values (schema.prisma): a value added there fails the typecheck here.
  } as const satisfies Record<CorrectionKindValue, { description: string }>,
});

const CorrectionStatus = builder.enumType('CorrectionStatus', {
  values: {
    IN_FORCE: { description: 'Applied, and still applied after the latest import.' },
    REVERTED: { description: 'Undone by a later REVERT.' },
    NOT_APPLIED: { description: 'The latest import changed or removed what it corrects; see `lastReplay`.' },
  } as const,
});

const ReplayOutcome = builder.enumType('ReplayOutcome', {
  values: {
    APPLIED: { description: 'Applied again over the imported data.' },
    ALREADY_UPSTREAM: { description: 'The imported data already says what the correction said.' },
    TARGET_MISSING: { description: 'What it corrects is gone or changed upstream: not applied.' },
  } as const satisfies Record<ReplayOutcomeValue, { description: string }>,
});

const CorrectionReplay = builder.prismaObject('CorrectionReplay', {
  description: 'What an import did with a correction when it replayed it.',
  fields: (t) => ({
    outcome: t.field({ type: ReplayOutcome, resolve: (r) => r.outcome }),
    message: t.exposeString('message', { nullable: true }),
    replayedAt: t.expose('replayedAt', { type: 'DateTime' }),
  }),
});

/**
 * The audit trail's private values (issue 15.7): what was changed, from what to what, and by
 * whom. Shown only to a token with the read-audit scope; for anyone else they are null (never
 * null in the data, so null means withheld), and the rest of the answer stays whole.
 */
const AUDIT_ONLY = { nullable: true, authScopes: { readAudit: true }, unauthorizedResolver: () => null } as const;

export const Correction = builder.prismaNode('Correction', {
  description:
    'A curated correction, as the append-only audit trail records it. Everyone sees that it happened, its kind and when; ' +
    '`curator`, `input`, `before` and `after` are null unless the request sends a token with the read-audit scope.',
  // node(id:) for a well-formed id of a record that does not exist: null, not an error.
  nullable: true,
  id: { field: 'id' },
  fields: (t) => ({
    number: t.exposeInt('id', { description: 'The correction’s number (what `revertCorrection` and the CLI take).' }),
    kind: t.field({ type: CorrectionKind, resolve: (c) => c.kind }),
    curator: t.exposeString('curator', { ...AUDIT_ONLY, description: 'The name of the curator token that made it (read-audit only).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    input: t.expose('input', {
      ...AUDIT_ONLY,
      type: 'JSON',
      description: 'What was asked, every reference by public key (read-audit only).',
    }),
    before: t.expose('before', {
      ...AUDIT_ONLY,
      type: 'JSON',
      description: 'What it replaced: enough to undo it exactly (read-audit only).',
    }),
    after: t.expose('after', { ...AUDIT_ONLY, type: 'JSON', description: 'What it wrote (read-audit only).' }),
    authorSlugs: t.stringList({
      description: 'The people it concerns (slugs; a merged-away slug still resolves).',
      select: { authors: { select: { slug: true }, orderBy: { slug: 'asc' } } },
      resolve: (c) => c.authors.map((a) => a.slug),
    }),
    reverts: t.relation('reverts', { nullable: true, description: 'For a REVERT: the correction it undid.' }),
    revertedBy: t.relation('revertedBy', { nullable: true }),
    lastReplay: t.field({
      type: CorrectionReplay,
      nullable: true,
      description: 'The latest import’s replay of it; null until an import ran after it.',
      select: { replays: { orderBy: { id: 'desc' }, take: 1 } },
      resolve: (c) => c.replays[0] ?? null,
    }),
    status: t.field({
      type: CorrectionStatus,
      select: { revertedBy: { select: { id: true } }, replays: { orderBy: { id: 'desc' }, take: 1 } },
      resolve: (c) => (c.revertedBy ? 'REVERTED' : c.replays[0]?.outcome === 'TARGET_MISSING' ? 'NOT_APPLIED' : 'IN_FORCE'),
    }),
  }),
});

builder.queryFields((t) => ({
  corrections: t.prismaConnection(
    {
      type: Correction,
      cursor: 'id',
      description: 'The audit trail, newest first; `author` keeps those concerning one person (their merged-away slugs included).',
      args: { author: t.arg.string({ description: 'A person’s slug.' }) },
      resolve: async (query, _root, args, ctx) => {
        checkPageSize(args, PRISMA_CURSOR);
        const where = args.author == null ? {} : { authors: { some: { slug: { in: await slugsOf(ctx, args.author) } } } };
        return ctx.db.prisma.correction.findMany({ ...query, where, orderBy: { id: 'desc' } });
      },
      totalCount: async (_parent, args, ctx) =>
        ctx.db.prisma.correction.count({
          where: args.author == null ? {} : { authors: { some: { slug: { in: await slugsOf(ctx, args.author) } } } },
        }),
    },
    { name: 'CorrectionsConnection' },
  ),
  correction: t.prismaField({
    type: Correction,
    nullable: true,
    args: { number: t.arg.int({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.db.prisma.correction.findUnique({ ...query, where: { id: args.number } }),
  }),
}));

builder.prismaObjectField(Author, 'corrections', (t) =>
  t.connection(
    {
      type: Correction,
      description: 'Corrections concerning this person (and the people merged into them), newest first.',
      resolve: async (author, args, ctx) => {
        const window = offsetWindow(args);
        const where = { authors: { some: { slug: { in: await slugsOf(ctx, author.slug) } } } };
        const [items, totalCount] = await Promise.all([
          ctx.db.prisma.correction.findMany({ where, orderBy: { id: 'desc' }, skip: window.offset, take: window.limit }),
          ctx.db.prisma.correction.count({ where }),
        ]);
        return pageToConnection(window, { items, totalCount }, (node) => ({ node }));
      },
    },
    { name: 'AuthorCorrectionsConnection', fields: (c) => ({ totalCount: c.int({ resolve: (p) => totalCountOf(p) }) }) },
  ),
);

/** A person's slug and the slugs merged into them. */
async function slugsOf(ctx: { db: { prisma: import('../../generated/prisma/client.js').PrismaClient } }, slug: string): Promise<string[]> {
  const aliases = await ctx.db.prisma.authorAlias.findMany({
    where: { OR: [{ slug }, { author: { slug } }] },
    select: { slug: true, author: { select: { slug: true } } },
  });
  return [...new Set([slug, ...aliases.flatMap((a) => [a.slug, a.author.slug])])];
}
