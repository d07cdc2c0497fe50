// One SQL statement per round of loading. Each "part" (a person's summary, variants,
// similar people, venues, papers page, co-authors page, every authored paper; a paper's
// authors; a volume; a volume's editors) is a query yielding (k, data json) for a list
// of ids; every part asked in the same tick
// — whatever the part, whatever the parent — is answered by ONE statement, the parts
// glued with UNION ALL. The author page is so three statements whatever the person's
// size: the person, then everything about them, then their papers' authors and volumes
// (with the similar people's summaries).
//
// The parts about people's authored papers (summary, venues, papers, all) share
// one CTE, `authored` (every authorship of the people asked, with its paper's year, sort
// key and volume), read once per statement instead of once per part.
//
// Statements are named (prepared once per connection), so PostgreSQL plans each shape
// once; joins that must stay index lookups are written as LATERAL … OFFSET 0 so that
// the generic plan cannot turn them into scans of a whole table.
//
// Rows come back as JSON built by PostgreSQL: each model's row as an array of every
// scalar field (modelArray, cheaper to build than an object), decoded here into exactly
// Prisma's shape (each part's `decode`), related rows embedded under `_`-prefixed keys
// (`_author`, `_venues`) that resolvers use instead of loading them again.
import type { Queryable } from '../queryable.js';
import { createHash } from 'node:crypto';
import DataLoader from 'dataloader';
import type { Author, Venue } from '../generated/prisma/client.js';
import type { SortKey } from './keyset.js';
import { type PaperFilter, paperFilterConditions, paperRowFilter } from './paper-filter.js';
import { compileSql, joinSql, sql } from './sql-fragments.js';
import { scalarFields } from '../db/datamodel.js';
import { modelArray, modelDecoder, type ModelName } from './model-sql.js';

/** Builds a part's statement: `ids` is the placeholder of the int[] of ids, `param` adds a parameter. */
type PartSql<A> = (ids: string, args: A, param: (value: unknown) => string) => string;

interface PartSpec<A> {
  sql: PartSql<A>;
  /** Turns a row's `data` into the value loaders hand out (arrays of fields into objects). */
  decode: (data: unknown, args: A) => unknown;
  /** Reads the shared `authored` CTE (its ids: every id of every part that reads it). */
  authored?: boolean;
  /** The value of an id the statement returned no row for. */
  empty: () => unknown;
}

const AUTHOR = lazy(() => modelArray('Author', 'c'));
/**
 * A brief authorship: what an authors line prints (position, role, the printed name and
 * affiliation) with its person's slug and name. Most of the fields of a full one (and
 * the person's ORCIDs, comment, institution, …) are left out; half the values to build.
 */
export const BRIEF_AUTHORSHIP_FIELDS = [
  'id',
  'paperId',
  'volumeId',
  'authorId',
  'role',
  'position',
  'firstName',
  'lastName',
  'affiliation',
];
export const BRIEF_AUTHOR_FIELDS = ['id', 'slug', 'firstName', 'lastName'];
const allBut = (model: ModelName, kept: readonly string[]) => scalarFields(model).filter((f) => !kept.includes(f));
const BRIEF_AUTHORSHIP = lazy(
  () =>
    `json_build_array(${modelArray('Authorship', 'a', allBut('Authorship', BRIEF_AUTHORSHIP_FIELDS))}, ${modelArray('Author', 'c', allBut('Author', BRIEF_AUTHOR_FIELDS))})`,
);
const decodeAuthor = decoderOf('Author');
const decodeVenue = decoderOf('Venue');
const decodeAuthorship = decoderOf('Authorship');
const decodeVolume = decoderOf('Volume');
const decodePaper = decoderOf('Paper');
/** `[authorship, person]` → the authorship with its person under `_author`. */
const decodeAuthorshipWithAuthor = (row: unknown) => {
  const [authorship, author] = row as [unknown, unknown];
  const decoded = decodeAuthorship(authorship);
  decoded._author = decodeAuthor(author);
  return decoded;
};
/** `[authorship, person]`, both brief (BRIEF_AUTHORSHIP_FIELDS, BRIEF_AUTHOR_FIELDS). */
let decodeBriefAuthorship: ((row: unknown) => Record<string, unknown>) | undefined;
let decodeBriefAuthor: ((row: unknown) => Record<string, unknown>) | undefined;
const decodeBriefAuthorshipWithAuthor = (row: unknown) => {
  const [authorship, author] = row as [unknown, unknown];
  const decoded = (decodeBriefAuthorship ??= modelDecoder('Authorship', allBut('Authorship', BRIEF_AUTHORSHIP_FIELDS)))(authorship);
  decoded._author = (decodeBriefAuthor ??= modelDecoder('Author', allBut('Author', BRIEF_AUTHOR_FIELDS)))(author);
  return decoded;
};
const decodeList = (decode: (row: unknown) => unknown) => (data: unknown) => (data as unknown[]).map(decode);
/** `{totalCount, items}` with each item decoded. */
const decodePage =
  (decode: (row: unknown) => unknown) =>
  (data: unknown): unknown => {
    const page = data as { totalCount: number; items: unknown[] };
    return { totalCount: page.totalCount, items: page.items.map(decode) };
  };

