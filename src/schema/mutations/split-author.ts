// splitAuthor: move selected papers of a person to a new person (a conflated page, fixed).
import { splitAuthor } from '../../corrections/kinds/index.js';
import { builder } from '../builder.js';
import { AuthorshipSlotInput, correct, correctionPayload } from './payload.js';

const NewAuthorInput = builder.inputType('NewAuthorInput', {
  fields: (t) => ({
    slug: t.string({ required: true, description: 'Public id of the new person, e.g. `lei-li-hku`.' }),
    name: t.string({ required: true, description: '"First Last"; the last word is the last name unless `lastName` says otherwise.' }),
    lastName: t.string({ description: 'Where `name` splits, for multi-word last names.' }),
    orcid: t.string(),
    comment: t.string({ description: 'Disambiguating note shown with similar names, e.g. "HKU".' }),
  }),
});

const Input = builder.inputType('SplitAuthorInput', {
  fields: (t) => ({
    author: t.string({ required: true, description: 'Slug of the person whose page mixes several people.' }),
    authorships: t.field({ type: [AuthorshipSlotInput], required: true, description: 'The slots that belong to the new person.' }),
    newAuthor: t.field({ type: NewAuthorInput, required: true }),
    dryRun: t.boolean({ defaultValue: false, description: 'Preview only: nothing is written.' }),
  }),
});

builder.mutationField('splitAuthor', (t) =>
  t.field({
    type: correctionPayload('SplitAuthorPayload'),
    description: 'Moves the given slots to a new person, linked to the old one as a similar name.',
    args: { input: t.arg({ type: Input, required: true }) },
    resolve: (_root, { input }, ctx) => correct(ctx, splitAuthor, input),
  }),
);
