// Citations in the graph (paper_reference, filled by the OpenAlex import): a paper's
// references and the papers citing it, paged, newest first (year, then anthology id); the
// counts; a person's citation count and h-index. Each is one statement for every paper or
// person asked (DataLoader batches).
import type { Queryable } from '../queryable.js';
import type { Paper } from '../generated/prisma/client.js';
import { type PageWindow, pages, type Ranked, strip } from './browsing-pages.js';
import { byKey, modelColumns, rows } from './model-sql.js';
import type { Page } from './paging.js';

/** Each paper's references that are papers in the graph (unresolved ones are `PaperCitations.unresolved`). */
export function loadReferencePages(db: Queryable, paperIds: readonly number[], window: PageWindow): Promise<Page<Paper>[]> {
  return pages<Ranked<Paper>, Paper>(
    db,
    `SELECT c.parent_id, (row_number() OVER (PARTITION BY c.parent_id ORDER BY p.year DESC, p.sort_key))::int AS rn,
            (count(*) OVER (PARTITION BY c.parent_id))::int AS total, ${modelColumns('Paper', 'p')}
     FROM (SELECT DISTINCT citing_paper_id AS parent_id, cited_paper_id AS paper_id FROM paper_reference
           WHERE citing_paper_id = ANY($1) AND cited_paper_id IS NOT NULL) c
     JOIN paper p ON p.id = c.paper_id`,
    [paperIds],
    paperIds,
    window,
    strip,
  );
}

/** Each paper's citing papers in the graph. */
export function loadCitedByPages(db: Queryable, paperIds: readonly number[], window: PageWindow): Promise<Page<Paper>[]> {
  return pages<Ranked<Paper>, Paper>(
    db,
    `SELECT c.parent_id, (row_number() OVER (PARTITION BY c.parent_id ORDER BY p.year DESC, p.sort_key))::int AS rn,
            (count(*) OVER (PARTITION BY c.parent_id))::int AS total, ${modelColumns('Paper', 'p')}
     FROM (SELECT DISTINCT cited_paper_id AS parent_id, citing_paper_id AS paper_id FROM paper_reference
           WHERE cited_paper_id = ANY($1)) c
     JOIN paper p ON p.id = c.paper_id`,
    [paperIds],
    paperIds,
    window,
    strip,
  );
}

export interface PaperCitations {
  /** Papers in the graph citing this one. */
  inGraph: number;
  /** OpenAlex's own `cited_by_count` for the work (the largest, if several works are this paper); null without one. */
  openalex: number | null;
  /** OpenAlex ids this paper references that are not in the graph (yet), in the work's order. */
  unresolved: string[];
}

export async function loadPaperCitations(db: Queryable, paperIds: readonly number[]): Promise<PaperCitations[]> {
  const found = await rows<PaperCitations & { id: number }>(
    db,
    `SELECT k.id,
       (SELECT count(DISTINCT r.citing_paper_id) FROM paper_reference r WHERE r.cited_paper_id = k.id)::int AS "inGraph",
       (SELECT max((s.fields->>'citedByCount')::int) FROM source_record s
        WHERE s.kind = 'paper' AND s.paper_id = k.id AND s.source = 'openalex') AS openalex,
       ARRAY(SELECT r.cited_work FROM paper_reference r WHERE r.citing_paper_id = k.id AND r.cited_paper_id IS NULL
             ORDER BY r.position, r.cited_work) AS unresolved
     FROM unnest($1::int[]) AS k(id)`,
    [paperIds],
  );
  return byKey(paperIds, found, (r) => r.id).map((r) => r ?? { inGraph: 0, openalex: null, unresolved: [] });
}

export interface AuthorCitations {
  /** In-graph citations of the person's authored papers (each citing paper once per paper). */
  citationCount: number;
  /** The largest h such that h of the person's authored papers have at least h in-graph citations each. */
  hIndex: number;
}

export async function loadAuthorCitations(db: Queryable, authorIds: readonly number[]): Promise<AuthorCitations[]> {
  const found = await rows<AuthorCitations & { id: number }>(
    db,
    `WITH authored AS (
       SELECT DISTINCT author_id, paper_id FROM authorship WHERE author_id = ANY($1) AND role = 'AUTHOR' AND paper_id IS NOT NULL
     ), cited AS (
       SELECT a.author_id, count(DISTINCT r.citing_paper_id) AS n
       FROM authored a JOIN paper_reference r ON r.cited_paper_id = a.paper_id GROUP BY a.author_id, a.paper_id
     ), ranked AS (
       SELECT author_id, n, row_number() OVER (PARTITION BY author_id ORDER BY n DESC) AS rank FROM cited
     )
     SELECT author_id AS id, sum(n)::int AS "citationCount", (count(*) FILTER (WHERE n >= rank))::int AS "hIndex"
     FROM ranked GROUP BY author_id`,
    [authorIds],
  );
  return byKey(authorIds, found, (r) => r.id).map((r) =>
    r ? { citationCount: r.citationCount, hIndex: r.hIndex } : { citationCount: 0, hIndex: 0 },
  );
}
