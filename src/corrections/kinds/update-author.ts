// updateAuthor: a person's ORCID, comment, institution or canonical name. A field
// left out stays as it is; null clears it.
import type { Queryable } from '../../queryable.js';
import { isDeepStrictEqual } from 'node:util';
import { CorrectionError } from '../errors.js';
import type { CorrectionKind, Json, Plan } from '../kind.js';
import { checkName, checkOrcid, findPerson, requirePerson } from '../statements.js';

export type NameInput = {
  first: string;
  last: string;
};

export interface UpdateAuthorInput {
  author: string;
  orcid?: string | null;
  comment?: string | null;
  institution?: string | null;
  canonicalName?: NameInput | null;
}

type Fields = { orcid?: string | null; comment?: string | null; institution?: string | null; canonicalName?: NameInput };

export interface Stored {
  input: { author: string } & Fields;
  before: Fields & { orcids?: string[]; canonicalWasName?: boolean };
  after: Fields;
}

export const updateAuthor: CorrectionKind<UpdateAuthorInput> = {
  kind: 'UPDATE_AUTHOR',

  async plan(tx, input) {
    const person = await requirePerson(tx, input.author, ['author']);
    const wanted: Fields = {};
    if (input.orcid !== undefined) {
      if (input.orcid !== null) checkOrcid(input.orcid, ['orcid']);
      wanted.orcid = input.orcid;
    }
    if (input.comment !== undefined) wanted.comment = blankToNull(input.comment);
    if (input.institution !== undefined) wanted.institution = blankToNull(input.institution);
    if (input.canonicalName === null) {
      throw new CorrectionError('INVALID_INPUT', 'A person always has a canonical name; give the new one.', ['canonicalName']);
    }
    if (input.canonicalName !== undefined) {
      checkName(input.canonicalName, ['canonicalName']);
      wanted.canonicalName = { first: input.canonicalName.first, last: input.canonicalName.last };
    }
    if (!Object.keys(wanted).length) {
      throw new CorrectionError('INVALID_INPUT', 'Give at least one of orcid, comment, institution, canonicalName.');
    }
    const current: Fields = {
      orcid: person.orcid,
      comment: person.comment,
      institution: person.institution,
      canonicalName: { first: person.first_name, last: person.last_name },
    };
    const before: Stored['before'] = {};
    const after: Fields = {};
    for (const key of Object.keys(wanted) as (keyof Fields)[]) {
      if (isDeepStrictEqual(current[key], wanted[key])) continue;
      Object.assign(before, { [key]: current[key] });
      Object.assign(after, { [key]: wanted[key] });
    }
    if (!Object.keys(after).length) {
      throw new CorrectionError('NO_CHANGE', `${person.slug} already has these values.`);
    }
    if ('orcid' in after) before.orcids = person.orcids;
    if (after.canonicalName) {
      const { rows } = await tx.query('SELECT 1 FROM author_name WHERE author_id = $1 AND first_name = $2 AND last_name = $3', [
        person.id,
        after.canonicalName.first,
        after.canonicalName.last,
      ]);
      before.canonicalWasName = rows.length > 0;
    }
    return {
      input: { author: person.slug, ...wanted } as Json,
      before: before as Json,
      after: after as Json,
      authors: [person.slug],
      apply: (t: Queryable) => write(t, person.id, person.orcids, after),
    } satisfies Plan;
  },

  async planRevert(tx, record) {
    const { input, before, after } = record as unknown as Stored;
    const person = await findPerson(tx, input.author);
    if (!person) throw new CorrectionError('CONFLICT', `${input.author} no longer exists.`);
    const now: Fields = {
      orcid: person.orcid,
      comment: person.comment,
      institution: person.institution,
      canonicalName: { first: person.first_name, last: person.last_name },
    };
    for (const key of Object.keys(after) as (keyof Fields)[]) {
      // (isDeepStrictEqual: jsonb does not keep key order.)
      if (!isDeepStrictEqual(now[key], after[key])) {
        throw new CorrectionError('CONFLICT', `${person.slug}'s ${key} was changed since; revert that change first.`);
      }
    }
    const restore: Fields = {};
    for (const key of Object.keys(after) as (keyof Fields)[]) Object.assign(restore, { [key]: before[key] ?? null });
    return {
      input: { correction: record.id },
      before: after as Json,
      after: restore as Json,
      authors: [person.slug],
      async apply(t: Queryable) {
        await write(t, person.id, before.orcids ?? person.orcids, restore);
        // The new canonical name was not one of the person's names before: it goes again.
        if (after.canonicalName && before.canonicalWasName === false) {
          await t.query('DELETE FROM author_name WHERE author_id = $1 AND first_name = $2 AND last_name = $3', [
            person.id,
            after.canonicalName.first,
            after.canonicalName.last,
          ]);
        }
      },
    };
  },
};

async function write(tx: Queryable, authorId: number, orcids: string[], fields: Fields): Promise<void> {
  if ('orcid' in fields) {
    const list = fields.orcid ? [fields.orcid, ...orcids.filter((o) => o !== fields.orcid)] : orcids;
    await tx.query('UPDATE author SET orcid = $2, orcids = $3 WHERE id = $1', [authorId, fields.orcid ?? null, list]);
  }
  if ('comment' in fields) await tx.query('UPDATE author SET comment = $2 WHERE id = $1', [authorId, fields.comment ?? null]);
  if ('institution' in fields) await tx.query('UPDATE author SET institution = $2 WHERE id = $1', [authorId, fields.institution ?? null]);
  if (fields.canonicalName) {
    const { first, last } = fields.canonicalName;
    await tx.query('UPDATE author SET first_name = $2, last_name = $3 WHERE id = $1', [authorId, first, last]);
    // The canonical spelling leads the names list; the others follow in their order.
    await tx.query(
      `INSERT INTO author_name (author_id, first_name, last_name, canonical, position) VALUES ($1, $2, $3, true, -1)
       ON CONFLICT (author_id, first_name, last_name) DO UPDATE SET canonical = true, position = -1`,
      [authorId, first, last],
    );
    await tx.query(
      `UPDATE author_name n SET canonical = (n.position = -1), position = o.rank - 1
       FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS rank FROM author_name WHERE author_id = $1) o
       WHERE n.id = o.id`,
      [authorId],
    );
  }
}

function blankToNull(value: string | null): string | null {
  return value === null || !value.trim() ? null : value.trim();
}
