// Search and type-ahead: one SQL statement per kind of hit (authors, papers, venues)
// for `search`, one statement in all for `suggest`. Root-level only, so these are
// plain functions, not DataLoaders.
//
// Scores. Every kind scores on 0..1 so the kinds can be merged into one list:
//  - authors: mean of pg_trgm similarity(name, q) and word_similarity(q, name) over
//    the unaccented, lowercased names (canonical and variants; a person's best name
//    wins). An exact name scores 1; a typo or a last name alone scores lower. Names with
//    every query word come first; fuzzy matches only when there are none (searchAuthors).
//  - venues: 1 for an exact acronym or slug, else the best of trigram similarity with
//    the acronym and word similarity with the name (scaled by 0.9).
//  - papers: 1 for an exact (case-insensitive, whitespace-normalised) title, 0.5..0.9 for
//    every word in the title, 0..0.4 for the other matches (searchPapers' tiers; raw
//    full-text ranks are unbounded, so they are mapped with rank / (rank + 1)).
// The merged list orders by score, then kind (author, venue, paper), then each kind's
// own tie-break, so it is a total order and offset paging is stable.
import type { Queryable } from '../queryable.js';
import type { Author, Paper, Venue } from '../generated/prisma/client.js';
import { type PaperFilter, paperFilterConditions } from './paper-filter.js';
import { modelColumns, rows } from './model-sql.js';
import { type SourceName, sourceCondition } from './source-filter.js';
import { compileSql } from './sql-fragments.js';

export type SearchKind = 'AUTHOR' | 'PAPER' | 'VENUE';

export type SearchHit =
  | { kind: 'AUTHOR'; score: number; node: Author }
  | { kind: 'PAPER'; score: number; node: Paper; snippet: string }
  | { kind: 'VENUE'; score: number; node: Venue };

export interface KindResult<H> {
  hits: H[];
  total: number;
}

/** Marks around highlighted words in snippets (control characters: never in text). */
export const HIGHLIGHT_START = '\u0002';
export const HIGHLIGHT_STOP = '\u0003';

const VENUE_TEXT = `lower(immutable_unaccent(v.acronym || ' ' || v.name))`;

/** The query, unaccented and lowercased as the stored name keys; inline (not a CTE column) so the planner sees an index condition. */
const QUERY = `lower(immutable_unaccent(btrim($1::text)))`;
/** QUERY with LIKE's wildcards escaped. */
const PATTERN = likeEscaped(QUERY);

type Counted<T> = T & { _score: number; _total: string };

/** The query as a person-name key, its words and its number of trigrams (as author_name_search's columns). */
const PERSON_QUERY = `SELECT key, person_name_words(key) AS words, cardinality(show_trgm(key)) AS trigrams
  FROM (SELECT ${QUERY} AS key) k`;

/** searchAuthors' statement without a source filter (made once: a named prepared statement, planned once per connection). */
const PEOPLE_SQL = once(() => peopleSql(''));

/** searchAuthors' statement; `where`: the source filter's condition on each name's person (`s.author_id`), as ` AND …`. */
function peopleSql(where: string): string {
  return `WITH q AS (${PERSON_QUERY}),
     worded AS (
       SELECT s.author_id,
              max((q.trigrams::float8 / greatest(s.name_trigrams, q.trigrams, 1)
                   + CASE WHEN ' ' || array_to_string(s.name_words, ' ') || ' ' LIKE '% ' || array_to_string(q.words, ' ') || ' %'
                          THEN 1 ELSE word_similarity(q.key, s.name_key) END) / 2) AS score
       FROM author_name_search s, q
       WHERE s.name_words @> q.words AND cardinality(q.words) > 0${where}
       GROUP BY s.author_id
     ), fuzzy AS (
       SELECT s.author_id, max((similarity(s.name_key, q.key) + word_similarity(q.key, s.name_key)) / 2) AS score
       FROM author_name_search s, q
       WHERE NOT EXISTS (SELECT 1 FROM worded) AND (s.name_key % q.key OR q.key <% s.name_key)${where}
       GROUP BY s.author_id
     ), hits AS (
       SELECT author_id, score FROM worded UNION ALL SELECT author_id, score FROM fuzzy
     ), cutoff AS (
       -- The page's lowest score: only hits at or above it (ties included) meet the author rows.
       SELECT min(score) AS score FROM (SELECT score FROM hits ORDER BY score DESC LIMIT $2) t
     )
     SELECT ${modelColumns('Author', 'a')}, h.score::float8 AS "_score", (SELECT count(*) FROM hits) AS "_total"
     FROM hits h JOIN author a ON a.id = h.author_id
     WHERE h.score >= (SELECT score FROM cutoff)
     ORDER BY h.score DESC, a.last_name, a.first_name, a.slug
     LIMIT $2`;
}

