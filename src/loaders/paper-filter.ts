// The paper filter (every condition optional, every given one must hold) and the one
// function that turns it into SQL: a person's papers (combined.ts), the paper list
// (paper-list.ts) and search (search.ts) all narrow papers through it.
import { type SourceName, sourceCondition } from './source-filter.js';
import { rawSql, type SqlFragment, sql } from './sql-fragments.js';

export interface PaperFilter {
  year?: number | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  /** Only papers in volumes of this venue (slug). */
  venue?: string | null;
  /** Only papers of this volume (anthology id). */
  volume?: string | null;
  hasAbstract?: boolean | null;
  /** Only retracted or removed papers (true), or only the others (false). */
  retracted?: boolean | null;
  /** Only papers one of these sources describes (src/loaders/source-filter.ts); none for an empty list. */
  sources?: readonly SourceName[] | null;
}

/**
 * The filter's conditions on `p` (or `alias`), a row with a paper's `year`, `volume_id` (and, for
 * `hasAbstract`, `retracted` and `sources`, `abstract`, `deletion_type`, `id` and `anthology_id`), in a fixed order.
 * `indent`: the indentation of the venue condition's second line, as the statement lays
 * it out (so each statement's text, and with it its prepared name, stays as it is).
 */
export function paperFilterConditions(filter: PaperFilter | null | undefined, indent: number, alias = 'p'): SqlFragment[] {
  const p = rawSql(alias);
  const conditions: SqlFragment[] = [];
  if (filter?.year != null) conditions.push(sql`${p}.year = ${filter.year}::int`);
  if (filter?.yearFrom != null) conditions.push(sql`${p}.year >= ${filter.yearFrom}::int`);
  if (filter?.yearTo != null) conditions.push(sql`${p}.year <= ${filter.yearTo}::int`);
  if (filter?.venue != null) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM volume_venue vv JOIN venue v ON v.id = vv.venue_id${rawSql(`\n${' '.repeat(indent)}`)}WHERE vv.volume_id = ${p}.volume_id AND v.slug = ${filter.venue}::text)`,
    );
  }
  if (filter?.volume != null) {
    conditions.push(sql`EXISTS (SELECT 1 FROM volume vo WHERE vo.id = ${p}.volume_id AND vo.anthology_id = ${filter.volume}::text)`);
  }
  if (filter?.hasAbstract != null) {
    conditions.push(
      filter.hasAbstract ? sql`(${p}.abstract IS NOT NULL AND ${p}.abstract <> '')` : sql`(${p}.abstract IS NULL OR ${p}.abstract = '')`,
    );
  }
  if (filter?.retracted != null) {
    conditions.push(filter.retracted ? sql`${p}.deletion_type IS NOT NULL` : sql`${p}.deletion_type IS NULL`);
  }
  const sources = sourceCondition('paper', filter?.sources, alias);
  if (sources) conditions.push(sources);
  return conditions;
}

/** The conditions that read the paper row itself (not only its year and volume): `hasAbstract`, `retracted`, `sources`. */
export function paperRowFilter(filter: PaperFilter | null | undefined): PaperFilter | null {
  if (filter == null) return null;
  const sources = sourceCondition('paper', filter.sources, 'p') ? filter.sources : null;
  if (filter.hasAbstract == null && filter.retracted == null && sources == null) return null;
  return { hasAbstract: filter.hasAbstract, retracted: filter.retracted, sources };
}