/**
 * The markup copies of a paper's title and abstract: as long as the text itself, and only
 * read by the fields that print them. A page whose selection needs neither (see
 * `papersWithoutMarkup` in src/schema/selection.ts) is loaded without them (`withoutMarkup`).
 */
export const PAPER_MARKUP = ['titleMarkup', 'abstractMarkup'];

/** A person's papers by default: newest year first, then natural anthology id order. */
export const DEFAULT_PAPER_ORDER: readonly SortKey[] = [
  ['year', 'DESC'],
  ['sort_key', 'ASC'],
];

/** What the `summary` part gives for a person. */
export interface AuthorSummary {
  /** Distinct papers authored (frontmatter excluded). */
  paperCount: number;
  /** The affiliation printed on the person's most recent paper that prints one. */
  latestAffiliation: string | null;
  firstYear: number | null;
  lastYear: number | null;
}

/** One entry of the `venues` part: a venue and how many of the person's papers it holds. */
export interface AuthorVenue {
  paperCount: number;
  venue: Venue;
}

/** One entry of a `coauthors` page. */
export interface Coauthor {
  sharedPaperCount: number;
  author: Author;
}

/** The query of each part of the combined statement; each selects `k` (the parent id) and `data` (json). */
export const PART_QUERIES = {
  /** Paper count, latest printed affiliation, first and last year (frontmatter excluded). */
  summary: part<void>(
    (ids) => `SELECT a.author_id AS k,
       json_build_object(
         'paperCount', count(DISTINCT a.paper_id),
         'latestAffiliation', (array_agg(a.affiliation ORDER BY a.year DESC, a.sort_key DESC)
                                 FILTER (WHERE a.affiliation IS NOT NULL AND a.affiliation <> ''))[1],
         'firstYear', min(a.year), 'lastYear', max(a.year)) AS data
     FROM authored a WHERE a.author_id = ANY(${ids})
     GROUP BY a.author_id`,
    () => ({ paperCount: 0, latestAffiliation: null, firstYear: null, lastYear: null }),
    { authored: true },
  ),
  /** Other spellings of the name, "First Last"; hidden ones (HIDE_NAME_VARIANT) left out. */
  variants: part<void>(
    (ids) => `SELECT n.author_id AS k,
       json_agg(trim(n.first_name || ' ' || n.last_name) ORDER BY n.position, n.last_name, n.first_name) AS data
     FROM author_name n WHERE n.author_id = ANY(${ids}) AND NOT n.canonical AND NOT n.hidden
     GROUP BY n.author_id`,
    () => [],
  ),
  /** The spellings a curator hid (read-audit only), "First Last". */
  hiddenVariants: part<void>(
    (ids) => `SELECT n.author_id AS k,
       json_agg(trim(n.first_name || ' ' || n.last_name) ORDER BY n.position, n.last_name, n.first_name) AS data
     FROM author_name n WHERE n.author_id = ANY(${ids}) AND n.hidden
     GROUP BY n.author_id`,
    () => [],
  ),
  /** People with similar names, by last name, first name, slug. */
  similar: part<void>(
    (ids) => `SELECT s.author_id AS k, json_agg(${AUTHOR()} ORDER BY c.last_name, c.first_name, c.slug) AS data
     FROM similar_author s JOIN author c ON c.id = s.similar_id
     WHERE s.author_id = ANY(${ids})
     GROUP BY s.author_id`,
    () => [],
    { decode: decodeList(decodeAuthor) },
  ),
  /** Venues of a person's papers with their paper counts, most papers first, then by slug. */
  venues: part<void>(
    (ids) => `SELECT x.author_id AS k,
       json_agg(json_build_array(x.n, ${modelArray('Venue', 'v')}) ORDER BY x.n DESC, v.slug) AS data
     FROM (
       SELECT y.author_id, y.venue_id, count(*)::int AS n
       FROM (
         SELECT DISTINCT a.author_id, a.paper_id, vv.venue_id
         FROM authored a JOIN volume_venue vv ON vv.volume_id = a.volume_id
         WHERE a.author_id = ANY(${ids})
       ) y GROUP BY y.author_id, y.venue_id
     ) x JOIN venue v ON v.id = x.venue_id
     GROUP BY x.author_id`,
    () => [],
    {
      authored: true,
      decode: decodeList((row) => {
        const [paperCount, venue] = row as [number, unknown];
        return { paperCount, venue: decodeVenue(venue) };
      }),
    },
  ),
  /**
   * A page of a person's papers, newest year first, then natural id order: {totalCount, items}.
   * Rank 1 is always kept (it carries the total); papers are read (by primary key) for the page only.
   */
  papers: part<PaperFilter & { offset: number; limit: number; withoutMarkup?: boolean; order?: readonly SortKey[] }>(
    (ids, args, param) => {
      const { hasAbstract: _h, retracted: _r, sources: _s, ...onAuthored } = args;
      // `authored` carries a paper's year and volume; the paper's own columns are read by key.
      const row = paperRowFilter(args);
      const conditions = [
        ...paperFilterConditions(onAuthored, 8),
        ...(row
          ? [sql`EXISTS (SELECT 1 FROM paper x WHERE x.id = p.paper_id AND ${joinSql(paperFilterConditions(row, 8, 'x'), ' AND ')})`]
          : []),
      ].map((c) => compileSql(c, param));
      // (ASC left implicit: the default order's text, and so its prepared name, stays as it was.)
      const order = (args.order ?? DEFAULT_PAPER_ORDER).map(([c, d]) => `mine.${c}${d === 'DESC' ? ' DESC' : ''}`).join(', ');
      const from = param(args.offset);
      const to = param(args.offset + args.limit);
      return `WITH mine AS (
         SELECT DISTINCT p.author_id, p.paper_id AS id, p.year, p.sort_key
         FROM authored p
         WHERE p.author_id = ANY(${ids}) ${conditions.map((c) => `AND ${c}`).join(' ')}
       ), ranked AS (
         SELECT mine.author_id, mine.id,
                row_number() OVER (PARTITION BY mine.author_id ORDER BY ${order}) AS rn,
                count(*) OVER (PARTITION BY mine.author_id) AS total
         FROM mine
       ), page AS (
         SELECT * FROM ranked WHERE ranked.rn = 1 OR (ranked.rn > ${from}::int AND ranked.rn <= ${to}::int)
       )
       SELECT page.author_id AS k,
              json_build_object('totalCount', max(page.total), 'items',
                coalesce(json_agg(${modelArray('Paper', 'p', args.withoutMarkup ? PAPER_MARKUP : [])} ORDER BY page.rn)
                           FILTER (WHERE page.rn > ${from}::int), '[]'::json)) AS data
       FROM page CROSS JOIN LATERAL (SELECT * FROM paper p WHERE p.id = page.id OFFSET 0) p
       GROUP BY page.author_id`;
    },
    () => ({ totalCount: 0, items: [] }),
    {
      authored: true,
      decode: (data, args) => decodePage(modelDecoder('Paper', args.withoutMarkup ? PAPER_MARKUP : []))(data),
    },
  ),
  /**
   * A page of a person's co-authors: most shared papers first, then last name, first name, slug.
   * Read from the stored pairs (coauthor_pair, migration 20261205100000): the page is the first
   * rows of one index range (author_id, shared DESC, names), the total a count over the person's
   * pairs, and only the page's people are read (by key).
   */
  coauthors: part<{ offset: number; limit: number }>(
    (ids, args, param) => {
      const from = param(args.offset);
      const limit = param(args.limit);
      return `SELECT x.id AS k,
         json_build_object('totalCount', t.total, 'items', coalesce(page.items, '[]'::json)) AS data
       FROM unnest(${ids}) AS x(id)
       CROSS JOIN LATERAL (SELECT count(*)::int AS total FROM coauthor_pair q WHERE q.author_id = x.id) t
       CROSS JOIN LATERAL (
         SELECT json_agg(json_build_array(q.shared, ${AUTHOR()}) ORDER BY q.shared DESC, q.last_name, q.first_name, q.slug) AS items
         FROM (SELECT q.coauthor_id, q.shared, q.last_name, q.first_name, q.slug FROM coauthor_pair q WHERE q.author_id = x.id
               ORDER BY q.shared DESC, q.last_name, q.first_name, q.slug OFFSET ${from}::int LIMIT ${limit}::int) q
         CROSS JOIN LATERAL (SELECT * FROM author c WHERE c.id = q.coauthor_id OFFSET 0) c
       ) page
       WHERE t.total > 0`;
    },
    () => ({ totalCount: 0, items: [] }),
    {
      decode: decodePage((row) => {
        const [sharedPaperCount, author] = row as [number, unknown];
        return { sharedPaperCount, author: decodeAuthor(author) };
      }),
    },
  ),
  /** A paper's authorships in printed order, each with its person under `_author`. */
  paperAuthorships: part<void>(
    (ids) => `SELECT a.paper_id AS k,
       json_agg(json_build_array(${modelArray('Authorship', 'a')}, ${AUTHOR()}) ORDER BY a.position) AS data
     FROM authorship a JOIN author c ON c.id = a.author_id
     WHERE a.paper_id = ANY(${ids}) AND a.role = 'AUTHOR'
     GROUP BY a.paper_id`,
    () => [],
    { decode: decodeList(decodeAuthorshipWithAuthor) },
  ),
  /** A paper's authorships, brief (BRIEF_AUTHORSHIP_FIELDS, the person's BRIEF_AUTHOR_FIELDS), in printed order. */
  paperAuthorshipsBrief: part<void>(
    (ids) => `SELECT a.paper_id AS k, json_agg(${BRIEF_AUTHORSHIP()} ORDER BY a.position) AS data
     FROM authorship a JOIN author c ON c.id = a.author_id
     WHERE a.paper_id = ANY(${ids}) AND a.role = 'AUTHOR'
     GROUP BY a.paper_id`,
    () => [],
    { decode: decodeList(decodeBriefAuthorshipWithAuthor) },
  ),
  /** A volume's editors in printed order, each with their person under `_author`. */
  volumeEditors: part<void>(
    (ids) => `SELECT a.volume_id AS k,
       json_agg(json_build_array(${modelArray('Authorship', 'a')}, ${AUTHOR()}) ORDER BY a.position) AS data
     FROM authorship a JOIN author c ON c.id = a.author_id
     WHERE a.volume_id = ANY(${ids}) AND a.role = 'EDITOR'
     GROUP BY a.volume_id`,
    () => [],
    { decode: decodeList(decodeAuthorshipWithAuthor) },
  ),
  /** Every paper a person authored (frontmatter excluded), newest year first, then natural id order. */
  authoredPapers: part<void>(
    (ids) => `SELECT m.author_id AS k, json_agg(${modelArray('Paper', 'p')} ORDER BY m.year DESC, m.sort_key, m.paper_id) AS data
     FROM (SELECT DISTINCT a.author_id, a.paper_id, a.year, a.sort_key FROM authored a WHERE a.author_id = ANY(${ids})) m
     CROSS JOIN LATERAL (SELECT * FROM paper p WHERE p.id = m.paper_id OFFSET 0) p
     GROUP BY m.author_id`,
    () => [],
    { authored: true, decode: decodeList(decodePaper) },
  ),
  /** A volume, with its venues (in the volume's order) under `_venues`. */
  volume: part<void>(
    (ids) => `SELECT v.id AS k,
       json_build_array(${modelArray('Volume', 'v')}, coalesce((
         SELECT json_agg(${modelArray('Venue', 've')} ORDER BY vv.position, ve.slug)
         FROM volume_venue vv JOIN venue ve ON ve.id = vv.venue_id WHERE vv.volume_id = v.id), '[]'::json)) AS data
     FROM volume v WHERE v.id = ANY(${ids})`,
    () => null,
    {
      decode: (row) => {
        const [volume, venues] = row as [unknown, unknown[]];
        const decoded = decodeVolume(volume);
        decoded._venues = venues.map(decodeVenue);
        return decoded;
      },
    },
  ),
  /** A person by id. */
  author: part<void>(
    (ids) => `SELECT c.id AS k, ${AUTHOR()} AS data FROM author c WHERE c.id = ANY(${ids})`,
    () => null,
    {
      decode: decodeAuthor,
    },
  ),
} satisfies Record<string, PartSpec<never>>;

