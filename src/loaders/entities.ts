// Batch functions for Apollo Federation's `_entities`: every representation of one
// entity type and key in a request is answered by ONE statement. A key names one row:
// unique columns (slug, anthology id), another source's key (source_record's unique
// (kind, source, source_key): lookups.ts), and the DOI and ORCID where unique: a DOI
// resolves only when exactly one paper carries it (the Anthology prints 10.18653/v1/W18-6481
// on W18-6481 and W18-6482), an ORCID only when exactly one person has it as their ORCID
// (docs/api.md, "Use it from a gateway").
import type { Queryable } from '../queryable.js';
import type { Author, Paper, Venue, Volume } from '../generated/prisma/client.js';
import { loadAuthorsBy, loadPapersBy } from './lookups.js';
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

/**
 * Per key, the one row of `table` that `match(alias)` pairs with it (`k.key`), null where none
 * or several do: a key that names two rows names no entity.
 */
async function onlyRowPerKey<T>(
  db: Queryable,
  keys: readonly string[],
  model: 'Author' | 'Paper',
  table: string,
  match: (alias: string) => string,
) {
  const found = await rows<T & { _key: string }>(
    db,
    `SELECT k.key AS "_key", ${modelColumns(model, 'x')}
     FROM unnest($1::text[]) AS k(key) JOIN ${table} x ON ${match('x')}
     WHERE (SELECT count(*) FROM ${table} y WHERE ${match('y')}) = 1`,
    [[...new Set(keys)]],
  );
  const index = new Map(found.map(({ _key, ...row }) => [_key, row as T]));
  return keys.map((key) => index.get(key) ?? null);
}

/** ASCII case folding (as lookups.ts and paper_doi_folded_idx fold DOIs). */
const folded = (column: string) => `translate(${column}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;

/** Papers by DOI name (normalized: see doiOf), each only where one paper carries it. */
export const loadPaperEntitiesByDoi = (db: Queryable, dois: readonly string[]) =>
  onlyRowPerKey<Paper>(db, dois, 'Paper', 'paper', (p) => `${folded(`${p}.doi`)} = ${folded('k.key')}`);

/** People by ORCID iD (normalized: see orcidOf), each only where one person has it as `orcid`. */
export const loadAuthorEntitiesByOrcid = (db: Queryable, orcids: readonly string[]) =>
  onlyRowPerKey<Author>(db, orcids, 'Author', 'author', (a) => `${a}.orcid = k.key`);

/** Papers or people by a dblp or OpenAlex key (normalized), as `paper(by:)` / `author(by:)` find them. */
export const loadPaperEntitiesBySource = (db: Queryable, kind: 'dblpKey' | 'openalexId', keys: readonly string[]) =>
  loadPapersBy(db, { kind, values: keys });

export const loadAuthorEntitiesBySource = (db: Queryable, kind: 'dblpPid' | 'openalexId', keys: readonly string[]) =>
  loadAuthorsBy(db, { kind, values: keys });
