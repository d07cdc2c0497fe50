// Correction: one entry of the curation audit trail, the `corrections` query, and
// each author's corrections.
import type { CorrectionKind as CorrectionKindValue, ReplayOutcome as ReplayOutcomeValue } from '../../generated/prisma/enums.js';
import {
  type CorrectionChange as CorrectionChangeValue,
  correctionChange,
  type PersonName as PersonNameValue,
  type ValueChange,
} from '../../corrections/change.js';
import type { CorrectionRecord } from '../../corrections/kind.js';
import type { StoredSlot } from '../../corrections/slots.js';
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

const NameSlot = builder.objectRef<StoredSlot>('NameSlot').implement({
  description: 'A name slot by public key: a paper’s Nth author or a volume’s Nth editor (1-based).',
  fields: (t) => ({
    paper: t.exposeString('paper', { nullable: true, description: 'The paper’s anthology id (an author’s slot).' }),
    volume: t.exposeString('volume', { nullable: true, description: 'The volume’s anthology id (an editor’s slot).' }),
    position: t.exposeInt('position'),
  }),
});

const PersonName = builder.objectRef<PersonNameValue>('PersonName').implement({
  description: 'A name as first and last name.',
  fields: (t) => ({ first: t.exposeString('first'), last: t.exposeString('last') }),
});

const TextChange = builder.objectRef<ValueChange<string>>('TextChange').implement({
  description: 'A text field’s value before and after (null: empty).',
  fields: (t) => ({
    before: t.exposeString('before', { nullable: true }),
    after: t.exposeString('after', { nullable: true }),
  }),
});

const NameChange = builder.objectRef<ValueChange<PersonNameValue>>('NameChange').implement({
  description: 'A name before and after.',
  fields: (t) => ({
    before: t.field({ type: PersonName, nullable: true, resolve: (c) => c.before }),
    after: t.field({ type: PersonName, nullable: true, resolve: (c) => c.after }),
  }),
});

type Change<K extends CorrectionChangeValue['kind']> = Extract<CorrectionChangeValue, { kind: K }>;

const ReassignAuthorshipChange = builder.objectRef<Change<'REASSIGN_AUTHORSHIP'>>('ReassignAuthorshipChange').implement({
  description: 'One name slot moved from one person to another.',
  fields: (t) => ({
    slot: t.field({ type: NameSlot, resolve: (c) => c.slot }),
    printedName: t.exposeString('printedName', { description: 'The name the slot prints.' }),
    fromAuthor: t.exposeString('fromAuthor', { description: 'Slug of the person it was on.' }),
    toAuthor: t.exposeString('toAuthor', { description: 'Slug of the person it went to.' }),
  }),
});

const SplitAuthorChange = builder.objectRef<Change<'SPLIT_AUTHOR'>>('SplitAuthorChange').implement({
  description: 'Some name slots moved from one person to a new (or existing) person.',
  fields: (t) => ({
    fromAuthor: t.exposeString('fromAuthor', { description: 'Slug of the person split.' }),
    slots: t.field({ type: [NameSlot], resolve: (c) => c.slots }),
    newAuthorSlug: t.string({ resolve: (c) => c.newAuthor.slug }),
    newAuthorName: t.string({ resolve: (c) => c.newAuthor.name }),
    newAuthorOrcid: t.string({ nullable: true, resolve: (c) => c.newAuthor.orcid }),
    newAuthorComment: t.string({ nullable: true, resolve: (c) => c.newAuthor.comment }),
    similarLinked: t.exposeBoolean('similarLinked', { description: 'Whether the two were newly marked as similar people.' }),
  }),
});

const MergeAuthorsChange = builder.objectRef<Change<'MERGE_AUTHORS'>>('MergeAuthorsChange').implement({
  description: 'One person absorbed another.',
  fields: (t) => ({
    kept: t.exposeString('kept', { description: 'Slug of the person kept.' }),
    removed: t.exposeString('removed', { description: 'Slug of the person merged away (it now finds the kept one).' }),
    removedName: t.field({ type: PersonName, description: 'The canonical name of the person merged away.', resolve: (c) => c.removedName }),
    addedNames: t.field({ type: [PersonName], description: 'Names the kept person gained.', resolve: (c) => c.addedNames }),
  }),
});