/**
 * People by name (any spelling), best first, in two tiers that find the top hits without
 * scoring every trigram match (issue 17; docs/performance.md, "People search and suggest"):
 *  1. names that have every word of the query as a word (an exact name among them): read
 *     from author_name_search's GIN index on the name's words. Every trigram of the query is
 *     then one of the name's, so pg_trgm's similarity is trigrams(query) / trigrams(name),
 *     and word_similarity is 1 when the query's words stand together, in order, in the name
 *     (computed only otherwise): the score, (similarity + word_similarity) / 2, is pg_trgm's
 *     without per-row trigram work in the common case (1 for an exact name). Every homonym
 *     of a full name is here.
 *  2. only when no name has every query word (a typo, a partial word): pg_trgm's fuzzy match
 *     (similarity or word similarity above pg_trgm's thresholds) over the stored keys,
 *     scored (similarity + word_similarity) / 2.
 * Each person once, with their best-scoring name; ties by name, then slug. `total` is exact.
 */
export async function searchAuthors(
  db: Queryable,
  query: string,
  limit: number,
  sources?: readonly SourceName[] | null,
): Promise<KindResult<Extract<SearchHit, { kind: 'AUTHOR' }>>> {
  const params: unknown[] = [query, limit];
  const condition = sourceCondition('author', sources, 'fa');
  const found = condition
    ? await rows<Counted<Author>>(
        db,
        peopleSql(
          `\n         AND EXISTS (SELECT 1 FROM author fa WHERE fa.id = s.author_id AND ${compileSql(condition, (value) => `$${params.push(value)}`)})`,
        ),
        params,
      )
    : await named<Counted<Author>>(db, 'sg_search_authors', PEOPLE_SQL, params);
  return {
    total: Number(found[0]?._total ?? 0),
    hits: found.map(({ _score, _total, ...node }) => ({ kind: 'AUTHOR', score: _score, node: node as Author })),
  };
}

/**
 * How many title matches (those with the fewest title words) are ranked by cover density;
 * the others follow in that cheap order. Fixed, so every page of one query sees one order.
 */
export const TITLE_CANDIDATES = 200;

/**
 * How much of the abstract a hit's snippet is cut from (paper_snippet_source): ts_headline
 * parses all of its text, at a cost that grows with the text (about 0.5 ms for a title and a
 * 1,000-character abstract). When the title matched, its words are in the title: the
 * abstract's opening is context. Otherwise they are somewhere in the abstract: a bound that
 * only the longest abstracts (past the 99th percentile, 1,669 characters) reach.
 */
const SNIPPET_TITLE_HIT_CHARS = 300;
const SNIPPET_CHARS = 3000;

/**
 * The title tier's top k from paper_title_lexeme (each lexeme's titles in the tier's order,
 * merge-joined, so reading stops at the k-th title holding every lexeme) when the query is
 * a conjunction of 1 to TITLE_MERGE_LEXEMES lexemes, each in at least TITLE_DENSE titles
 * (a rarer lexeme has fewer title matches than that: the GIN index reads them all for less).
 */
const TITLE_MERGE_LEXEMES = 4;
const TITLE_DENSE = 1000;

/**
 * The query as full text and as a title key (paper_title_key, as paper_search.title_key);
 * `conjunctive`: a title matches when it holds every lexeme of the query (no OR, negation,
 * phrase or prefix).
 */
const PAPER_QUERY = `SELECT tsq, paper_title_key($1::text) AS title, strpos(tsq::text, '!') > 0 AS negated,
         tsq::text !~ '[|!<]|'':' AS conjunctive
  FROM websearch_to_tsquery('english', $1::text) AS tsq`;

/** A title match's columns, from paper_search `s` (and q). */
const TITLE_ROW = `s.paper_id AS id, s.title_key = q.title AS exact, s.title_vector, s.title_length, s.year, s.sort_key`;

