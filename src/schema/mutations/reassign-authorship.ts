// reassignAuthorship: move one paper's author slot (or a volume's editor slot) to another person.
import { reassignAuthorship } from '../../corrections/kinds/index.js';
import { builder } from '../builder.js';
import { AuthorshipSlotInput, correct, correctionPayload } from './payload.js';

const Input = builder.inputType('ReassignAuthorshipInput', {
  fields: (t) => ({
    authorship: t.field({ type: AuthorshipSlotInput, required: true }),
    toAuthor: t.string({ required: true, description: 'Slug of the person the slot belongs to.' }),
    dryRun: t.boolean({ defaultValue: false, description: 'Preview only: nothing is written.' }),
  }),
});

builder.mutationField('reassignAuthorship', (t) =>
  t.field({
    type: correctionPayload('ReassignAuthorshipPayload'),
    description: 'Moves one name slot to another person (matchedBy becomes CORRECTION).',
    args: { input: t.arg({ type: Input, required: true }) },
    resolve: (_root, { input }, ctx) => correct(ctx, reassignAuthorship, input),
  }),
);
