// mergeAuthors: one person absorbs another; the removed slug keeps resolving.
import { mergeAuthors } from '../../corrections/kinds/index.js';
import { builder } from '../builder.js';
import { correct, correctionPayload } from './payload.js';

const Input = builder.inputType('MergeAuthorsInput', {
  fields: (t) => ({
    keep: t.string({ required: true, description: 'Slug of the person who stays.' }),
    remove: t.string({ required: true, description: 'Slug of the person absorbed; it then resolves to `keep`.' }),
    dryRun: t.boolean({ defaultValue: false, description: 'Preview only: nothing is written.' }),
  }),
});

builder.mutationField('mergeAuthors', (t) =>
  t.field({
    type: correctionPayload('MergeAuthorsPayload'),
    description: 'Moves every slot of `remove` to `keep`; its names become variants of `keep`.',
    args: { input: t.arg({ type: Input, required: true }) },
    resolve: (_root, { input }, ctx) => correct(ctx, mergeAuthors, input),
  }),
);
