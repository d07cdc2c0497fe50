// addNameVariant: another spelling of a person's name.
import type { Queryable } from '../../queryable.js';
import { CorrectionError } from '../errors.js';
import type { CorrectionKind, Plan } from '../kind.js';
import { addName, checkName, findPerson, namesOf, requirePerson } from '../statements.js';
import type { NameInput } from './update-author.js';

export interface AddNameVariantInput {
  author: string;
  name: NameInput;
}

export interface Stored {
  input: { author: string; name: NameInput };
}

export const addNameVariant: CorrectionKind<AddNameVariantInput> = {
  kind: 'ADD_NAME_VARIANT',

  async plan(tx, input) {
    const person = await requirePerson(tx, input.author, ['author']);
    checkName(input.name, ['name']);
    const name = { first: input.name.first, last: input.name.last };
    const names = await namesOf(tx, person.id);
    if (names.some((n) => n.first_name === name.first && n.last_name === name.last)) {
      throw new CorrectionError('NO_CHANGE', `"${`${name.first} ${name.last}`.trim()}" is already a name of ${person.slug}.`, ['name']);
    }
    return {
      input: { author: person.slug, name },
      before: { names: names.length },
      after: { added: name },
      authors: [person.slug],
      async apply(t: Queryable) {
        await addName(t, person.id, name.first, name.last);
      },
    } satisfies Plan;
  },

  async planRevert(tx, record) {
    const { input } = record as unknown as Stored;
    const person = await findPerson(tx, input.author);
    if (!person) throw new CorrectionError('CONFLICT', `${input.author} no longer exists.`);
    const { rows } = await tx.query<{ canonical: boolean }>(
      'SELECT canonical FROM author_name WHERE author_id = $1 AND first_name = $2 AND last_name = $3',
      [person.id, input.name.first, input.name.last],
    );
    if (!rows.length) throw new CorrectionError('CONFLICT', `That name is no longer a name of ${person.slug}.`);
    if (rows[0]!.canonical) throw new CorrectionError('CONFLICT', `That name has become ${person.slug}'s canonical name since.`);
    return {
      input: { correction: record.id },
      before: { added: input.name },
      after: { removed: input.name },
      authors: [person.slug],
      async apply(t: Queryable) {
        await t.query('DELETE FROM author_name WHERE author_id = $1 AND first_name = $2 AND last_name = $3', [
          person.id,
          input.name.first,
          input.name.last,
        ]);
      },
    };
  },
};
