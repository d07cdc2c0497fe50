// Ordered lists paged the way the Pothos prisma plugin's connections ask (Prisma's cursor
// paging: `take` rows from the cursor row on, itself included, after skipping `skip`; a
// negative take pages backwards), in SQL over a CTE `f` that holds the list's rows with
// their order columns. Used by the root paper list (paper-list.ts) and the root people and
// venue lists (root-lists.ts).

/** One key of an order: a column of `f` and its direction. The last key of an order is unique. */
export type SortKey = readonly [column: string, direction: 'ASC' | 'DESC'];

/** A `FIELD_ASC`/`FIELD_DESC` list as sort keys: each field's columns, a field given twice counted once, then the unique tie-breaker. */
export function sortKeys<F extends string>(
  orderBy: readonly `${F}_${'ASC' | 'DESC'}`[],
  columns: Record<F, readonly string[]>,
  tieBreaker: SortKey,
): SortKey[] {
  const keys: SortKey[] = [];
  const seen = new Set<string>();
  for (const value of orderBy) {
    const cut = value.lastIndexOf('_');
    const field = value.slice(0, cut) as F;
    const direction = value.slice(cut + 1) as 'ASC' | 'DESC';
    for (const column of columns[field]) {
      if (seen.has(column)) continue;
      seen.add(column);
      keys.push([column, direction]);
    }
  }
  if (!seen.has(tieBreaker[0])) keys.push(tieBreaker);
  return keys;
}

const flip = (d: 'ASC' | 'DESC') => (d === 'ASC' ? 'DESC' : 'ASC');

/** `alias.column DIR, …`; every direction flipped when paging backwards. */
export function orderList(order: readonly SortKey[], alias: string, backward = false): string {
  return order.map(([c, d]) => `${alias}.${c} ${backward ? flip(d) : d}`).join(', ');
}

/**
 * Joins `f` to its cursor row `c` (the row of `f` that `cursorWhere` picks) on "at or after
 * the cursor row in the paging direction". A cursor row that is not in `f` (filtered out,
 * or gone) joins nothing: an empty page, as with Prisma.
 */
export function cursorJoin(order: readonly SortKey[], backward: boolean, cursorWhere: string): string {
  const alternatives = order.map(([column, direction], i) => {
    const before = order.slice(0, i).map(([c]) => `f.${c} = c.${c}`);
    const d = backward ? flip(direction) : direction;
    return [...before, `f.${column} ${d === 'ASC' ? '>' : '<'} c.${column}`].join(' AND ');
  });
  alternatives.push(order.map(([c]) => `f.${c} = c.${c}`).join(' AND '));
  return `JOIN (SELECT ${order.map(([c]) => `f.${c}`).join(', ')} FROM f WHERE ${cursorWhere}) c
      ON ${alternatives.map((a) => `(${a})`).join(' OR ')}`;
}

/** `%` and `_` (and the escape `\`) taken literally in a LIKE pattern. */
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
