// Batch functions for papers: a person's papers page, a paper's authors.
import type { Authorship, Paper } from '../generated/prisma/client.js';
import { authoredPapersCtes, IN_PAGE, type Page, type PageKey, pageParams, type PaperFilter, toPages } from './paging.js';
import { groupByKey, modelColumns, type Queryable, rows } from './sql.js';

/** Papers a person authored (frontmatter excluded), newest year first, then by id in natural order. */
export async function loadAuthorPapers(
  db: Queryable,
  keys: readonly PageKey[],
  filter: PaperFilter,
): Promise<Page<Paper>[]> {
  const params = pageParams(keys);
  const conditions: string[] = [];
  if (filter.year != null) conditions.push(`p.year = $${params.push(filter.year)}`);
  if (filter.yearFrom != null) conditions.push(`p.year >= $${params.push(filter.yearFrom)}`);
  if (filter.yearTo != null) conditions.push(`p.year <= $${params.push(filter.yearTo)}`);
  if (filter.venue != null) {
    conditions.push(`EXISTS (SELECT 1 FROM volume_venue vv JOIN venue v ON v.id = vv.venue_id
      WHERE vv.volume_id = p.volume_id AND v.slug = $${params.push(filter.venue)})`);
  }
  const found = await rows<{ parent_id: number; rn: string; total: string } & Paper>(
    db,
    `WITH ${authoredPapersCtes(conditions)}, ranked AS (
       SELECT mine.author_id, p.id,
              row_number() OVER (PARTITION BY mine.author_id ORDER BY p.year DESC, p.sort_key) AS rn,
              count(*) OVER (PARTITION BY mine.author_id) AS total
       FROM mine JOIN paper p ON p.id = mine.paper_id
     )
     SELECT ranked.author_id AS parent_id, ranked.rn, ranked.total, ${modelColumns('Paper', 'p')}
     FROM ranked
     JOIN request ON request.author_id = ranked.author_id
     JOIN paper p ON p.id = ranked.id
     WHERE ${IN_PAGE}
     ORDER BY ranked.author_id, ranked.rn`,
    params,
  );
  return toPages(
    keys,
    found.map(({ parent_id, rn, total, ...paper }) => ({ parent_id, rn, total, item: paper as Paper })),
  );
}

/** The authors of each paper in printed order (editors are not on papers). */
export async function loadPaperAuthorships(db: Queryable, paperIds: readonly number[]): Promise<Authorship[][]> {
  const found = await rows<Authorship>(
    db,
    `SELECT ${modelColumns('Authorship', 'a')} FROM authorship a
     WHERE a.paper_id = ANY($1) AND a.role = 'AUTHOR' ORDER BY a.paper_id, a.position`,
    [paperIds],
  );
  return groupByKey(paperIds, found, (a) => a.paperId!);
}

/** The editors of each volume in printed order. */
export async function loadVolumeEditors(db: Queryable, volumeIds: readonly number[]): Promise<Authorship[][]> {
  const found = await rows<Authorship>(
    db,
    `SELECT ${modelColumns('Authorship', 'a')} FROM authorship a
     WHERE a.volume_id = ANY($1) AND a.role = 'EDITOR' ORDER BY a.volume_id, a.position`,
    [volumeIds],
  );
  return groupByKey(volumeIds, found, (a) => a.volumeId);
}
