// The root `papers` list in ONE statement: the page of papers (cursor paging with
// Prisma's semantics, which the Pothos prisma plugin's connection expects), the total
// count, and — when the selection asks for them — every paper's authorships (with their
// people) and volumes (with their venues), which are then primed into the combined
// loader so the nested resolvers find them without another statement.
import type { Queryable } from '../queryable.js';
import type { Paper } from '../generated/prisma/client.js';
import { type CombinedLoader, PAPER_MARKUP, PART_QUERIES, statementName } from './combined.js';
import { cursorJoin, orderList, type SortKey, sortKeys } from './keyset.js';
import { type PaperFilter, paperFilterConditions, paperRowFilter } from './paper-filter.js';
import { modelArray, modelDecoder } from './model-sql.js';
import { compileSql, joinSql, sql } from './sql-fragments.js';

/** The fields a paper list orders by (`FIELD_ASC`/`FIELD_DESC`). */
export type PaperOrderField = 'YEAR' | 'ANTHOLOGY_ID';
export type PaperListOrder = `${PaperOrderField}_${'ASC' | 'DESC'}`;

export interface PaperListRequest {
  filter?: PaperFilter | null;
  /** In order of precedence; the anthology id (natural order, unique) breaks ties. */
  order: readonly PaperListOrder[];
  /** Prisma's cursor paging, as the connection plugin asks: a negative take pages backwards. */
  take: number;
  skip: number;
  cursor?: string | null;
  /** Read the total count too. */
  total: boolean;
  /** Read the authorships and volumes of the page too. */
  authorships: boolean;
  /** Read them brief (the selection prints only what a brief authorship holds). */
  briefAuthorships?: boolean;
  volumes: boolean;
  /** Leave out the markup copies of title and abstract. */
  withoutMarkup: boolean;
  /** Leave out the abstract too (with the markup: the selection prints neither). */
  withoutAbstract?: boolean;
}

export interface PaperListResult {
  total: number | null;
  items: Record<string, unknown>[];
  authorships: [number, unknown][] | null;
  volumes: [number, unknown][] | null;
}

/** The paper's long texts: the markup copies and the abstract. */
const PAPER_TEXTS = [...PAPER_MARKUP, 'abstract'];

/** The columns of each order field: the anthology id orders by its natural sort key. */
const ORDER_COLUMNS: Record<PaperOrderField, readonly string[]> = { YEAR: ['year'], ANTHOLOGY_ID: ['sort_key'] };

/** A paper order as sort keys over rows with `year` and `sort_key`, the (unique) sort key last. */
export const paperSortKeys = (order: readonly PaperListOrder[]): SortKey[] => sortKeys(order, ORDER_COLUMNS, ['sort_key', 'ASC']);

/** The filter's conditions on `paper p` (frontmatter always excluded). */
function paperListConditions(filter: PaperFilter | null | undefined, param: (value: unknown) => string): string {
  return compileSql(joinSql([sql`NOT p.is_frontmatter`, ...paperFilterConditions(filter, 6)], ' AND '), param);
}

/**
 * The list's total read from `paper_count` (papers per volume and year, frontmatter excluded;
 * migration 20261204100000_paper_count), when the filter reads only year and volume; else
 * null (the papers are counted).
 */
function storedTotalSql(filter: PaperFilter | null | undefined, param: (value: unknown) => string): string | null {
  if (paperRowFilter(filter)) return null;
  const conditions = paperFilterConditions(filter, 6, 'c');
  const where = conditions.length > 0 ? ` WHERE ${compileSql(joinSql(conditions, ' AND '), param)}` : '';
  return `SELECT coalesce(sum(c.papers), 0)::int FROM paper_count c${where}`;
}

