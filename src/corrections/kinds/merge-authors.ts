// mergeAuthors: one person absorbs another. The removed person's names become
// variants of the kept one, their slots move over, and their slug keeps resolving
// (to the kept person) through author_alias.
import type { Queryable } from '../../queryable.js';
import { CorrectionError } from '../errors.js';
import type { CorrectionKind, Plan } from '../kind.js';
import {
  addName,
  findPerson,
  namesOf,
  type NameRow,
  type OrcidState,
  orcidState,
  type AuthorRecord,
  requirePerson,
  restoreOrcids,
  setNameHidden,
} from '../statements.js';

export interface MergeAuthorsInput {
  keep: string;
  remove: string;
}

/** A name as stored; `hidden` only when a curator hid it (so it stays hidden where it moves). */
type StoredName = { first: string; last: string; hidden?: true };
const storedName = (n: NameRow): StoredName => ({ first: n.first_name, last: n.last_name, ...(n.hidden ? { hidden: true as const } : {}) });

type RemovedPerson = Omit<AuthorRecord, 'id' | 'created_by_correction_id'> & {
  names: StoredName[];
  similar: string[];
  slots: { id: number; matchedBy: string }[];
  aliases: string[];
};

export interface Stored {
  input: MergeAuthorsInput;
  before: { removed: RemovedPerson; keptOrcids: OrcidState };
  after: { addedNames: StoredName[] };
}