export type PartName = keyof typeof PART_QUERIES;

export interface PartKey {
  part: PartName;
  id: number;
  /** The part's arguments (a page, filters), and a string that identifies them. */
  args?: unknown;
  argsKey?: string;
}

const cacheKey = (k: PartKey) => `${k.part}|${k.argsKey ?? ''}|${k.id}`;

export type CombinedLoader = DataLoader<PartKey, unknown, string>;

export function createCombinedLoader(db: Queryable): CombinedLoader {
  return new DataLoader<PartKey, unknown, string>((keys) => loadParts(db, keys), { cacheKeyFn: cacheKey });
}

async function loadParts(db: Queryable, keys: readonly PartKey[]): Promise<unknown[]> {
  const groups = new Map<string, { index: number; key: PartKey; ids: Set<number> }>();
  for (const key of keys) {
    const id = `${key.part}|${key.argsKey ?? ''}`;
    let group = groups.get(id);
    if (!group) {
      group = { index: groups.size, key, ids: new Set() };
      groups.set(id, group);
    }
    group.ids.add(key.id);
  }
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const authoredIds = new Set<number>();
  for (const { key, ids } of groups.values()) {
    if (PART_QUERIES[key.part].authored) for (const id of ids) authoredIds.add(id);
  }
  const cte = authoredIds.size > 0 ? `WITH ${AUTHORED_CTE(`${param([...authoredIds])}::int[]`)}\n` : '';
  const selects = [...groups.values()].map(({ index, key, ids }) => {
    const spec = PART_QUERIES[key.part] as PartSpec<unknown>;
    const sql = spec.sql(`${param([...ids])}::int[]`, key.args, param);
    return `SELECT ${index} AS g, s.k, s.data FROM (${sql}) s`;
  });
  const text = cte + (selects.length === 1 ? selects[0]! : selects.map((s) => `(${s})`).join('\nUNION ALL\n'));
  const { rows } = await db.query<{ g: number; k: number; data: unknown }>({ name: statementName(text), text, values: params });
  const decoders = [...groups.values()].map(
    ({ key }) =>
      (data: unknown) =>
        (PART_QUERIES[key.part] as PartSpec<unknown>).decode(data, key.args),
  );
  const found = new Map<string, unknown>();
  for (const row of rows) found.set(`${row.g}:${row.k}`, decoders[row.g]!(row.data));
  return keys.map((key) => {
    const group = groups.get(`${key.part}|${key.argsKey ?? ''}`)!;
    const k = `${group.index}:${key.id}`;
    return found.has(k) ? found.get(k) : (PART_QUERIES[key.part] as PartSpec<unknown>).empty();
  });
}

