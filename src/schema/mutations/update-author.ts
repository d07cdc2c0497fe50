// updateAuthor: ORCID, comment, institution, canonical name.
import { updateAuthor } from '../../corrections/kinds/index.js';
import { builder } from '../builder.js';
import { correct, correctionPayload, NameInput } from './payload.js';

const Input = builder.inputType('UpdateAuthorInput', {
  description: 'Fields left out stay as they are; null clears orcid, comment or institution.',
  fields: (t) => ({
    author: t.string({ required: true }),
    orcid: t.string(),
    comment: t.string(),
    institution: t.string(),
    canonicalName: t.field({ type: NameInput }),
    dryRun: t.boolean({ defaultValue: false, description: 'Preview only: nothing is written.' }),
  }),
});

builder.mutationField('updateAuthor', (t) =>
  t.field({
    type: correctionPayload('UpdateAuthorPayload'),
    args: { input: t.arg({ type: Input, required: true }) },
    resolve: (_root, { input }, ctx) => correct(ctx, updateAuthor, input),
  }),
);
