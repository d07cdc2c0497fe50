// revertCorrection: undo an earlier correction exactly (recorded as a REVERT).
import { decodeGlobalID } from '@pothos/plugin-relay';
import { CorrectionError } from '../../corrections/errors.js';
import { revertCorrection } from '../../corrections/run.js';
import { builder } from '../builder.js';
import { correctionPayload, curatorOf, toPayload } from './payload.js';

const Input = builder.inputType('RevertCorrectionInput', {
  fields: (t) => ({
    correction: t.id({ required: true, description: 'The correction’s id, or its number.' }),
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
      return toPayload(dryRun, async () => revertCorrection(ctx.db.pool, curator, correctionNumber(String(input.correction)), { dryRun }));
    },
  }),
);

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
