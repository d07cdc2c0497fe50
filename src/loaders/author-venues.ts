// The venues a person published in, with how many of their papers each holds.
import type { Venue } from '../generated/prisma/client.js';
import { groupByKey, modelColumns, type Queryable, rows } from './sql.js';

export interface AuthorVenue {
  paperCount: number;
  venue: Venue;
}

/** Most papers first, then by venue slug. A paper in a volume of two venues counts for both. */
export async function loadAuthorVenues(db: Queryable, authorIds: readonly number[]): Promise<AuthorVenue[][]> {
  const found = await rows<{ author_id: number; paper_count: number } & Venue>(
    db,
    `SELECT x.author_id, count(*)::int AS paper_count, ${modelColumns('Venue', 'v')}
     FROM (
       SELECT DISTINCT a.author_id, p.id AS paper_id, vv.venue_id
       FROM authorship a
       JOIN paper p ON p.id = a.paper_id
       JOIN volume_venue vv ON vv.volume_id = p.volume_id
       WHERE a.author_id = ANY($1) AND a.role = 'AUTHOR' AND NOT p.is_frontmatter
     ) x JOIN venue v ON v.id = x.venue_id
     GROUP BY x.author_id, v.id
     ORDER BY x.author_id, paper_count DESC, v.slug`,
    [authorIds],
  );
  return groupByKey(authorIds, found, (r) => r.author_id).map((list) =>
    list.map(({ author_id: _a, paper_count, ...venue }) => ({ paperCount: paper_count, venue: venue as Venue })),
  );
}
