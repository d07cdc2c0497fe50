// Every kind of correction, by its audit-trail name.
import type { CorrectionKind, CorrectionKindName } from '../kind.js';
import { addNameVariant } from './add-name-variant.js';
import { hideNameVariant } from './hide-name-variant.js';
import { mergeAuthors } from './merge-authors.js';
import { reassignAuthorship } from './reassign-authorship.js';
import { splitAuthor } from './split-author.js';
import { updateAuthor } from './update-author.js';

export { addNameVariant, hideNameVariant, mergeAuthors, reassignAuthorship, splitAuthor, updateAuthor };

export const KINDS: Record<CorrectionKindName, CorrectionKind<never>> = {
  REASSIGN_AUTHORSHIP: reassignAuthorship,
  SPLIT_AUTHOR: splitAuthor,
  MERGE_AUTHORS: mergeAuthors,
  UPDATE_AUTHOR: updateAuthor,
  ADD_NAME_VARIANT: addNameVariant,
  HIDE_NAME_VARIANT: hideNameVariant,
};
