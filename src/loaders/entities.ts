// Batch functions for Apollo Federation's `_entities`: every representation of one
// entity type in a request, whatever key it uses, is answered by ONE statement.
import type { Queryable } from '../queryable.js';
import type { Author, Paper, Venue, Volume } from '../generated/prisma/client.js';
import { modelColumns, rows } from './model-sql.js';

/** How a representation names its entity: which unique (or lookup) column, and the value. */
export interface EntityKey<K extends string> {
  kind: K;
  value: string;
}

export type AuthorKey = EntityKey<'slug' | 'orcid'>;
export type PaperKey = EntityKey<'anthologyId' | 'doi'>;

export const entityCacheKey = (key: EntityKey<string>) => `${key.kind}:${key.value}`;

/**
 * Matches each key to a row. For a non-unique column (ORCID, DOI) the lowest id wins,
 * as in the root `author(orcid:)` and `paper(doi:)` lookups; `found` is ordered by id.
 */
function match<K extends string, T>(
  keys: readonly EntityKey<K>[],
  found: T[],
  columns: Record<K, (row: T) => string | null>,
): (T | null)[] {
  const index = new Map<string, T>();
  for (const row of found) {
    for (const kind of Object.keys(columns) as K[]) {
      const value = columns[kind](row);
      if (value == null) continue;
      const k = entityCacheKey({ kind, value });
      if (!index.has(k)) index.set(k, row);
    }
  }
  return keys.map((key) => index.get(entityCacheKey(key)) ?? null);
}

const valuesOf = <K extends string>(keys: readonly EntityKey<K>[], kind: K) => [
  ...new Set(keys.filter((k) => k.kind === kind).map((k) => k.value)),
];

export async function loadAuthorEntities(db: Queryable, keys: readonly AuthorKey[]): Promise<(Author | null)[]> {
  const found = await rows<Author>(
    db,
    `SELECT ${modelColumns('Author', 'a')} FROM author a
     WHERE a.slug = ANY($1) OR a.orcid = ANY($2) ORDER BY a.id`,
    [valuesOf(keys, 'slug'), valuesOf(keys, 'orcid')],
  );
  return match(keys, found, { slug: (a) => a.slug, orcid: (a) => a.orcid });
}

export async function loadPaperEntities(db: Queryable, keys: readonly PaperKey[]): Promise<(Paper | null)[]> {
  const found = await rows<Paper>(
    db,
    `SELECT ${modelColumns('Paper', 'p')} FROM paper p
     WHERE p.anthology_id = ANY($1) OR p.doi = ANY($2) ORDER BY p.id`,
    [valuesOf(keys, 'anthologyId'), valuesOf(keys, 'doi')],
  );
  return match(keys, found, { anthologyId: (p) => p.anthologyId, doi: (p) => p.doi });
}

export async function loadVenueEntities(db: Queryable, slugs: readonly string[]): Promise<(Venue | null)[]> {
  const found = await rows<Venue>(db, `SELECT ${modelColumns('Venue', 'v')} FROM venue v WHERE v.slug = ANY($1)`, [[...new Set(slugs)]]);
  return match(
    slugs.map((value) => ({ kind: 'slug' as const, value })),
    found,
    { slug: (v) => v.slug },
  );
}

export async function loadVolumeEntities(db: Queryable, anthologyIds: readonly string[]): Promise<(Volume | null)[]> {
  const found = await rows<Volume>(db, `SELECT ${modelColumns('Volume', 'v')} FROM volume v WHERE v.anthology_id = ANY($1)`, [
    [...new Set(anthologyIds)],
  ]);
  return match(
    anthologyIds.map((value) => ({ kind: 'anthologyId' as const, value })),
    found,
    { anthologyId: (v) => v.anthologyId },
  );
}
