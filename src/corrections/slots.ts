// Name slots (authorships) by public key: a paper's Nth author, or a volume's Nth
// editor. Positions are 1-based here, as the API shows them.
import type { Queryable } from '../queryable.js';
import { CorrectionError } from './errors.js';

export interface SlotRef {
  /** Whose slot: a paper's (an author) or a volume's (an editor); the API's @oneOf input. */
  of?: { paper?: string | null; volume?: string | null } | null;
  /** Deprecated spelling of `of.paper`. */
  paper?: string | null;
  /** Deprecated spelling of `of.volume`. */
  volume?: string | null;
  position: number;
}

/** A slot reference as stored in the audit trail. */
export type StoredSlot = {
  paper: string | null;
  volume: string | null;
  position: number;
};

export interface SlotRow {
  id: number;
  author_id: number;
  author_slug: string;
  first_name: string;
  last_name: string;
  orcid: string | null;
  matched_by: string;
}

export function normalizeSlot(slot: SlotRef, field: string[]): StoredSlot {
  if (slot.of != null && (slot.paper != null || slot.volume != null)) {
    throw new CorrectionError(
      'INVALID_INPUT',
      'Name the slot’s paper or volume once: in "of" (or, deprecated, "paper" or "volume" alone).',
      field,
    );
  }
  const paper = slot.of?.paper ?? slot.paper ?? null;
  const volume = slot.of?.volume ?? slot.volume ?? null;
  if ((paper === null) === (volume === null)) {
    throw new CorrectionError('INVALID_INPUT', 'Name a slot by "paper" (an author) or by "volume" (an editor), not both.', field);
  }
  if (!Number.isInteger(slot.position) || slot.position < 1) {
    throw new CorrectionError('INVALID_INPUT', `Positions start at 1; got ${slot.position}.`, [...field, 'position']);
  }
  return { paper, volume, position: slot.position };
}

export function describeSlot(slot: StoredSlot): string {
  return slot.paper !== null ? `author ${slot.position} of ${slot.paper}` : `editor ${slot.position} of ${slot.volume}`;
}

export async function findSlot(tx: Queryable, slot: StoredSlot, lock = false): Promise<SlotRow | null> {
  const where =
    slot.paper !== null
      ? `t.paper_id = (SELECT id FROM paper WHERE anthology_id = $1) AND t.role = 'AUTHOR'`
      : `t.paper_id IS NULL AND t.volume_id = (SELECT id FROM volume WHERE anthology_id = $1) AND t.role = 'EDITOR'`;
  const { rows } = await tx.query<SlotRow>(
    `SELECT t.id, t.author_id, a.slug AS author_slug, t.first_name, t.last_name, t.orcid, t.matched_by
     FROM authorship t JOIN author a ON a.id = t.author_id
     WHERE ${where} AND t.position = $2 ${lock ? 'FOR UPDATE OF t' : ''}`,
    [slot.paper ?? slot.volume, slot.position - 1],
  );
  return rows[0] ?? null;
}

export async function requireSlot(tx: Queryable, slot: StoredSlot, field: string[]): Promise<SlotRow> {
  const row = await findSlot(tx, slot, true);
  if (!row) throw new CorrectionError('NOT_FOUND', `There is no ${describeSlot(slot)}.`, field);
  return row;
}

export async function moveSlot(tx: Queryable, slotId: number, authorId: number, matchedBy: string): Promise<void> {
  await tx.query(`UPDATE authorship SET author_id = $2, matched_by = $3::"MatchedBy" WHERE id = $1`, [slotId, authorId, matchedBy]);
}

export const printedName = (row: Pick<SlotRow, 'first_name' | 'last_name'>) => `${row.first_name} ${row.last_name}`.trim();
