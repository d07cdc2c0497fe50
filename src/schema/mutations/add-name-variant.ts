// addNameVariant: another spelling of a person's name.
import { addNameVariant } from '../../corrections/kinds/index.js';
import { builder } from '../builder.js';
import { correct, correctionPayload, NameInput } from './payload.js';

const Input = builder.inputType('AddNameVariantInput', {
  fields: (t) => ({
    author: t.string({ required: true }),
    name: t.field({ type: NameInput, required: true }),
    dryRun: t.boolean({ defaultValue: false, description: 'Preview only: nothing is written.' }),
  }),
});

builder.mutationField('addNameVariant', (t) =>
  t.field({
    type: correctionPayload('AddNameVariantPayload'),
    args: { input: t.arg({ type: Input, required: true }) },
    resolve: (_root, { input }, ctx) => correct(ctx, addNameVariant, input),
  }),
);