export async function loadPaperList(db: Queryable, request: PaperListRequest): Promise<PaperListResult> {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const backward = request.take < 0;
  const order = paperSortKeys(request.order);
  const pageOrder = orderList(order, 'f', backward);
  const itemOrder = orderList(order, 'p');
  // Rows at or after the cursor row in the paging direction (Prisma's cursor: the
  // cursor's own row included, then `skip` rows skipped).
  const cursor = request.cursor == null ? '' : cursorJoin(order, backward, `f.anthology_id = ${param(request.cursor)}::text`);
  const where = paperListConditions(request.filter, param);
  const skip = param(request.skip);
  const limit = param(Math.abs(request.take));
  const pageIds = 'ARRAY(SELECT page.id FROM page)';
  // Fields the selection does not print are not read (the abstract only with the markup).
  const leftOut = request.withoutAbstract ? PAPER_TEXTS : request.withoutMarkup ? PAPER_MARKUP : [];
  const columns = [
    request.total ? `(${storedTotalSql(request.filter, param) ?? 'SELECT count(*)::int FROM f'}) AS total` : 'NULL::int AS total',
    `coalesce((SELECT json_agg(${modelArray('Paper', 'p', leftOut)} ORDER BY ${itemOrder})
       FROM page JOIN paper p ON p.id = page.id), '[]'::json) AS items`,
    request.authorships
      ? `(SELECT json_agg(json_build_array(x.k, x.data)) FROM (${PART_QUERIES[authorshipPart(request)].sql(pageIds, undefined, param)}) x) AS authorships`
      : 'NULL::json AS authorships',
    request.volumes
      ? `(SELECT json_agg(json_build_array(x.k, x.data)) FROM (${PART_QUERIES.volume.sql('ARRAY(SELECT DISTINCT page.volume_id FROM page)', undefined, param)}) x) AS volumes`
      : 'NULL::json AS volumes',
  ];
  const text = `WITH f AS NOT MATERIALIZED (
      SELECT p.id, p.year, p.sort_key, p.volume_id, p.anthology_id FROM paper p WHERE ${where}
    ), page AS MATERIALIZED (
      SELECT f.id, f.volume_id FROM f ${cursor} ORDER BY ${pageOrder} OFFSET ${skip}::int LIMIT ${limit}::int
    )
    SELECT ${columns.join(',\n      ')}`;
  // Named (prepared once per connection): each shape of the statement is planned once.
  const { rows } = await db.query<{
    total: number | null;
    items: unknown[];
    authorships: [number, unknown][] | null;
    volumes: [number, unknown][] | null;
  }>({ name: statementName(text), text, values: params });
  const row = rows[0]!;
  // Rows arrive as arrays of fields (modelArray): decoded as the combined loader decodes them.
  const decodePaper = modelDecoder('Paper', leftOut);
  const decodeParts = (part: 'paperAuthorships' | 'paperAuthorshipsBrief' | 'volume', list: [number, unknown][] | null, asked: boolean) =>
    list?.map(([id, data]): [number, unknown] => [id, PART_QUERIES[part].decode(data, undefined)]) ?? (asked ? [] : null);
  return {
    total: row.total,
    items: row.items.map(decodePaper),
    authorships: decodeParts(authorshipPart(request), row.authorships, request.authorships),
    volumes: decodeParts('volume', row.volumes, request.volumes),
  };
}

/** The combined loader's part the page's authorships are read as (and primed into). */
const authorshipPart = (request: PaperListRequest) => (request.briefAuthorships ? 'paperAuthorshipsBrief' : 'paperAuthorships');

/** The count alone (a selection asking for nothing but totalCount). */
export async function countPaperList(db: Queryable, filter: PaperFilter | null | undefined): Promise<number> {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const stored = storedTotalSql(filter, param);
  const text = stored ? `SELECT (${stored}) AS n` : `SELECT count(*)::int AS n FROM paper p WHERE ${paperListConditions(filter, param)}`;
  const { rows } = await db.query<{ n: number }>(text, params);
  return rows[0]!.n;
}

/** The root paper list of one request (see `createPaperListLoader`). */
export interface PaperListLoader {
  /**
   * The page `request` asks for; the authorships and volumes read with it are primed into
   * the combined loader, and the total into `total(args)`. `args`: the field's arguments
   * object (the same object the connection's totalCount callback gets).
   */
  page(args: object, request: PaperListRequest): Promise<Paper[]>;
  /** The total of the list `page(args)` read (read there when asked), else counted alone. */
  total(args: object, filter: PaperFilter | null | undefined): Promise<number>;
}

export function createPaperListLoader(db: Queryable, combined: CombinedLoader): PaperListLoader {
  /** The total read with a page, by the page's arguments. */
  const totals = new WeakMap<object, Promise<number | null>>();
  return {
    async page(args, request) {
      const pending = loadPaperList(db, request);
      // (A failure is the page's error; totalCount then counts on its own.)
      totals.set(
        args,
        pending.then(
          (r) => r.total,
          () => null,
        ),
      );
      const result = await pending;
      if (result.authorships) {
        // Papers without authors have no row: they are primed with none (not loaded again).
        const found = new Map(result.authorships);
        for (const item of result.items) {
          const id = item.id as number;
          combined.prime({ part: authorshipPart(request), id }, found.get(id) ?? []);
        }
      }
      for (const [id, volume] of result.volumes ?? []) combined.prime({ part: 'volume', id }, volume);
      return result.items as unknown as Paper[];
    },
    async total(args, filter) {
      return (await totals.get(args)) ?? countPaperList(db, filter);
    },
  };
}