/**
 * Papers (frontmatter excluded) matching `query`, best first, in tiers that let the top hits
 * be found without ranking every match (issue 17; docs/performance.md, "Search"):
 *  1. an exact title (lowercased, whitespace collapsed), score 1;
 *  2. every query word in the title: read from the narrow paper_search table (not the wide
 *     paper rows); the TITLE_CANDIDATES shortest such titles are ranked by
 *     ts_rank_cd(title, query, 2) (cover density over the title's length), score 0.5..0.9,
 *     the rest follow shortest first, score 0.5. Without a filter, a conjunction of common
 *     lexemes reads only the first k title matches (paper_title_lexeme), not all of them;
 *  3. only when tiers 1–2 do not fill offset+limit: the other matches (title and abstract
 *     together), by ts_rank_cd over the whole search vector, score 0..0.4.
 * The scores fall along this order, so merging by score keeps it. `total` is exact when
 * tier 3 ran (or a filter is given); otherwise it is PostgreSQL's estimate of the matches
 * (never below the title matches read), `exact: false` — countPapers gives the exact one.
 * Snippets are cut from the title and the start of the abstract (paper_snippet_source).
 */
export async function searchPapers(
  db: Queryable,
  query: string,
  filter: PaperFilter,
  limit: number,
): Promise<KindResult<Extract<SearchHit, { kind: 'PAPER' }>> & { exact: boolean }> {
  const params: unknown[] = [query, limit];
  const conditions = paperFilterConditions(filter, 15).map((c) => compileSql(c, (value) => `$${params.push(value)}`));
  type Row = Counted<Paper> & { _snippet: string; _exact: boolean };
  const found =
    conditions.length > 0
      ? await rows<Row>(db, paperSearchSql(conditions), params)
      : await named<Row>(db, 'sg_search_papers', PAPER_SEARCH_SQL, params);
  return {
    total: Number(found[0]?._total ?? 0),
    exact: found[0]?._exact ?? true,
    hits: found.map(({ _score, _total, _snippet, _exact, ...node }) => ({
      kind: 'PAPER',
      score: _score,
      node: node as Paper,
      snippet: _snippet,
    })),
  };
}

/** searchPapers' statement without a filter (made once: a named prepared statement, planned once per connection). */
const PAPER_SEARCH_SQL = once(() => paperSearchSql([]));

/**
 * The titles holding the query's i-th rarest lexeme, in the title tier's order: a range of
 * paper_title_lexeme_order_idx, read index-only; none unless the merge path is taken.
 */
function lexemeTitles(i: number): string {
  return `(SELECT x.paper_id, x.title_length, x.year, x.sort_key FROM paper_title_lexeme x
          WHERE x.lexeme = (SELECT a[${i}] FROM words WHERE merge)
          ORDER BY x.title_length, x.year DESC, x.sort_key) l${i}${i === 1 ? '' : ' USING (title_length, year, sort_key, paper_id)'}`;
}

/**
 * The merge path's first k titles for a query of n lexemes: its n lists merge-joined. One
 * branch per n, each behind a one-time filter on the query's number of lexemes, so a list is
 * never joined with itself (a former version padded short queries with the rarest list
 * again: read two or three times over for the common one- and two-word queries).
 */
function mergedTitles(n: number, k: string): string {
  const lists = Array.from({ length: n }, (_, i) => lexemeTitles(i + 1)).join('\n         JOIN ');
  return `(SELECT l1.paper_id FROM ${lists}
       WHERE (SELECT n FROM words) = ${n}
       ORDER BY l1.title_length, l1.year DESC, l1.sort_key
       LIMIT ${k})`;
}

