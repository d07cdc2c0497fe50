-- statement 1 of 3
WITH q AS (SELECT key, person_name_words(key) AS words, cardinality(show_trgm(key)) AS trigrams
  FROM (SELECT lower(immutable_unaccent(btrim($1::text))) AS key) k),
     worded AS (
       SELECT s.author_id,
              max((q.trigrams::float8 / greatest(s.name_trigrams, q.trigrams, 1)
                   + CASE WHEN ' ' || array_to_string(s.name_words, ' ') || ' ' LIKE '% ' || array_to_string(q.words, ' ') || ' %'
                          THEN 1 ELSE word_similarity(q.key, s.name_key) END) / 2) AS score
       FROM author_name_search s, q
       WHERE s.name_words @> q.words AND cardinality(q.words) > 0
         AND EXISTS (SELECT 1 FROM author fa WHERE fa.id = s.author_id AND (position(':' in fa.slug) = 0 OR fa.slug LIKE ANY($3::text[]) OR EXISTS (SELECT 1 FROM source_record sr WHERE sr.author_id = fa.id AND sr.kind = 'author' AND sr.source = ANY($4::text[]))))
       GROUP BY s.author_id
     ), fuzzy AS (
       SELECT s.author_id, max((similarity(s.name_key, q.key) + word_similarity(q.key, s.name_key)) / 2) AS score
       FROM author_name_search s, q
       WHERE NOT EXISTS (SELECT 1 FROM worded) AND (s.name_key % q.key OR q.key <% s.name_key)
         AND EXISTS (SELECT 1 FROM author fa WHERE fa.id = s.author_id AND (position(':' in fa.slug) = 0 OR fa.slug LIKE ANY($3::text[]) OR EXISTS (SELECT 1 FROM source_record sr WHERE sr.author_id = fa.id AND sr.kind = 'author' AND sr.source = ANY($4::text[]))))
       GROUP BY s.author_id
     ), hits AS (
       SELECT author_id, score FROM worded UNION ALL SELECT author_id, score FROM fuzzy
     ), cutoff AS (
       -- The page's lowest score: only hits at or above it (ties included) meet the author rows.
       SELECT min(score) AS score FROM (SELECT score FROM hits ORDER BY score DESC LIMIT $2) t
     )
     SELECT a."id" AS "id", a."slug" AS "slug", a."first_name" AS "firstName", a."last_name" AS "lastName", a."orcid" AS "orcid", a."orcids" AS "orcids", a."comment" AS "comment", a."institution" AS "institution", a."degree" AS "degree", a."curated" AS "curated", a."verified" AS "verified", a."disable_name_matching" AS "disableNameMatching", a."url" AS "url", a."openreview" AS "openreview", a."created_by_correction_id" AS "createdByCorrectionId", h.score::float8 AS "_score", (SELECT count(*) FROM hits) AS "_total"
     FROM hits h JOIN author a ON a.id = h.author_id
     WHERE h.score >= (SELECT score FROM cutoff)
     ORDER BY h.score DESC, a.last_name, a.first_name, a.slug
     LIMIT $2

