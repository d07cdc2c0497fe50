// Co-authors: people who share at least one authored paper with a person, with the
// number of distinct shared papers. One aggregate statement for every person asked.
import type { Author } from '../generated/prisma/client.js';
import { authoredPapersCtes, IN_PAGE, type Page, type PageKey, pageParams, toPages } from './paging.js';
import { modelColumns, type Queryable, rows } from './sql.js';

export interface Coauthor {
  sharedPaperCount: number;
  author: Author;
}

/** Ordered by shared papers desc, then last name, first name (then slug, for a total order). */
export async function loadCoauthors(db: Queryable, keys: readonly PageKey[]): Promise<Page<Coauthor>[]> {
  const found = await rows<{ parent_id: number; rn: string; total: string; shared: number } & Author>(
    db,
    `WITH ${authoredPapersCtes()}, shared AS (
       SELECT mine.author_id, b.author_id AS coauthor_id, count(DISTINCT mine.paper_id)::int AS shared
       FROM mine JOIN authorship b
         ON b.paper_id = mine.paper_id AND b.role = 'AUTHOR' AND b.author_id <> mine.author_id
       GROUP BY mine.author_id, b.author_id
     ), ranked AS (
       SELECT shared.*,
              row_number() OVER (PARTITION BY shared.author_id
                                 ORDER BY shared.shared DESC, c.last_name, c.first_name, c.slug) AS rn,
              count(*) OVER (PARTITION BY shared.author_id) AS total
       FROM shared JOIN author c ON c.id = shared.coauthor_id
     )
     SELECT ranked.author_id AS parent_id, ranked.rn, ranked.total, ranked.shared, ${modelColumns('Author', 'c')}
     FROM ranked
     JOIN request ON request.author_id = ranked.author_id
     JOIN author c ON c.id = ranked.coauthor_id
     WHERE ${IN_PAGE}
     ORDER BY ranked.author_id, ranked.rn`,
    pageParams(keys),
  );
  return toPages(
    keys,
    found.map(({ parent_id, rn, total, shared, ...author }) => ({
      parent_id,
      rn,
      total,
      item: { sharedPaperCount: shared, author: author as Author },
    })),
  );
}