/** searchPapers' statement; `conditions`: the filter's (on paper `p`; parameters from $3). */
function paperSearchSql(conditions: string[]): string {
  const filtered = conditions.length > 0;
  const where = conditions.map((c) => `\n         AND ${c}`).join('');
  const k = `greatest($2, ${TITLE_CANDIDATES})`;
  return `WITH q AS (${PAPER_QUERY}),
     lexemes AS MATERIALIZED (
       -- A conjunctive query's distinct lexemes, each with its number of titles (counted up to TITLE_DENSE).
       SELECT l.lexeme, (SELECT count(*) FROM (SELECT FROM paper_title_lexeme x WHERE x.lexeme = l.lexeme LIMIT ${TITLE_DENSE}) d) AS n
       FROM q, LATERAL (SELECT DISTINCT replace(m[1], '''''', '''') AS lexeme
                        FROM regexp_matches(q.tsq::text, '''((?:[^'']|'''')+)''', 'g') AS m) l
       WHERE ${filtered ? 'false' : 'q.conjunctive'}
     ), words AS MATERIALIZED (
       -- Rarest first; the merge path when there are 1 to TITLE_MERGE_LEXEMES, all common.
       SELECT array_agg(lexeme ORDER BY n, lexeme) AS a, count(*) AS n,
              count(*) BETWEEN 1 AND ${TITLE_MERGE_LEXEMES} AND min(n) >= ${TITLE_DENSE} AS merge
       FROM lexemes
     ), merged AS (
       SELECT coalesce((SELECT merge FROM words), false) AS yes
     ), ordered AS MATERIALIZED (
       -- The merge path: the titles holding every lexeme, in the tier's order, the first k.
       ${Array.from({ length: TITLE_MERGE_LEXEMES }, (_, i) => mergedTitles(i + 1, k)).join('\n       UNION ALL\n       ')}
     ), titled AS (
       -- Otherwise every title match, through the GIN index.
       SELECT ${TITLE_ROW}
       FROM paper_search s${filtered ? ' JOIN paper p ON p.id = s.paper_id' : ''}, q
       WHERE NOT (SELECT yes FROM merged)
         AND (s.title_vector @@ q.tsq OR s.title_key = q.title)${where}
         -- A negated word (-word) excludes a paper that has it anywhere, not just in its title.
         AND (NOT q.negated OR EXISTS (SELECT 1 FROM paper n WHERE n.id = s.paper_id AND n.search_vector @@ q.tsq))
       UNION ALL
       -- (One index scan for the k ids: its sorted array walks the primary key's leaves once.)
       SELECT ${TITLE_ROW} FROM paper_search s, q
       WHERE s.paper_id = ANY (ARRAY(SELECT paper_id FROM ordered)) AND s.title_key <> q.title
       UNION ALL
       -- With the merge path, the exact title wherever it stands in that order.
       SELECT ${TITLE_ROW} FROM paper_search s, q WHERE (SELECT yes FROM merged) AND s.title_key = q.title
     ), top_titled AS MATERIALIZED (
       SELECT * FROM titled ORDER BY exact DESC, title_length, year DESC, sort_key LIMIT ${k}
     ), ranked AS (
       SELECT t.id, t.exact, 1 AS tier, t.year, t.sort_key, pre,
              CASE WHEN pre <= ${TITLE_CANDIDATES} THEN ts_rank_cd(t.title_vector, q.tsq, 2) END AS rank
       FROM (SELECT top_titled.*, row_number() OVER (ORDER BY exact DESC, title_length, year DESC, sort_key) AS pre
             FROM top_titled) t, q
     ), others AS (
       -- Tier 3: only when the titles leave room (a one-time filter: otherwise never scanned),
       -- or with a filter (then every match is counted). Under $2 title matches, top_titled has them all.
       SELECT p.id, false AS exact, 2 AS tier, p.year, p.sort_key, ts_rank_cd(p.search_vector, q.tsq) AS rank
       FROM paper p, q
       WHERE ${filtered ? 'true' : '(SELECT count(*) FROM top_titled) < $2'}
         AND p.search_vector @@ q.tsq AND NOT p.is_frontmatter
         AND p.id NOT IN (SELECT id FROM ${filtered ? 'titled' : 'top_titled'})${where}
     ), hits AS (
       SELECT id, exact, tier, year, sort_key, pre, rank FROM ranked
       UNION ALL
       SELECT id, exact, tier, year, sort_key, NULL, rank FROM others
     ), page AS (
       SELECT hits.*,
              CASE WHEN exact THEN 1.0
                   WHEN tier = 1 THEN 0.5 + 0.4 * coalesce(rank / (rank + 1), 0)
                   ELSE 0.4 * rank / (rank + 1) END AS score
       FROM hits
       ORDER BY exact DESC, tier, rank DESC NULLS LAST, pre, year DESC, sort_key
       LIMIT $2
     ), counted AS (
       SELECT (SELECT count(*) FROM ${filtered ? 'titled' : 'top_titled'}) + (SELECT count(*) FROM others) AS total,
              ${filtered ? 'true' : `(SELECT count(*) FROM top_titled) < $2`} AS exact
     ), total AS (
       -- One row: the estimate (a volatile function) is asked at most once.
       SELECT CASE WHEN counted.exact THEN counted.total
                   ELSE greatest(counted.total, paper_search_estimate(q.tsq)) END AS total, counted.exact
       FROM counted, q
     )
     SELECT ${modelColumns('Paper', 'p')}, page.score::float8 AS "_score", total.total AS "_total", total.exact AS "_exact",
            ts_headline('english', paper_snippet_source(p.title, p.abstract, CASE WHEN page.tier = 1 THEN ${SNIPPET_TITLE_HIT_CHARS} ELSE ${SNIPPET_CHARS} END), q.tsq,
                        'StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "') AS "_snippet"
     FROM page JOIN paper p ON p.id = page.id, q, total
     ORDER BY page.exact DESC, page.tier, page.rank DESC NULLS LAST, page.pre, page.year DESC, page.sort_key`;
}

