// hideNameVariant: a spelling of a person's name that no public surface shows any more
// (for people who changed their name). The name stays on record, hidden: the papers that
// print it stay attributed to the person, curators (read-audit) still see it, and an import
// that brings it back is followed by the replay, which hides it again.
import type { Queryable } from '../../queryable.js';
import { CorrectionError } from '../errors.js';
import type { CorrectionKind, Plan } from '../kind.js';
import { checkName, findPerson, requirePerson, setNameHidden } from '../statements.js';
import type { NameInput } from './update-author.js';

export interface HideNameVariantInput {
  author: string;
  name: NameInput;
}

export interface Stored {
  input: { author: string; name: NameInput };
}

const displayed = (name: NameInput) => `${name.first} ${name.last}`.trim();

async function nameRow(tx: Queryable, authorId: number, name: NameInput) {
  const { rows } = await tx.query<{ canonical: boolean; hidden: boolean }>(
    'SELECT canonical, hidden FROM author_name WHERE author_id = $1 AND first_name = $2 AND last_name = $3',
    [authorId, name.first, name.last],
  );
  return rows[0] ?? null;
}

export const hideNameVariant: CorrectionKind<HideNameVariantInput> = {
  kind: 'HIDE_NAME_VARIANT',

  async plan(tx, input, options) {
    const person = await requirePerson(tx, input.author, ['author']);
    checkName(input.name, ['name']);
    const name = { first: input.name.first, last: input.name.last };
    const row = await nameRow(tx, person.id, name);
    if (!row) throw new CorrectionError('NOT_FOUND', `"${displayed(name)}" is not a name of ${person.slug}.`, ['name']);
    if (row.canonical) {
      throw new CorrectionError(
        'INVALID_INPUT',
        `"${displayed(name)}" is ${person.slug}'s canonical name: give them another one first (updateAuthor), then hide this one.`,
        ['name'],
      );
    }
    // A replay over a sync finds the flag kept (imports never write it): hide it again, quietly.
    if (row.hidden && !options?.replaying) {
      throw new CorrectionError('NO_CHANGE', `"${displayed(name)}" is already hidden.`, ['name']);
    }
    return {
      input: { author: person.slug, name },
      before: { hidden: false },
      after: { hidden: true },
      authors: [person.slug],
      async apply(t: Queryable) {
        await setNameHidden(t, person.id, name, true);
      },
    } satisfies Plan;
  },

  async planRevert(tx, record) {
    const { input } = record as unknown as Stored;
    const person = await findPerson(tx, input.author);
    if (!person) throw new CorrectionError('CONFLICT', `${input.author} no longer exists.`);
    const row = await nameRow(tx, person.id, input.name);
    if (!row) throw new CorrectionError('CONFLICT', `That name is no longer a name of ${person.slug}.`);
    return {
      input: { correction: record.id },
      before: { hidden: true },
      after: { hidden: false },
      authors: [person.slug],
      async apply(t: Queryable) {
        await setNameHidden(t, person.id, input.name, false);
      },
    };
  },
};
