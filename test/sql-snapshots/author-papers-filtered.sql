-- statement 1 of 2
SELECT a."id" AS "id", a."slug" AS "slug", a."first_name" AS "firstName", a."last_name" AS "lastName", a."orcid" AS "orcid", a."orcids" AS "orcids", a."comment" AS "comment", a."institution" AS "institution", a."degree" AS "degree", a."curated" AS "curated", a."verified" AS "verified", a."disable_name_matching" AS "disableNameMatching", a."url" AS "url", a."openreview" AS "openreview", a."created_by_correction_id" AS "createdByCorrectionId" FROM author a WHERE a.slug = $1

-- statement 2 of 2
WITH authored AS MATERIALIZED (
     SELECT a.author_id, a.paper_id, a.affiliation, p.year, p.sort_key, p.volume_id
     FROM authorship a CROSS JOIN LATERAL (
       SELECT p.year, p.sort_key, p.volume_id FROM paper p WHERE p.id = a.paper_id AND NOT p.is_frontmatter OFFSET 0) p
     WHERE a.author_id = ANY($1::int[]) AND a.role = 'AUTHOR'
   )
SELECT 0 AS g, s.k, s.data FROM (WITH mine AS (
         SELECT DISTINCT p.author_id, p.paper_id AS id, p.year, p.sort_key
         FROM authored p
         WHERE p.author_id = ANY($2::int[]) AND p.year >= $3::int AND p.year <= $4::int AND EXISTS (SELECT 1 FROM volume_venue vv JOIN venue v ON v.id = vv.venue_id
        WHERE vv.volume_id = p.volume_id AND v.slug = $5::text)
       ), ranked AS (
         SELECT mine.author_id, mine.id,
                row_number() OVER (PARTITION BY mine.author_id ORDER BY mine.year DESC, mine.sort_key) AS rn,
                count(*) OVER (PARTITION BY mine.author_id) AS total
         FROM mine
       ), page AS (
         SELECT * FROM ranked WHERE ranked.rn = 1 OR (ranked.rn > $6::int AND ranked.rn <= $7::int)
       )
       SELECT page.author_id AS k,
              json_build_object('totalCount', max(page.total), 'items',
                coalesce(json_agg(json_build_array(p."id", p."anthology_id", p."sort_key", p."volume_id", p."title", p."title_markup", p."abstract", p."abstract_markup", p."year", p."month", p."pages", p."doi", p."url", p."bibkey", p."language", p."awards", p."is_frontmatter", p."deletion_type", p."deletion_date", p."deletion_note", p."extra") ORDER BY page.rn)
                           FILTER (WHERE page.rn > $6::int), '[]'::json)) AS data
       FROM page CROSS JOIN LATERAL (SELECT * FROM paper p WHERE p.id = page.id OFFSET 0) p
       GROUP BY page.author_id) s
