// Batch functions for people: by id, name variants, similar people, summary figures.
import type { Author } from '../generated/prisma/client.js';
import { byKey, groupByKey, modelColumns, type Queryable, rows } from './sql.js';

export async function loadAuthorsById(db: Queryable, ids: readonly number[]): Promise<(Author | null)[]> {
  const found = await rows<Author>(db, `SELECT ${modelColumns('Author', 'a')} FROM author a WHERE a.id = ANY($1)`, [ids]);
  return byKey(ids, found, (a) => a.id);
}

/** Every spelling of each person's name except the canonical one, as "First Last". */
export async function loadAuthorVariants(db: Queryable, authorIds: readonly number[]): Promise<string[][]> {
  const found = await rows<{ author_id: number; name: string }>(
    db,
    `SELECT n.author_id, trim(n.first_name || ' ' || n.last_name) AS name
     FROM author_name n
     WHERE n.author_id = ANY($1) AND NOT n.canonical
     ORDER BY n.author_id, n.position, n.last_name, n.first_name`,
    [authorIds],
  );
  return groupByKey(authorIds, found, (r) => r.author_id).map((list) => list.map((r) => r.name));
}

/** "Other people with similar names", by last name then first name. */
export async function loadSimilarAuthors(db: Queryable, authorIds: readonly number[]): Promise<Author[][]> {
  const found = await rows<Author & { fromId: number }>(
    db,
    `SELECT s.author_id AS "fromId", ${modelColumns('Author', 'a')}
     FROM similar_author s JOIN author a ON a.id = s.similar_id
     WHERE s.author_id = ANY($1)
     ORDER BY s.author_id, a.last_name, a.first_name, a.slug`,
    [authorIds],
  );
  return groupByKey(authorIds, found, (r) => r.fromId).map((list) =>
    list.map(({ fromId: _fromId, ...author }) => author),
  );
}

export interface AuthorSummary {
  /** Distinct papers authored (frontmatter excluded). */
  paperCount: number;
  /** The affiliation printed on the person's most recent paper that prints one. */
  latestAffiliation: string | null;
  firstYear: number | null;
  lastYear: number | null;
}

export async function loadAuthorSummaries(db: Queryable, authorIds: readonly number[]): Promise<AuthorSummary[]> {
  const found = await rows<{
    author_id: number;
    paper_count: number;
    latest_affiliation: string | null;
    first_year: number | null;
    last_year: number | null;
  }>(
    db,
    `SELECT a.author_id,
            count(DISTINCT a.paper_id)::int AS paper_count,
            (array_agg(a.affiliation ORDER BY p.year DESC, p.sort_key DESC)
               FILTER (WHERE a.affiliation IS NOT NULL AND a.affiliation <> ''))[1] AS latest_affiliation,
            min(p.year) AS first_year, max(p.year) AS last_year
     FROM authorship a JOIN paper p ON p.id = a.paper_id
     WHERE a.author_id = ANY($1) AND a.role = 'AUTHOR' AND NOT p.is_frontmatter
     GROUP BY a.author_id`,
    [authorIds],
  );
  return byKey(authorIds, found, (r) => r.author_id).map((r) => ({
    paperCount: r?.paper_count ?? 0,
    latestAffiliation: r?.latest_affiliation ?? null,
    firstYear: r?.first_year ?? null,
    lastYear: r?.last_year ?? null,
  }));
}