/** The exact number of papers searchPapers finds for `query` (every match counted: costs as many matches). */
export async function countPapers(db: Queryable, query: string, filter: PaperFilter): Promise<number> {
  const params: unknown[] = [query];
  const conditions = paperFilterConditions(filter, 15).map((c) => compileSql(c, (value) => `$${params.push(value)}`));
  const found = await rows<{ total: string }>(
    db,
    `WITH q AS (${PAPER_QUERY})
     SELECT count(*) AS total FROM paper p, q
     WHERE NOT p.is_frontmatter
       AND (p.search_vector @@ q.tsq OR p.id IN (SELECT s.paper_id FROM paper_search s WHERE s.title_key = q.title))${conditions.map((c) => `\n       AND ${c}`).join('')}`,
    params,
  );
  return Number(found[0]!.total);
}

/** Venues by acronym, slug or name: substring or trigram match. */
export async function searchVenues(
  db: Queryable,
  query: string,
  limit: number,
): Promise<KindResult<Extract<SearchHit, { kind: 'VENUE' }>>> {
  const found = await rows<Counted<Venue>>(
    db,
    `WITH q AS (SELECT lower(immutable_unaccent($1::text)) AS q, '%' || ${likeEscaped('$1::text')} || '%' AS pattern),
     scored AS (
       SELECT v.id,
              CASE WHEN lower(v.acronym) = lower($1) OR v.slug = lower($1) THEN 1.0
                   ELSE greatest(similarity(lower(immutable_unaccent(v.acronym)), q.q),
                                 0.9 * word_similarity(q.q, lower(immutable_unaccent(v.name))),
                                 CASE WHEN v.acronym ILIKE q.pattern OR v.name ILIKE q.pattern THEN 0.5 ELSE 0 END)
              END AS score
       FROM venue v, q
       WHERE v.acronym ILIKE q.pattern OR v.name ILIKE q.pattern OR v.slug = lower($1)
          OR ${VENUE_TEXT} % q.q OR q.q <% ${VENUE_TEXT}
     )
     SELECT ${modelColumns('Venue', 'v')}, s.score::float8 AS "_score", count(*) OVER () AS "_total"
     FROM scored s JOIN venue v ON v.id = s.id
     ORDER BY s.score DESC, v.slug
     LIMIT $2`,
    [query, limit],
  );
  return {
    total: Number(found[0]?._total ?? 0),
    hits: found.map(({ _score, _total, ...node }) => ({ kind: 'VENUE', score: _score, node: node as Venue })),
  };
}

const KIND_ORDER: Record<SearchKind, number> = { AUTHOR: 0, VENUE: 1, PAPER: 2 };

/**
 * Rows offset+1 … offset+limit of the merged list (each kind's statement returns its
 * own best offset+limit rows, already in that kind's order, which a stable sort keeps).
 */
