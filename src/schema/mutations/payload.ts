// What every correction mutation shares: the inputs that name slots and names, the
// typed errors, the page preview, and the payload's fields.
import { CorrectionError, type CorrectionErrorCode } from '../../corrections/errors.js';
import type { AuthorPageChange } from '../../corrections/preview.js';
import type { CorrectionKind } from '../../corrections/kind.js';
import { type CorrectionResult, runCorrection } from '../../corrections/run.js';
import type { Curator } from '../../corrections/tokens.js';
import type { Context } from '../../context.js';
import { unauthorized } from '../auth.js';
import { builder } from '../builder.js';
import { Author } from '../types/author.js';
import { Correction } from '../types/correction.js';

const SlotHolderInput = builder.inputType('SlotHolderInput', {
  isOneOf: true,
  description: 'Whose name slot: a paper’s (an author) or a volume’s (an editor): exactly one of these.',
  fields: (t) => ({
    paper: t.string({ description: 'Anthology id of the paper, e.g. `2024.emnlp-main.64`.' }),
    volume: t.string({ description: 'Anthology id of the volume (for an editor).' }),
  }),
});

export const AuthorshipSlotInput = builder.inputType('AuthorshipSlotInput', {
  description: 'A name slot: the Nth author of a paper, or the Nth editor of a volume (N from 1).',
  fields: (t) => ({
    of: t.field({ type: SlotHolderInput, description: 'The paper or the volume.' }),
    paper: t.string({ description: 'Anthology id of the paper.', deprecationReason: 'Use `of: { paper: … }`.' }),
    volume: t.string({ description: 'Anthology id of the volume.', deprecationReason: 'Use `of: { volume: … }`.' }),
    position: t.int({ required: true, description: '1 for the first author, as `Authorship.position` shows.' }),
  }),
});

export const NameInput = builder.inputType('NameInput', {
  fields: (t) => ({
    first: t.string({ required: true, description: 'First name(s); may be empty.' }),
    last: t.string({ required: true }),
  }),
});

const CODES: Record<CorrectionErrorCode, string> = {
  NOT_FOUND: 'Something the input names does not exist.',
  INVALID_INPUT: 'The input is malformed or contradicts the data (e.g. a slot not on that person).',
  NO_CHANGE: 'The data already says this.',
  SLUG_TAKEN: 'The slug belongs to someone already (or was merged into someone).',
  CONFLICT: 'The data changed since the correction being reverted; revert the later one first.',
  BUSY: 'An import or another correction holds the data; try again shortly.',
};

const CorrectionErrorCodeEnum = builder.enumType('CorrectionErrorCode', {
  values: Object.fromEntries(Object.entries(CODES).map(([code, description]) => [code, { description }])) as {
    [K in CorrectionErrorCode]: { description: string };
  },
});

const CorrectionErrorRef = builder.objectRef<CorrectionErrorShape>('CorrectionError').implement({
  description: 'Why a correction was refused. Nothing was written.',
  fields: (t) => ({
    code: t.field({ type: CorrectionErrorCodeEnum, resolve: (e) => e.code }),
    message: t.exposeString('message'),
    field: t.stringList({
      description: 'Path of the input field at fault, e.g. ["authorships", "1"]; empty when none.',
      resolve: (e) => e.field,
    }),
  }),
});

const AuthorPageChangeRef = builder.objectRef<AuthorPageChange>('AuthorPageChange').implement({
  description: 'How one author page changes (or, for a dry run, would change).',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    existsBefore: t.exposeBoolean('existsBefore'),
    existsAfter: t.exposeBoolean('existsAfter'),
    paperCountBefore: t.exposeInt('paperCountBefore'),
    paperCountAfter: t.exposeInt('paperCountAfter'),
    coauthorsAdded: t.exposeStringList('coauthorsAdded', { description: 'Slugs of people who become co-authors.' }),
    coauthorsRemoved: t.exposeStringList('coauthorsRemoved', { description: 'Slugs of people who stop being co-authors.' }),
  }),
});

/** A refusal as data (graphql-js would treat an Error instance as a failed field). */
export interface CorrectionErrorShape {
  code: CorrectionErrorCode;
  message: string;
  field: string[];
}

export interface CorrectionPayloadShape extends CorrectionResult {
  errors: CorrectionErrorShape[];
}

/** A mutation's payload type (`ReassignAuthorshipPayload`, …): the same fields for every correction. */
export function correctionPayload(name: string) {
  return builder.objectRef<CorrectionPayloadShape>(name).implement({
    description: 'The correction made (or previewed), its effect on author pages, or why it was refused.',
    fields: (t) => ({
      correction: t.field({
        type: Correction,
        nullable: true,
        description: 'The recorded correction; null for a dry run or when refused.',
        resolve: (payload, _args, ctx) =>
          payload.correction ? ctx.db.prisma.correction.findUnique({ where: { id: payload.correction.id } }) : null,
      }),
      dryRun: t.boolean({ resolve: (p) => p.dryRun }),
      preview: t.field({
        type: [AuthorPageChangeRef],
        description: 'The author pages concerned, before and after (empty when refused).',
        resolve: (p) => p.preview,
      }),
      authors: t.prismaField({
        type: [Author],
        description: 'The people concerned as they are now (after a dry run: unchanged).',
        resolve: (query, p, _args, ctx) =>
          ctx.db.prisma.author.findMany({ ...query, where: { slug: { in: p.preview.map((c) => c.slug) } }, orderBy: { slug: 'asc' } }),
      }),
      errors: t.field({ type: [CorrectionErrorRef], description: 'Empty on success.', resolve: (p) => p.errors }),
    }),
  });
}

/** The curator behind this request (scope auth has already refused anyone else). */
export async function curatorOf(ctx: Context): Promise<Curator> {
  const authentication = await ctx.viewer.authenticate();
  if (authentication.status !== 'curator') throw unauthorized(authentication);
  return authentication.curator;
}

/** Runs a correction; a refusal becomes the payload's `errors`. */
export async function toPayload(dryRun: boolean, run: () => Promise<CorrectionResult>): Promise<CorrectionPayloadShape> {
  try {
    return { ...(await run()), errors: [] };
  } catch (error) {
    if (error instanceof CorrectionError) {
      return { correction: null, preview: [], dryRun, errors: [{ code: error.code, message: error.message, field: error.field }] };
    }
    throw error;
  }
}

/** A correction mutation's resolver: who asks, dry run or not, the payload. */
export async function correct<I extends { dryRun?: boolean | null }>(ctx: Context, kind: CorrectionKind<Omit<I, 'dryRun'>>, input: I) {
  const curator = await curatorOf(ctx);
  const { dryRun: asked, ...fields } = input;
  const dryRun = asked ?? false;
  return toPayload(dryRun, () => runCorrection(ctx.db.pool, curator, kind, fields, { dryRun }));
}
