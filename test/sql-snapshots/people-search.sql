-- statement 1 of 1
WITH q AS (SELECT key, person_name_words(key) AS words, cardinality(show_trgm(key)) AS trigrams
  FROM (SELECT lower(immutable_unaccent(btrim($1::text))) AS key) k),
     worded AS (
       SELECT s.author_id,
              max((q.trigrams::float8 / greatest(s.name_trigrams, q.trigrams, 1)
                   + CASE WHEN ' ' || array_to_string(s.name_words, ' ') || ' ' LIKE '% ' || array_to_string(q.words, ' ') || ' %'
                          THEN 1 ELSE word_similarity(q.key, s.name_key) END) / 2) AS score
       FROM author_name_search s, q
       WHERE s.name_words @> q.words AND cardinality(q.words) > 0
       GROUP BY s.author_id
     ), fuzzy AS (
       SELECT s.author_id, max((similarity(s.name_key, q.key) + word_similarity(q.key, s.name_key)) / 2) AS score
       FROM author_name_search s, q
       WHERE NOT EXISTS (SELECT 1 FROM worded) AND (s.name_key % q.key OR q.key <% s.name_key)
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
