// hideNameVariant: a spelling of a person's name hidden from every public surface.
import { hideNameVariant } from '../../corrections/kinds/index.js';
import { builder } from '../builder.js';
import { correct, correctionPayload, NameInput } from './payload.js';

const Input = builder.inputType('HideNameVariantInput', {
  fields: (t) => ({
    author: t.string({ required: true }),
    name: t.field({ type: NameInput, required: true, description: 'One of the person’s names, not the canonical one.' }),
    dryRun: t.boolean({ defaultValue: false, description: 'Preview only: nothing is written.' }),
  }),
});

builder.mutationField('hideNameVariant', (t) =>
  t.field({
    type: correctionPayload('HideNameVariantPayload'),
    description:
      'Hides a name variant (for people who changed their name): it leaves `variants`, search and suggestions, while the papers that print it stay attributed. Curators with the read-audit scope still see it in `hiddenVariants`. Revert with `revertCorrection`.',
    args: { input: t.arg({ type: Input, required: true }) },
    resolve: (_root, { input }, ctx) => correct(ctx, hideNameVariant, input),
  }),
);
