// revertCorrection: undo an earlier correction exactly (recorded as a REVERT).
import { decodeGlobalID } from '@pothos/plugin-relay';
import { CorrectionError } from '../../corrections/errors.js';
import { revertCorrection } from '../../corrections/run.js';
import { builder } from '../builder.js';
import { correctionPayload, curatorOf, toPayload } from './payload.js';

const CorrectionRef = builder.inputType('CorrectionRef', {
  isOneOf: true,
  description: 'One correction: exactly one of these.',
  fields: (t) => ({
    id: t.id({ description: 'Its global id (`Correction.id`).' }),
    number: t.int({ description: 'Its number (`Correction.number`).' }),
  }),
});

const Input = builder.inputType('RevertCorrectionInput', {
  fields: (t) => ({
    target: t.field({ type: CorrectionRef, description: 'The correction to undo.' }),
    correction: t.id({
      description: 'The correction’s id, or its number.',
      deprecationReason: 'Use `target: { id: … }` or `target: { number: … }`.',
    }),
    dryRun: t.boolean({ defaultValue: false, description: 'Preview only: nothing is written.' }),
  }),
});

builder.mutationField('revertCorrection', (t) =>
  t.field({
    type: correctionPayload('RevertCorrectionPayload'),
    description: 'Undo an earlier correction exactly. Needs a token with the admin scope.',
    authScopes: { admin: true },
    args: { input: t.arg({ type: Input, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const curator = await curatorOf(ctx);
      const dryRun = input.dryRun ?? false;
      return toPayload(dryRun, async () => revertCorrection(ctx.db.pool, curator, correctionNumberOf(input), { dryRun }));
    },
  }),
);

/** The number of the correction `target` (or the deprecated `correction`) names. */
function correctionNumberOf(input: {
  target?: { id?: string | number | null; number?: number | null } | null;
  correction?: string | number | null;
}): number {
  if ((input.target == null) === (input.correction == null)) {
    throw new CorrectionError('INVALID_INPUT', 'Name the correction once: "target" (or, deprecated, "correction").', ['target']);
  }
  if (input.target?.number != null) return input.target.number;
  return correctionNumber(String(input.target?.id ?? input.correction));
}

function correctionNumber(id: string): number {
  if (/^\d+$/.test(id)) return Number(id);
  try {
    const { typename, id: number } = decodeGlobalID(id);
    if (typename === 'Correction' && /^\d+$/.test(number)) return Number(number);
  } catch {
    /* reported below */
  }
  throw new CorrectionError('INVALID_INPUT', `"${id}" is not a correction id or number.`, ['correction']);
}