export async function search(
  db: Queryable,
  query: string,
  kinds: readonly SearchKind[],
  paperFilter: PaperFilter,
  offset: number,
  limit: number,
  sources?: readonly SourceName[] | null,
): Promise<{ items: SearchHit[]; totalCount: number; exactCount: () => Promise<number>; totalCountExact: boolean }> {
  const take = offset + limit;
  // `sources` narrows people and papers (with the filter's own `sources`: both must hold).
  const filter = sources == null ? paperFilter : { ...paperFilter, sources: bothSources(paperFilter.sources, sources) };
  const results: (KindResult<SearchHit> & { exact?: boolean })[] = await Promise.all([
    kinds.includes('AUTHOR') ? searchAuthors(db, query, take, sources) : none(),
    kinds.includes('VENUE') ? searchVenues(db, query, take) : none(),
    kinds.includes('PAPER') ? searchPapers(db, query, filter, take) : none(),
  ]);
  const merged = results.flatMap((r) => r.hits).sort((a, b) => b.score - a.score || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  // Within a kind the statement's own order (score first) stands: Array#sort is stable.
  const totalCount = results.reduce((n, r) => n + r.total, 0);
  const papers = results[2]!;
  const totalCountExact = papers.exact !== false;
  return {
    items: merged.slice(offset, take),
    totalCount,
    totalCountExact,
    // Only the papers' total is ever estimated: recount just those, on request.
    exactCount: async () => (totalCountExact ? totalCount : totalCount - papers.total + (await countPapers(db, query, filter))),
  };
}

const none = async (): Promise<KindResult<SearchHit>> => ({ hits: [], total: 0 });

/** The sources both lists allow (`a` absent: all of `b`). */
const bothSources = (a: readonly SourceName[] | null | undefined, b: readonly SourceName[]) =>
  a == null ? b : a.filter((s) => b.includes(s));

/** `text` (an SQL expression) with LIKE's wildcards escaped. */
function likeEscaped(text: string): string {
  return `replace(replace(replace(${text}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
}

export type Suggestion =
  | { kind: 'AUTHOR'; label: string; key: string; node: Author }
  | { kind: 'PAPER'; label: string; key: string; node: Paper }
  | { kind: 'VENUE'; label: string; key: string; node: Venue };

/**
 * suggest's names for keys of `n` characters (n < 3), or of 3 and more (n = 3): the first
 * rows of author_name_prefix_<n>_idx, read in its order (index-only). Past 3 characters the
 * index's group (the names sharing the first 3) is read in order and filtered, inside a
 * subquery the planner keeps (OFFSET 0), so it never trades the ordered scan for a sort.
 */
function prefixBranch(n: number): string {
  const key = '(SELECT key FROM k)';
  const ordered = `SELECT x.author_id, x."position", x.name_length, x.key
        FROM author_name_prefix x
        WHERE length(${key}) ${n < 3 ? '=' : '>='} ${n} AND left(x.key, ${n}) = left(${key}, ${n})
        ORDER BY left(x.key, ${n}), (x."position" > 0), x.name_length`;
  // A key as long as the index's prefix: equal prefixes are the whole test.
  const rows = n < 3 ? ordered : `SELECT * FROM (${ordered} OFFSET 0) y WHERE starts_with(y.key, ${key})`;
  return `(SELECT author_id, "position" = 0 AS starts, name_length FROM (${rows}) z LIMIT $2 * ${NAMES_PER_PERSON})`;
}

/** How many name rows suggest reads per person asked (a person matches through several spellings). */
const NAMES_PER_PERSON = 4;

/** suggest's statement (made once: a named prepared statement). */
const SUGGEST_SQL = once(
  () => `WITH p AS MATERIALIZED (SELECT ${PATTERN} AS pattern), -- once, also in the generic plan
     k AS (SELECT array_to_string(person_name_words(${QUERY}), ' ') AS key),
     names AS (
       -- One branch per index; the others are cut by their one-time filter (the key's length).
       ${[1, 2, 3].map(prefixBranch).join('\n       UNION ALL\n       ')}
     ), people AS (
       SELECT DISTINCT ON (author_id) author_id, starts, name_length AS len
       FROM names
       ORDER BY author_id, starts DESC, name_length
     ), authors AS (
       SELECT 'AUTHOR' AS kind, a.first_name || ' ' || a.last_name AS label, a.slug AS key, people.starts,
              (SELECT row_to_json(x) FROM (SELECT ${modelColumns('Author', 'a')}) x) AS node
       FROM people JOIN author a ON a.id = people.author_id
       ORDER BY people.starts DESC, people.len, a.last_name, a.first_name, a.slug
       LIMIT $2
     ), venues AS (
       SELECT 'VENUE' AS kind, v.acronym || ' — ' || v.name AS label, v.slug AS key,
              lower(v.acronym) LIKE p.pattern || '%' AS starts,
              (SELECT row_to_json(x) FROM (SELECT ${modelColumns('Venue', 'v')}) x) AS node
       FROM venue v, p
       WHERE v.acronym_key LIKE p.pattern || '%'
          OR v.name_key LIKE p.pattern || '%'
          OR v.name_key LIKE '% ' || p.pattern || '%'
       ORDER BY starts DESC, length(v.acronym), v.slug
       LIMIT $2
     ), papers AS (
       -- Titles that start with the prefix: a range scan of paper_title_prefix_idx (the
       -- ~>=~ / ~<~ operators match its text_pattern_ops even with a parameter), in title order.
       -- The range ends at the limit-th title (read in index order, nothing sorted), so only
       -- those titles and their equals are sorted by the tie-break: a common prefix ("min")
       -- matches hundreds of titles, each costing an unaccent of its title to sort.
       SELECT 'PAPER' AS kind, pp.title AS label, pp.anthology_id AS key, true AS starts,
              (SELECT row_to_json(x) FROM (SELECT ${modelColumns('Paper', 'pp')}) x) AS node
       FROM (
         SELECT max(t.title COLLATE "C") COLLATE "default" AS last FROM ( -- the largest in the index's order
           SELECT lower(immutable_unaccent(l.title)) AS title FROM paper l
           WHERE $3::boolean
             AND lower(immutable_unaccent(l.title)) ~>=~ ${QUERY}
             AND lower(immutable_unaccent(l.title)) ~<~ (${QUERY} || chr(1114111))
             AND NOT l.is_frontmatter
           ORDER BY lower(immutable_unaccent(l.title)) USING ~<~ -- the index's order (text_pattern_ops)
           LIMIT $2) t
       ) c
       CROSS JOIN LATERAL (
         SELECT * FROM paper pp
         WHERE lower(immutable_unaccent(pp.title)) ~>=~ ${QUERY}
           AND lower(immutable_unaccent(pp.title)) ~<=~ c.last
           AND NOT pp.is_frontmatter
         ORDER BY lower(immutable_unaccent(pp.title)), pp.year DESC, pp.sort_key
         LIMIT $2
       ) pp
       ORDER BY lower(immutable_unaccent(pp.title)), pp.year DESC, pp.sort_key
       LIMIT $2
     ), found AS (
       SELECT * FROM authors UNION ALL SELECT * FROM venues UNION ALL SELECT * FROM papers
     )
     SELECT kind, label, key, starts, node FROM found
     ORDER BY starts DESC, CASE kind WHEN 'AUTHOR' THEN 0 WHEN 'VENUE' THEN 1 ELSE 2 END, length(label), label
     LIMIT $2`,
);

/**
 * Type-ahead for `prefix`, in one statement: people with a name that has a word starting
 * with it, venues whose acronym or name starts with it, papers whose title starts with it
 * (paper_title_prefix_idx; from 3 characters on), in title order. Up to `limit` of each
 * kind are taken, then interleaved: prefix-of-the-whole-label first, then shorter labels.
 *
 * People (issue 17; docs/performance.md, "People search and suggest"): author_name_prefix
 * holds each name from each of its words on ("yang liu", "liu"), unaccented and lowercased,
 * its words joined by one space, indexed on its first 1, 2 and 3 characters followed by
 * "a later word" and the name's length. The prefix (normalised the same way) reads the
 * index of its length (up to 3) in that order, so the first rows are the best: names that
 * start with the prefix, then names with a later word that does, shorter names first. The
 * first limit × NAMES_PER_PERSON rows are read and each person kept once; among names of
 * one length, which people make the cut follows the index (name, then id).
 */
export async function suggest(db: Queryable, prefix: string, limit: number): Promise<Suggestion[]> {
  // Titles from the third character on: shorter prefixes match too many papers to help.
  const withTitles = prefix.trim().length >= 3;
  const found = await named<{ kind: SearchKind; label: string; key: string; starts: boolean; node: unknown }>(
    db,
    'sg_suggest',
    SUGGEST_SQL,
    [prefix, limit, withTitles],
  );
  return found.map((r) => ({ kind: r.kind, label: r.label, key: r.key, node: r.node }) as Suggestion);
}

/** `make()`'s value, made on first use (the datamodel behind modelColumns is read lazily). */
function once(make: () => string): () => string {
  let value: string | undefined;
  return () => (value ??= make());
}

/**
 * Rows of a named prepared statement: parsed and planned once per connection, its generic
 * plan reused when PostgreSQL finds it no worse than a custom one (these statements cost
 * more to plan than to run: issue 17, docs/performance.md).
 */
async function named<T>(db: Queryable, name: string, text: () => string, values: unknown[]): Promise<T[]> {
  const result = await db.query({ name, text: text(), values });
  return result.rows as T[];
}
