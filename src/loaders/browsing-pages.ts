// Pages of the long browsing lists (a venue's volumes, a volume's papers, a person's
// edited volumes, a venue's most frequent authors): every parent's page and total in ONE
// statement. Each list is ranked per parent (`row_number()` in its order, the last key
// unique so the order is total: equal years fall back to the anthology id) and counted
// (`count(*) OVER`); rank 1 is always kept, as it carries the total of a parent whose
// page is past its end.
import type { Queryable } from '../queryable.js';
import type { Author, Paper, Volume } from '../generated/prisma/client.js';
import { VENUE_AUTHOR_COUNTS, type VenueAuthor } from './browsing.js';
import { modelColumns, rows } from './model-sql.js';
import type { Page } from './paging.js';
import { type PaperFilter, paperFilterConditions } from './paper-filter.js';
import { compileSql, joinSql, sql } from './sql-fragments.js';

/** Rows offset+1 … offset+limit of each parent's list. */
export interface PageWindow {
  offset: number;
  limit: number;
}

/**
 * `ranked`: a statement's CTE giving `parent_id`, `rn` (1-based rank within the parent),
 * `total` and the item's columns. Returns one page per parent id, in the order of `parentIds`.
 */
export async function pages<R extends { parent_id: number; rn: number; total: number }, T>(
  db: Queryable,
  ranked: string,
  params: unknown[],
  parentIds: readonly number[],
  window: PageWindow,
  item: (row: R) => T,
): Promise<Page<T>[]> {
  const from = params.push(window.offset);
  const to = params.push(window.offset + window.limit);
  const found = await rows<R>(
    db,
    `WITH ranked AS (${ranked})
     SELECT * FROM ranked WHERE ranked.rn = 1 OR (ranked.rn > $${from}::int AND ranked.rn <= $${to}::int)
     ORDER BY ranked.parent_id, ranked.rn`,
    params,
  );
  const byParent = new Map<number, Page<T>>();
  for (const row of found) {
    let page = byParent.get(row.parent_id);
    if (!page) byParent.set(row.parent_id, (page = { totalCount: row.total, items: [] }));
    if (row.rn > window.offset) page.items.push(item(row));
  }
  return parentIds.map((id) => byParent.get(id) ?? { totalCount: 0, items: [] });
}

export type Ranked<T> = T & { parent_id: number; rn: number; total: number };
export const strip = <T extends object>({ parent_id: _p, rn: _r, total: _t, ...rest }: Ranked<T>) => rest as unknown as T;

/** Each venue's volumes, newest year first, then by anthology id; optionally of one year. */
export function loadVenueVolumePages(
  db: Queryable,
  venueIds: readonly number[],
  year: number | null,
  window: PageWindow,
): Promise<Page<Volume>[]> {
  return pages<Ranked<Volume>, Volume>(
    db,
    `SELECT vv.venue_id AS parent_id,
            (row_number() OVER (PARTITION BY vv.venue_id ORDER BY v.year DESC, v.anthology_id))::int AS rn,
            (count(*) OVER (PARTITION BY vv.venue_id))::int AS total, ${modelColumns('Volume', 'v')}
     FROM volume_venue vv JOIN volume v ON v.id = vv.volume_id
     WHERE vv.venue_id = ANY($1) AND ($2::int IS NULL OR v.year = $2)`,
    [venueIds, year],
    venueIds,
    window,
    strip,
  );
}

/** Volumes each person edited, newest year first, then by anthology id. */
export function loadEditedVolumePages(db: Queryable, authorIds: readonly number[], window: PageWindow): Promise<Page<Volume>[]> {
  return pages<Ranked<Volume>, Volume>(
    db,
    `SELECT e.author_id AS parent_id,
            (row_number() OVER (PARTITION BY e.author_id ORDER BY v.year DESC, v.anthology_id))::int AS rn,
            (count(*) OVER (PARTITION BY e.author_id))::int AS total, ${modelColumns('Volume', 'v')}
     FROM (SELECT DISTINCT a.author_id, a.volume_id FROM authorship a
           WHERE a.author_id = ANY($1) AND a.role = 'EDITOR' AND a.paper_id IS NULL) e
     JOIN volume v ON v.id = e.volume_id`,
    [authorIds],
    authorIds,
    window,
    strip,
  );
}

/**
 * Each volume's papers in natural anthology id order (the sort key is unique), narrowed
 * by the paper filter; frontmatter only when asked.
 */
export function loadVolumePaperPages(
  db: Queryable,
  volumeIds: readonly number[],
  includeFrontmatter: boolean,
  filter: PaperFilter | null | undefined,
  window: PageWindow,
): Promise<Page<Paper>[]> {
  const params: unknown[] = [volumeIds, includeFrontmatter];
  const conditions = joinSql(
    [sql`p.volume_id = ANY($1)`, sql`($2::boolean OR NOT p.is_frontmatter)`, ...paperFilterConditions(filter, 6)],
    ' AND ',
  );
  const where = compileSql(conditions, (value) => `$${params.push(value)}`);
  return pages<Ranked<Paper>, Paper>(
    db,
    `SELECT p.volume_id AS parent_id,
            (row_number() OVER (PARTITION BY p.volume_id ORDER BY p.sort_key))::int AS rn,
            (count(*) OVER (PARTITION BY p.volume_id))::int AS total, ${modelColumns('Paper', 'p')}
     FROM paper p WHERE ${where}`,
    params,
    volumeIds,
    window,
    strip,
  );
}

/** The people with the most distinct papers in each venue, then by last name, first name, slug (unique). */
export function loadVenueTopAuthorPages(db: Queryable, venueIds: readonly number[], window: PageWindow): Promise<Page<VenueAuthor>[]> {
  return pages<Ranked<Author & { paper_count: number }>, VenueAuthor>(
    db,
    `WITH ${VENUE_AUTHOR_COUNTS}
     SELECT counted.venue_id AS parent_id, counted.paper_count,
            (row_number() OVER (PARTITION BY counted.venue_id
                               ORDER BY counted.paper_count DESC, c.last_name, c.first_name, c.slug))::int AS rn,
            (count(*) OVER (PARTITION BY counted.venue_id))::int AS total, ${modelColumns('Author', 'c')}
     FROM counted JOIN author c ON c.id = counted.author_id`,
    [venueIds],
    venueIds,
    window,
    (row) => {
      const { paper_count, ...author } = strip(row);
      return { paperCount: paper_count, author: author as Author };
    },
  );
}
