// The statements corrections share: people by slug (aliases included), name slots,
// and the checks on slugs and ORCIDs. Every function runs on the caller's transaction.
import type { Queryable } from '../queryable.js';
import { ORCID_PATTERN, orcidCheckDigit } from '../text/orcid.js';
import { CorrectionError } from './errors.js';

/** A row of the `author` table as the corrections read it (column names as in SQL). */
export interface AuthorRecord {
  id: number;
  slug: string;
  first_name: string;
  last_name: string;
  orcid: string | null;
  orcids: string[];
  comment: string | null;
  institution: string | null;
  degree: string | null;
  curated: boolean;
  created_by_correction_id: number | null;
}

const PERSON_COLUMNS =
  'a.id, a.slug, a.first_name, a.last_name, a.orcid, a.orcids, a.comment, a.institution, a.degree, a.curated, a.created_by_correction_id';

/** A person by slug, or by a slug merged into them; null when neither exists. */
export async function findPerson(tx: Queryable, slug: string): Promise<AuthorRecord | null> {
  const { rows } = await tx.query<AuthorRecord>(
    // A person's own slug wins over an alias (both exist for a moment while a re-import replays a merge).
    `SELECT * FROM (
       SELECT ${PERSON_COLUMNS}, 0 AS via_alias FROM author a WHERE a.slug = $1
       UNION ALL
       SELECT ${PERSON_COLUMNS}, 1 FROM author_alias al JOIN author a ON a.id = al.author_id WHERE al.slug = $1
     ) found ORDER BY via_alias LIMIT 1`,
    [slug],
  );
  return rows[0] ?? null;
}

export async function requirePerson(tx: Queryable, slug: string, field: string[]): Promise<AuthorRecord> {
  const person = await findPerson(tx, slug);
  if (!person) throw new CorrectionError('NOT_FOUND', `No author with slug "${slug}".`, field);
  return person;
}

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function checkSlug(slug: string, field: string[]): void {
  if (!SLUG.test(slug)) {
    throw new CorrectionError(
      'INVALID_INPUT',
      `"${slug}" is not a valid slug: lowercase letters and digits in words joined by single hyphens, e.g. "lei-li-hku".`,
      field,
    );
  }
}

/** ORCID iDs: four groups of four, the last character a mod 11-2 check digit (ISO 7064). */
export function checkOrcid(orcid: string, field: string[]): void {
  if (!ORCID_PATTERN.test(orcid)) {
    throw new CorrectionError('INVALID_INPUT', `"${orcid}" is not an ORCID iD (expected 0000-0000-0000-000X).`, field);
  }
  const expected = orcidCheckDigit(orcid);
  if (orcid.at(-1) !== expected) {
    throw new CorrectionError('INVALID_INPUT', `"${orcid}" is not an ORCID iD: its check digit should be ${expected}.`, field);
  }
}

export function checkName(name: { first: string; last: string }, field: string[]): void {
  if (!name.last.trim()) throw new CorrectionError('INVALID_INPUT', 'A name needs a last name.', [...field, 'last']);
  if (name.first !== name.first.trim() || name.last !== name.last.trim()) {
    throw new CorrectionError('INVALID_INPUT', 'Names may not start or end with spaces.', field);
  }
}

export interface NameRow {
  first_name: string;
  last_name: string;
  canonical: boolean;
  position: number;
  /** Hidden by a curator (hideNameVariant). */
  hidden: boolean;
}

export async function namesOf(tx: Queryable, authorId: number): Promise<NameRow[]> {
  const { rows } = await tx.query<NameRow>(
    'SELECT first_name, last_name, canonical, position, hidden FROM author_name WHERE author_id = $1 ORDER BY position, id',
    [authorId],
  );
  return rows;
}

/** Hides (or shows again) one of a person's names (hideNameVariant). */
export async function setNameHidden(
  tx: Queryable,
  authorId: number,
  name: { first: string; last: string },
  hidden: boolean,
): Promise<void> {
  await tx.query('UPDATE author_name SET hidden = $4 WHERE author_id = $1 AND first_name = $2 AND last_name = $3', [
    authorId,
    name.first,
    name.last,
    hidden,
  ]);
}

/** Adds a spelling after the person's other names, unless it is one of them; true when added. */
export async function addName(tx: Queryable, authorId: number, first: string, last: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO author_name (author_id, first_name, last_name, canonical, position)
     SELECT $1, $2, $3, false, coalesce(max(position) + 1, 0) FROM author_name WHERE author_id = $1
     ON CONFLICT (author_id, first_name, last_name) DO NOTHING`,
    [authorId, first, last],
  );
  return (rowCount ?? 0) > 0;
}

/** Links two people as "similar names" both ways; true when the link is new. */
export async function linkSimilar(tx: Queryable, a: number, b: number): Promise<boolean> {
  const { rowCount } = await tx.query(
    'INSERT INTO similar_author (author_id, similar_id) VALUES ($1, $2), ($2, $1) ON CONFLICT DO NOTHING',
    [a, b],
  );
  return (rowCount ?? 0) > 0;
}

export async function unlinkSimilar(tx: Queryable, a: number, b: number): Promise<void> {
  await tx.query('DELETE FROM similar_author WHERE (author_id, similar_id) IN (($1::int, $2::int), ($2::int, $1::int))', [a, b]);
}

/** Distinct ORCIDs printed on a person's name slots, in paper order. */
async function printedOrcids(tx: Queryable, authorId: number): Promise<string[]> {
  const { rows } = await tx.query<{ orcid: string }>(
    `SELECT orcid FROM authorship WHERE author_id = $1 AND orcid IS NOT NULL GROUP BY orcid ORDER BY min(id)`,
    [authorId],
  );
  return rows.map((r) => r.orcid);
}

/**
 * After name slots moved onto or away from a person: their ORCID list becomes the one in
 * force (kept unless it was printed only on slots that moved away) plus the ORCIDs printed
 * on the slots they now hold. `person` is the row as it was before the move.
 */
export async function refreshOrcids(tx: Queryable, person: AuthorRecord, movedAway: (string | null)[] = []): Promise<void> {
  const printed = await printedOrcids(tx, person.id);
  const keep = person.orcid && (!movedAway.includes(person.orcid) || printed.includes(person.orcid)) ? person.orcid : null;
  const orcids = [...new Set([...(keep ? [keep] : []), ...printed])];
  await tx.query('UPDATE author SET orcid = $2, orcids = $3 WHERE id = $1', [person.id, keep ?? orcids[0] ?? null, orcids]);
}

export type OrcidState = {
  orcid: string | null;
  orcids: string[];
};

export const orcidState = (person: AuthorRecord): OrcidState => ({ orcid: person.orcid, orcids: person.orcids });

/** Puts back the ORCIDs a person had before a correction (its revert is exact). */
export async function restoreOrcids(tx: Queryable, authorId: number, state: OrcidState): Promise<void> {
  await tx.query('UPDATE author SET orcid = $2, orcids = $3 WHERE id = $1', [authorId, state.orcid, state.orcids]);
}
