// The root `authors` and `venues` lists with their filters and orders (issue 15.4), in one
// statement per page: the filtered rows with their order columns (`f`), the page cut from
// them with Prisma's cursor semantics (keyset.ts, what the Pothos prisma connection asks),
// then the page's rows in the list's order. A paper count is computed only when the order
// asks for it.
import type { Queryable } from '../queryable.js';
import type { Author, Venue } from '../generated/prisma/client.js';
import { cursorJoin, likePrefix, orderList, type SortKey, sortKeys } from './keyset.js';
import { modelColumns, rows } from './model-sql.js';
import { type SourceName, sourceCondition } from './source-filter.js';
import { compileSql, joinSql, type SqlFragment, sql } from './sql-fragments.js';

/** Prisma's cursor paging, as the connection plugin asks: a negative take pages backwards. */
export interface CursorWindow {
  take: number;
  skip: number;
  /** The slug of the cursor row. */
  cursor: string | null;
}

export interface AuthorFilter {
  /** The last name, or the full name "First Last", starts with this (any case). */
  namePrefix?: string | null;
  hasOrcid?: boolean | null;
  verified?: boolean | null;
  /** Authored a paper in this venue (slug); with `yearActive`, one paper of both. */
  venue?: string | null;
  /** Authored a paper in this year; with `venue`, one paper of both. */
  yearActive?: number | null;
  /** Named by one of these sources (src/loaders/source-filter.ts); none for an empty list. */
  sources?: readonly SourceName[] | null;
}

export type AuthorOrderField = 'NAME' | 'PAPER_COUNT';
export type AuthorOrder = `${AuthorOrderField}_${'ASC' | 'DESC'}`;

export interface VenueFilter {
  /** The acronym or the name starts with this (any case). */
  namePrefix?: string | null;
  /** Has a volume of this year. */
  yearActive?: number | null;
}

export type VenueOrderField = 'SLUG' | 'NAME' | 'ACRONYM' | 'PAPER_COUNT';
export type VenueOrder = `${VenueOrderField}_${'ASC' | 'DESC'}`;

/**
 * Where a list's rows come from: CTEs computed once per statement (MATERIALIZED: a set of
 * matching ids or every row's paper count, built by one grouped scan rather than one
 * subquery per row: a correlated count per person took 10–15 s over the whole corpus),
 * the FROM clause joining them, and the conditions on the row itself.
 */
interface ListSource {
  ctes: SqlFragment[];
  from: SqlFragment;
  conditions: SqlFragment[];
  /** Order columns computed from the CTEs (`paper_count`); others are the table's. */
  computed: Record<string, string>;
}

/** Papers authored (frontmatter excluded) per person, as `Author.paperCount` counts them. */
const AUTHOR_COUNTS = sql`counts AS MATERIALIZED (
      SELECT x.author_id, count(DISTINCT x.paper_id)::int AS n FROM authorship x JOIN paper p ON p.id = x.paper_id
      WHERE x.role = 'AUTHOR' AND NOT p.is_frontmatter GROUP BY x.author_id
    )`;

function authorSource(filter: AuthorFilter | null | undefined, counted: boolean): ListSource {
  const ctes: SqlFragment[] = [];
  let from = sql`author a`;
  if (counted) {
    ctes.push(AUTHOR_COUNTS);
    from = sql`${from} LEFT JOIN counts ON counts.author_id = a.id`;
  }
  // People with an authored paper there or then: the papers first (by the year index, or the
  // venue's volumes), then their authorships (by paper), then the people (by key).
  const paperConditions: SqlFragment[] = [];
  if (filter?.yearActive != null) paperConditions.push(sql`p.year = ${filter.yearActive}::int`);
  if (filter?.venue != null) {
    paperConditions.push(
      sql`p.volume_id IN (SELECT vv.volume_id FROM volume_venue vv JOIN venue v ON v.id = vv.venue_id WHERE v.slug = ${filter.venue}::text)`,
    );
  }
  if (paperConditions.length > 0) {
    ctes.push(sql`matching AS MATERIALIZED (
      SELECT DISTINCT x.author_id FROM paper p JOIN authorship x ON x.paper_id = p.id AND x.role = 'AUTHOR'
      WHERE NOT p.is_frontmatter AND ${joinSql(paperConditions, ' AND ')}
    )`);
    from = sql`${from} JOIN matching ON matching.author_id = a.id`;
  }
  // Everyone with a paper or an edited volume (people on record without any have no page).
  const conditions = [sql`EXISTS (SELECT 1 FROM authorship x WHERE x.author_id = a.id)`];
  if (filter?.namePrefix != null) {
    const prefix = likePrefix(filter.namePrefix.trim());
    conditions.push(sql`(a.last_name ILIKE ${prefix}::text OR (a.first_name || ' ' || a.last_name) ILIKE ${prefix}::text)`);
  }
  if (filter?.hasOrcid != null) conditions.push(filter.hasOrcid ? sql`a.orcid IS NOT NULL` : sql`a.orcid IS NULL`);
  if (filter?.verified != null) conditions.push(sql`a.verified = ${filter.verified}::boolean`);
  const sources = sourceCondition('author', filter?.sources, 'a');
  if (sources) conditions.push(sources);
  return { ctes, from, conditions, computed: { paper_count: 'coalesce(counts.n, 0)' } };
}