export const mergeAuthors: CorrectionKind<MergeAuthorsInput> = {
  kind: 'MERGE_AUTHORS',

  async plan(tx, input) {
    const keep = await requirePerson(tx, input.keep, ['keep']);
    const remove = await findPerson(tx, input.remove);
    if (!remove) throw new CorrectionError('NOT_FOUND', `No author with slug "${input.remove}".`, ['remove']);
    if (remove.id === keep.id) {
      throw new CorrectionError(
        remove.slug === input.remove && keep.slug === input.keep ? 'INVALID_INPUT' : 'NO_CHANGE',
        remove.slug === input.remove && keep.slug === input.keep
          ? 'A person cannot be merged into themselves.'
          : `${input.remove} is already merged into ${keep.slug}.`,
        ['remove'],
      );
    }
    if (remove.created_by_correction_id !== null) {
      throw new CorrectionError(
        'INVALID_INPUT',
        `${remove.slug} was created by a split (correction ${remove.created_by_correction_id}): revert that instead.`,
        ['remove'],
      );
    }
    const names = await namesOf(tx, remove.id);
    const keptNames = new Set((await namesOf(tx, keep.id)).map(nameKey));
    const { rows: similar } = await tx.query<{ slug: string }>(
      'SELECT a.slug FROM similar_author s JOIN author a ON a.id = s.similar_id WHERE s.author_id = $1 ORDER BY a.slug',
      [remove.id],
    );
    const { rows: slots } = await tx.query<{ id: number; matched_by: string }>(
      'SELECT id, matched_by FROM authorship WHERE author_id = $1 ORDER BY id FOR UPDATE',
      [remove.id],
    );
    const { rows: aliases } = await tx.query<{ slug: string }>('SELECT slug FROM author_alias WHERE author_id = $1 ORDER BY slug', [
      remove.id,
    ]);
    const addedNames = names.filter((n) => !keptNames.has(nameKey(n))).map(storedName);
    const removed: RemovedPerson = {
      slug: remove.slug,
      first_name: remove.first_name,
      last_name: remove.last_name,
      orcid: remove.orcid,
      orcids: remove.orcids,
      comment: remove.comment,
      institution: remove.institution,
      degree: remove.degree,
      curated: remove.curated,
      names: names.map(storedName),
      similar: similar.map((s) => s.slug),
      slots: slots.map((s) => ({ id: s.id, matchedBy: s.matched_by })),
      aliases: aliases.map((a) => a.slug),
    };
    return {
      input: { keep: keep.slug, remove: remove.slug },
      before: { removed, keptOrcids: orcidState(keep) },
      after: { addedNames },
      authors: [keep.slug, remove.slug],
      async apply(t: Queryable, correctionId: number) {
        await t.query(`UPDATE authorship SET author_id = $2, matched_by = 'CORRECTION' WHERE author_id = $1`, [remove.id, keep.id]);
        for (const n of addedNames) {
          await addName(t, keep.id, n.first, n.last);
          if (n.hidden) await setNameHidden(t, keep.id, n, true);
        }
        await t.query(
          `INSERT INTO similar_author (author_id, similar_id)
           SELECT $2, similar_id FROM similar_author WHERE author_id = $1 AND similar_id <> $2
           UNION SELECT similar_id, $2 FROM similar_author WHERE author_id = $1 AND similar_id <> $2
           ON CONFLICT DO NOTHING`,
          [remove.id, keep.id],
        );
        const orcids = [...new Set([...keep.orcids, ...remove.orcids])];
        await t.query('UPDATE author SET orcid = coalesce(orcid, $2), orcids = $3 WHERE id = $1', [keep.id, remove.orcid, orcids]);
        await t.query('UPDATE author_alias SET author_id = $2 WHERE author_id = $1', [remove.id, keep.id]);
        await t.query('DELETE FROM author WHERE id = $1', [remove.id]);
        await t.query(
          `INSERT INTO author_alias (slug, author_id, correction_id) VALUES ($1, $2, $3)
           ON CONFLICT (slug) DO UPDATE SET author_id = EXCLUDED.author_id, correction_id = EXCLUDED.correction_id`,
          [remove.slug, keep.id, correctionId],
        );
      },
    } satisfies Plan;
  },

  async planRevert(tx, record) {
    const { input, before, after } = record as unknown as Stored;
    const keep = await findPerson(tx, input.keep);
    if (!keep || keep.slug !== input.keep) throw new CorrectionError('CONFLICT', `${input.keep} no longer exists.`);
    const { rows: alias } = await tx.query<{ author_id: number }>('SELECT author_id FROM author_alias WHERE slug = $1', [input.remove]);
    if (alias[0]?.author_id !== keep.id) {
      throw new CorrectionError('CONFLICT', `${input.remove} no longer resolves to ${keep.slug}; it was changed since.`);
    }
    const r = before.removed;
    const slotIds = r.slots.map((s) => s.id);
    const { rows: still } = await tx.query<{ id: number }>('SELECT id FROM authorship WHERE id = ANY($1) AND author_id = $2 FOR UPDATE', [
      slotIds,
      keep.id,
    ]);
    if (still.length !== slotIds.length) {
      throw new CorrectionError(
        'CONFLICT',
        `Some of ${input.remove}'s former papers moved since (or were re-imported); revert those changes first.`,
      );
    }
    return {
      input: { correction: record.id },
      before: after,
      after: { restored: r.slug },
      authors: [keep.slug, r.slug],
      async apply(t: Queryable) {
        await t.query('DELETE FROM author_alias WHERE slug = $1', [r.slug]);
        const { rows } = await t.query<{ id: number }>(
          `INSERT INTO author (slug, first_name, last_name, orcid, orcids, comment, institution, degree, curated)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
          [r.slug, r.first_name, r.last_name, r.orcid, r.orcids, r.comment, r.institution, r.degree, r.curated],
        );
        const id = rows[0]!.id;
        for (const [position, n] of r.names.entries()) {
          await t.query(
            'INSERT INTO author_name (author_id, first_name, last_name, canonical, position, hidden) VALUES ($1, $2, $3, $4, $5, $6)',
            [id, n.first, n.last, position === 0, position, n.hidden === true],
          );
        }
        await t.query(
          `INSERT INTO similar_author (author_id, similar_id)
           SELECT $1, a.id FROM author a WHERE a.slug = ANY($2) UNION SELECT a.id, $1 FROM author a WHERE a.slug = ANY($2)
           ON CONFLICT DO NOTHING`,
          [id, r.similar],
        );
        for (const s of r.slots) {
          await t.query(`UPDATE authorship SET author_id = $2, matched_by = $3::"MatchedBy" WHERE id = $1`, [s.id, id, s.matchedBy]);
        }
        await t.query('UPDATE author_alias SET author_id = $2 WHERE slug = ANY($1)', [r.aliases, id]);
        for (const n of after.addedNames) {
          await t.query('DELETE FROM author_name WHERE author_id = $1 AND first_name = $2 AND last_name = $3', [keep.id, n.first, n.last]);
        }
        await restoreOrcids(t, keep.id, before.keptOrcids);
      },
    };
  },
};

const nameKey = (n: Pick<NameRow, 'first_name' | 'last_name'>) => `${n.first_name}\u0000${n.last_name}`;
