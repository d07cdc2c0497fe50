// The root `authors` and `venues` lists with their filters and orders (issue 15.4), in one
// statement per page: the filtered rows with their order columns (`f`), the page cut from
// them with Prisma's cursor semantics (keyset.ts, what the Pothos prisma connection asks),
// then the page's rows in the list's order. A paper count is computed only when the order
// asks for it.
import type { Queryable } from '../queryable.js';
import type { Author, Venue } from '../generated/prisma/client.js';
import { cursorJoin, likePrefix, orderList, type SortKey, sortKeys } from './keyset.js';
import { modelColumns, rows } from './model-sql.js';
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
  /** Authored a paper in this venue (slug). */
  venue?: string | null;
  /** Authored a paper in this year. */
  yearActive?: number | null;
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

/** Papers authored (frontmatter excluded), as `Author.paperCount` counts them. */
const AUTHOR_PAPER_COUNT = `(SELECT count(DISTINCT x.paper_id) FROM authorship x JOIN paper p ON p.id = x.paper_id
        WHERE x.author_id = a.id AND x.role = 'AUTHOR' AND NOT p.is_frontmatter)::int`;
/** Papers in the venue's volumes (frontmatter excluded), as `Venue.paperCount` counts them. */
const VENUE_PAPER_COUNT = `(SELECT count(*) FROM volume_venue vv JOIN paper p ON p.volume_id = vv.volume_id
        WHERE vv.venue_id = v.id AND NOT p.is_frontmatter)::int`;

/** A paper authored by `a` that `condition` (on `p`, the paper) holds for. */
const authoredPaper = (condition: SqlFragment) =>
  sql`EXISTS (SELECT 1 FROM authorship x JOIN paper p ON p.id = x.paper_id
        WHERE x.author_id = a.id AND x.role = 'AUTHOR' AND NOT p.is_frontmatter AND ${condition})`;

function authorConditions(filter: AuthorFilter | null | undefined): SqlFragment[] {
  // Everyone with a paper or an edited volume (people on record without any have no page).
  const conditions = [sql`EXISTS (SELECT 1 FROM authorship x WHERE x.author_id = a.id)`];
  if (filter?.namePrefix != null) {
    const prefix = likePrefix(filter.namePrefix.trim());
    conditions.push(sql`(a.last_name ILIKE ${prefix}::text OR (a.first_name || ' ' || a.last_name) ILIKE ${prefix}::text)`);
  }
  if (filter?.hasOrcid != null) conditions.push(filter.hasOrcid ? sql`a.orcid IS NOT NULL` : sql`a.orcid IS NULL`);
  if (filter?.verified != null) conditions.push(sql`a.verified = ${filter.verified}::boolean`);
  if (filter?.venue != null) {
    conditions.push(
      authoredPaper(
        sql`EXISTS (SELECT 1 FROM volume_venue vv JOIN venue v ON v.id = vv.venue_id WHERE vv.volume_id = p.volume_id AND v.slug = ${filter.venue}::text)`,
      ),
    );
  }
  if (filter?.yearActive != null) conditions.push(authoredPaper(sql`p.year = ${filter.yearActive}::int`));
  return conditions;
}

function venueConditions(filter: VenueFilter | null | undefined): SqlFragment[] {
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
  return conditions;
}

interface ListSpec {
  table: string;
  alias: string;
  model: 'Author' | 'Venue';
  /** Order columns of `f` and the SQL computing them (a plain column of the table when absent). */
  computed: Record<string, string>;
}

const AUTHORS: ListSpec = { table: 'author', alias: 'a', model: 'Author', computed: { paper_count: AUTHOR_PAPER_COUNT } };
const VENUES: ListSpec = { table: 'venue', alias: 'v', model: 'Venue', computed: { paper_count: VENUE_PAPER_COUNT } };

async function loadList<T>(db: Queryable, spec: ListSpec, conditions: SqlFragment[], order: SortKey[], window: CursorWindow): Promise<T[]> {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const { alias } = spec;
  const backward = window.take < 0;
  const columns = order.map(([c]) => (c in spec.computed ? `${spec.computed[c]} AS ${c}` : `${alias}.${c}`));
  const cursor = window.cursor == null ? '' : cursorJoin(order, backward, `f.slug = ${param(window.cursor)}::text`);
  const where = conditions.length > 0 ? `WHERE ${compileSql(joinSql(conditions, ' AND '), param)}` : '';
  const text = `WITH f AS NOT MATERIALIZED (
      SELECT ${alias}.id, ${columns.join(', ')} FROM ${spec.table} ${alias} ${where}
    ), page AS MATERIALIZED (
      SELECT f.* FROM f ${cursor} ORDER BY ${orderList(order, 'f', backward)} OFFSET ${param(window.skip)}::int LIMIT ${param(Math.abs(window.take))}::int
    )
    SELECT ${modelColumns(spec.model, alias)} FROM page JOIN ${spec.table} ${alias} ON ${alias}.id = page.id ORDER BY ${orderList(order, 'page')}`;
  return rows<T>(db, text, params);
}

async function countList(db: Queryable, spec: ListSpec, conditions: SqlFragment[]): Promise<number> {
  const params: unknown[] = [];
  const where = conditions.length > 0 ? `WHERE ${compileSql(joinSql(conditions, ' AND '), (value) => `$${params.push(value)}`)}` : '';
  const found = await rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM ${spec.table} ${spec.alias} ${where}`, params);
  return found[0]!.n;
}

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
  return loadList<Author>(db, AUTHORS, authorConditions(filter), sortKeys(order, AUTHOR_COLUMNS, ['slug', 'ASC']), window);
}

export const countAuthorList = (db: Queryable, filter: AuthorFilter | null | undefined) => countList(db, AUTHORS, authorConditions(filter));

/** A page of venues; ties broken by slug (unique, the cursor's column). */
export function loadVenueList(db: Queryable, filter: VenueFilter | null | undefined, order: readonly VenueOrder[], window: CursorWindow) {
  return loadList<Venue>(db, VENUES, venueConditions(filter), sortKeys(order, VENUE_COLUMNS, ['slug', 'ASC']), window);
}

export const countVenueList = (db: Queryable, filter: VenueFilter | null | undefined) => countList(db, VENUES, venueConditions(filter));
