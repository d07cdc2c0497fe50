// Batch functions for browsing: a person's edited volumes and papers per year, a
// venue's figures, volumes and most frequent authors, a volume's papers. Each is
// ONE statement for every parent asked.
import type { Queryable } from '../queryable.js';
import type { Author, Paper, Volume } from '../generated/prisma/client.js';
import { byKey, groupByKey, modelColumns, rows } from './model-sql.js';

export interface YearCount {
  year: number;
  count: number;
}

export interface YearRange {
  first: number;
  last: number;
}

/** Volumes each person edited (editor slots hang on the volume, paper_id NULL): newest first, then by id. */
export async function loadEditedVolumes(db: Queryable, authorIds: readonly number[]): Promise<Volume[][]> {
  const found = await rows<Volume & { editorId: number }>(
    db,
    `SELECT e.author_id AS "editorId", ${modelColumns('Volume', 'v')}
     FROM (SELECT DISTINCT a.author_id, a.volume_id FROM authorship a
           WHERE a.author_id = ANY($1) AND a.role = 'EDITOR' AND a.paper_id IS NULL) e
     JOIN volume v ON v.id = e.volume_id
     ORDER BY e.author_id, v.year DESC, v.anthology_id`,
    [authorIds],
  );
  return groupByKey(authorIds, found, (r) => r.editorId).map((list) => list.map(({ editorId: _e, ...volume }) => volume));
}

/** Distinct papers authored per year (frontmatter excluded), newest year first. */
export async function loadPapersByYear(db: Queryable, authorIds: readonly number[]): Promise<YearCount[][]> {
  const found = await rows<{ author_id: number; year: number; count: number }>(
    db,
    `SELECT a.author_id, p.year, count(DISTINCT p.id)::int AS count
     FROM authorship a JOIN paper p ON p.id = a.paper_id
     WHERE a.author_id = ANY($1) AND a.role = 'AUTHOR' AND NOT p.is_frontmatter
     GROUP BY a.author_id, p.year
     ORDER BY a.author_id, p.year DESC`,
    [authorIds],
  );
  return groupByKey(authorIds, found, (r) => r.author_id).map((list) => list.map((r) => ({ year: r.year, count: r.count })));
}

export interface VenueStats {
  /** Distinct papers (frontmatter excluded) in the venue's volumes. */
  paperCount: number;
  volumeCount: number;
  /** Years of the venue's volumes; null without volumes. */
  yearRange: YearRange | null;
}

export async function loadVenueStats(db: Queryable, venueIds: readonly number[]): Promise<VenueStats[]> {
  const found = await rows<{ venue_id: number; volume_count: number; paper_count: number; first: number; last: number }>(
    db,
    `SELECT vv.venue_id, count(*)::int AS volume_count, min(v.year) AS first, max(v.year) AS last,
            coalesce(sum((SELECT count(*) FROM paper p WHERE p.volume_id = v.id AND NOT p.is_frontmatter)), 0)::int
              AS paper_count
     FROM volume_venue vv JOIN volume v ON v.id = vv.volume_id
     WHERE vv.venue_id = ANY($1)
     GROUP BY vv.venue_id`,
    [venueIds],
  );
  return byKey(venueIds, found, (r) => r.venue_id).map((r) => ({
    paperCount: r?.paper_count ?? 0,
    volumeCount: r?.volume_count ?? 0,
    yearRange: r ? { first: r.first, last: r.last } : null,
  }));
}

/** Each venue's volumes, newest year first, then by anthology id; optionally of one year. */
export async function loadVenueVolumes(db: Queryable, venueIds: readonly number[], year: number | null): Promise<Volume[][]> {
  const found = await rows<Volume & { venueId: number }>(
    db,
    `SELECT vv.venue_id AS "venueId", ${modelColumns('Volume', 'v')}
     FROM volume_venue vv JOIN volume v ON v.id = vv.volume_id
     WHERE vv.venue_id = ANY($1) AND ($2::int IS NULL OR v.year = $2)
     ORDER BY vv.venue_id, v.year DESC, v.anthology_id`,
    [venueIds, year],
  );
  return groupByKey(venueIds, found, (r) => r.venueId).map((list) => list.map(({ venueId: _v, ...volume }) => volume));
}

/** Each person's distinct papers in each venue of $1 (frontmatter excluded): what the top-author lists rank. */
export const VENUE_AUTHOR_COUNTS = `counted AS (
       SELECT vv.venue_id, a.author_id, count(DISTINCT a.paper_id)::int AS paper_count
       FROM volume_venue vv
       JOIN paper p ON p.volume_id = vv.volume_id AND NOT p.is_frontmatter
       JOIN authorship a ON a.paper_id = p.id AND a.role = 'AUTHOR'
       WHERE vv.venue_id = ANY($1)
       GROUP BY vv.venue_id, a.author_id
     )`;

export interface VenueAuthor {
  paperCount: number;
  author: Author;
}

/** The `first` people with the most distinct papers in each venue, then by last name, first name, slug. */
export async function loadVenueTopAuthors(db: Queryable, venueIds: readonly number[], first: number): Promise<VenueAuthor[][]> {
  const found = await rows<{ venue_id: number; paper_count: number } & Author>(
    db,
    `WITH ${VENUE_AUTHOR_COUNTS}, ranked AS (
       SELECT counted.*, row_number() OVER (PARTITION BY counted.venue_id
                ORDER BY counted.paper_count DESC, c.last_name, c.first_name, c.slug) AS rn
       FROM counted JOIN author c ON c.id = counted.author_id
     )
     SELECT ranked.venue_id, ranked.paper_count, ${modelColumns('Author', 'c')}
     FROM ranked JOIN author c ON c.id = ranked.author_id
     WHERE ranked.rn <= $2
     ORDER BY ranked.venue_id, ranked.rn`,
    [venueIds, first],
  );
  return groupByKey(venueIds, found, (r) => r.venue_id).map((list) =>
    list.map(({ venue_id: _v, paper_count, ...author }) => ({ paperCount: paper_count, author: author as Author })),
  );
}

/** Each volume's papers in order (natural anthology id order); frontmatter only when asked. */
export async function loadVolumePapers(db: Queryable, volumeIds: readonly number[], includeFrontmatter: boolean): Promise<Paper[][]> {
  const found = await rows<Paper>(
    db,
    `SELECT ${modelColumns('Paper', 'p')} FROM paper p
     WHERE p.volume_id = ANY($1) AND ($2::boolean OR NOT p.is_frontmatter)
     ORDER BY p.volume_id, p.sort_key`,
    [volumeIds, includeFrontmatter],
  );
  return groupByKey(volumeIds, found, (p) => p.volumeId);
}
