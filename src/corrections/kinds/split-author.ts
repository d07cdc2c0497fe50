// splitAuthor: some of a person's name slots go to a new person, and the two are
// linked as "similar names" (the usual fix for a page that mixes two people).
import type { Queryable } from '../../queryable.js';
import { CorrectionError } from '../errors.js';
import type { CorrectionKind, Plan } from '../kind.js';
import {
  addName,
  checkOrcid,
  checkSlug,
  findPerson,
  linkSimilar,
  type OrcidState,
  orcidState,
  refreshOrcids,
  requirePerson,
  restoreOrcids,
  unlinkSimilar,
} from '../statements.js';
import {
  describeSlot,
  findSlot,
  moveSlot,
  normalizeSlot,
  printedName,
  requireSlot,
  type SlotRef,
  type SlotRow,
  type StoredSlot,
} from '../slots.js';

export interface NewAuthorInput {
  slug: string;
  /** "First Last"; the last word is the last name unless `lastName` says otherwise. */
  name: string;
  lastName?: string | null;
  orcid?: string | null;
  comment?: string | null;
}

export interface SplitAuthorInput {
  author: string;
  authorships: SlotRef[];
  newAuthor: NewAuthorInput;
}

/** As stored: the input's shape, so a replay can plan it again. */
type StoredNewAuthor = { slug: string; name: string; lastName: string; orcid: string | null; comment: string | null };

export interface Stored {
  input: { author: string; authorships: StoredSlot[]; newAuthor: StoredNewAuthor };
  before: { slots: { slot: StoredSlot; name: string; matchedBy: string }[]; orcids: OrcidState };
  after: { newAuthor: string; similarLinked: boolean };
}

function splitName(name: string, lastName: string | null | undefined, field: string[]): { first: string; last: string } {
  const full = name.trim().replace(/\s+/g, ' ');
  if (!full) throw new CorrectionError('INVALID_INPUT', 'The new person needs a name.', [...field, 'name']);
  if (lastName != null) {
    const last = lastName.trim();
    if (!last || !(full === last || full.endsWith(` ${last}`))) {
      throw new CorrectionError('INVALID_INPUT', `"${lastName}" is not how "${name}" ends.`, [...field, 'lastName']);
    }
    return { first: full.slice(0, full.length - last.length).trim(), last };
  }
  const at = full.lastIndexOf(' ');
  return at < 0 ? { first: '', last: full } : { first: full.slice(0, at), last: full.slice(at + 1) };
}

