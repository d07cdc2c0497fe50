// reassignAuthorship: one name slot moves to another person.
import type { Queryable } from '../../queryable.js';
import { CorrectionError } from '../errors.js';
import type { CorrectionKind, CorrectionRecord, Plan } from '../kind.js';
import { findPerson, type OrcidState, orcidState, refreshOrcids, requirePerson, restoreOrcids } from '../statements.js';
import { describeSlot, moveSlot, normalizeSlot, printedName, requireSlot, type SlotRef, type StoredSlot } from '../slots.js';

export interface ReassignAuthorshipInput {
  authorship: SlotRef;
  toAuthor: string;
}

export interface Stored {
  input: { authorship: StoredSlot; toAuthor: string };
  before: { author: string; name: string; matchedBy: string; orcids: Record<string, OrcidState> };
  after: { author: string };
}

export const reassignAuthorship: CorrectionKind<ReassignAuthorshipInput> = {
  kind: 'REASSIGN_AUTHORSHIP',

  async plan(tx, input, options = {}) {
    const slot = normalizeSlot(input.authorship, ['authorship']);
    const row = await requireSlot(tx, slot, ['authorship']);
    const to = await requirePerson(tx, input.toAuthor, ['toAuthor']);
    const recorded = options.replaying?.before as Stored['before'] | undefined;
    if (recorded && printedName(row) !== recorded.name) {
      throw new CorrectionError('CONFLICT', `${describeSlot(slot)} now prints "${printedName(row)}", not "${recorded.name}".`);
    }
    if (row.author_id === to.id) {
      throw new CorrectionError('NO_CHANGE', `${describeSlot(slot)} (${printedName(row)}) is already on ${to.slug}.`, ['toAuthor']);
    }
    const from = await requirePerson(tx, row.author_slug, ['authorship']);
    return {
      input: { authorship: { ...slot }, toAuthor: to.slug },
      before: {
        author: from.slug,
        name: printedName(row),
        matchedBy: row.matched_by,
        orcids: { [from.slug]: orcidState(from), [to.slug]: orcidState(to) },
      },
      after: { author: to.slug },
      authors: [from.slug, to.slug],
      async apply(t: Queryable) {
        await moveSlot(t, row.id, to.id, 'CORRECTION');
        await refreshOrcids(t, from, [row.orcid]);
        await refreshOrcids(t, to);
      },
    } satisfies Plan;
  },

  async planRevert(tx, record: CorrectionRecord) {
    const { input, before, after } = record as unknown as Stored;
    const row = await requireSlot(tx, input.authorship, []);
    const current = await findPerson(tx, after.author);
    if (!current || row.author_id !== current.id) {
      throw new CorrectionError('CONFLICT', `${describeSlot(input.authorship)} is no longer on ${after.author}; it was changed since.`);
    }
    const back = await findPerson(tx, before.author);
    if (!back) throw new CorrectionError('CONFLICT', `${before.author} no longer exists.`);
    return {
      input: { correction: record.id },
      before: after,
      after: { author: back.slug },
      authors: [current.slug, back.slug],
      async apply(t: Queryable) {
        await moveSlot(t, row.id, back.id, before.matchedBy);
        for (const person of [current, back]) {
          const state = before.orcids[person.slug];
          if (state) await restoreOrcids(t, person.id, state);
        }
      },
    };
  },
};
