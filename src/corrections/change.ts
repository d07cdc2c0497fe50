// What a recorded correction changed, per kind, read from its audit record (`input`,
// `before`, `after`, as each kind's plan stored them: src/corrections/kinds/*) into one
// typed value with public keys only (slugs, anthology ids, names): what the API's
// `Correction.change` shows. The internal bookkeeping a revert needs (row ids, ORCID
// states, how a slot was matched) stays in the record. Pure.
import type { CorrectionRecord } from './kind.js';
import type { Stored as AddNameVariantStored } from './kinds/add-name-variant.js';
import type { Stored as HideNameVariantStored } from './kinds/hide-name-variant.js';
import type { Stored as MergeAuthorsStored } from './kinds/merge-authors.js';
import type { Stored as ReassignAuthorshipStored } from './kinds/reassign-authorship.js';
import type { Stored as SplitAuthorStored } from './kinds/split-author.js';
import type { Stored as UpdateAuthorStored } from './kinds/update-author.js';
import type { StoredSlot } from './slots.js';

export interface PersonName {
  first: string;
  last: string;
}

export interface ValueChange<T> {
  before: T | null;
  after: T | null;
}

export type CorrectionChange =
  | { kind: 'REASSIGN_AUTHORSHIP'; slot: StoredSlot; printedName: string; fromAuthor: string; toAuthor: string }
  | {
      kind: 'SPLIT_AUTHOR';
      fromAuthor: string;
      slots: StoredSlot[];
      newAuthor: { slug: string; name: string; orcid: string | null; comment: string | null };
      similarLinked: boolean;
    }
  | { kind: 'MERGE_AUTHORS'; kept: string; removed: string; removedName: PersonName; addedNames: PersonName[] }
  | {
      kind: 'UPDATE_AUTHOR';
      author: string;
      orcid: ValueChange<string> | null;
      comment: ValueChange<string> | null;
      institution: ValueChange<string> | null;
      canonicalName: ValueChange<PersonName> | null;
    }
  | { kind: 'ADD_NAME_VARIANT'; author: string; name: PersonName }
  | { kind: 'HIDE_NAME_VARIANT'; author: string; name: PersonName }
  | { kind: 'REVERT'; correction: number };

/** A field an updateAuthor changed (present in `after`), else null. */
function fieldChange<K extends 'orcid' | 'comment' | 'institution' | 'canonicalName'>(stored: UpdateAuthorStored, key: K) {
  if (!(key in stored.after)) return null;
  return { before: stored.before[key] ?? null, after: stored.after[key] ?? null };
}

export function correctionChange(record: Pick<CorrectionRecord, 'kind' | 'input' | 'before' | 'after'>): CorrectionChange {
  const stored = record as unknown;
  switch (record.kind) {
    case 'REASSIGN_AUTHORSHIP': {
      const { input, before } = stored as ReassignAuthorshipStored;
      return { kind: record.kind, slot: input.authorship, printedName: before.name, fromAuthor: before.author, toAuthor: input.toAuthor };
    }
    case 'SPLIT_AUTHOR': {
      const { input, after } = stored as SplitAuthorStored;
      const { slug, name, orcid, comment } = input.newAuthor;
      return {
        kind: record.kind,
        fromAuthor: input.author,
        slots: input.authorships,
        newAuthor: { slug, name, orcid, comment },
        similarLinked: after.similarLinked,
      };
    }
    case 'MERGE_AUTHORS': {
      const { input, before, after } = stored as MergeAuthorsStored;
      return {
        kind: record.kind,
        kept: input.keep,
        removed: input.remove,
        removedName: { first: before.removed.first_name, last: before.removed.last_name },
        addedNames: after.addedNames,
      };
    }
    case 'UPDATE_AUTHOR': {
      const s = stored as UpdateAuthorStored;
      return {
        kind: record.kind,
        author: s.input.author,
        orcid: fieldChange(s, 'orcid'),
        comment: fieldChange(s, 'comment'),
        institution: fieldChange(s, 'institution'),
        canonicalName: fieldChange(s, 'canonicalName'),
      };
    }
    case 'ADD_NAME_VARIANT': {
      const { input } = stored as AddNameVariantStored;
      return { kind: record.kind, author: input.author, name: input.name };
    }
    case 'HIDE_NAME_VARIANT': {
      const { input } = stored as HideNameVariantStored;
      return { kind: record.kind, author: input.author, name: input.name };
    }
    case 'REVERT':
      return { kind: record.kind, correction: (record.input as { correction: number }).correction };
  }
}
