// The source filter (issue 16 part 6): papers or people one of the given sources describes.
// The Anthology's own rows are those whose public key holds no ':' (src/importers/sources.ts,
// `anthologyOwned`): exactly the rows the Anthology importer gives an `acl-anthology` source
// record, so that test reads the row itself. DBLP and OpenAlex describe their own rows
// (`dblp:…`, `openalex:…`) and the rows of another source they were folded into (same DOI,
// same ORCID): their source records (source_record, served by its paper_id / author_id index).
import { type SqlFragment, joinSql, rawSql, sql } from './sql-fragments.js';

/** A source as source_record names it. */
export type SourceName = 'acl-anthology' | 'dblp' | 'openalex';

export const SOURCE_NAMES: readonly SourceName[] = ['acl-anthology', 'dblp', 'openalex'];

const OWNER = {
  paper: { key: 'anthology_id', owner: 'paper_id' },
  author: { key: 'slug', owner: 'author_id' },
} as const;

/**
 * The condition on `alias` (a paper row, or an author row) that one of `sources` describes it;
 * null when there is nothing to narrow (no list given, or every source: every row is some
 * source's). An empty list matches nothing.
 */
export function sourceCondition(
  kind: 'paper' | 'author',
  sources: readonly SourceName[] | null | undefined,
  alias: string,
): SqlFragment | null {
  if (sources == null) return null;
  const wanted = new Set(sources);
  if (SOURCE_NAMES.every((s) => wanted.has(s))) return null;
  if (wanted.size === 0) return sql`false`;
  const { key, owner } = OWNER[kind];
  const row = rawSql(alias);
  const parts: SqlFragment[] = [];
  if (wanted.has('acl-anthology')) parts.push(sql`position(':' in ${row}.${rawSql(key)}) = 0`);
  const others = SOURCE_NAMES.filter((s) => s !== 'acl-anthology' && wanted.has(s));
  if (others.length > 0) {
    // A source's own rows (by their key's prefix: not every one has a source record, e.g. an
    // OpenAlex person without an author id), and the rows of another source it was folded into.
    const prefixes = others.map((s) => `${s}:%`);
    parts.push(sql`${row}.${rawSql(key)} LIKE ANY(${prefixes}::text[])`);
    parts.push(
      sql`EXISTS (SELECT 1 FROM source_record sr WHERE sr.${rawSql(owner)} = ${row}.id AND sr.kind = ${rawSql(`'${kind}'`)} AND sr.source = ANY(${others}::text[]))`,
    );
  }
  return parts.length === 1 ? parts[0]! : sql`(${joinSql(parts, ' OR ')})`;
}