/** Papers in each venue's volumes (frontmatter excluded), as `Venue.paperCount` counts them. */
const VENUE_COUNTS = sql`counts AS MATERIALIZED (
      SELECT vv.venue_id, count(*)::int AS n FROM volume_venue vv JOIN paper p ON p.volume_id = vv.volume_id
      WHERE NOT p.is_frontmatter GROUP BY vv.venue_id
    )`;

function venueSource(filter: VenueFilter | null | undefined, counted: boolean): ListSource {
  const conditions: SqlFragment[] = [];
  if (filter?.namePrefix != null) {
    const prefix = likePrefix(filter.namePrefix.trim());
    conditions.push(sql`(v.acronym ILIKE ${prefix}::text OR v.name ILIKE ${prefix}::text)`);
  }
  if (filter?.yearActive != null) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM volume_venue vv JOIN volume vo ON vo.id = vv.volume_id WHERE vv.venue_id = v.id AND vo.year = ${filter.yearActive}::int)`,
    );
  }
  return {
    ctes: counted ? [VENUE_COUNTS] : [],
    from: counted ? sql`venue v LEFT JOIN counts ON counts.venue_id = v.id` : sql`venue v`,
    conditions,
    computed: { paper_count: 'coalesce(counts.n, 0)' },
  };
}

interface ListSpec {
  table: string;
  alias: string;
  model: 'Author' | 'Venue';
}

const AUTHORS: ListSpec = { table: 'author', alias: 'a', model: 'Author' };
const VENUES: ListSpec = { table: 'venue', alias: 'v', model: 'Venue' };

/** `WITH a AS (…), b AS (…), ` (or nothing) and `FROM … WHERE …` of a source. */
function sourceSql(source: ListSource, param: (value: unknown) => string): { with: string; from: string } {
  const ctes = source.ctes.map((c) => `${compileSql(c, param)},\n    `).join('');
  const where = source.conditions.length > 0 ? ` WHERE ${compileSql(joinSql(source.conditions, ' AND '), param)}` : '';
  return { with: ctes, from: `FROM ${compileSql(source.from, param)}${where}` };
}

async function loadList<T>(db: Queryable, spec: ListSpec, source: ListSource, order: SortKey[], window: CursorWindow): Promise<T[]> {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const { alias } = spec;
  const backward = window.take < 0;
  const columns = order.map(([c]) => (c in source.computed ? `${source.computed[c]} AS ${c}` : `${alias}.${c}`));
  const { with: ctes, from } = sourceSql(source, param);
  const cursor = window.cursor == null ? '' : cursorJoin(order, backward, `f.slug = ${param(window.cursor)}::text`);
  const text = `WITH ${ctes}f AS NOT MATERIALIZED (
      SELECT ${alias}.id, ${columns.join(', ')} ${from}
    ), page AS MATERIALIZED (
      SELECT f.* FROM f ${cursor} ORDER BY ${orderList(order, 'f', backward)} OFFSET ${param(window.skip)}::int LIMIT ${param(Math.abs(window.take))}::int
    )
    SELECT ${modelColumns(spec.model, alias)} FROM page JOIN ${spec.table} ${alias} ON ${alias}.id = page.id ORDER BY ${orderList(order, 'page')}`;
  return rows<T>(db, text, params);
}

async function countList(db: Queryable, source: ListSource): Promise<number> {
  const params: unknown[] = [];
  const { with: ctes, from } = sourceSql(source, (value) => `$${params.push(value)}`);
  const found = await rows<{ n: number }>(
    db,
    `${ctes ? `WITH ${ctes.replace(/,\n {4}$/, '')}\n` : ''}SELECT count(*)::int AS n ${from}`,
    params,
  );
  return found[0]!.n;
}

const counts = (order: SortKey[]) => order.some(([c]) => c === 'paper_count');

const AUTHOR_COLUMNS: Record<AuthorOrderField, readonly string[]> = { NAME: ['last_name', 'first_name'], PAPER_COUNT: ['paper_count'] };
const VENUE_COLUMNS: Record<VenueOrderField, readonly string[]> = {
  SLUG: ['slug'],
  NAME: ['name'],
  ACRONYM: ['acronym'],
  PAPER_COUNT: ['paper_count'],
};

/** A page of people; ties broken by slug (unique, the cursor's column). */
export function loadAuthorList(
  db: Queryable,
  filter: AuthorFilter | null | undefined,
  order: readonly AuthorOrder[],
  window: CursorWindow,
) {
  const keys = sortKeys(order, AUTHOR_COLUMNS, ['slug', 'ASC']);
  return loadList<Author>(db, AUTHORS, authorSource(filter, counts(keys)), keys, window);
}

export const countAuthorList = (db: Queryable, filter: AuthorFilter | null | undefined) => countList(db, authorSource(filter, false));

/** A page of venues; ties broken by slug (unique, the cursor's column). */
export function loadVenueList(db: Queryable, filter: VenueFilter | null | undefined, order: readonly VenueOrder[], window: CursorWindow) {
  const keys = sortKeys(order, VENUE_COLUMNS, ['slug', 'ASC']);
  return loadList<Venue>(db, VENUES, venueSource(filter, counts(keys)), keys, window);
}

export const countVenueList = (db: Queryable, filter: VenueFilter | null | undefined) => countList(db, venueSource(filter, false));