function part<A>(
  sql: PartSql<A>,
  empty: () => unknown,
  options: { authored?: boolean; decode?: (data: unknown, args: A) => unknown } = {},
): PartSpec<A> {
  return { sql, empty, authored: options.authored ?? false, decode: options.decode ?? ((data) => data) };
}

/** Every authorship (as author, frontmatter excluded) of the people in `ids`, with its paper's figures. */
const AUTHORED_CTE = (ids: string) => `authored AS MATERIALIZED (
     SELECT a.author_id, a.paper_id, a.affiliation, p.year, p.sort_key, p.volume_id
     FROM authorship a CROSS JOIN LATERAL (
       SELECT p.year, p.sort_key, p.volume_id FROM paper p WHERE p.id = a.paper_id AND NOT p.is_frontmatter OFFSET 0) p
     WHERE a.author_id = ANY(${ids}) AND a.role = 'AUTHOR'
   )`;

/** A stable name for a statement's text, so pg prepares it once per connection. */
export function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `sg_combined_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    if (statementNames.size < 1000) statementNames.set(text, name);
  }
  return name;
}
const statementNames = new Map<string, string>();

/** A model's decoder, made on first use (the datamodel is read lazily), then called directly. */
function decoderOf(model: ModelName): (row: unknown) => Record<string, unknown> {
  let decode: ((row: unknown) => Record<string, unknown>) | undefined;
  return (row) => (decode ??= modelDecoder(model))(row);
}

/** A value computed on first use (the datamodel is read lazily). */
function lazy(make: () => string): () => string {
  let text: string | undefined;
  return () => (text ??= make());
}