const UpdateAuthorChange = builder.objectRef<Change<'UPDATE_AUTHOR'>>('UpdateAuthorChange').implement({
  description: 'A person’s fields changed; a field left unchanged is null.',
  fields: (t) => ({
    author: t.exposeString('author', { description: 'The person’s slug.' }),
    orcid: t.field({ type: TextChange, nullable: true, resolve: (c) => c.orcid }),
    comment: t.field({ type: TextChange, nullable: true, resolve: (c) => c.comment }),
    institution: t.field({ type: TextChange, nullable: true, resolve: (c) => c.institution }),
    canonicalName: t.field({ type: NameChange, nullable: true, resolve: (c) => c.canonicalName }),
  }),
});

const AddNameVariantChange = builder.objectRef<Change<'ADD_NAME_VARIANT'>>('AddNameVariantChange').implement({
  description: 'Another spelling of a person’s name.',
  fields: (t) => ({
    author: t.exposeString('author', { description: 'The person’s slug.' }),
    name: t.field({ type: PersonName, resolve: (c) => c.name }),
  }),
});

const HideNameVariantChange = builder.objectRef<Change<'HIDE_NAME_VARIANT'>>('HideNameVariantChange').implement({
  description: 'A spelling of a person’s name no public surface shows any more (the papers that print it stay theirs).',
  fields: (t) => ({
    author: t.exposeString('author', { description: 'The person’s slug.' }),
    name: t.field({ type: PersonName, resolve: (c) => c.name }),
  }),
});

const RevertChange = builder.objectRef<Change<'REVERT'>>('RevertChange').implement({
  description: 'Undid an earlier correction (see `Correction.reverts` for what it had changed).',
  fields: (t) => ({ correction: t.exposeInt('correction', { description: 'The number of the correction undone.' }) }),
});

const CHANGE_TYPES = {
  REASSIGN_AUTHORSHIP: ReassignAuthorshipChange,
  SPLIT_AUTHOR: SplitAuthorChange,
  MERGE_AUTHORS: MergeAuthorsChange,
  UPDATE_AUTHOR: UpdateAuthorChange,
  ADD_NAME_VARIANT: AddNameVariantChange,
  HIDE_NAME_VARIANT: HideNameVariantChange,
  REVERT: RevertChange,
} as const satisfies Record<CorrectionKindValue, unknown>;

const CorrectionChange = builder.unionType('CorrectionChange', {
  description: 'What a correction changed, one type per kind.',
  types: Object.values(CHANGE_TYPES),
  resolveType: (change) => CHANGE_TYPES[change.kind],
});

export const Correction = builder.prismaNode('Correction', {
  description:
    'A curated correction, as the append-only audit trail records it. Everyone sees that it happened, its kind and when; ' +
    '`curator`, `change` (and the deprecated `input`, `before`, `after`) are null unless the request sends a token with the read-audit scope.',
  // node(id:) for a well-formed id of a record that does not exist: null, not an error.
  nullable: true,
  id: { field: 'id' },
  fields: (t) => ({
    number: t.exposeInt('id', { description: 'The correction’s number (what `revertCorrection` and the CLI take).' }),
    kind: t.field({ type: CorrectionKind, resolve: (c) => c.kind }),
    curator: t.exposeString('curator', { ...AUDIT_ONLY, description: 'The name of the curator token that made it (read-audit only).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    change: t.field({
      ...AUDIT_ONLY,
      type: CorrectionChange,
      description: 'What it changed, typed per kind, by public keys (read-audit only).',
      resolve: (c) => correctionChange(c as CorrectionRecord),
    }),
    input: t.expose('input', {
      ...AUDIT_ONLY,
      type: 'JSON',
      description: 'What was asked, every reference by public key (read-audit only).',
      deprecationReason: 'Use `change` (typed per kind).',
    }),
    before: t.expose('before', {
      ...AUDIT_ONLY,
      type: 'JSON',
      description: 'What it replaced: enough to undo it exactly (read-audit only).',
      deprecationReason: 'Use `change` (typed per kind).',
    }),
    after: t.expose('after', {
      ...AUDIT_ONLY,
      type: 'JSON',
      description: 'What it wrote (read-audit only).',
      deprecationReason: 'Use `change` (typed per kind).',
    }),
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
