// Offset paging for connections whose pages are cut in SQL (window functions), so
// many parents' pages load in one statement.
import type { Paper } from '../generated/prisma/client.js';

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

export type PaperRow = Paper;