-- statement 2 of 3
WITH q AS (SELECT lower(immutable_unaccent($1::text)) AS q, '%' || replace(replace(replace($1::text, '\', '\\'), '%', '\%'), '_', '\_') || '%' AS pattern),
     scored AS (
       SELECT v.id,
              CASE WHEN lower(v.acronym) = lower($1) OR v.slug = lower($1) THEN 1.0
                   ELSE greatest(similarity(lower(immutable_unaccent(v.acronym)), q.q),
                                 0.9 * word_similarity(q.q, lower(immutable_unaccent(v.name))),
                                 CASE WHEN v.acronym ILIKE q.pattern OR v.name ILIKE q.pattern THEN 0.5 ELSE 0 END)
              END AS score
       FROM venue v, q
       WHERE v.acronym ILIKE q.pattern OR v.name ILIKE q.pattern OR v.slug = lower($1)
          OR lower(immutable_unaccent(v.acronym || ' ' || v.name)) % q.q OR q.q <% lower(immutable_unaccent(v.acronym || ' ' || v.name))
     )
     SELECT v."id" AS "id", v."slug" AS "slug", v."acronym" AS "acronym", v."name" AS "name", v."is_acl" AS "isAcl", v."is_toplevel" AS "isToplevel", v."oldstyle_letter" AS "oldstyleLetter", v."url" AS "url", s.score::float8 AS "_score", count(*) OVER () AS "_total"
     FROM scored s JOIN venue v ON v.id = s.id
     ORDER BY s.score DESC, v.slug
     LIMIT $2

-- statement 3 of 3
WITH q AS (SELECT tsq, paper_title_key($1::text) AS title, strpos(tsq::text, '!') > 0 AS negated,
         tsq::text !~ '[|!<]|'':' AS conjunctive
  FROM websearch_to_tsquery('english', $1::text) AS tsq),
     lexemes AS MATERIALIZED (
       -- A conjunctive query's distinct lexemes, each with its number of titles (counted up to TITLE_DENSE).
       SELECT l.lexeme, (SELECT count(*) FROM (SELECT FROM paper_title_lexeme x WHERE x.lexeme = l.lexeme LIMIT 1000) d) AS n
       FROM q, LATERAL (SELECT DISTINCT replace(m[1], '''''', '''') AS lexeme
                        FROM regexp_matches(q.tsq::text, '''((?:[^'']|'''')+)''', 'g') AS m) l
       WHERE false
     ), words AS MATERIALIZED (
       -- Rarest first; the merge path when there are 1 to TITLE_MERGE_LEXEMES, all common.
       SELECT array_agg(lexeme ORDER BY n, lexeme) AS a, count(*) AS n,
              count(*) BETWEEN 1 AND 4 AND min(n) >= 1000 AS merge
       FROM lexemes
     ), merged AS (
       SELECT coalesce((SELECT merge FROM words), false) AS yes
     ), ordered AS MATERIALIZED (
       -- The merge path: the titles holding every lexeme, in the tier's order, the first k.
       (SELECT l1.paper_id FROM (SELECT x.paper_id, x.title_length, x.year, x.sort_key FROM paper_title_lexeme x
          WHERE x.lexeme = (SELECT a[1] FROM words WHERE merge)
          ORDER BY x.title_length, x.year DESC, x.sort_key) l1
       WHERE (SELECT n FROM words) = 1
       ORDER BY l1.title_length, l1.year DESC, l1.sort_key
       LIMIT greatest($2, 200))
       UNION ALL
       (SELECT l1.paper_id FROM (SELECT x.paper_id, x.title_length, x.year, x.sort_key FROM paper_title_lexeme x
          WHERE x.lexeme = (SELECT a[1] FROM words WHERE merge)
          ORDER BY x.title_length, x.year DESC, x.sort_key) l1
         JOIN (SELECT x.paper_id, x.title_length, x.year, x.sort_key FROM paper_title_lexeme x
          WHERE x.lexeme = (SELECT a[2] FROM words WHERE merge)
          ORDER BY x.title_length, x.year DESC, x.sort_key) l2 USING (title_length, year, sort_key, paper_id)
       WHERE (SELECT n FROM words) = 2
       ORDER BY l1.title_length, l1.year DESC, l1.sort_key
       LIMIT greatest($2, 200))
       UNION ALL
       (SELECT l1.paper_id FROM (SELECT x.paper_id, x.title_length, x.year, x.sort_key FROM paper_title_lexeme x
          WHERE x.lexeme = (SELECT a[1] FROM words WHERE merge)
          ORDER BY x.title_length, x.year DESC, x.sort_key) l1
         JOIN (SELECT x.paper_id, x.title_length, x.year, x.sort_key FROM paper_title_lexeme x
          WHERE x.lexeme = (SELECT a[2] FROM words WHERE merge)
          ORDER BY x.title_length, x.year DESC, x.sort_key) l2 USING (title_length, year, sort_key, paper_id)
         JOIN (SELECT x.paper_id, x.title_length, x.year, x.sort_key FROM paper_title_lexeme x
          WHERE x.lexeme = (SELECT a[3] FROM words WHERE merge)
          ORDER BY x.title_length, x.year DESC, x.sort_key) l3 USING (title_length, year, sort_key, paper_id)
       WHERE (SELECT n FROM words) = 3
       ORDER BY l1.title_length, l1.year DESC, l1.sort_key
       LIMIT greatest($2, 200))
       UNION ALL
       (SELECT l1.paper_id FROM (SELECT x.paper_id, x.title_length, x.year, x.sort_key FROM paper_title_lexeme x
          WHERE x.lexeme = (SELECT a[1] FROM words WHERE merge)
          ORDER BY x.title_length, x.year DESC, x.sort_key) l1
         JOIN (SELECT x.paper_id, x.title_length, x.year, x.sort_key FROM paper_title_lexeme x
          WHERE x.lexeme = (SELECT a[2] FROM words WHERE merge)
          ORDER BY x.title_length, x.year DESC, x.sort_key) l2 USING (title_length, year, sort_key, paper_id)
         JOIN (SELECT x.paper_id, x.title_length, x.year, x.sort_key FROM paper_title_lexeme x
          WHERE x.lexeme = (SELECT a[3] FROM words WHERE merge)
          ORDER BY x.title_length, x.year DESC, x.sort_key) l3 USING (title_length, year, sort_key, paper_id)
         JOIN (SELECT x.paper_id, x.title_length, x.year, x.sort_key FROM paper_title_lexeme x
          WHERE x.lexeme = (SELECT a[4] FROM words WHERE merge)
          ORDER BY x.title_length, x.year DESC, x.sort_key) l4 USING (title_length, year, sort_key, paper_id)
       WHERE (SELECT n FROM words) = 4
       ORDER BY l1.title_length, l1.year DESC, l1.sort_key
       LIMIT greatest($2, 200))
     ), titled AS (
       -- Otherwise every title match, through the GIN index.
       SELECT s.paper_id AS id, s.title_key = q.title AS exact, s.title_vector, s.title_length, s.year, s.sort_key
       FROM paper_search s JOIN paper p ON p.id = s.paper_id, q
       WHERE NOT (SELECT yes FROM merged)
         AND (s.title_vector @@ q.tsq OR s.title_key = q.title)
         AND (position(':' in p.anthology_id) = 0 OR p.anthology_id LIKE ANY($3::text[]) OR EXISTS (SELECT 1 FROM source_record sr WHERE sr.paper_id = p.id AND sr.kind = 'paper' AND sr.source = ANY($4::text[])))
         -- A negated word (-word) excludes a paper that has it anywhere, not just in its title.
         AND (NOT q.negated OR EXISTS (SELECT 1 FROM paper n WHERE n.id = s.paper_id AND n.search_vector @@ q.tsq))
       UNION ALL
       -- (One index scan for the k ids: its sorted array walks the primary key's leaves once.)
       SELECT s.paper_id AS id, s.title_key = q.title AS exact, s.title_vector, s.title_length, s.year, s.sort_key FROM paper_search s, q
       WHERE s.paper_id = ANY (ARRAY(SELECT paper_id FROM ordered)) AND s.title_key <> q.title
       UNION ALL
       -- With the merge path, the exact title wherever it stands in that order.
       SELECT s.paper_id AS id, s.title_key = q.title AS exact, s.title_vector, s.title_length, s.year, s.sort_key FROM paper_search s, q WHERE (SELECT yes FROM merged) AND s.title_key = q.title
     ), top_titled AS MATERIALIZED (
       SELECT * FROM titled ORDER BY exact DESC, title_length, year DESC, sort_key LIMIT greatest($2, 200)
     ), ranked AS (
       SELECT t.id, t.exact, 1 AS tier, t.year, t.sort_key, pre,
              CASE WHEN pre <= 200 THEN ts_rank_cd(t.title_vector, q.tsq, 2) END AS rank
       FROM (SELECT top_titled.*, row_number() OVER (ORDER BY exact DESC, title_length, year DESC, sort_key) AS pre
             FROM top_titled) t, q
     ), others AS (
       -- Tier 3: only when the titles leave room (a one-time filter: otherwise never scanned),
       -- or with a filter (then every match is counted). Under $2 title matches, top_titled has them all.
       SELECT p.id, false AS exact, 2 AS tier, p.year, p.sort_key, ts_rank_cd(p.search_vector, q.tsq) AS rank
       FROM paper p, q
       WHERE true
         AND p.search_vector @@ q.tsq AND NOT p.is_frontmatter
         AND p.id NOT IN (SELECT id FROM titled)
         AND (position(':' in p.anthology_id) = 0 OR p.anthology_id LIKE ANY($3::text[]) OR EXISTS (SELECT 1 FROM source_record sr WHERE sr.paper_id = p.id AND sr.kind = 'paper' AND sr.source = ANY($4::text[])))
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
       SELECT (SELECT count(*) FROM titled) + (SELECT count(*) FROM others) AS total,
              true AS exact
     ), total AS (
       -- One row: the estimate (a volatile function) is asked at most once.
       SELECT CASE WHEN counted.exact THEN counted.total
                   ELSE greatest(counted.total, paper_search_estimate(q.tsq)) END AS total, counted.exact
       FROM counted, q
     )
     SELECT p."id" AS "id", p."anthology_id" AS "anthologyId", p."sort_key" AS "sortKey", p."volume_id" AS "volumeId", p."title" AS "title", p."title_markup" AS "titleMarkup", p."abstract" AS "abstract", p."abstract_markup" AS "abstractMarkup", p."year" AS "year", p."month" AS "month", p."pages" AS "pages", p."doi" AS "doi", p."url" AS "url", p."bibkey" AS "bibkey", p."language" AS "language", p."awards" AS "awards", p."is_frontmatter" AS "isFrontmatter", p."deletion_type" AS "deletionType", p."deletion_date" AS "deletionDate", p."deletion_note" AS "deletionNote", p."extra" AS "extra", page.score::float8 AS "_score", total.total AS "_total", total.exact AS "_exact",
            ts_headline('english', paper_snippet_source(p.title, p.abstract, CASE WHEN page.tier = 1 THEN 300 ELSE 3000 END), q.tsq,
                        'StartSel=, StopSel=, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "') AS "_snippet"
     FROM page JOIN paper p ON p.id = page.id, q, total
     ORDER BY page.exact DESC, page.tier, page.rank DESC NULLS LAST, page.pre, page.year DESC, page.sort_key