export const splitAuthor: CorrectionKind<SplitAuthorInput> = {
  kind: 'SPLIT_AUTHOR',

  async plan(tx, input, options = {}) {
    const source = await requirePerson(tx, input.author, ['author']);
    const replaying = options.replaying?.before as Stored['before'] | undefined;
    const n = input.newAuthor;
    checkSlug(n.slug, ['newAuthor', 'slug']);
    const name = splitName(n.name, n.lastName, ['newAuthor']);
    if (n.orcid != null) checkOrcid(n.orcid, ['newAuthor', 'orcid']);
    // Replaying: the person this correction created survives re-imports (see the importer).
    const existing = await findPerson(tx, n.slug);
    const reuse = replaying && existing && existing.created_by_correction_id === options.replaying!.id ? existing : null;
    if (existing && !reuse) {
      throw new CorrectionError('SLUG_TAKEN', `The slug "${n.slug}" is already taken by ${existing.slug}.`, ['newAuthor', 'slug']);
    }
    if (!input.authorships.length) {
      throw new CorrectionError('INVALID_INPUT', 'Name at least one authorship to move.', ['authorships']);
    }
    const slots = input.authorships.map((s, i) => normalizeSlot(s, ['authorships', String(i)]));
    const rows: SlotRow[] = [];
    const seen = new Set<string>();
    for (const [i, slot] of slots.entries()) {
      const key = `${slot.paper}|${slot.volume}|${slot.position}`;
      if (seen.has(key)) throw new CorrectionError('INVALID_INPUT', `${describeSlot(slot)} is listed twice.`, ['authorships', String(i)]);
      seen.add(key);
      const row = await requireSlot(tx, slot, ['authorships', String(i)]);
      const recorded = replaying?.slots[i];
      if (recorded && printedName(row) !== recorded.name) {
        throw new CorrectionError('CONFLICT', `${describeSlot(slot)} now prints "${printedName(row)}", not "${recorded.name}".`);
      }
      if (row.author_id !== source.id) {
        throw new CorrectionError(
          'INVALID_INPUT',
          `${describeSlot(slot)} (${printedName(row)}) is on ${row.author_slug}, not on ${source.slug}.`,
          ['authorships', String(i)],
        );
      }
      rows.push(row);
    }
    if (rows.length === (await slotCount(tx, source.id))) {
      throw new CorrectionError('INVALID_INPUT', `That is every paper of ${source.slug}: rename the person instead (updateAuthor).`, [
        'authorships',
      ]);
    }
    const newAuthor: StoredNewAuthor = {
      slug: n.slug,
      name: `${name.first} ${name.last}`.trim(),
      lastName: name.last,
      orcid: n.orcid ?? null,
      comment: n.comment ?? null,
    };
    const similarBefore = reuse ? await isSimilar(tx, source.id, reuse.id) : false;
    return {
      input: { author: source.slug, authorships: slots, newAuthor },
      before: {
        slots: rows.map((r, i) => ({ slot: slots[i]!, name: printedName(r), matchedBy: r.matched_by })),
        orcids: orcidState(source),
      },
      after: { newAuthor: n.slug, similarLinked: !similarBefore },
      authors: [source.slug, n.slug],
      async apply(t: Queryable, correctionId: number) {
        let id = reuse?.id;
        if (id === undefined) {
          const { rows: created } = await t.query<{ id: number }>(
            `INSERT INTO author (slug, first_name, last_name, orcid, orcids, comment, created_by_correction_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
            [
              newAuthor.slug,
              name.first,
              name.last,
              newAuthor.orcid,
              newAuthor.orcid ? [newAuthor.orcid] : [],
              newAuthor.comment,
              correctionId,
            ],
          );
          id = created[0]!.id;
        }
        // (A re-import drops the names of people it does not know: put the canonical one back.)
        await t.query(
          `INSERT INTO author_name (author_id, first_name, last_name, canonical, position) VALUES ($1, $2, $3, true, 0)
           ON CONFLICT (author_id, first_name, last_name) DO NOTHING`,
          [id, name.first, name.last],
        );
        for (const row of rows) {
          await moveSlot(t, row.id, id, 'CORRECTION');
          await addName(t, id, row.first_name, row.last_name);
        }
        await linkSimilar(t, source.id, id);
        await refreshOrcids(
          t,
          source,
          rows.map((r) => r.orcid),
        );
        const moved = (await findPerson(t, newAuthor.slug))!;
        await refreshOrcids(t, moved);
      },
    } satisfies Plan;
  },

  async planRevert(tx, record) {
    const { input, before, after } = record as unknown as Stored;
    const created = await findPerson(tx, input.newAuthor.slug);
    if (!created || created.slug !== input.newAuthor.slug) {
      throw new CorrectionError('CONFLICT', `${input.newAuthor.slug} no longer exists (merged or changed since).`);
    }
    const source = await findPerson(tx, input.author);
    if (!source) throw new CorrectionError('CONFLICT', `${input.author} no longer exists.`);
    const rows: SlotRow[] = [];
    for (const { slot } of before.slots) {
      const row = await findSlot(tx, slot, true);
      if (!row || row.author_id !== created.id) {
        throw new CorrectionError('CONFLICT', `${describeSlot(slot)} is no longer on ${created.slug}; it was changed since.`);
      }
      rows.push(row);
    }
    if ((await slotCount(tx, created.id)) !== rows.length) {
      throw new CorrectionError('CONFLICT', `${created.slug} has received other papers since; revert those corrections first.`);
    }
    const { rows: aliases } = await tx.query('SELECT 1 FROM author_alias WHERE author_id = $1 LIMIT 1', [created.id]);
    if (aliases.length) throw new CorrectionError('CONFLICT', `Another person was merged into ${created.slug} since; revert that first.`);
    return {
      input: { correction: record.id },
      before: after,
      after: { removed: created.slug },
      authors: [source.slug, created.slug],
      async apply(t: Queryable) {
        for (const [i, row] of rows.entries()) await moveSlot(t, row.id, source.id, before.slots[i]!.matchedBy);
        if (after.similarLinked) await unlinkSimilar(t, source.id, created.id);
        await restoreOrcids(t, source.id, before.orcids);
        // The split created this person; only it held them.
        if (created.created_by_correction_id === record.id) await t.query('DELETE FROM author WHERE id = $1', [created.id]);
      },
    };
  },
};

async function slotCount(tx: Queryable, authorId: number): Promise<number> {
  const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM authorship WHERE author_id = $1', [authorId]);
  return rows[0]!.n;
}

async function isSimilar(tx: Queryable, a: number, b: number): Promise<boolean> {
  const { rows } = await tx.query('SELECT 1 FROM similar_author WHERE author_id = $1 AND similar_id = $2', [a, b]);
  return rows.length > 0;
}
