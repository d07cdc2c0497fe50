// Offset paging for connections whose pages are cut in SQL (window functions), so
// many parents' pages load in one statement.
/** One parent's page request: rows offset+1 … offset+limit of its ordered list. */
export interface PageKey {
  parentId: number;
  offset: number;
  limit: number;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
}

export const pageKey = (k: PageKey) => `${k.parentId}:${k.offset}:${k.limit}`;

/** Filters on a person's papers (all optional). */
export interface PaperFilter {
  year?: number | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  venue?: string | null;
}

/**
 * Splits window-function rows (`rn` = 1-based rank, `total` = size of the parent's
 * list; rank 1 is always returned so every parent gets its total) into pages.
 */
export function toPages<T>(
  keys: readonly PageKey[],
  found: { parent_id: number; rn: string | number; total: string | number; item: T }[],
): Page<T>[] {
  const byParent = new Map<number, typeof found>();
  for (const row of found) {
    const list = byParent.get(row.parent_id);
    if (list) list.push(row);
    else byParent.set(row.parent_id, [row]);
  }
  return keys.map((key) => {
    const list = byParent.get(key.parentId) ?? [];
    const items = list
      .filter((r) => Number(r.rn) > key.offset && Number(r.rn) <= key.offset + key.limit)
      .map((r) => r.item);
    return { items, totalCount: list.length > 0 ? Number(list[0]!.total) : 0 };
  });
}

/** $1, $2, $3 of a paged statement: parent ids, offsets, limits. */
export const pageParams = (keys: readonly PageKey[]): unknown[] => [
  keys.map((k) => k.parentId),
  keys.map((k) => k.offset),
  keys.map((k) => k.limit),
];

/**
 * The CTEs every per-person paged statement starts with: `request` (each person's
 * page, from pageParams) and `mine` (the distinct papers each person authored,
 * frontmatter excluded; `conditions` narrow them further, on `p` = paper).
 */
export function authoredPapersCtes(conditions: string[] = []): string {
  return `request AS (
       SELECT * FROM unnest($1::int[], $2::int[], $3::int[]) AS r(author_id, page_offset, page_limit)
     ), mine AS (
       SELECT DISTINCT a.author_id, a.paper_id
       FROM authorship a JOIN paper p ON p.id = a.paper_id
       WHERE a.author_id = ANY($1) AND a.role = 'AUTHOR' AND NOT p.is_frontmatter
       ${conditions.map((c) => `AND ${c}`).join(' ')}
     )`;
}

/** Keeps rank 1 (it carries the total) and the rows of each person's page. */
export const IN_PAGE = `(ranked.rn = 1 OR (ranked.rn > request.page_offset AND ranked.rn <= request.page_offset + request.page_limit))`;
