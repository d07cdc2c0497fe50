// Root lookups by public key, for one key (`author(by:)`, `paper(by:)`) and for a batch
// (`authorsBy`, `papersBy`): the same rules in one statement per kind of key, so a batch
// and the single lookups always agree. Each statement answers per key, in the order asked
// (`unnest … WITH ORDINALITY`), the key's row or nothing:
// - slug: the person with that slug, else the person it was merged into (author_alias);
// - ORCID: the first person (lowest id) on record with it;
// - anthology id: the paper with it;
// - DOI: the first paper (lowest id) with it, compared with ASCII letters folded
//   (src/text/doi.ts; the index paper_doi_folded_idx serves exactly this expression);
// - DBLP record key or person id, OpenAlex work or author id: the paper or person whose
//   source record (source_record, src/importers/sources.ts) has it.
import type { Queryable } from '../queryable.js';
import type { Author, Paper } from '../generated/prisma/client.js';
import { modelColumns, rows } from './model-sql.js';

/** The most keys one batch lookup takes. */
export const MAX_BATCH_KEYS = 100;

/** ASCII case folding in SQL (lower() would fold other letters too, per collation). */
const FOLD_DOI = (column: string) => `translate(${column}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;

/** Runs a per-key statement and returns one entry per key, null where nothing matched. */
async function perKey<T>(db: Queryable, keys: readonly string[], sql: string): Promise<(T | null)[]> {
  if (keys.length === 0) return [];
  const found = await rows<T & { ord: string }>(db, sql, [keys]);
  const answers: (T | null)[] = keys.map(() => null);
  for (const row of found) {
    const { ord, ...record } = row;
    answers[Number(ord) - 1] = record as T;
  }
  return answers;
}

/** People by slug (already in our form: see personSlugOf), merged slugs included. */
function loadAuthorsBySlugs(db: Queryable, slugs: readonly string[]): Promise<(Author | null)[]> {
  return perKey(
    db,
    slugs,
    `SELECT k.ord, a.* FROM unnest($1::text[]) WITH ORDINALITY AS k(slug, ord)
     CROSS JOIN LATERAL (
       SELECT ${modelColumns('Author', 'p')} FROM author p
       WHERE p.id = coalesce((SELECT id FROM author WHERE slug = k.slug),
                             (SELECT author_id FROM author_alias WHERE slug = k.slug))
     ) a`,
  );
}

/**
 * Per key, the row of `table` with the lowest id that `match` pairs with it (`k.key` is
 * the key). A join and DISTINCT ON, not a lateral `ORDER BY id LIMIT 1`: that form lets
 * the planner walk the primary key instead of the key's index when it misjudges how rare
 * a key is (as it does for the folded DOI until autovacuum has analyzed the expression).
 */
function lowestIdPerKey<T>(db: Queryable, keys: readonly string[], model: 'Author' | 'Paper', table: string, match: string) {
  return perKey<T>(
    db,
    keys,
    `SELECT DISTINCT ON (k.ord) k.ord, ${modelColumns(model, 'x')}
     FROM unnest($1::text[]) WITH ORDINALITY AS k(key, ord) JOIN ${table} x ON ${match}
     ORDER BY k.ord, x.id`,
  );
}

/** People by ORCID (well-formed ones: see ORCID_PATTERN). */
const loadAuthorsByOrcids = (db: Queryable, orcids: readonly string[]) =>
  lowestIdPerKey<Author>(db, orcids, 'Author', 'author', 'x.orcid = k.key');

/** Papers by anthology id (unique: the lowest id is the one). */
const loadPapersByAnthologyIds = (db: Queryable, anthologyIds: readonly string[]) =>
  lowestIdPerKey<Paper>(db, anthologyIds, 'Paper', 'paper', 'x.anthology_id = k.key');

/** Papers by DOI name (without a resolver prefix: see doiOf), in any ASCII case. */
const loadPapersByDois = (db: Queryable, dois: readonly string[]) =>
  lowestIdPerKey<Paper>(db, dois, 'Paper', 'paper', `${FOLD_DOI('x.doi')} = ${FOLD_DOI('k.key')}`);

/** Papers or people by another source's key (source_record's unique key: kind, source, key). */
function bySourceKey<T>(db: Queryable, keys: readonly string[], model: 'Author' | 'Paper', source: string) {
  const [table, owner, kind] = model === 'Paper' ? ['paper', 'paper_id', 'paper'] : ['author', 'author_id', 'author'];
  return perKey<T>(
    db,
    keys,
    `SELECT k.ord, ${modelColumns(model, 'x')}
     FROM unnest($1::text[]) WITH ORDINALITY AS k(key, ord)
     JOIN source_record s ON s.kind = '${kind}' AND s.source = '${source}' AND s.source_key = k.key
     JOIN ${table} x ON x.id = s.${owner}`,
  );
}

export type AuthorKeyKind = 'slug' | 'orcid' | 'dblpPid' | 'openalexId';
export type PaperKeyKind = 'anthologyId' | 'doi' | 'dblpKey' | 'openalexId';

/** `authorsBy`: one statement for the whole batch. */
export function loadAuthorsBy(db: Queryable, keys: { kind: AuthorKeyKind; values: readonly string[] }): Promise<(Author | null)[]> {
  if (keys.kind === 'dblpPid') return bySourceKey<Author>(db, keys.values, 'Author', 'dblp');
  if (keys.kind === 'openalexId') return bySourceKey<Author>(db, keys.values, 'Author', 'openalex');
  return keys.kind === 'slug' ? loadAuthorsBySlugs(db, keys.values) : loadAuthorsByOrcids(db, keys.values);
}

/** `papersBy`: one statement for the whole batch. */
export function loadPapersBy(db: Queryable, keys: { kind: PaperKeyKind; values: readonly string[] }): Promise<(Paper | null)[]> {
  if (keys.kind === 'dblpKey') return bySourceKey<Paper>(db, keys.values, 'Paper', 'dblp');
  if (keys.kind === 'openalexId') return bySourceKey<Paper>(db, keys.values, 'Paper', 'openalex');
  return keys.kind === 'anthologyId' ? loadPapersByAnthologyIds(db, keys.values) : loadPapersByDois(db, keys.values);
}

/** `paper(by:)`: the batch rule for one key. */
export async function findPaper(db: Queryable, key: { kind: PaperKeyKind; value: string }): Promise<Paper | null> {
  return (await loadPapersBy(db, { kind: key.kind, values: [key.value] }))[0] ?? null;
}
