// Batch functions for Apollo Federation's `_entities`: every representation of one
// entity type in a request is answered by ONE statement. Entity keys are unique columns
// only (slug, anthology id; docs/api.md, "Federation"): a representation names one row.
import type { Queryable } from '../queryable.js';
import type { Author, Paper, Venue, Volume } from '../generated/prisma/client.js';
import { modelColumns, rows } from './model-sql.js';

/** The rows for `keys`, in their order, null where none has the key. */
async function byUniqueKey<T>(db: Queryable, sql: string, keys: readonly string[], keyOf: (row: T) => string): Promise<(T | null)[]> {
  const found = await rows<T>(db, sql, [[...new Set(keys)]]);
  const index = new Map(found.map((row) => [keyOf(row), row]));
  return keys.map((key) => index.get(key) ?? null);
}

export function loadAuthorEntities(db: Queryable, slugs: readonly string[]): Promise<(Author | null)[]> {
  return byUniqueKey<Author>(db, `SELECT ${modelColumns('Author', 'a')} FROM author a WHERE a.slug = ANY($1)`, slugs, (a) => a.slug);
}

export function loadPaperEntities(db: Queryable, anthologyIds: readonly string[]): Promise<(Paper | null)[]> {
  return byUniqueKey<Paper>(
    db,
    `SELECT ${modelColumns('Paper', 'p')} FROM paper p WHERE p.anthology_id = ANY($1)`,
    anthologyIds,
    (p) => p.anthologyId,
  );
}

export function loadVenueEntities(db: Queryable, slugs: readonly string[]): Promise<(Venue | null)[]> {
  return byUniqueKey<Venue>(db, `SELECT ${modelColumns('Venue', 'v')} FROM venue v WHERE v.slug = ANY($1)`, slugs, (v) => v.slug);
}

export function loadVolumeEntities(db: Queryable, anthologyIds: readonly string[]): Promise<(Volume | null)[]> {
  return byUniqueKey<Volume>(
    db,
    `SELECT ${modelColumns('Volume', 'v')} FROM volume v WHERE v.anthology_id = ANY($1)`,
    anthologyIds,
    (v) => v.anthologyId,
  );
}
